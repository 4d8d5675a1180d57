/// Writes a report as JSON: keys in schema order, two-space indentation, decimals as the
/// numbers they were printed as (`1.50`), records of `style: flow` types on one line. Streamed
/// from the model (a report is the one JSON written often and large); its bytes are those of
/// `JSONValue(report).serialized()`, the serialiser every other JSON goes through.
struct JSONWriter {
    let schema: Schema

    /// `indent`: the spaces before the record's inner lines less two (for a record written
    /// inside another document).
    func write(_ report: Record, indent: Int = 0) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 * 1024)
        record(report, indent: indent, into: &out)
        out.append(0x0A)
        return out
    }

    private func record(_ r: Record, indent: Int, into out: inout [UInt8]) {
        let flow = r.type.flow
        out.append(UInt8(ascii: "{"))
        var first = true
        for (field, value) in zip(r.type.fields, r.fields) {
            guard let value else { continue }
            if !first { out.append(UInt8(ascii: ",")); if flow { out.append(0x20) } }
            first = false
            if !flow { JSONText.newline(indent + 2, &out) }
            JSONText.string(field.key, into: &out)
            out.append(contentsOf: [UInt8(ascii: ":"), 0x20])
            self.value(value, kind: field.kind, indent: indent + 2, flow: flow, into: &out)
        }
        if !first && !flow { JSONText.newline(indent, &out) }
        out.append(UInt8(ascii: "}"))
    }

    private func value(_ v: Value, kind: Kind, indent: Int, flow: Bool, into out: inout [UInt8]) {
        switch (v, kind) {
        case (.scalar(let text, _), .decimal), (.scalar(let text, _), .integer), (.scalar(let text, _), .boolean):
            out.append(contentsOf: text.utf8)
        case (.scalar(let text, _), _):
            JSONText.string(text, into: &out)
        case (.record(let r), _):
            record(r, indent: indent, into: &out)
        case (.list(let items, _), .list(let itemKind)):
            out.append(UInt8(ascii: "["))
            let inline = flow || itemKind.isScalar
            for (k, item) in items.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")); if inline { out.append(0x20) } }
                if !inline { JSONText.newline(indent + 2, &out) }
                value(item, kind: itemKind, indent: indent + 2, flow: flow, into: &out)
            }
            if !inline && !items.isEmpty { JSONText.newline(indent, &out) }
            out.append(UInt8(ascii: "]"))
        case (.list(let items, _), _):
            out.append(UInt8(ascii: "["))
            for (k, item) in items.enumerated() {
                if k > 0 { out.append(contentsOf: [UInt8(ascii: ","), 0x20]) }
                value(item, kind: .string, indent: indent, flow: true, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
    }
}

extension JSONValue {
    /// A report's JSON form as a value (the same keys, order and layout as `JSONWriter` writes).
    public init(_ r: Record) {
        let object = JSONValue.object(zip(r.type.fields, r.fields).compactMap { field, value in
            value.map { JSONMember(field.key, JSONValue(value: $0, kind: field.kind)) }
        })
        self = r.type.flow ? .inline(object) : object
    }

    init(value: Value, kind: Kind) {
        switch value {
        case .scalar(let text, _):
            switch kind {
            case .decimal, .integer: self = .number(text)
            case .boolean: self = text == "true" ? .bool(true) : text == "false" ? .bool(false) : .string(text)
            default: self = .string(text)
            }
        case .record(let r): self = JSONValue(r)
        case .list(let items, _):
            let itemKind: Kind = if case .list(let k) = kind { k } else { .string }
            self = .array(items.map { JSONValue(value: $0, kind: itemKind) })
        }
    }
}
