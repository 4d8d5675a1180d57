/// What the engine of this version needs of a schema's model. The page-text reader and writer,
/// `diff`, `changes`, `table`, `trends` and the scale conversion still name the record types and
/// fields of the compiled-in model (Nations in Transit); until the schema declares them by role,
/// a schema file may add types and fields, and change names in the formats, bands, rules and
/// enumerations, but must keep every type and field of the compiled-in model with its kind.
/// Checked when the schema loads, so that a schema that lacks one is an error at its line and
/// column — never a crash halfway through a file.
enum EngineModel {
    static func problems(_ schema: Schema, against standard: Schema, file: String) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func error(_ mark: Mark, _ message: String) { out.append(Diagnostic(.error, file: file, mark: mark, message)) }
        let types = Dictionary(schema.types.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        if schema.root.name != standard.root.name {
            error(schema.root.mark, "the root type is '\(schema.root.name)'; transit's formats need '\(standard.root.name)'")
        }
        for needed in standard.types {
            guard let type = types[needed.name] else {
                error(schema.root.mark, "the schema lacks the type '\(needed.name)' (fields: \(needed.fields.map(\.name).joined(separator: ", "))), which transit's formats need")
                continue
            }
            for field in needed.fields {
                guard let have = type.fields.first(where: { $0.name == field.name }) else {
                    error(type.mark, "type '\(type.name)' lacks the field '\(field.name)' (\(describe(field.kind))), which transit's formats need")
                    continue
                }
                if !same(have.kind, field.kind) {
                    error(have.mark, "field '\(field.name)' of '\(type.name)' is \(describe(have.kind)); transit's formats need \(describe(field.kind))")
                }
            }
        }
        for name in ["status", "country", "verb", "scale"] where schema.enums[name] == nil && standard.enums[name] != nil {
            error(schema.root.mark, "the schema lacks the enumeration '\(name)', which transit's formats need")
        }
        return out
    }

    private static func same(_ a: Kind, _ b: Kind) -> Bool {
        switch (a, b) {
        case (.string, .string), (.decimal, .decimal), (.integer, .integer), (.boolean, .boolean): true
        case (.enumeration(let x), .enumeration(let y)): x.name == y.name
        case (.record(let x), .record(let y)): x.name == y.name
        case (.list(let x), .list(let y)): same(x, y)
        default: false
        }
    }

    private static func describe(_ kind: Kind) -> String {
        switch kind {
        case .string: "a string"
        case .decimal: "a decimal"
        case .integer: "an integer"
        case .boolean: "a boolean"
        case .enumeration(let e): "the enumeration '\(e.name)'"
        case .record(let r): "a '\(r.name)' record"
        case .list(let k): "a list of \(describe(k).replacingOccurrences("a ", "").replacingOccurrences("an ", ""))"
        }
    }
}
