/// The schema file reference and the JSON Schema for schema files, both made from the key tables
/// the loaders check every key against: what they say is what the loader accepts.
public enum SchemaReference {
    /// Markdown: a section per key table, reachable from `root`, each a table of its keys.
    static func markdown(of root: KeyTable) -> String {
        var out = """
            # Schema file reference

            Every key a schema file may hold, section by section: its value, what its absence \
            means (or that it is required), and what it says. This file is generated from the \
            tables the schema loader checks every key against (`transit schema --format \
            reference`); a test fails when the two differ. The JSON Schema for schema files \
            (`transit schema --format reference-json-schema`, shipped as \
            `Schemas/schema-file.schema.json`) is made from the same tables.


            """
        for table in root.reachable {
            out += "<a id=\"\(table.anchor)\"></a>\n\n## \(table.context.prefix(1).uppercased() + table.context.dropFirst())\n\n\(table.meaning)\n\n"
            let rows = table.keys.map { key in
                ["`\(key.name)`", key.value.reference(in: table), key.required ? "required" : (key.absent ?? ""), key.meaning]
            }
            out += MarkdownText.table(["Key", "Value", "If absent", "Meaning"], rows) + "\n"
        }
        return out
    }

    /// The JSON Schema (2020-12) for schema files: a definition per key table, no other keys
    /// allowed, the required ones required. Editors read it through the YAML language server
    /// (`# yaml-language-server: $schema=…`).
    static func jsonSchema(of root: KeyTable) -> String {
        let defs = root.reachable.map { table in
            JSONMember(table.id, definition(table))
        }
        return JSONValue.object([
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "urn:transit:schema-file",
            "title": "transit schema file",
            "description": .string(root.meaning),
            "$ref": .string("#/$defs/\(root.id)"),
            "$defs": .object(defs),
        ]).serialized()
    }

    private static func definition(_ table: KeyTable) -> JSONValue {
        let required = table.keys.filter(\.required).map { JSONValue.string($0.name) }
        return .object([
            "type": "object",
            "description": .string(table.meaning),
            "properties": .object(table.keys.map { key in
                JSONMember(key.name, .object(schema(key.value, in: table).members + [JSONMember("description", .string(key.meaning))]))
            }),
            "required": required.isEmpty ? nil : .array(required),
            "additionalProperties": false,
        ])
    }

    /// A value's schema. A YAML scalar transit reads as text may be a YAML number or boolean
    /// to the language server (`add: 1`): text admits them.
    private static func schema(_ value: KeyValue, in table: KeyTable) -> JSONValue {
        switch value {
        case .text, .field, .path, .template: .object(["type": ["string", "number", "boolean"]])
        case .expression: .object(["type": ["string", "number", "boolean", "null"]])
        case .boolean: .object(["type": ["boolean", "string"], "enum": [true, false, "true", "false"]])
        case .integer: .object(["type": ["integer", "string"], "pattern": "^-?[0-9]+$"])
        case .decimal: .object(["type": ["number", "string"], "pattern": "^-?[0-9]+(\\.[0-9]+)?$"])
        case .keys(let t): .object(["$ref": .string("#/$defs/\(t.id)")])
        case .same: .object(["$ref": .string("#/$defs/\(table.id)")])
        case .list(let inner): .object(["type": "array", "items": schema(inner, in: table)])
        case .named(let inner): .object(["type": "object", "additionalProperties": schema(inner, in: table)])
        case .either(let vs): .object(["anyOf": .array(vs.map { schema($0, in: table) })])
        }
    }
}

extension KeyValue {
    /// How the reference names it, in `table` (for `same`).
    func reference(in table: KeyTable) -> String {
        switch self {
        case .same: "[\(table.context)](#\(table.anchor))"
        case .list(let v): "list of \(v.reference(in: table))"
        case .named(let v): "name → \(v.reference(in: table))"
        case .either(let vs): vs.map { $0.reference(in: table) }.joined(separator: " or ")
        default: reference
        }
    }
}

extension JSONValue {
    /// An object's members (none for another value).
    var members: [JSONMember] {
        if case .object(let m) = content { m } else { [] }
    }
}
