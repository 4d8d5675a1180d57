internal import CLibXML2

/// Writes a report as XML with libxml2's xmlTextWriter: elements and attributes named and
/// ordered by the schema, two-space indentation, the schema's namespace on the root.
struct XMLWriter {
    let schema: Schema
    let file: String

    func write(_ report: Record) throws(ReadError) -> [UInt8] {
        if let bad = Self.firstUnwritable(report) {
            throw ReadError(file: file, mark: bad.mark,
                            "the character U+\(String(bad.scalar.value, radix: 16, uppercase: true)) cannot be written in XML 1.0")
        }
        let buffer = xmlBufferCreate()!
        defer { xmlBufferFree(buffer) }
        let w = xmlNewTextWriterMemory(buffer, 0)!
        xmlTextWriterSetIndent(w, 1)
        xmlTextWriterSetIndentString(w, "  ")
        xmlTextWriterStartDocument(w, "1.0", "UTF-8", nil)
        xmlTextWriterStartElement(w, schema.root.xmlName)
        xmlTextWriterWriteAttribute(w, "xmlns", schema.xmlNamespace)
        content(report, w)
        xmlTextWriterEndElement(w)
        xmlTextWriterEndDocument(w)
        xmlFreeTextWriter(w)
        let count = Int(xmlBufferLength(buffer))
        return Array(UnsafeBufferPointer(start: xmlBufferContent(buffer), count: count))
    }

    /// One element holding a scalar or a record (lists of lists are in no schema type).
    private func element(_ name: String, _ value: Value, _ w: xmlTextWriterPtr) {
        switch value {
        case .scalar(let text, _):
            xmlTextWriterWriteElement(w, name, text)
        case .record(let child):
            xmlTextWriterStartElement(w, name)
            content(child, w)
            xmlTextWriterEndElement(w)
        case .list:
            break
        }
    }

    /// Attributes, then child elements, of a record whose start tag is open.
    private func content(_ r: Record, _ w: xmlTextWriterPtr) {
        for (field, value) in zip(r.type.fields, r.fields) where field.isAttribute {
            if let text = value?.text { xmlTextWriterWriteAttribute(w, field.xmlName, text) }
        }
        for (field, value) in zip(r.type.fields, r.fields) where !field.isAttribute {
            guard let value else { continue }
            if case .list(let items, _) = value {
                if field.wrap { xmlTextWriterStartElement(w, field.xmlName) }
                for item in items { element(field.itemName, item, w) }
                if field.wrap { xmlTextWriterEndElement(w) }
            } else {
                element(field.xmlName, value, w)
            }
        }
    }

    /// The first character XML 1.0 cannot carry (controls other than tab, LF, CR).
    static func firstUnwritable(_ r: Record) -> (scalar: Unicode.Scalar, mark: Mark)? {
        func check(_ v: Value) -> (Unicode.Scalar, Mark)? {
            switch v {
            case .scalar(let s, let m):
                for b in s.utf8 where b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D { return (Unicode.Scalar(b), m) }
                for u in s.unicodeScalars where u.value == 0xFFFE || u.value == 0xFFFF { return (u, m) }
                return nil
            case .record(let r):
                for f in r.fields { if let f, let bad = check(f) { return bad } }
                return nil
            case .list(let items, _):
                for item in items { if let bad = check(item) { return bad } }
                return nil
            }
        }
        return check(.record(r))
    }
}
