internal import CLibXML2

/// The one door to libxml2. Every use of the library — the reader, the writer, the XSD
/// validator, the benchmark's raw loops — starts here, so that the library is initialised once
/// per process before any thread touches it.
///
/// libxml2 2.9 sets up its global state (the dictionary mutex, the random seed of its hash
/// tables, the default handlers) lazily and without a lock; two threads making their first
/// parser at the same instant can deadlock in `xmlRMutexLock`. Its documentation asks
/// multithreaded programs to call `xmlInitParser()` once, from one thread, before any other
/// call. A Swift `static let` is initialised exactly once, under a lock (`swift_once`), and every
/// other thread waits for it: that is the one-time initialiser. `xmlCleanupParser` is never
/// called, since another thread may still be using the library.
///
/// The XSD built-in types (`xs:decimal`, `xs:string`…) are a second global table, built lazily
/// by the first schema parser, also without a lock, and `xmlInitParser` does not build it in
/// 2.9: a thread could parse an XSD while another was filling the table, and every `xs:decimal`
/// of the schema failed to resolve (the stress test caught it once in 200 processes under
/// ThreadSanitizer). It is built here too, once, before any schema is parsed.
package enum LibXML2 {
    private static let initialized: Bool = {
        xmlInitParser()
        transit_xml_schema_init_types()
        return true
    }()

    /// Initialises libxml2 if this is the first use in the process; cheap after that.
    @inline(__always)
    package static func initialize() {
        _ = initialized
    }

    /// A SAX parser context over `count` bytes (which must outlive it), for the caller to give
    /// its handler and options; freed by the caller with `xmlFreeParserCtxt`.
    static func parser(_ bytes: UnsafePointer<CChar>, count: Int) -> xmlParserCtxtPtr? {
        initialize()
        return xmlCreateMemoryParserCtxt(bytes, Int32(count))
    }

    /// A whole document tree, for the XSD validator.
    static func document(_ bytes: UnsafePointer<CChar>, count: Int, options: Int32) -> xmlDocPtr? {
        initialize()
        return xmlReadMemory(bytes, Int32(count), nil, nil, options)
    }

    /// A parser context for an XSD held in memory.
    static func schemaParser(_ bytes: UnsafePointer<CChar>, count: Int) -> xmlSchemaParserCtxtPtr? {
        initialize()
        return xmlSchemaNewMemParserCtxt(bytes, Int32(count))
    }

    /// A writer into a new memory buffer; both are freed by the caller.
    static func writer() -> (buffer: xmlBufferPtr, writer: xmlTextWriterPtr)? {
        initialize()
        guard let buffer = xmlBufferCreate() else { return nil }
        guard let writer = xmlNewTextWriterMemory(buffer, 0) else {
            xmlBufferFree(buffer)
            return nil
        }
        return (buffer, writer)
    }

    /// A pull reader over a document that `read` hands out piece by piece from `context`; no
    /// entity substituted, nothing fetched. Freed by the caller with `xmlFreeTextReader`.
    static func pullReader(_ read: xmlInputReadCallback, context: UnsafeMutableRawPointer, url: String) -> xmlTextReaderPtr? {
        initialize()
        return xmlReaderForIO(read, nil, context, url, nil, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOWARNING.rawValue))
    }

    /// A SAX2 push parser with `handler`'s callbacks and `user` as their context, fed piece by
    /// piece with `xmlParseChunk`; nothing fetched from the network. Freed by the caller with
    /// `xmlFreeParserCtxt`.
    static func pushParser(_ handler: inout xmlSAXHandler, user: UnsafeMutableRawPointer, url: String) -> xmlParserCtxtPtr? {
        initialize()
        guard let context = xmlCreatePushParserCtxt(&handler, user, nil, 0, url) else { return nil }
        _ = xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue))
        return context
    }
}
