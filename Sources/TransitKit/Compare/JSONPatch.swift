/// RFC 6902 JSON Patch between the JSON forms of two reports (as `transit convert --to json`
/// writes them): applied to OLD's JSON, it gives NEW's.
public enum JSONPatch {
    /// A JSON value of a report's JSON form; numbers keep their printed text.
    indirect enum Node: Equatable {
        case object([(key: String, value: Node)])
        case array([Node])
        case string(String)
        case literal(String)  // a number or boolean, as printed

        static func == (a: Node, b: Node) -> Bool {
            switch (a, b) {
            case (.object(let x), .object(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
            case (.array(let x), .array(let y)): x == y
            case (.string(let x), .string(let y)): x == y
            case (.literal(let x), .literal(let y)): x == y
            default: false
            }
        }

        var json: String {
            switch self {
            case .object(let pairs): "{" + pairs.map { JSONWriter.quoted($0.key) + ": " + $0.value.json }.joined(separator: ", ") + "}"
            case .array(let items): "[" + items.map(\.json).joined(separator: ", ") + "]"
            case .string(let s): JSONWriter.quoted(s)
            case .literal(let s): s
            }
        }
    }

    /// A report's JSON form as a tree (the same shape, keys and order as JSONWriter writes).
    static func node(_ r: Record) -> Node {
        .object(zip(r.type.fields, r.fields).compactMap { field, value in
            value.map { (field.key, node(value: $0, kind: field.kind)) }
        })
    }

    private static func node(value: Value, kind: Kind) -> Node {
        switch value {
        case .scalar(let text, _):
            switch kind {
            case .decimal, .integer, .boolean: return .literal(text)
            default: return .string(text)
            }
        case .record(let r): return node(r)
        case .list(let items, _):
            let itemKind: Kind = if case .list(let k) = kind { k } else { kind }
            return .array(items.map { node(value: $0, kind: itemKind) })
        }
    }

    /// The patch turning `old`'s JSON form into `new`'s, as a JSON array of operations.
    public static func patch(from old: Record, to new: Record) -> String {
        var ops: [String] = []
        diff(node(old), node(new), path: "", into: &ops)
        return ops.isEmpty ? "[]\n" : "[\n  " + ops.joined(separator: ",\n  ") + "\n]\n"
    }

    private static func diff(_ a: Node, _ b: Node, path: String, into ops: inout [String]) {
        if a == b { return }
        switch (a, b) {
        case (.object(let x), .object(let y)):
            for (key, _) in x where !y.contains(where: { $0.key == key }) {
                ops.append("{\"op\": \"remove\", \"path\": \(JSONWriter.quoted(path + "/" + JSONPointer.escape(key)))}")
            }
            for (key, value) in y {
                let p = path + "/" + JSONPointer.escape(key)
                if let old = x.first(where: { $0.key == key })?.value {
                    diff(old, value, path: p, into: &ops)
                } else {
                    ops.append("{\"op\": \"add\", \"path\": \(JSONWriter.quoted(p)), \"value\": \(value.json)}")
                }
            }
        case (.array(let x), .array(let y)):
            for i in 0..<min(x.count, y.count) { diff(x[i], y[i], path: path + "/\(i)", into: &ops) }
            // Extra items go from the end, so every index stays right as the patch applies.
            for i in stride(from: x.count - 1, through: y.count, by: -1) {
                ops.append("{\"op\": \"remove\", \"path\": \(JSONWriter.quoted(path + "/\(i)"))}")
            }
            for i in x.count..<max(x.count, y.count) {
                ops.append("{\"op\": \"add\", \"path\": \(JSONWriter.quoted(path + "/\(i)")), \"value\": \(y[i].json)}")
            }
        default:
            ops.append("{\"op\": \"replace\", \"path\": \(JSONWriter.quoted(path)), \"value\": \(b.json)}")
        }
    }
}
