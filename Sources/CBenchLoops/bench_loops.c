#include "bench_loops.h"
#include <yaml.h>
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
#include <libxml/parserInternals.h>
#include <string.h>

long transit_raw_yaml_events(const unsigned char *bytes, size_t length) {
    yaml_parser_t parser;
    yaml_event_t event;
    long count = 0;
    if (!yaml_parser_initialize(&parser)) return -1;
    yaml_parser_set_input_string(&parser, bytes, length);
    for (;;) {
        if (!yaml_parser_parse(&parser, &event)) { count = -1; break; }
        int done = event.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&event);
        count++;
        if (done) break;
    }
    yaml_parser_delete(&parser);
    return count;
}

long transit_raw_xml_reader(const char *bytes, int length) {
    xmlTextReaderPtr reader = xmlReaderForMemory(bytes, length, NULL, "UTF-8", XML_PARSE_NONET);
    long count = 0;
    int status;
    if (reader == NULL) return -1;
    while ((status = xmlTextReaderRead(reader)) == 1) {
        /* Touch the value as a reader of the document would. */
        if (xmlTextReaderNodeType(reader) == XML_READER_TYPE_TEXT) (void)xmlTextReaderConstValue(reader);
        count++;
    }
    xmlFreeTextReader(reader);
    return status == 0 ? count : -1;
}

/* libxml2's SAX2 parse with handlers that only count: the least any reader built on libxml2
   can cost, and what transit's XML reader is built on. */
static void count_start(void *user, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                        int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
                        const xmlChar **attributes) {
    (void)local; (void)prefix; (void)uri; (void)nb_namespaces; (void)namespaces;
    (void)nb_attributes; (void)nb_defaulted; (void)attributes;
    (*(long *)user)++;
}
static void count_end(void *user, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri) {
    (void)local; (void)prefix; (void)uri;
    (*(long *)user)++;
}
static void count_text(void *user, const xmlChar *text, int length) {
    (void)text; (void)length;
    (*(long *)user)++;
}

long transit_raw_xml_sax(const char *bytes, int length) {
    xmlParserCtxtPtr context = xmlCreateMemoryParserCtxt(bytes, length);
    long count = 0;
    if (context == NULL) return -1;
    memset(context->sax, 0, sizeof(xmlSAXHandler));
    context->sax->initialized = XML_SAX2_MAGIC;
    context->sax->startElementNs = count_start;
    context->sax->endElementNs = count_end;
    context->sax->characters = count_text;
    context->userData = &count;
    xmlCtxtUseOptions(context, XML_PARSE_NONET | XML_PARSE_NOENT);
    xmlParseDocument(context);
    if (!context->wellFormed) count = -1;
    xmlFreeParserCtxt(context);
    return count;
}
