/// The keys a schema file may hold, as tables: the loaders accept a key only from its table, and
/// the schema reference and the JSON Schema for schema files are generated from the same tables,
/// so the three cannot drift apart.

/// What a key's value is.
indirect enum KeyValue: Sendable {
    /// A scalar read as text (a YAML number is its text too).
    case text
    case boolean
    /// A whole number.
    case integer
    /// An exact decimal, kept as printed (quote it: `"0.25"`).
    case decimal
    /// The name of a field of the record in scope.
    case field
    /// A dotted path of fields from the record in scope (`last_season.index`).
    case path
    /// An expression of the rule language.
    case expression
    /// Text with `{expression}`s (`{{` and `}}` stand for braces).
    case template
    /// A mapping of the keys of a table.
    case keys(KeyTable)
    /// A list of such values.
    case list(KeyValue)
    /// A mapping from names the file chooses to such values.
    case named(KeyValue)
    /// Any one of these.
    case either([KeyValue])
    /// A mapping of the keys of the table this key is in (a compare entry's `fields`).
    case same

    /// A list of texts.
    static let texts = KeyValue.list(.text)

    /// How the reference names it.
    var reference: String {
        switch self {
        case .text: "text"
        case .boolean: "true or false"
        case .integer: "whole number"
        case .decimal: "decimal (quoted)"
        case .field: "field name"
        case .path: "field path"
        case .expression: "expression"
        case .template: "template"
        case .keys(let table): "[\(table.context)](#\(table.anchor))"
        case .list(let v): "list of \(v.reference)"
        case .named(let v): "name → \(v.reference)"
        case .either(let vs): vs.map(\.reference).joined(separator: " or ")
        case .same: "the same keys"
        }
    }
}

/// One key: its name, its value, whether it must be there or what its absence means, and what
/// it says.
struct SchemaKey: Sendable {
    let name: String
    let value: KeyValue
    let required: Bool
    /// What the key's absence means, as the reference says it (nil: nothing, or required).
    let absent: String?
    let meaning: String

    static func key(_ name: String, _ value: KeyValue, absent: String? = nil, _ meaning: String) -> SchemaKey {
        SchemaKey(name: name, value: value, required: false, absent: absent, meaning: meaning)
    }

    static func required(_ name: String, _ value: KeyValue, _ meaning: String) -> SchemaKey {
        SchemaKey(name: name, value: value, required: true, absent: nil, meaning: meaning)
    }
}

/// The keys of one mapping of a schema file (a field, a rule, the page layout's top).
final class KeyTable: Sendable {
    /// Stable name, for the reference's anchors and the JSON Schema's definitions.
    let id: String
    /// How messages and the reference name the mapping: "a field of a type", "layout 'top'".
    let context: String
    let meaning: String
    let keys: [SchemaKey]
    let names: Set<String>

    init(_ id: String, _ context: String, _ meaning: String, _ keys: [SchemaKey]) {
        self.id = id
        self.context = context
        self.meaning = meaning
        self.keys = keys
        self.names = Set(keys.map(\.name))
    }

    /// This table with more keys (a section the layers above add to the schema's top level).
    func adding(_ more: [SchemaKey]) -> KeyTable {
        KeyTable(id, context, meaning, keys + more)
    }

    var anchor: String { "keys-" + id.replacingOccurrences(".", "-") }

    /// Every table reachable from this one, this one first, each once, in the order the keys
    /// name them.
    var reachable: [KeyTable] {
        var seen: Set<String> = []
        var out: [KeyTable] = []
        func visit(_ t: KeyTable) {
            guard seen.insert(t.id).inserted else { return }
            out.append(t)
            for k in t.keys { walk(k.value) }
        }
        func walk(_ v: KeyValue) {
            switch v {
            case .keys(let t): visit(t)
            case .list(let inner), .named(let inner): walk(inner)
            case .either(let vs): vs.forEach(walk)
            default: break
            }
        }
        visit(self)
        return out
    }
}

extension SchemaLoader {
    /// Every key of `pairs` must be one of `table`'s; `context` names the mapping in the message
    /// when it says more than the table's (`type 'survey'`).
    mutating func checkKeys(_ pairs: [(key: String, keyMark: Mark, value: YAMLNode)], _ table: KeyTable, in context: String? = nil) {
        for pair in pairs where !table.names.contains(pair.key) {
            let hint = Spelling.closest(to: pair.key, among: table.keys.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
            sink.error(pair.keyMark, "unknown key '\(pair.key)' in \(context ?? table.context) (expected one of: \(table.keys.map(\.name).sorted().joined(separator: ", ")))\(hint)")
        }
    }

    /// `node`'s keys checked against `table`, when it is a mapping.
    mutating func checkKeys(_ node: YAMLNode?, _ table: KeyTable, in context: String? = nil) {
        checkKeys(node?.mapping ?? [], table, in: context)
    }
}
