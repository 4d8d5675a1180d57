/// Writes a report as XML through `XMLDocumentWriter` (libxml2's xmlTextWriter): elements and attributes named and
/// ordered by the schema, two-space indentation, the schema's namespace on the root.
struct XMLWriter {
    let schema: Schema
    /// The output, and the input the report was read from (where its marks point).
    let file: String
    let source: String

    func write(_ report: Record) throws(ReadError) -> [UInt8] {
        if let bad = Self.firstUnwritable(report) {
            throw ReadError(file: source, mark: bad.mark,
                            "\(bad.pointer) holds the character U+\(String(bad.scalar.value, radix: 16, uppercase: true)), which XML 1.0 cannot carry; nothing written to \(file)")
        }
        if let empty = Self.firstEmptyUnwrappedList(report, at: "") {
            throw ReadError(file: source, mark: empty.mark,
                            "\(empty.pointer) is an empty list, which XML cannot carry: its items stand in their parent with no element around them, so no item reads back as no list; nothing written to \(file)")
        }
        let w = XMLDocumentWriter()
        w.start(schema.root.xmlName)
        w.attribute("xmlns", schema.xmlNamespace)
        content(report, w)
        return w.finish()
    }

    /// One element holding a scalar or a record (lists of lists are in no schema type).
    private func element(_ name: String, _ value: Value, _ w: XMLDocumentWriter) {
        switch value {
        case .scalar(let text, _):
            w.element(name, text)
        case .record(let child):
            w.start(name)
            content(child, w)
            w.end()
        case .list:
            break
        }
    }

    /// Attributes, then child elements, of a record whose start tag is open.
    private func content(_ r: Record, _ w: XMLDocumentWriter) {
        for (field, value) in zip(r.type.fields, r.fields) where field.isAttribute {
            if let text = value?.text { w.attribute(field.xmlName, text) }
        }
        for (field, value) in zip(r.type.fields, r.fields) where !field.isAttribute {
            guard let value else { continue }
            if case .list(let items, _) = value {
                if field.wrap { w.start(field.xmlName) }
                for item in items { element(field.itemName, item, w) }
                if field.wrap { w.end() }
            } else {
                element(field.xmlName, value, w)
            }
        }
    }

    /// The first empty list whose items XML writes straight into the parent (no wrapper):
    /// written, it would leave nothing, and read back it would be no list at all.
    static func firstEmptyUnwrappedList(_ r: Record, at pointer: String) -> (pointer: String, mark: Mark)? {
        for (i, field) in r.type.fields.enumerated() {
            guard let value = r.fields[i] else { continue }
            let here = pointer + "/" + JSONPointer.escape(field.key)
            switch value {
            case .list(let items, let mark):
                if items.isEmpty && !field.wrap { return (here, mark) }
                for (k, item) in items.enumerated() {
                    if case .record(let inner) = item, let found = firstEmptyUnwrappedList(inner, at: "\(here)/\(k)") { return found }
                }
            case .record(let inner):
                if let found = firstEmptyUnwrappedList(inner, at: here) { return found }
            case .scalar:
                continue
            }
        }
        return nil
    }

    /// The first character XML 1.0 cannot carry (controls other than tab, LF, CR; U+FFFE and
    /// U+FFFF), with the JSON Pointer and the input position of the value holding it.
    static func firstUnwritable(_ r: Record) -> (scalar: Unicode.Scalar, pointer: String, mark: Mark)? {
        JSONPointer.firstScalar(in: r) { text -> Unicode.Scalar? in
            for b in text.utf8 where b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D { return Unicode.Scalar(b) }
            guard text.utf8.contains(0xEF) else { return nil }
            return text.unicodeScalars.first { $0.value == 0xFFFE || $0.value == 0xFFFF }
        }.map { ($0.found, $0.pointer, $0.value.mark) }
    }
}
