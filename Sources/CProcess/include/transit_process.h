#ifndef TRANSIT_PROCESS_H
#define TRANSIT_PROCESS_H
#include <stddef.h>

/* Process-wide settings of the transit command (never of the library: a program that links
   TransitKit keeps its own). */

/* glibc's malloc gives freed memory at the top of the heap back to the system once
   `bytes` of it is free (128 KiB by default); elsewhere this does nothing. */
void transit_keep_freed_heap(size_t bytes);

#endif
