#ifndef TRANSIT_CZIP_SHIM_H
#define TRANSIT_CZIP_SHIM_H
/* libzip (Debian's libzip-dev): the workbooks' zip container, read from memory. */
#include <zip.h>
#endif
