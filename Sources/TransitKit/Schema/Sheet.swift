/// The all-data sheet of a family, declared by the schema's `sheet:` section: its columns in
/// order, each holding one field of a report (a path of the model) or the rating of one item.
public struct Sheet: Sendable {
    public struct Column: Sendable {
        /// The heading.
        public var name: String
        public var source: Source
        /// Its values are numbers (written bare in JSON).
        public var numeric: Bool
    }

    public enum Source: Sendable {
        /// The field at a path of the report.
        case field(ModelPath)
        /// The value (the items role's) of the item with this key.
        case item(String)
    }

    public var columns: [Column]
    /// The columns of the subject and the edition (rows are sorted by them).
    public var subjectColumn: Int?
    public var editionColumn: Int?
}

extension SchemaLoader {
    mutating func loadSheet(_ node: YAMLNode?, root: RecordType, roles: Roles?, items itemNames: [ItemDefinition]) -> Sheet? {
        guard let node else { return nil }
        checkKeys(node.mapping ?? [], allowed: ["columns"], in: "the sheet")
        var columns: [Sheet.Column] = []
        for entry in node["columns"]?.sequence ?? [] {
            checkKeys(entry.mapping ?? [], allowed: ["name", "field", "items"], in: "a column of the sheet")
            if entry["items"] != nil {
                guard flag(entry, "items") else { continue }
                guard let items = roles?.items, case .list(.record(let itemType))? = items.list.field(in: root)?.kind,
                      let value = itemType.fields.first(where: { $0.name == items.value }) else {
                    sink.error(entry.mark, "the sheet's 'items: true' needs the 'items' role")
                    continue
                }
                let numeric: Bool = switch value.kind { case .decimal, .integer: true; default: false }
                columns += itemNames.map { Sheet.Column(name: $0.name, source: .item($0.name), numeric: numeric) }
                continue
            }
            guard let name = entry["name"]?.string, let pathNode = entry["field"], let text = pathNode.string else {
                sink.error(entry.mark, "a column of the sheet needs 'name' and 'field' (or is 'items: true')")
                continue
            }
            let path = ModelPath(text)
            guard let field = path.field(in: root), field.kind.isScalar else {
                sink.error(pathNode.mark, "the sheet's column '\(name)': '\(text)' is not a scalar field of '\(root.name)'\(suggestion(path, in: root))")
                continue
            }
            if columns.contains(where: { $0.name == name }) { sink.error(entry["name"]!.mark, "the sheet has two columns named '\(name)'") }
            let numeric: Bool = switch field.kind { case .decimal, .integer: true; default: false }
            columns.append(Sheet.Column(name: name, source: .field(path), numeric: numeric))
        }
        if columns.isEmpty { sink.error(node.mark, "the sheet has no columns") }
        func column(_ role: Roles.Role?) -> Int? {
            guard let role else { return nil }
            return columns.firstIndex { if case .field(let p) = $0.source { p.names == role.path.names } else { false } }
        }
        return Sheet(columns: columns, subjectColumn: column(roles?.subject), editionColumn: column(roles?.edition))
    }
}
