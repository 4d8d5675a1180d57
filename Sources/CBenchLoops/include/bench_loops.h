#ifndef TRANSIT_BENCH_LOOPS_H
#define TRANSIT_BENCH_LOOPS_H
#include <stddef.h>

/* Baselines for `make bench`: the raw C parse of the same bytes the Swift readers read,
   doing nothing with what they parse. Each returns the number of events or nodes seen,
   or -1 on a parse error. */
long transit_raw_yaml_events(const unsigned char *bytes, size_t length);
/* libxml2 must have been initialised first (TransitKit's LibXML2.initialize()): it is not safe
   to initialise lazily from two threads at once. */
long transit_raw_xml_reader(const char *bytes, int length);
long transit_raw_xml_sax(const char *bytes, int length);
#endif
