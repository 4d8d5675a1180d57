/// What `transit diff` compares, in the order it reports it: the schema's `compare:` section.
///
///     compare:
///       - {field: value, label: Value, better: higher}
///       - field: items
///         pair: code                     # items are paired by this field
///         label: "item {code}"           # an added or removed item; `{…}` shows a field
///         show: value                    # the value shown for it
///         fields:                        # compared inside each pair
///           - {field: value, label: "{code} value", better: higher}
///           - {field: paragraphs, label: "{code} paragraph", pair: content}
///       - {field: members, label: member, as: set}
///       - {field: summary, label: summary line, text: "{subject}: {change}"}
///
/// A scalar is compared by value (numbers: `1.5` = `1.50`); `better: higher` (or `lower`)
/// gives a change its direction (reversed on the inverted scale); on the band role's field,
/// `higher` means a later band. `pair: content` pairs paragraphs by their text (`content`
/// names the text field, `text` by default): a moved one is moved, a changed one is shown word
/// by word. `text:` shows a record (or each paired item) as one line.
public struct CompareSpec: Sendable {
    /// One thing compared, and how.
    public indirect enum Entry: Sendable {
        /// A scalar field, compared by value (`field:`); `better:` gives its change a direction.
        case scalar(path: ModelPath, label: FieldTemplate, better: Better?)
        /// A list of scalars compared as a set (`as: set`): members added and removed.
        case set(path: ModelPath, label: FieldTemplate)
        /// A record shown as one line of `text` (`text:`), compared as that line.
        case line(path: ModelPath, label: FieldTemplate, text: FieldTemplate)
        /// A list of records paired by a key (`pair:`).
        case items(Items)
        /// Paragraphs paired by their text (`pair: content`): moved, changed word by word, added, removed.
        case prose(path: ModelPath, label: FieldTemplate, content: String)
    }

    /// A list of records paired by a key field, and what is compared inside each pair.
    public struct Items: Sendable {
        /// The list's path in the model.
        public var path: ModelPath
        /// The field the items are paired by.
        public var key: String
        /// An added or removed item (and, with `text`, a changed one unless `changedLabel`).
        public var label: FieldTemplate
        /// A changed item (with `text`), where it reads otherwise than an added or removed one.
        public var changedLabel: FieldTemplate?
        /// Items compared as one line each.
        public var text: FieldTemplate?
        /// The field shown for an added or removed item (without `text`).
        public var show: String?
        /// Compared inside each pair (labels see the item's fields).
        public var fields: [Entry]
    }

    /// Which way a figure's change is an improvement.
    public enum Better: String, Sendable {
        /// A higher figure (or a later band) is better.
        case higher
        /// A lower figure is better.
        case lower
    }

    /// What is compared, in the order changes are reported.
    public var entries: [Entry]
}

/// Text with `{field}` standing for a field of a record (`?` where it is absent).
public struct FieldTemplate: Sendable {
    enum Part: Sendable { case text(String), field(String) }
    let parts: [Part]

    /// The text with each `{field}` replaced by `record`'s field as printed (`?` where absent).
    public func render(_ record: Record?) -> String {
        parts.map { part in
            switch part {
            case .text(let s): s
            case .field(let name): record.flatMap { r in r.type.lookup(name).flatMap { r.fields[$0]?.text } } ?? "?"
            }
        }.joined()
    }

    /// The fields it names.
    var names: [String] { parts.compactMap { if case .field(let n) = $0 { n } else { nil } } }

    static func parse(_ text: String) -> FieldTemplate? {
        var parts: [Part] = [], literal = "", rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            literal += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { return nil }
            if !literal.isEmpty { parts.append(.text(literal)); literal = "" }
            parts.append(.field(String(rest[rest.index(after: open)..<close])))
            rest = rest[rest.index(after: close)...]
        }
        literal += rest
        if !literal.isEmpty { parts.append(.text(literal)) }
        return FieldTemplate(parts: parts)
    }
}

extension SchemaLoader {
    mutating func loadCompare(_ node: YAMLNode?, root: RecordType) -> CompareSpec? {
        guard let node else { return nil }
        guard let list = node.sequence else {
            sink.error(node.mark, "'compare' is a list of entries")
            return nil
        }
        return CompareSpec(entries: list.compactMap { compareEntry($0, in: root, item: nil) })
    }

    /// One entry, its paths from `type`; `item` is the type whose fields labels may name.
    private mutating func compareEntry(_ entry: YAMLNode, in type: RecordType, item: RecordType?) -> CompareSpec.Entry? {
        checkKeys(entry, .compareEntry)
        guard let pathNode = entry["field"], let text = pathNode.string else {
            sink.error(entry.mark, "a compare entry needs 'field': the path of what it compares")
            return nil
        }
        let path = ModelPath(text)
        guard let field = path.field(in: type) else {
            sink.error(pathNode.mark, "compare: '\(text)' is not a field of '\(type.name)'\(suggestion(path, in: type))")
            return nil
        }
        func template(_ key: String, of record: RecordType?, default fallback: String? = nil) -> FieldTemplate? {
            guard let node = entry[key] else { return fallback.flatMap(FieldTemplate.parse) }
            guard let t = node.string.flatMap(FieldTemplate.parse) else {
                sink.error(node.mark, "compare '\(text)': '\(key)' is text with {field} placeholders")
                return nil
            }
            for name in t.names where record?.lookup(name) == nil {
                sink.error(node.mark, "compare '\(text)': '{\(name)}' in '\(key)' is not a field of '\(record?.name ?? "the report")'")
                return nil
            }
            return t
        }
        func label() -> FieldTemplate? { template("label", of: item, default: path.names.last!.replacingOccurrences("_", " ")) }
        var better: CompareSpec.Better?
        if let b = entry["better"] {
            better = b.string.flatMap(CompareSpec.Better.init(rawValue:))
            if better == nil { sink.error(b.mark, "compare '\(text)': 'better' is higher or lower") }
        }
        switch field.kind {
        case .list(.record(let itemType)):
            if let pair = entry["pair"]?.string, pair == "content" {
                let content = entry["content"]?.string ?? "text"
                guard case .string? = itemType.lookup(content).map({ itemType.fields[$0].kind }) else {
                    sink.error(entry["content"]?.mark ?? entry.mark, "compare '\(text)': paragraphs are paired by a string field of '\(itemType.name)' ('content', default text)")
                    return nil
                }
                guard let label = label() else { return nil }
                return .prose(path: path, label: label, content: content)
            }
            guard let pairNode = entry["pair"], let key = pairNode.string, itemType.lookup(key) != nil else {
                sink.error(entry["pair"]?.mark ?? entry.mark, "compare '\(text)': a list of records needs 'pair': the field its items are paired by (or content)")
                return nil
            }
            guard let itemLabel = template("label", of: itemType, default: path.names.last!) else { return nil }
            let lineText = entry["text"] == nil ? nil : template("text", of: itemType)
            if entry["text"] != nil && lineText == nil { return nil }
            let show = entry["show"]?.string
            if let show, itemType.lookup(show) == nil { sink.error(entry.mark(of: "show"), "compare '\(text)': 'show' names '\(show)', not a field of '\(itemType.name)'") }
            let fields = (entry["fields"]?.sequence ?? []).compactMap { compareEntry($0, in: itemType, item: itemType) }
            return .items(CompareSpec.Items(path: path, key: key, label: itemLabel,
                                            changedLabel: entry["changed-label"] == nil ? nil : template("changed-label", of: itemType),
                                            text: lineText, show: show, fields: fields))
        case .list(.string), .list(.enumeration):
            guard let label = label() else { return nil }
            return .set(path: path, label: label)
        case .record(let r):
            guard let label = label() else { return nil }
            guard let t = template("text", of: r) else {
                if entry["text"] == nil { sink.error(entry.mark, "compare '\(text)': a record is compared as one line: give its 'text'") }
                return nil
            }
            return .line(path: path, label: label, text: t)
        case .list:
            sink.error(pathNode.mark, "compare '\(text)': lists of \(field.kind.name) are not compared")
            return nil
        default:
            guard let label = label() else { return nil }
            return .scalar(path: path, label: label, better: better)
        }
    }
}
