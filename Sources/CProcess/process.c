#include "transit_process.h"
#if defined(__has_include)
#if __has_include(<malloc.h>)
#include <malloc.h>
#endif
#endif

void transit_keep_freed_heap(size_t bytes) {
#if defined(M_TRIM_THRESHOLD)
    (void)mallopt(M_TRIM_THRESHOLD, (int)(bytes > 0x7fffffff ? 0x7fffffff : bytes));
#else
    (void)bytes;
#endif
}
