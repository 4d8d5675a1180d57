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
   of it is free (128 KiB by default), and serves a block of `bytes` or more with a mapping of
   its own, unmapped when freed. Setting the first fixes the second at its default of 128 KiB
   (glibc stops raising it as large blocks are freed): both are set. Elsewhere this does
   nothing. */
static inline void transit_keep_freed_heap(size_t bytes) {
    int n = (int)(bytes > 0x7fffffff ? 0x7fffffff : bytes);
#if defined(M_TRIM_THRESHOLD)
    (void)mallopt(M_TRIM_THRESHOLD, n);
#endif
#if defined(M_MMAP_THRESHOLD)
    (void)mallopt(M_MMAP_THRESHOLD, n);
#endif
    (void)n;
}
#endif
