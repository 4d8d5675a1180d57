/// Writes a report as JSON: keys in schema order, two-space indentation, decimals as the
/// numbers they were printed as (`1.50`), records of `style: flow` types on one line.
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

    private func newline(_ indent: Int, _ out: inout [UInt8]) {
        out.append(0x0A)
        for _ in 0..<indent { out.append(0x20) }
    }

    private func record(_ r: Record, indent: Int, into out: inout [UInt8]) {
        let flow = r.type.flow
        out.append(UInt8(ascii: "{"))
        var first = true
        for (field, value) in zip(r.type.fields, r.fields) {
            guard let value else { continue }
            if !first { out.append(UInt8(ascii: ",")); if flow { out.append(0x20) } }
            first = false
            if !flow { newline(indent + 2, &out) }
            Self.string(field.key, into: &out)
            out.append(contentsOf: [UInt8(ascii: ":"), 0x20])
            self.value(value, kind: field.kind, indent: indent + 2, flow: flow, into: &out)
        }
        if !first && !flow { newline(indent, &out) }
        out.append(UInt8(ascii: "}"))
    }

    private func value(_ v: Value, kind: Kind, indent: Int, flow: Bool, into out: inout [UInt8]) {
        switch (v, kind) {
        case (.scalar(let text, _), .decimal), (.scalar(let text, _), .integer), (.scalar(let text, _), .boolean):
            out.append(contentsOf: text.utf8)
        case (.scalar(let text, _), _):
            Self.string(text, into: &out)
        case (.record(let r), _):
            record(r, indent: indent, into: &out)
        case (.list(let items, _), .list(let itemKind)):
            out.append(UInt8(ascii: "["))
            let inline = flow || itemKind.isScalar
            for (k, item) in items.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")); if inline { out.append(0x20) } }
                if !inline { newline(indent + 2, &out) }
                value(item, kind: itemKind, indent: indent + 2, flow: flow, into: &out)
            }
            if !inline && !items.isEmpty { newline(indent, &out) }
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

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// `s` as a JSON string literal.
    static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        string(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A JSON string literal of `s`.
    static func string(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, UInt8(ascii: "\"")])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20, 0x7F:
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, Self.hex[Int(b >> 4)], Self.hex[Int(b & 15)]])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
