/// JSON Pointers (RFC 6901) into a report's JSON form, and searches that name what they find.
public enum JSONPointer {
    /// A key as one pointer component: `~` and `/` escaped.
    public static func escape(_ key: String) -> String {
        key.utf8.contains { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }
            ? key.replacingOccurrences("~", "~0").replacingOccurrences("/", "~1") : key
    }

    /// The first scalar of `record`, in schema order, for which `test` says something, with its
    /// pointer. The walk builds no path: the pointer is made on the way back from a hit.
    static func firstScalar<T>(in record: Record, _ test: (String) -> T?) -> (pointer: String, value: Value, found: T)? {
        func walk(_ v: Value, _ path: inout [String]) -> (Value, T)? {
            switch v {
            case .scalar(let text, _):
                return test(text).map { (v, $0) }
            case .record(let r):
                for (field, value) in zip(r.type.fields, r.fields) {
                    if let value, let hit = walk(value, &path) { path.append(escape(field.key)); return hit }
                }
                return nil
            case .list(let items, _):
                for (k, item) in items.enumerated() { if let hit = walk(item, &path) { path.append(String(k)); return hit } }
                return nil
            }
        }
        var path: [String] = []
        guard let hit = walk(.record(record), &path) else { return nil }
        return (path.reversed().map { "/" + $0 }.joined(), hit.0, hit.1)
    }
}
