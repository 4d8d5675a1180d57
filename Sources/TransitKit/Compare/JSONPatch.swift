/// RFC 6902 JSON Patch between the JSON forms of two reports (as `transit convert --to json`
/// writes them): applied to OLD's JSON, it gives NEW's.
public enum JSONPatch {
    /// The operations turning `old`'s JSON form into `new`'s.
    public static func operations(from old: Record, to new: Record) -> [JSONValue] {
        var ops: [JSONValue] = []
        diff(JSONValue(old), JSONValue(new), path: "", into: &ops)
        return ops
    }

    /// The patch as a JSON document: an array of operations, one a line.
    public static func patch(from old: Record, to new: Record) -> String {
        JSONValue.array(operations(from: old, to: new).map { .inline($0) }).serialized()
    }

    private static func op(_ name: String, _ path: String, _ value: JSONValue? = nil) -> JSONValue {
        .object(["op": .string(name), "path": .string(path), "value": value])
    }

    private static func diff(_ a: JSONValue, _ b: JSONValue, path: String, into ops: inout [JSONValue]) {
        if a == b { return }
        switch (a.content, b.content) {
        case (.object(let x), .object(let y)):
            for member in x where !y.contains(where: { $0.key == member.key }) {
                ops.append(op("remove", path + "/" + JSONPointer.escape(member.key)))
            }
            for member in y {
                let p = path + "/" + JSONPointer.escape(member.key)
                if let old = x.first(where: { $0.key == member.key })?.value {
                    diff(old, member.value, path: p, into: &ops)
                } else {
                    ops.append(op("add", p, member.value))
                }
            }
        case (.array(let x), .array(let y)):
            for i in 0..<min(x.count, y.count) { diff(x[i], y[i], path: path + "/\(i)", into: &ops) }
            // Extra items go from the end, so every index stays right as the patch applies.
            for i in stride(from: x.count - 1, through: y.count, by: -1) { ops.append(op("remove", path + "/\(i)")) }
            for i in x.count..<max(x.count, y.count) { ops.append(op("add", path + "/\(i)", y[i])) }
        default:
            ops.append(op("replace", path, b))
        }
    }
}
