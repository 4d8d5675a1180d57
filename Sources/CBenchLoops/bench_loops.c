#include "bench_loops.h"
#include <yaml.h>
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>

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
