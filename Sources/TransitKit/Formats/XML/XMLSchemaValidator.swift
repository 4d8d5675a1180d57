internal import CLibXML2

/// Validates XML documents against an XSD with libxml2's schema validator (for instance the
/// exported `Schemas/nit.xsd`), so that what transit writes is checked by a validator that
/// is not transit's own reader.
public final class XMLSchemaValidator: @unchecked Sendable {
    // The parsed schema is read-only once built; each validation gets its own context.
    private let schema: xmlSchemaPtr

    /// Parses an XSD; its problems are reported against `file`.
    public init(xsd: [UInt8], file: String) throws(ReadError) {
        let errors = XSDErrors()
        let parsed: xmlSchemaPtr? = xsd.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                guard let context = LibXML2.schemaParser(pointer, count: buffer.count) else { return nil }
                defer { xmlSchemaFreeParserCtxt(context) }
                xmlSchemaSetParserStructuredErrors(context, XSDErrors.handler, Unmanaged.passUnretained(errors).toOpaque())
                return xmlSchemaParse(context)
            }
        }
        guard let parsed else {
            throw ReadError(errors.diagnostics(file: file, fallback: "the XSD does not parse"))
        }
        schema = parsed
    }

    deinit { xmlSchemaFree(schema) }

    /// Every way `xml` breaks the schema, located by line (libxml2 gives no column: column 0).
    public func validate(_ xml: [UInt8], file: String) -> [Diagnostic] {
        let errors = XSDErrors()
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue)
        let doc: xmlDocPtr? = xml.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                LibXML2.document($0, count: buffer.count, options: options)
            }
        }
        guard let doc else {
            return [Diagnostic(.error, file: file, mark: Mark(line: 1, column: 0), "the XML does not parse")]
        }
        defer { xmlFreeDoc(doc) }
        guard let context = xmlSchemaNewValidCtxt(schema) else {
            return [Diagnostic(.error, file: file, mark: .unknown, "cannot create an XSD validation context")]
        }
        defer { xmlSchemaFreeValidCtxt(context) }
        xmlSchemaSetValidStructuredErrors(context, XSDErrors.handler, Unmanaged.passUnretained(errors).toOpaque())
        let status = xmlSchemaValidateDoc(context, doc)
        if status == 0 { return [] }
        return errors.diagnostics(file: file, fallback: "the XML is not valid under the XSD")
    }
}

private final class XSDErrors {
    var errors: [(line: Int, message: String)] = []

    static let handler: xmlStructuredErrorFunc = { context, error in
        guard let context, let error else { return }
        let box = Unmanaged<XSDErrors>.fromOpaque(context).takeUnretainedValue()
        var message = error.pointee.message.map { String(cString: $0) } ?? "invalid"
        while message.hasSuffix("\n") { message.removeLast() }
        box.errors.append((Int(error.pointee.line), message))
    }

    func diagnostics(file: String, fallback: String) -> [Diagnostic] {
        if errors.isEmpty { return [Diagnostic(.error, file: file, mark: .unknown, fallback)] }
        return errors.map { Diagnostic(.error, file: file, mark: Mark(line: $0.line, column: 0), $0.message) }
    }
}
