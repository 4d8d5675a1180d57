internal import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
            let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)
            guard let reader = buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count, {
                LibXML2.reader($0, count: buffer.count, options: options)
            }) else {
                throw ReadError(file: file, mark: Mark(line: 1, column: 1), "cannot start the XML reader")
            }
            defer { xmlFreeTextReader(reader) }
            xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
                guard let context, let error else { return }
                let box = Unmanaged<ErrorBox>.fromOpaque(context).takeUnretainedValue()
                var message = error.pointee.message.map { String(cString: $0) } ?? "malformed XML"
                while message.hasSuffix("\n") { message.removeLast() }
                if error.pointee.level == XML_ERR_WARNING {
                    // A warning (XML 1.1 declared, a PI named xml-…) is no malformation.
                    box.warnings.append((Int(error.pointee.line), Int(error.pointee.int2), message))
                } else {
                    box.errors.append((Int(error.pointee.line), Int(error.pointee.int2), message))
                }
            }, Unmanaged.passUnretained(errors).toOpaque())
            var state = XMLState(reader: reader, bytes: buffer, file: file, schema: schema, errors: errors, maxDepth: maxDepth)
            let report = try state.document()
            for w in errors.warnings { state.sink.warning(Mark(line: max(w.line, 1), column: max(w.column, 1)), "XML: \(w.message)") }
            try state.sink.throwIfErrors()
            return ReadResult(report: report, diagnostics: state.sink.diagnostics)
        }
    }
}

/// The parser's own error messages, gathered by its callback.
private final class ErrorBox {
    // Read after every node; only the parser's callback writes it, on the same thread.
    @exclusivity(unchecked) var errors: [(line: Int, column: Int, message: String)] = []
    /// libxml2's warnings: reported as warnings, the document still read.
    var warnings: [(line: Int, column: Int, message: String)] = []
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
    /// Where the last column search ended: its line, byte offset and column.
    var cursor = (line: 0, byte: 0, column: 1)
    /// Names already decoded, by their interned pointer (slot 0: no name), and for each the
    /// record type it was last looked up in and the field it named there.
    var namePointers: [UnsafePointer<xmlChar>?] = [nil]
    var nameStrings: [String] = [""]
    var slotType: [ObjectIdentifier?] = [nil]
    var slotIndex: [Int?] = [nil]
    static let maxNames = 512
    /// A direct-mapped guess of a pointer's slot, checked before the linear search.
    var slotHints = [UInt8](repeating: 0, count: 256)

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

    /// The current node's local name. libxml2 interns names in the reader's dictionary, so each
    /// distinct name is decoded once per document.
    var localName: String {
        mutating get { nameStrings[nameSlot(xmlTextReaderConstLocalName(reader))] }
    }

    /// The slot of an interned name in the name cache, decoding it on first sight.
    mutating func nameSlot(_ pointer: UnsafePointer<xmlChar>?) -> Int {
        guard let pointer else { return 0 }
        let bits = UInt(bitPattern: pointer)
        let h = Int((bits >> 3 ^ bits >> 11) & 255)
        let hinted = Int(slotHints[h])
        if namePointers[hinted] == pointer { return hinted }
        if let k = namePointers.firstIndex(of: pointer) {
            slotHints[h] = UInt8(truncatingIfNeeded: k)
            return k
        }
        if namePointers.count > Self.maxNames {
            // A document of endless distinct names (all unknown, so all errors): decode each
            // one into a scratch slot rather than grow a cache searched linearly.
            let scratch = Self.maxNames
            nameStrings[scratch] = String(cString: pointer)
            namePointers[scratch] = nil
            slotType[scratch] = nil
            return scratch
        }
        if namePointers.count < 256 { slotHints[h] = UInt8(namePointers.count) }
        namePointers.append(pointer)
        nameStrings.append(String(cString: pointer))
        slotType.append(nil)
        slotIndex.append(nil)
        return namePointers.count - 1
    }

    /// The field of `type` that the child element in name slot `slot` fills, or nil.
    mutating func elementField(_ slot: Int, in type: RecordType) -> Int? {
        let id = ObjectIdentifier(type)
        if slotType[slot] == id { return slotIndex[slot] }
        let i = type.elementIndex[nameStrings[slot]]
        slotType[slot] = id
        slotIndex[slot] = i
        return i
    }

    var nodeValue: String {
        xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
    }

    /// The mark of the current node: its line from libxml2, its column found in that line.
    /// Mark each node once: the column search moves on along the line.
    mutating func mark(element name: String? = nil, attribute: String? = nil) -> Mark {
        let node = xmlTextReaderCurrentNode(reader)
        var line = node.map { Int(xmlGetLineNo($0)) } ?? 0
        if line <= 0 { line = Int(xmlTextReaderGetParserLineNumber(reader)) }
        if let attribute { return Mark(line: line, column: column(line: line, lead: 0x20, name: attribute, trail: UInt8(ascii: "="))) }
        if let name { return Mark(line: line, column: column(line: line, lead: UInt8(ascii: "<"), name: name, trail: nil)) }
        return Mark(line: line, column: 1)
    }

    /// The column of `name` in `line`, where it stands between the bytes `lead` and `trail`
    /// (`<name`, ` name=`). Elements and attributes come in document order, so the search starts
    /// where the last one was found on the same line (two `<note` on one line get their own
    /// columns) and counts columns on from there.
    mutating func column(line: Int, lead: UInt8, name: String, trail: UInt8?) -> Int {
        guard line >= 1 else { return 1 }
        if lineStarts.isEmpty {
            lineStarts.append(0)
            var from = 0
            while from < bytes.count, let hit = memchr(bytes.baseAddress! + from, 0x0A, bytes.count - from) {
                from = UnsafeRawPointer(hit) - UnsafeRawPointer(bytes.baseAddress!) + 1
                lineStarts.append(from)
            }
        }
        guard line <= lineStarts.count else { return 1 }
        let start = lineStarts[line - 1]
        let end = line < lineStarts.count ? lineStarts[line] : bytes.count
        var from = start, fromColumn = 1
        if cursor.line == line { (from, fromColumn) = (cursor.byte, cursor.column) }
        var found = find(lead, name, trail, from, end, fromColumn)
        if found == nil && from != start { found = find(lead, name, trail, start, end, 1) }
        guard let (at, column) = found else { return 1 }
        cursor = (line, at, column)
        // An element's column is its `<`; an attribute's, its name's first letter.
        return lead == UInt8(ascii: "<") ? column - 1 : column
    }

    /// Where `lead name trail` occurs in `from..<end` (`from` being at `column`): the offset and
    /// column of `name`'s first byte, or nil. One pass over the (short) line, counting columns.
    private func find(_ lead: UInt8, _ name: String, _ trail: UInt8?, _ from: Int, _ end: Int, _ column: Int) -> (Int, Int)? {
        var name = name
        return name.withUTF8 { n -> (Int, Int)? in
            var column = column
            var k = from
            while k < end {
                let b = bytes[k]
                k += 1
                if b & 0xC0 != 0x80 { column += 1 }
                guard b == lead, k + n.count <= end else { continue }
                var j = 0
                while j < n.count && bytes[k + j] == n[j] { j += 1 }
                if j == n.count && (trail == nil || (k + j < end && bytes[k + j] == trail!)) { return (k, column) }
            }
            return nil
        }
    }

    mutating func document() throws(ReadError) -> Record {
        while try read() {
            switch nodeType {
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                let name = localName
                let at = mark(element: name)
                guard name == schema.root.xmlName else {
                    throw ReadError(file: file, mark: at, "expected the root element <\(schema.root.xmlName)>, found <\(name)>")
                }
                if let ns = xmlTextReaderConstNamespaceUri(reader).map({ String(cString: $0) }), ns != schema.xmlNamespace {
                    sink.error(at, "unknown namespace '\(ns)' (expected '\(schema.xmlNamespace)')")
                }
                let report = try record(schema.root, name: name, depth: 0, at: at)
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
                    at.column = column(line: at.line, lead: UInt8(ascii: "<"), name: "!DOCTYPE", trail: nil)
                }
                throw ReadError(file: file, mark: at, "DTDs are not allowed in reports (no entity is expanded or fetched)")
            default:
                continue
            }
        }
        throw ReadError(file: file, mark: Mark(line: 1, column: 1), "no root element")
    }

    /// Whether the current node's text is only white space (read in place, not copied).
    private func valueIsBlank() -> Bool {
        guard var p = xmlTextReaderConstValue(reader) else { return true }
        while true {
            switch p.pointee {
            case 0: return true
            case 0x20, 0x0A, 0x0D, 0x09: p += 1
            default: return false
            }
        }
    }

    /// Reads the record whose start tag is current, through its end tag.
    /// `at` is the element's mark when the caller has taken it (each node is marked once: the
    /// column search moves on along the line).
    mutating func record(_ type: RecordType, name: String, depth: Int, at given: Mark? = nil) throws(ReadError) -> Record {
        let at = given ?? mark(element: name)
        if depth > maxDepth { throw ReadError(file: file, mark: at, "nesting deeper than \(maxDepth) levels") }
        var r = Record(type, mark: at)
        var given: UInt64 = 0
        let empty = xmlTextReaderIsEmptyElement(reader) == 1
        let hasAttributes = xmlTextReaderHasAttributes(reader) == 1
        while hasAttributes && xmlTextReaderMoveToNextAttribute(reader) == 1 {
            let attr = nameStrings[nameSlot(xmlTextReaderConstName(reader))]
            if xmlTextReaderIsNamespaceDecl(reader) == 1 { continue }
            let attrMark = mark(element: name, attribute: attr)
            guard let i = type.attributeIndex[attr] else {
                sink.error(attrMark, "unknown attribute '\(attr)' on <\(name)> (expected one of: \(type.fields.filter(\.isAttribute).map(\.xmlName).joined(separator: ", ")))")
                continue
            }
            let text = nodeValue
            if i < 64 { given |= 1 << i }
            if let problem = ScalarCheck.problem(text, type.fields[i].kind) {
                sink.error(attrMark, "'\(attr)': \(problem)")
            } else {
                r.fields[i] = .scalar(text, attrMark)
            }
        }
        if hasAttributes { xmlTextReaderMoveToElement(reader) }
        if !empty {
            while try read() {
                let t = nodeType
                if t == Int32(XML_READER_TYPE_END_ELEMENT.rawValue) { break }
                if t == Int32(XML_READER_TYPE_ELEMENT.rawValue) {
                    try child(of: &r, depth: depth)
                } else if t == Int32(XML_READER_TYPE_TEXT.rawValue) || t == Int32(XML_READER_TYPE_CDATA.rawValue) {
                    if !valueIsBlank() { sink.error(mark(), "text is not expected directly in <\(name)>") }
                } else if t == Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue) {
                    throw ReadError(file: file, mark: mark(), "entity references are not allowed in reports")
                }
            }
        }
        // An attribute given with a bad value has had its error: it is not missing too.
        for i in type.requiredFields where r.fields[i] == nil && (i >= 64 || given & (1 << i) == 0) {
            let f = type.fields[i]
            sink.error(at, "<\(name)> lacks the required \(f.isAttribute ? "attribute" : "element") '\(f.xmlName)'")
        }
        return r
    }

    /// A child element of record `r` (current node).
    mutating func child(of r: inout Record, depth: Int) throws(ReadError) {
        let slot = nameSlot(xmlTextReaderConstLocalName(reader))
        let name = nameStrings[slot]
        let type = r.type
        guard let i = elementField(slot, in: type) else {
            sink.error(mark(element: name), "unknown element <\(name)> in <\(type.xmlName)> (expected one of: \(type.fields.filter { !$0.isAttribute }.map { $0.wrap ? $0.xmlName : $0.itemName }.joined(separator: ", ")))")
            try skipElement()
            return
        }
        let field = type.fields[i]
        if case .list(let itemKind) = field.kind {
            if field.wrap {
                let at = mark(element: name)
                if r.fields[i] != nil { sink.error(at, "<\(name)> appears twice") }
                var items: [Value] = []
                if xmlTextReaderIsEmptyElement(reader) != 1 {
                    while try read() {
                        let t = nodeType
                        if t == Int32(XML_READER_TYPE_END_ELEMENT.rawValue) { break }
                        guard t == Int32(XML_READER_TYPE_ELEMENT.rawValue) else {
                            if (t == Int32(XML_READER_TYPE_TEXT.rawValue) || t == Int32(XML_READER_TYPE_CDATA.rawValue)) && !valueIsBlank() {
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
                guard let v = try value(itemKind, name: name, depth: depth + 1) else { return }
                if case .list(var items, let m)? = r.fields[i] {
                    r.fields[i] = nil  // leaves `items` the only reference: appended in place
                    items.append(v)
                    r.fields[i] = .list(items, m)
                } else {
                    r.fields[i] = .list([v], v.mark)
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
                    if text.isEmpty { text = nodeValue } else { text += nodeValue }
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
