/// The all-data sheet of a family, declared by the schema's `sheet:` section: its columns in
/// order, each holding one field of a report (a path of the model), the value of one item, or
/// a field of the record of a list with a given key. A column may spell its values otherwise
/// than the model (`values: {F: Free}`) and an absent value other than empty (`absent: N/A`).
///
///     sheet:
///       newline: crlf
///       columns:
///         - {name: Station, field: station}
///         - {name: Grade, field: grade, values: {G: Good, F: Fair, P: Poor}}
///         - {name: Clarity, item: Clarity}
///         - {name: North, list: zones, key: code, code: N, value: grade}
///         - {items: true}
public struct Sheet: Sendable {
    /// One column of the sheet: its heading, where its cells go, how it spells values.
    public struct Column: Sendable {
        /// The heading.
        public var name: String
        /// Where its cells go in the report.
        public var source: Source
        /// Its values are numbers (written bare in JSON).
        public var numeric: Bool
        /// The sheet's spelling of a model value, and back (empty: as the model spells it).
        public var spellings: [(sheet: String, model: String)] = []
        /// The cell of an absent value.
        public var absent: String = ""

        /// The cell for a model value (nil: absent).
        public func cell(_ value: String?) -> String? {
            guard let value else { return absent.isEmpty ? nil : absent }
            return spellings.first { $0.model == value }?.sheet ?? value
        }

        /// The model value of a cell (nil: absent).
        public func value(_ cell: String) -> String? {
            if cell.isEmpty || (!absent.isEmpty && cell == absent) { return nil }
            return spellings.first { $0.sheet == cell }?.model ?? cell
        }
    }

    /// Where a column's cells go in the report.
    public enum Source: Sendable {
        /// The field at a path of the report.
        case field(ModelPath)
        /// The field `value` of the record of the list at `list` whose field `key` is `code`.
        case keyed(list: ModelPath, key: String, code: String, value: String)
    }

    /// The columns, in the sheet's order.
    public var columns: [Column]
    /// The columns of the subject and the edition (rows are sorted by them).
    public var subjectColumn: Int?
    /// The column of the edition role's field, if the sheet has one.
    public var editionColumn: Int?
    /// The line ending of the sheet's rows.
    public var newline: String = "\n"
    /// The transform whose results fill the cells a report leaves empty (`table` of pages).
    public var derive: String?
    /// The publisher's wide workbook layout, read besides the columns above (which `table` writes).
    public var wide: Wide?

    /// A workbook sheet with a row per subject and, per edition, a group of columns under a
    /// header of several rows: a label row (merged over the group), other rows giving fields of
    /// the group's reports, and a row naming the group's columns.
    public struct Wide: Sendable {
        /// The field the first column names (the subject).
        public var subject: ModelPath
        /// The header row that labels each group (counted from 1).
        public var labelRow: Int
        /// The text field taking a group's label as printed.
        public var label: ModelPath
        /// An integer field taking the label's first four-digit year.
        public var year: ModelPath?
        /// Other header rows, each giving a field of the group's reports.
        public var rows: [(row: Int, field: ModelPath)]
        /// The header row naming each group's columns.
        public var namesRow: Int
        /// A group's columns.
        public var columns: [WideColumn]
        /// The workbook's sheets of this layout, by name, each with the fields it sets.
        public var sheets: [(name: String, set: [(field: ModelPath, value: String)])]

        /// A sheet's name or a column's, compared without the spaces around it.
        static func trimmed(_ s: String) -> Substring {
            var t = Substring(s)
            while t.first == " " { t.removeFirst() }
            while t.last == " " { t.removeLast() }
            return t
        }

        /// The declared sheet a workbook's sheet name is, if any.
        public func sheet(named name: String) -> Int? {
            sheets.firstIndex { Self.trimmed($0.name) == Self.trimmed(name) }
        }

        /// The declared column a names-row cell names, if any.
        public func column(named name: String) -> Int? {
            columns.firstIndex { Self.trimmed($0.name) == Self.trimmed(name) }
        }
    }

    /// One column of each group of a wide layout.
    public struct WideColumn: Sendable {
        /// Its name in the names row.
        public var name: String
        /// The scalar field its cells fill.
        public var field: ModelPath
        /// That field's kind (how a cell's value is split from its rest).
        public var kind: Kind
        /// A text field keeping what a cell prints after its value.
        public var rest: ModelPath?
        /// The sheet's own spellings of values (`F` for Free), and back.
        public var spellings: [(sheet: String, model: String)] = []
        /// The cell of a value that is not there (`-`).
        public var absent: String = ""
    }
}

extension SchemaLoader {
    mutating func loadSheet(_ node: YAMLNode?, root: RecordType, roles: Roles?, items itemNames: [ItemDefinition]) -> Sheet? {
        guard let node else { return nil }
        checkKeys(node, .sheet)
        var columns: [Sheet.Column] = []
        func numeric(_ field: Field) -> Bool {
            switch field.kind { case .decimal, .integer: true; default: false }
        }
        /// The items role's list, its record type and its value field.
        func itemsList(_ entry: YAMLNode, _ what: String) -> (Roles.ItemsRole, Field)? {
            guard let items = roles?.items, case .list(.record(let itemType))? = items.list.field(in: root)?.kind,
                  let value = itemType.fields.first(where: { $0.name == items.value }) else {
                sink.error(entry.mark, "the sheet's '\(what)' needs the 'items' role")
                return nil
            }
            return (items, value)
        }
        for entry in node["columns"]?.sequence ?? [] {
            checkKeys(entry, .sheetColumn)
            if entry["items"] != nil {
                guard flag(entry, "items") else { continue }
                guard let (items, value) = itemsList(entry, "items: true") else { continue }
                columns += itemNames.map {
                    Sheet.Column(name: $0.name, source: .keyed(list: items.list, key: items.key, code: $0.name, value: items.value), numeric: numeric(value))
                }
                continue
            }
            guard let name = entry["name"]?.string, !name.isEmpty else {
                sink.error(entry.mark, "a column of the sheet needs a 'name'")
                continue
            }
            if columns.contains(where: { $0.name == name }) { sink.error(entry.mark(of: "name"), "the sheet has two columns named '\(name)'") }
            var column: Sheet.Column
            if let itemNode = entry["item"] {
                guard let (items, value) = itemsList(entry, "item") else { continue }
                guard let code = itemNode.string, itemNames.contains(where: { $0.name == code }) else {
                    sink.error(itemNode.mark, "the sheet's column '\(name)': '\(itemNode.string ?? "?")' is not one of the items")
                    continue
                }
                column = Sheet.Column(name: name, source: .keyed(list: items.list, key: items.key, code: code, value: items.value), numeric: numeric(value))
            } else if let listNode = entry["list"] {
                guard let keyed = keyedColumn(entry, listNode, name: name, root: root) else { continue }
                column = keyed
            } else {
                guard let pathNode = entry["field"], let text = pathNode.string else {
                    sink.error(entry.mark, "a column of the sheet needs 'field', 'item' or 'list' (or is 'items: true')")
                    continue
                }
                let path = ModelPath(text)
                guard let field = path.field(in: root), field.kind.isScalar else {
                    sink.error(pathNode.mark, "the sheet's column '\(name)': '\(text)' is not a scalar field of '\(root.name)'\(suggestion(path, in: root))")
                    continue
                }
                column = Sheet.Column(name: name, source: .field(path), numeric: numeric(field))
            }
            for (spelling, keyMark, target) in entry["values"]?.mapping ?? [] {
                guard let model = target.string else {
                    sink.error(keyMark, "the sheet's column '\(name)': 'values' maps each spelling to a value")
                    continue
                }
                column.spellings.append((spelling, model))
                column.numeric = false
            }
            if let absent = entry["absent"] {
                column.absent = absent.string ?? ""
                column.numeric = false
            }
            columns.append(column)
        }
        if columns.isEmpty { sink.error(node.mark, "the sheet has no columns") }
        var newline = "\n"
        if let n = node["newline"] { newline = sheetNewline(n) }
        func column(_ role: Roles.Role?) -> Int? {
            guard let role else { return nil }
            return columns.firstIndex { if case .field(let p) = $0.source { p.names == role.path.names } else { false } }
        }
        let wide = node["wide"].flatMap { loadWide($0, root: root) }
        return Sheet(columns: columns, subjectColumn: column(roles?.subject), editionColumn: column(roles?.edition), newline: newline,
                     derive: sheetDerive(node["derive"]), wide: wide)
    }

    /// The sheet's `derive`: the name of a transform.
    private mutating func sheetDerive(_ d: YAMLNode?) -> String? {
        guard let d else { return nil }
        if let id = d.string, !id.isEmpty { return id }
        sink.error(d.mark, "the sheet's 'derive' names a transform")
        return nil
    }

    /// The sheet's line ending: `lf` or `crlf`.
    private mutating func sheetNewline(_ n: YAMLNode) -> String {
        switch n.string {
        case "lf": return "\n"
        case "crlf": return "\r\n"
        default:
            sink.error(n.mark, "the sheet's 'newline' is lf or crlf")
            return "\n"
        }
    }

    /// A column showing a field of the record a list holds under a key (`list`, `key`, `code`,
    /// `value`): the value of `code` in that list.
    private mutating func keyedColumn(_ entry: YAMLNode, _ listNode: YAMLNode, name: String, root: RecordType) -> Sheet.Column? {
        func numeric(_ field: Field) -> Bool {
            switch field.kind { case .decimal, .integer: true; default: false }
        }
        let path = ModelPath(listNode.string ?? "")
        guard case .list(.record(let type))? = path.field(in: root)?.kind else {
            sink.error(listNode.mark, "the sheet's column '\(name)': '\(listNode.string ?? "")' is not a list of records of '\(root.name)'\(suggestion(path, in: root))")
            return nil
        }
        guard let key = entry["key"]?.string, let code = entry["code"]?.string, let valueName = entry["value"]?.string else {
            sink.error(entry.mark, "the sheet's column '\(name)' needs, with 'list', 'key' (the field naming a record), 'code' (its value) and 'value' (the field shown)")
            return nil
        }
        guard let keyField = type.lookup(key).map({ type.fields[$0] }), keyField.kind.isScalar else {
            sink.error(entry.mark(of: "key"), "the sheet's column '\(name)': '\(key)' is not a scalar field of '\(type.name)'")
            return nil
        }
        guard let value = type.lookup(valueName).map({ type.fields[$0] }), value.kind.isScalar else {
            sink.error(entry.mark(of: "value"), "the sheet's column '\(name)': '\(valueName)' is not a scalar field of '\(type.name)'")
            return nil
        }
        if case .enumeration(let e) = keyField.kind, !e.values.contains(code) {
            sink.error(entry.mark(of: "code"), "the sheet's column '\(name)': '\(code)' is not a value of '\(e.name)'")
            return nil
        }
        return Sheet.Column(name: name, source: .keyed(list: path, key: keyField.name, code: code, value: valueName), numeric: numeric(value))
    }
}

extension SchemaLoader {
    /// The sheet's `wide:` layout, every path a field of the report.
    mutating func loadWide(_ node: YAMLNode, root: RecordType) -> Sheet.Wide? {
        checkKeys(node, .sheetWide)
        var ok = true
        func path(_ n: YAMLNode?, _ what: String, text: Bool = false) -> ModelPath? {
            guard let n else { return nil }
            let p = ModelPath(n.string ?? "")
            guard let f = p.field(in: root), f.kind.isScalar else {
                sink.error(n.mark, "the sheet's wide layout: \(what) '\(n.string ?? "")' is not a scalar field of '\(root.name)'\(suggestion(p, in: root))")
                ok = false
                return nil
            }
            if text, case .string = f.kind {} else if text {
                sink.error(n.mark, "the sheet's wide layout: \(what) '\(n.string ?? "")' is \(f.kind.name); it keeps text")
                ok = false
            }
            return p
        }
        func row(_ n: YAMLNode?, _ what: String) -> Int {
            guard let n else { return 0 }
            guard let r = n.string.flatMap({ Int($0) }), r >= 1 else {
                sink.error(n.mark, "the sheet's wide layout: \(what) is a row number, 1 or more")
                ok = false
                return 0
            }
            return r
        }
        let labelNode = node["label"]
        checkKeys(labelNode, .wideLabel)
        var rows: [(row: Int, field: ModelPath)] = []
        for r in node["rows"]?.sequence ?? [] {
            checkKeys(r, .wideRow)
            if let p = path(r["field"], "the row's field") { rows.append((row(r["row"], "'row'"), p)) }
        }
        var columns: [Sheet.WideColumn] = []
        for c in node["columns"]?.sequence ?? [] {
            checkKeys(c, .wideColumn)
            guard let name = c["name"]?.string, let p = path(c["field"], "the column's field"), let f = p.field(in: root) else { ok = false; continue }
            var column = Sheet.WideColumn(name: name, field: p, kind: f.kind, rest: path(c["rest"], "'rest'", text: true))
            for (spelling, keyMark, target) in c["values"]?.mapping ?? [] {
                guard let model = target.string else {
                    sink.error(keyMark, "the wide column '\(name)': 'values' maps each spelling to a value")
                    continue
                }
                column.spellings.append((spelling, model))
            }
            column.absent = c["absent"]?.string ?? ""
            columns.append(column)
        }
        var sheets: [(name: String, set: [(field: ModelPath, value: String)])] = []
        for s in node["sheets"]?.sequence ?? [] {
            checkKeys(s, .wideSheet)
            guard let name = s["name"]?.string else { ok = false; continue }
            var set: [(field: ModelPath, value: String)] = []
            for (field, keyMark, value) in s["set"]?.mapping ?? [] {
                let p = ModelPath(field)
                guard let f = p.field(in: root), f.kind.isScalar, let v = value.string else {
                    sink.error(keyMark, "the wide sheet '\(name)': 'set' gives scalar fields of '\(root.name)' their values")
                    ok = false
                    continue
                }
                if let problem = ScalarCheck.problem(v, f.kind) { sink.error(value.mark, "the wide sheet '\(name)': '\(field)': \(problem)"); ok = false }
                set.append((p, v))
            }
            sheets.append((name, set))
        }
        let subject = path(node["subject"], "'subject'")
        let label = path(labelNode?["field"], "the label's field", text: true)
        var year: ModelPath?
        if let y = labelNode?["year"], let p = path(y, "the label's year") {
            if case .integer? = p.field(in: root)?.kind { year = p } else { sink.error(y.mark, "the sheet's wide layout: the label's 'year' is an integer field"); ok = false }
        }
        let labelRow = row(labelNode?["row"], "the label's 'row'"), names = row(node["names"], "'names'")
        if columns.isEmpty || sheets.isEmpty { sink.error(node.mark, "the sheet's wide layout needs its 'columns' and its 'sheets'"); ok = false }
        guard ok, let subject, let label else { return nil }
        return Sheet.Wide(subject: subject, labelRow: labelRow, label: label, year: year, rows: rows, namesRow: names, columns: columns, sheets: sheets)
    }
}
