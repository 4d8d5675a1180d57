#ifndef TRANSIT_CPROCESS_SHIM_H
#define TRANSIT_CPROCESS_SHIM_H
/* Process-wide settings of the transit command (never of the library: a program that links
   TransitKit keeps its own). Header-only: no C object of its own in the binary. */
#include <stddef.h>
#if defined(__has_include)
#if __has_include(<malloc.h>)
#include <malloc.h>
#endif
#endif

/* glibc's malloc gives freed memory at the top of the heap back to the system once `bytes`
   of it is free (128 KiB by default); elsewhere this does nothing. */
static inline void transit_keep_freed_heap(size_t bytes) {
#if defined(M_TRIM_THRESHOLD)
    (void)mallopt(M_TRIM_THRESHOLD, (int)(bytes > 0x7fffffff ? 0x7fffffff : bytes));
#else
    (void)bytes;
#endif
}
#endif
