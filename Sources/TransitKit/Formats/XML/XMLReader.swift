internal import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a report from XML straight into the model as the schema shapes it, in two passes over
/// one document: libxml2's SAX2 parser (no document tree, no pull-parser bookkeeping) records
/// the elements, their attributes and their text as compact events, then the events are read
/// into records by the schema. Never touches the network, and refuses DTDs, so no entity is
/// ever expanded or fetched.
struct XMLReader {
    let schema: Schema
    let file: String
    var maxDepth = 64

    func read(_ bytes: [UInt8]) throws(ReadError) -> ReadResult {
        if bytes.isEmpty { throw ReadError(file: file, mark: Mark(line: 1, column: 1), "the file is empty") }
        return try bytes.withUnsafeBufferPointer { (buffer) throws(ReadError) -> ReadResult in
            guard let context = buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count, {
                LibXML2.parser($0, count: buffer.count)
            }) else {
                throw ReadError(file: file, mark: Mark(line: 1, column: 1), "cannot start the XML parser")
            }
            // The names the events point at live in the parser's dictionary: it is freed last.
            defer { xmlFreeParserCtxt(context) }
            let events = XMLEvents(context: context, file: buffer)
            context.pointee.sax.pointee = XMLEvents.handler()
            context.pointee.userData = Unmanaged.passUnretained(events).toOpaque()
            // NOENT: a character or predefined entity reference in an attribute comes as its
            // character (without it, `&amp;` comes as `&#38;`, for a tree to keep). No other
            // entity can be declared: the parser stops at a DTD.
            _ = xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_NOENT.rawValue))
            // The decoder reports through the thread's error handler, not the parser's (it
            // printed to standard error): this thread's handler is ours while the parse runs.
            xmlSetStructuredErrorFunc(context.pointee.userData, XMLEvents.error)
            _ = xmlParseDocument(context)
            xmlSetStructuredErrorFunc(nil, nil)
            if context.pointee.wellFormed == 0 && events.errors.isEmpty {
                let input = context.pointee.input
                events.errors.append((max(Int(input?.pointee.line ?? 1), 1), max(Int(input?.pointee.col ?? 1), 1), "malformed XML", events.events.count))
            }
            // The walk reads the recorded arrays in place (no reference counted on each read).
            let (list, attributes, text) = (events.events, events.attributes, events.text)
            return try list.withUnsafeBufferPointer { (list) throws(ReadError) -> ReadResult in
                try attributes.withUnsafeBufferPointer { (attributes) throws(ReadError) -> ReadResult in
                    try text.withUnsafeBufferPointer { (text) throws(ReadError) -> ReadResult in
                        var state = XMLState(events: list, attributes: attributes, text: text, errors: events.errors,
                                             bytes: buffer, file: file, schema: schema, maxDepth: maxDepth)
                        let report = try state.document()
                        for w in events.warnings { state.sink.warning(Mark(line: max(w.line, 1), column: max(w.column, 1)), "XML: \(w.message)") }
                        try state.sink.throwIfErrors()
                        return ReadResult(report: report, diagnostics: state.sink.diagnostics)
                    }
                }
            }
        }
    }
}

private struct XMLState {
    let events: UnsafeBufferPointer<XMLEvent>
    let attributes: UnsafeBufferPointer<XMLAttribute>
    let text: UnsafeBufferPointer<UInt8>
    let errors: [(line: Int, column: Int, message: String, before: Int)]
    let bytes: UnsafeBufferPointer<UInt8>
    let file: String
    let schema: Schema
    let maxDepth: Int
    var sink: DiagnosticSink
    /// The event read last.
    var index = -1
    var event = XMLEvent(kind: .end, line: 0, offset: -1)
    /// The first parser error comes out where the parser met it, after the events before it.
    let errorAt: Int
    /// Byte offset of each line start, built on first use for columns.
    var lineStarts: [Int] = []
    /// Where the last mark was taken: its line index, byte offset and column.
    var cursor = (line: 0, byte: 0, column: 1)
    /// Names already decoded, by their interned pointer (slot 0: no name), and for each the
    /// record type it was last looked up in and the field it named there: two entries a slot,
    /// `2 * slot` as an element's name and `2 * slot + 1` as an attribute's.
    var namePointers: [UnsafePointer<xmlChar>?] = [nil]
    var nameStrings: [String] = [""]
    var slotType: [ObjectIdentifier?] = [nil, nil]
    var slotIndex: [Int?] = [nil, nil]
    static let maxNames = 512
    /// A direct-mapped guess of a pointer's slot, checked before the linear search.
    var slotHints = [UInt8](repeating: 0, count: 256)

    init(events: UnsafeBufferPointer<XMLEvent>, attributes: UnsafeBufferPointer<XMLAttribute>, text: UnsafeBufferPointer<UInt8>,
         errors: [(line: Int, column: Int, message: String, before: Int)],
         bytes: UnsafeBufferPointer<UInt8>, file: String, schema: Schema, maxDepth: Int) {
        self.events = events
        self.attributes = attributes
        self.text = text
        self.errors = errors
        self.bytes = bytes
        self.file = file
        self.schema = schema
        self.maxDepth = maxDepth
        self.sink = DiagnosticSink(file: file)
        self.errorAt = errors.first?.before ?? Int.max
        // A report's distinct names are a few dozen: the cache is not grown name by name.
        namePointers.reserveCapacity(64)
        nameStrings.reserveCapacity(64)
        slotType.reserveCapacity(128)
        slotIndex.reserveCapacity(128)
    }

    /// Advances; a parse error becomes a ReadError at the parser's position.
    mutating func read() throws(ReadError) -> Bool {
        index += 1
        if index >= errorAt, let e = errors.first {
            throw ReadError(file: file, mark: Mark(line: max(e.line, 1), column: max(e.column, 1)), e.message == "malformed XML" ? e.message : "malformed XML: \(e.message)")
        }
        guard index < events.count else { return false }
        event = events[index]
        return true
    }

    /// The current start tag's local name, decoded once per distinct name per document.
    var localName: String {
        mutating get { nameStrings[nameSlot(event.name)] }
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
            slotType[2 * scratch] = nil
            slotType[2 * scratch + 1] = nil
            return scratch
        }
        if namePointers.count < 256 { slotHints[h] = UInt8(namePointers.count) }
        namePointers.append(pointer)
        nameStrings.append(String(cString: pointer))
        slotType.append(nil)
        slotType.append(nil)
        slotIndex.append(nil)
        slotIndex.append(nil)
        return namePointers.count - 1
    }

    /// The field of `type` that the child element (or the attribute, without a prefix) in name
    /// slot `slot` fills, or nil.
    mutating func field(_ slot: Int, in type: RecordType, attribute: Bool = false) -> Int? {
        let k = 2 * slot + (attribute ? 1 : 0)
        let id = ObjectIdentifier(type)
        if slotType[k] == id { return slotIndex[k] }
        let i = attribute ? type.attributeIndex[nameStrings[slot]] : type.elementIndex[nameStrings[slot]]
        slotType[k] = id
        slotIndex[k] = i
        return i
    }

    /// An attribute's value: in the file, or in the events' byte store.
    func value(of a: XMLAttribute) -> String {
        String(decoding: a.value >= 0 ? UnsafeBufferPointer(rebasing: bytes[a.value..<(a.value + Int(a.count))])
                                      : UnsafeBufferPointer(rebasing: text[Int(a.first)..<Int(a.first + a.count)]), as: UTF8.self)
    }

    /// The mark of the current event: a start tag's `<`, or the parser's line for the rest.
    mutating func mark() -> Mark {
        guard event.kind == .start else { return Mark(line: max(Int(event.line), 1), column: 1) }
        if event.offset >= 0 { return position(event.offset) }
        return Mark(line: Int(event.line), column: column(line: Int(event.line), lead: UInt8(ascii: "<"), name: localName, trail: nil))
    }

    /// In a document libxml2 decoded from another encoding, its offsets are not the file's:
    /// the column of `name` in `line` (the parser's), where it stands between the bytes `lead`
    /// and `trail` (`<name`, ` name=`), for encodings that keep ASCII as it is; 1 for others.
    mutating func column(line: Int, lead: UInt8, name: String, trail: UInt8?) -> Int {
        guard line >= 1 else { return 1 }
        _ = position(0)  // builds the line starts
        guard line <= lineStarts.count else { return 1 }
        let start = lineStarts[line - 1]
        let end = line < lineStarts.count ? lineStarts[line] : bytes.count
        var name = name
        return name.withUTF8 { n -> Int in
            var column = 1, k = start
            while k < end {
                let b = bytes[k]
                k += 1
                if b & 0xC0 != 0x80 { column += 1 }
                guard b == lead, k + n.count <= end else { continue }
                var j = 0
                while j < n.count && bytes[k + j] == n[j] { j += 1 }
                if j == n.count && (trail == nil || (k + j < end && bytes[k + j] == trail!)) {
                    // An element's column is its `<`; an attribute's, its name's first letter.
                    return lead == UInt8(ascii: "<") ? column - 1 : column
                }
            }
            return 1
        }
    }

    /// The line and column of a byte offset. Marks are taken in document order, so the count
    /// of columns moves on from the last one.
    mutating func position(_ offset: Int) -> Mark {
        let offset = min(max(offset, 0), bytes.count)
        if lineStarts.isEmpty {
            lineStarts.reserveCapacity(bytes.count / 40 + 1)
            lineStarts.append(0)
            var from = 0
            while from < bytes.count, let hit = memchr(bytes.baseAddress! + from, 0x0A, bytes.count - from) {
                from = UnsafeRawPointer(hit) - UnsafeRawPointer(bytes.baseAddress!) + 1
                lineStarts.append(from)
            }
        }
        var line = cursor.line
        if offset < cursor.byte {
            // Back: find the line by halving.
            var low = 0, high = lineStarts.count
            while high - low > 1 {
                let mid = (low + high) / 2
                if lineStarts[mid] <= offset { low = mid } else { high = mid }
            }
            line = low
            cursor = (line, lineStarts[line], 1)
        } else {
            while line + 1 < lineStarts.count && lineStarts[line + 1] <= offset { line += 1 }
            if line != cursor.line { cursor = (line, lineStarts[line], 1) }
        }
        let column = cursor.column + characters(from: cursor.byte, to: offset)
        cursor = (line, offset, column)
        return Mark(line: line + 1, column: column)
    }

    /// The characters (UTF-8 lead bytes) in `from..<to`, eight bytes at a time.
    private func characters(from: Int, to: Int) -> Int {
        var n = 0, k = from
        let base = UnsafeRawPointer(bytes.baseAddress!)
        while k + 8 <= to {
            let x = base.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            // A continuation byte is 10xxxxxx: its top bit set and the next one clear.
            let continuation = x & ~(x << 1) & 0x8080_8080_8080_8080
            n += 8 - continuation.nonzeroBitCount
            k += 8
        }
        while k < to {
            if bytes[k] & 0xC0 != 0x80 { n += 1 }
            k += 1
        }
        return n
    }

    /// The byte offsets of the current start tag's attribute names, in order, leaving out
    /// namespace declarations (the parser does): the tag is well formed, so a plain scan of
    /// names and quoted values finds them.
    func attributeOffsets() -> [Int] {
        guard event.offset >= 0 else { return [] }
        var offsets: [Int] = []
        var k = event.offset + 1
        func blank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
        while k < bytes.count && !blank(bytes[k]) && bytes[k] != UInt8(ascii: "/") && bytes[k] != UInt8(ascii: ">") { k += 1 }
        while k < bytes.count {
            while k < bytes.count && blank(bytes[k]) { k += 1 }
            guard k < bytes.count, bytes[k] != UInt8(ascii: "/"), bytes[k] != UInt8(ascii: ">") else { break }
            let start = k
            while k < bytes.count && bytes[k] != UInt8(ascii: "=") && !blank(bytes[k]) { k += 1 }
            let name = UnsafeBufferPointer(rebasing: bytes[start..<k])
            let isNamespace = name.starts(with: "xmlns".utf8) && (name.count == 5 || name[5] == UInt8(ascii: ":"))
            while k < bytes.count && bytes[k] != UInt8(ascii: "\"") && bytes[k] != UInt8(ascii: "'") { k += 1 }
            guard k < bytes.count else { break }
            let quote = bytes[k]
            k += 1
            while k < bytes.count && bytes[k] != quote { k += 1 }
            k += 1
            if !isNamespace { offsets.append(start) }
        }
        return offsets
    }

    mutating func document() throws(ReadError) -> Record {
        while try read() {
            switch event.kind {
            case .start:
                let name = localName
                let at = mark()
                guard name == schema.root.xmlName else {
                    throw ReadError(file: file, mark: at, "expected the root element <\(schema.root.xmlName)>, found <\(name)>")
                }
                if let ns = event.uri.map({ String(cString: $0) }), ns != schema.xmlNamespace {
                    sink.error(at, "unknown namespace '\(ns)' (expected '\(schema.xmlNamespace)')")
                }
                let report = try record(schema.root, name: name, depth: 0, at: at)
                while try read() {
                    if event.kind == .start {
                        throw ReadError(file: file, mark: mark(), "more than one root element")
                    }
                }
                return report
            case .doctype:
                // A DTD: find the declaration in the bytes.
                var at = Mark(line: max(Int(event.line), 1), column: 1)
                if let offset = firstRange(of: Array("<!DOCTYPE".utf8), in: bytes) {
                    cursor = (0, 0, 1)
                    at = position(offset)
                }
                throw ReadError(file: file, mark: at, "DTDs are not allowed in reports (no entity is expanded or fetched)")
            default:
                continue
            }
        }
        throw ReadError(file: file, mark: Mark(line: 1, column: 1), "no root element")
    }

    /// The bytes of a text event: in the file, or in the events' byte store.
    func bytes(of e: XMLEvent) -> UnsafeBufferPointer<UInt8> {
        e.offset >= 0 ? UnsafeBufferPointer(rebasing: bytes[e.offset..<(e.offset + Int(e.count))])
            : UnsafeBufferPointer(rebasing: text[Int(e.first)..<Int(e.first + e.count)])
    }

    /// Whether the current text is only white space.
    private func textIsBlank() -> Bool {
        for b in bytes(of: event) {
            switch b {
            case 0x20, 0x0A, 0x0D, 0x09: continue
            default: return false
            }
        }
        return true
    }

    /// Reads the record whose start tag is current, through its end tag.
    /// `at` is the element's mark when the caller has taken it.
    mutating func record(_ type: RecordType, name: String, depth: Int, at given: Mark? = nil) throws(ReadError) -> Record {
        let at = given ?? mark()
        if depth > maxDepth { throw ReadError(file: file, mark: at, "nesting deeper than \(maxDepth) levels") }
        var r = Record(type, mark: at)
        var given: UInt64 = 0
        if event.count > 0 {
            let tag = event
            var scanned: [Int]? = nil
            for k in 0..<Int(tag.count) {
                let a = attributes[Int(tag.first) + k]
                let slot = a.prefix == nil ? nameSlot(a.name) : -1
                let attr = slot >= 0 ? nameStrings[slot] : String(cString: a.prefix!) + ":" + String(cString: a.name!)
                var offset = a.offset
                if offset < 0 {
                    if scanned == nil { scanned = attributeOffsets() }
                    offset = k < scanned!.count ? scanned![k] : -1
                }
                let attrMark = offset >= 0 ? position(offset)
                    : Mark(line: at.line, column: tag.offset >= 0 ? at.column : column(line: at.line, lead: 0x20, name: attr, trail: UInt8(ascii: "=")))
                guard let i = slot >= 0 ? field(slot, in: type, attribute: true) : type.attributeIndex[attr] else {
                    sink.error(attrMark, "unknown attribute '\(attr)' on <\(name)> (expected one of: \(type.fields.filter(\.isAttribute).map(\.xmlName).joined(separator: ", ")))")
                    continue
                }
                let text = value(of: a)
                if i < 64 { given |= 1 << i }
                if let problem = ScalarCheck.problem(text, type.fields[i].kind) {
                    sink.error(attrMark, "'\(attr)': \(problem)")
                } else {
                    r.fields[i] = .scalar(text, attrMark)
                }
            }
        }
        while try read() {
            switch event.kind {
            case .end: break
            case .start: try child(of: &r, depth: depth); continue
            case .text: if !textIsBlank() { sink.error(mark(), "text is not expected directly in <\(name)>") }; continue
            case .doctype: continue
            }
            break
        }
        // An attribute given with a bad value has had its error: it is not missing too.
        for i in type.requiredFields where r.fields[i] == nil && (i >= 64 || given & (1 << i) == 0) {
            let f = type.fields[i]
            sink.error(at, "<\(name)> lacks the required \(f.isAttribute ? "attribute" : "element") '\(f.xmlName)'")
        }
        return r
    }

    /// A child element of record `r` (current start tag).
    mutating func child(of r: inout Record, depth: Int) throws(ReadError) {
        let slot = nameSlot(event.name)
        let name = nameStrings[slot]
        let type = r.type
        guard let i = field(slot, in: type) else {
            sink.error(mark(), "unknown element <\(name)> in <\(type.xmlName)> (expected one of: \(type.fields.filter { !$0.isAttribute }.map { $0.wrap ? $0.xmlName : $0.itemName }.joined(separator: ", ")))")
            try skipElement()
            return
        }
        let field = type.fields[i]
        if case .list(let itemKind) = field.kind {
            if field.wrap {
                let at = mark()
                if r.fields[i] != nil { sink.error(at, "<\(name)> appears twice") }
                var items: [Value] = []
                while try read() {
                    if event.kind == .end { break }
                    guard event.kind == .start else {
                        if event.kind == .text && !textIsBlank() {
                            sink.error(mark(), "text is not expected directly in <\(name)>")
                        }
                        continue
                    }
                    let itemName = localName
                    guard itemName == field.itemName else {
                        sink.error(mark(), "unexpected <\(itemName)> in <\(name)> (expected <\(field.itemName)>)")
                        try skipElement()
                        continue
                    }
                    if let v = try value(itemKind, name: itemName, depth: depth + 1) { items.append(v) }
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
            sink.error(mark(), "<\(name)> appears twice")
            try skipElement()
            return
        }
        r.fields[i] = try value(field.kind, name: name, depth: depth + 1)
    }

    /// The value of the element that is current: a record, or a scalar from its text.
    mutating func value(_ kind: Kind, name: String, depth: Int) throws(ReadError) -> Value? {
        if case .record(let type) = kind { return .record(try record(type, name: name, depth: depth)) }
        let at = mark()
        var content = ""
        while try read() {
            if event.kind == .end { break }
            if event.kind == .start {
                sink.error(mark(), "<\(localName)> is not expected inside <\(name)>, which holds text")
                try skipElement()
            } else if event.kind == .text {
                let piece = String(decoding: bytes(of: event), as: UTF8.self)
                if content.isEmpty { content = piece } else { content += piece }
            }
        }
        if let problem = ScalarCheck.problem(content, kind) {
            sink.error(at, "<\(name)>: \(problem)")
            return nil
        }
        return .scalar(content, at)
    }

    /// Skips the current element and everything in it.
    mutating func skipElement() throws(ReadError) {
        var depth = 1
        while depth > 0, try read() {
            if event.kind == .start { depth += 1 }
            if event.kind == .end { depth -= 1 }
        }
    }
}
