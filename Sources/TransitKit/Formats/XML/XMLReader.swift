internal import CLibXML2

/// Reads a report from XML with libxml2's xmlTextReader (a pull parser: no document tree),
/// straight into the model as the schema shapes it. Never touches the network, and refuses
/// DTDs and entity references, so no entity is ever expanded or fetched.
struct XMLReader {
    let schema: Schema
    let file: String
    var maxDepth = 64

    func read(_ bytes: [UInt8]) throws(ReadError) -> ReadResult {
        if bytes.isEmpty { throw ReadError(file: file, mark: Mark(line: 1, column: 1), "the file is empty") }
        return try bytes.withUnsafeBufferPointer { (buffer) throws(ReadError) -> ReadResult in
            let errors = ErrorBox()
            let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue)
            guard let reader = buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count, {
                xmlReaderForMemory($0, Int32(buffer.count), nil, nil, options)
            }) else {
                throw ReadError(file: file, mark: Mark(line: 1, column: 1), "cannot start the XML reader")
            }
            defer { xmlFreeTextReader(reader) }
            xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
                guard let context, let error else { return }
                let box = Unmanaged<ErrorBox>.fromOpaque(context).takeUnretainedValue()
                var message = error.pointee.message.map { String(cString: $0) } ?? "malformed XML"
                while message.hasSuffix("\n") { message.removeLast() }
                box.errors.append((Int(error.pointee.line), Int(error.pointee.int2), message))
            }, Unmanaged.passUnretained(errors).toOpaque())
            var state = XMLState(reader: reader, bytes: buffer, file: file, schema: schema, errors: errors, maxDepth: maxDepth)
            let report = try state.document()
            try state.sink.throwIfErrors()
            return ReadResult(report: report, diagnostics: state.sink.diagnostics)
        }
    }
}

/// The parser's own error messages, gathered by its callback.
private final class ErrorBox {
    var errors: [(line: Int, column: Int, message: String)] = []
}

private struct XMLState {
    let reader: xmlTextReaderPtr
    let bytes: UnsafeBufferPointer<UInt8>
    let file: String
    let schema: Schema
    let errors: ErrorBox
    let maxDepth: Int
    var sink: DiagnosticSink
    /// Byte offset of each line start, built on first use for columns.
    var lineStarts: [Int] = []

    init(reader: xmlTextReaderPtr, bytes: UnsafeBufferPointer<UInt8>, file: String, schema: Schema, errors: ErrorBox, maxDepth: Int) {
        self.reader = reader
        self.bytes = bytes
        self.file = file
        self.schema = schema
        self.errors = errors
        self.maxDepth = maxDepth
        self.sink = DiagnosticSink(file: file)
    }

    /// Advances; a parse error becomes a ReadError at the parser's position.
    mutating func read() throws(ReadError) -> Bool {
        let status = xmlTextReaderRead(reader)
        if status < 0 || !errors.errors.isEmpty {
            if let e = errors.errors.first {
                throw ReadError(file: file, mark: Mark(line: max(e.line, 1), column: max(e.column, 1)), "malformed XML: \(e.message)")
            }
            throw ReadError(file: file, mark: Mark(line: Int(xmlTextReaderGetParserLineNumber(reader)), column: Int(xmlTextReaderGetParserColumnNumber(reader))), "malformed XML")
        }
        return status == 1
    }

    var nodeType: Int32 { xmlTextReaderNodeType(reader) }

    var localName: String {
        xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
    }

    var nodeValue: String {
        xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
    }

    /// The mark of the current node: its line from libxml2, its column found in that line.
    mutating func mark(element name: String? = nil, attribute: String? = nil) -> Mark {
        let node = xmlTextReaderCurrentNode(reader)
        var line = node.map { Int(xmlGetLineNo($0)) } ?? 0
        if line <= 0 { line = Int(xmlTextReaderGetParserLineNumber(reader)) }
        return Mark(line: line, column: column(line: line, of: attribute.map { " \($0)=" } ?? name.map { "<\($0)" }))
    }

    mutating func column(line: Int, of needle: String?) -> Int {
        guard let needle, line >= 1 else { return 1 }
        if lineStarts.isEmpty {
            lineStarts.append(0)
            for (k, b) in bytes.enumerated() where b == 0x0A { lineStarts.append(k + 1) }
        }
        guard line <= lineStarts.count else { return 1 }
        let start = lineStarts[line - 1]
        let end = line < lineStarts.count ? lineStarts[line] : bytes.count
        guard let at = firstRange(of: Array(needle.utf8), in: bytes[start..<end]) else { return 1 }
        let offset = needle.hasPrefix(" ") ? at + 1 : at
        var column = 1
        for b in bytes[start..<(start + offset)] where b & 0xC0 != 0x80 { column += 1 }
        return column
    }

    mutating func document() throws(ReadError) -> Record {
        while try read() {
            switch nodeType {
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                let name = localName
                guard name == schema.root.xmlName else {
                    throw ReadError(file: file, mark: mark(element: name), "expected the root element <\(schema.root.xmlName)>, found <\(name)>")
                }
                if let ns = xmlTextReaderConstNamespaceUri(reader).map({ String(cString: $0) }), ns != schema.xmlNamespace {
                    sink.error(mark(element: name), "unknown namespace '\(ns)' (expected '\(schema.xmlNamespace)')")
                }
                let report = try record(schema.root, name: name, depth: 0)
                while try read() {
                    if nodeType == Int32(XML_READER_TYPE_ELEMENT.rawValue) {
                        throw ReadError(file: file, mark: mark(element: localName), "more than one root element")
                    }
                }
                return report
            case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue):
                // A DTD node has no line of its own: find the declaration in the bytes.
                var at = Mark(line: 1, column: 1)
                if let offset = firstRange(of: Array("<!DOCTYPE".utf8), in: bytes) {
                    at.line = 1 + bytes[..<offset].reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
                    at.column = column(line: at.line, of: "<!DOCTYPE")
                }
                throw ReadError(file: file, mark: at, "DTDs are not allowed in reports (no entity is expanded or fetched)")
            default:
                continue
            }
        }
        throw ReadError(file: file, mark: Mark(line: 1, column: 1), "no root element")
    }

    private func isBlank(_ s: String) -> Bool { s.utf8.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 } }

    /// Reads the record whose start tag is current, through its end tag.
    mutating func record(_ type: RecordType, name: String, depth: Int) throws(ReadError) -> Record {
        let at = mark(element: name)
        if depth > maxDepth { throw ReadError(file: file, mark: at, "nesting deeper than \(maxDepth) levels") }
        var r = Record(type, mark: at)
        let empty = xmlTextReaderIsEmptyElement(reader) == 1
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            let attr = String(cString: xmlTextReaderConstName(reader))
            if attr == "xmlns" || attr.hasPrefix("xmlns:") { continue }
            let attrMark = mark(element: name, attribute: attr)
            guard let i = type.attributeIndex[attr] else {
                sink.error(attrMark, "unknown attribute '\(attr)' on <\(name)> (expected one of: \(type.fields.filter(\.isAttribute).map(\.xmlName).joined(separator: ", ")))")
                continue
            }
            let text = nodeValue
            if let problem = ScalarCheck.problem(text, type.fields[i].kind) {
                sink.error(attrMark, "'\(attr)': \(problem)")
            } else {
                r.fields[i] = .scalar(text, attrMark)
            }
        }
        xmlTextReaderMoveToElement(reader)
        if !empty {
            while try read() {
                let t = nodeType
                if t == Int32(XML_READER_TYPE_END_ELEMENT.rawValue) { break }
                if t == Int32(XML_READER_TYPE_ELEMENT.rawValue) {
                    try child(of: &r, depth: depth)
                } else if t == Int32(XML_READER_TYPE_TEXT.rawValue) || t == Int32(XML_READER_TYPE_CDATA.rawValue) {
                    if !isBlank(nodeValue) { sink.error(mark(), "text is not expected directly in <\(name)>") }
                } else if t == Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue) {
                    throw ReadError(file: file, mark: mark(), "entity references are not allowed in reports")
                }
            }
        }
        for (f, v) in zip(type.fields, r.fields) where f.required && v == nil {
            sink.error(at, "<\(name)> lacks the required \(f.isAttribute ? "attribute" : "element") '\(f.xmlName)'")
        }
        return r
    }

    /// A child element of record `r` (current node).
    mutating func child(of r: inout Record, depth: Int) throws(ReadError) {
        let name = localName
        let type = r.type
        guard let i = type.elementIndex[name] else {
            sink.error(mark(element: name), "unknown element <\(name)> in <\(type.xmlName)> (expected one of: \(type.fields.filter { !$0.isAttribute }.map { $0.wrap ? $0.xmlName : $0.itemName }.joined(separator: ", ")))")
            try skipElement()
            return
        }
        let field = type.fields[i]
        if case .list(let itemKind) = field.kind {
            if field.wrap {
                if r.fields[i] != nil { sink.error(mark(element: name), "<\(name)> appears twice") }
                var items: [Value] = []
                let at = mark(element: name)
                if xmlTextReaderIsEmptyElement(reader) != 1 {
                    while try read() {
                        let t = nodeType
                        if t == Int32(XML_READER_TYPE_END_ELEMENT.rawValue) { break }
                        guard t == Int32(XML_READER_TYPE_ELEMENT.rawValue) else {
                            if (t == Int32(XML_READER_TYPE_TEXT.rawValue) || t == Int32(XML_READER_TYPE_CDATA.rawValue)) && !isBlank(nodeValue) {
                                sink.error(mark(), "text is not expected directly in <\(name)>")
                            }
                            continue
                        }
                        let itemName = localName
                        guard itemName == field.itemName else {
                            sink.error(mark(element: itemName), "unexpected <\(itemName)> in <\(name)> (expected <\(field.itemName)>)")
                            try skipElement()
                            continue
                        }
                        if let v = try value(itemKind, name: itemName, depth: depth + 1) { items.append(v) }
                    }
                }
                r.fields[i] = .list(items, at)
            } else {
                let at = mark(element: name)
                guard let v = try value(itemKind, name: name, depth: depth + 1) else { return }
                if case .list(var items, let m)? = r.fields[i] {
                    items.append(v)
                    r.fields[i] = .list(items, m)
                } else {
                    r.fields[i] = .list([v], at)
                }
            }
            return
        }
        if r.fields[i] != nil {
            sink.error(mark(element: name), "<\(name)> appears twice")
            try skipElement()
            return
        }
        r.fields[i] = try value(field.kind, name: name, depth: depth + 1)
    }

    /// The value of the element that is current: a record, or a scalar from its text.
    mutating func value(_ kind: Kind, name: String, depth: Int) throws(ReadError) -> Value? {
        if case .record(let type) = kind { return .record(try record(type, name: name, depth: depth)) }
        let at = mark(element: name)
        var text = ""
        if xmlTextReaderIsEmptyElement(reader) != 1 {
            while try read() {
                let t = nodeType
                if t == Int32(XML_READER_TYPE_END_ELEMENT.rawValue) { break }
                if t == Int32(XML_READER_TYPE_ELEMENT.rawValue) {
                    sink.error(mark(element: localName), "<\(localName)> is not expected inside <\(name)>, which holds text")
                    try skipElement()
                } else if t == Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue) {
                    throw ReadError(file: file, mark: mark(), "entity references are not allowed in reports")
                } else if t != Int32(XML_READER_TYPE_COMMENT.rawValue) && t != Int32(XML_READER_TYPE_PROCESSING_INSTRUCTION.rawValue) {
                    text += nodeValue
                }
            }
        }
        if let problem = ScalarCheck.problem(text, kind) {
            sink.error(at, "<\(name)>: \(problem)")
            return nil
        }
        return .scalar(text, at)
    }

    /// Skips the current element and everything in it.
    mutating func skipElement() throws(ReadError) {
        if xmlTextReaderIsEmptyElement(reader) == 1 { return }
        var depth = 1
        while depth > 0, try read() {
            let t = nodeType
            if t == Int32(XML_READER_TYPE_ELEMENT.rawValue) && xmlTextReaderIsEmptyElement(reader) != 1 { depth += 1 }
            if t == Int32(XML_READER_TYPE_END_ELEMENT.rawValue) { depth -= 1 }
        }
    }
}
