#ifndef TRANSIT_CLIBXML2_SHIM_H
#define TRANSIT_CLIBXML2_SHIM_H
/* libxml2's headers pull in the system ICU when it is enabled, which clashes with the ICU copy
   inside Foundation ("'UErrorCode' has different definitions"). transit never uses libxml2's
   ICU support, so switch it off before the other headers see it. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlschemastypes.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlsave.h>

/* xmlFree is a global function pointer, which Swift 6 rejects as not concurrency-safe. */
static inline void transit_xml_free(void *p) { xmlFree(p); }

/* xmlSchemaInitTypes returns void up to libxml2 2.10 and int from 2.11: one signature for Swift. */
static inline void transit_xml_schema_init_types(void) { (void)xmlSchemaInitTypes(); }
#endif
