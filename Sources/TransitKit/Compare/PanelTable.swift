/// The figures of many reports as one table, one row per report, in the shape of the family's
/// all-data sheet (the schema's `sheet:` columns). Missing values are empty. Rows sorted by
/// subject, then edition. A family with two scales has a column saying how each row's figures
/// are printed, so that rows on different scales are never side by side unmarked.
public struct PanelTable: Sendable {
    /// The column headings, in the sheet's order.
    public let columns: [String]
    /// The rows added, each a cell per column (nil: empty).
    public private(set) var rows: [[String?]] = []
    /// The rows as they were added (a table of one sheet keeps the sheet's order), rather
    /// than by subject, then edition.
    public var inInputOrder = false
    let sheet: Sheet
    private let roles: Roles

    /// Each keyed column's list (by number in `lists`), worked out once.
    private let slots: [Int?]
    private let lists: [(list: ModelPath, key: String)]
    /// The sheet's `derive` transform, which fills the cells a report leaves empty.
    private let derive: Transform?
    private let schema: Schema

    /// An empty table in the shape of the schema's sheet.
    public init(schema: Schema) {
        sheet = schema.sheet ?? Sheet(columns: [], subjectColumn: nil, editionColumn: nil)
        roles = schema.roles
        self.schema = schema
        derive = sheet.derive.flatMap(schema.transform)
        columns = sheet.columns.map(\.name)
        var lists: [(list: ModelPath, key: String)] = []
        slots = sheet.columns.map { column in
            guard case .keyed(let list, let key, _, _) = column.source else { return nil }
            if let k = lists.firstIndex(where: { $0.list.names == list.names && $0.key == key }) { return k }
            lists.append((list, key))
            return lists.count - 1
        }
        self.lists = lists
    }

    /// A report's row, each cell as the sheet spells it; the cells it leaves empty filled by the
    /// sheet's `derive` transform where the schema has one (what the report holds stays).
    /// `deriving: false` keeps a row as it stands (a sheet's row, whose empty cells are the
    /// sheet's own).
    public func row(_ r: Record, deriving: Bool = true) -> [String?] {
        var row = cells(r)
        guard deriving, let derive, row.contains(where: { $0 == nil }), let derived = try? derive.apply(to: r, schema: schema) else { return row }
        for (k, cell) in cells(derived).enumerated() where row[k] == nil { row[k] = cell }
        return row
    }

    /// A report's row as it stands.
    private func cells(_ r: Record) -> [String?] {
        // Each keyed list's records by key, found once per row.
        var byKey = [[String: Record]?](repeating: nil, count: lists.count)
        return sheet.columns.indices.map { c in
            let column = sheet.columns[c]
            switch column.source {
            case .field(let path):
                return column.cell(r.text(at: path))
            case .keyed(let list, let key, let code, let value):
                let slot = slots[c] ?? 0
                if byKey[slot] == nil {
                    var found: [String: Record] = [:]
                    for item in r.value(at: list)?.items ?? [] {
                        if let record = item.record, let k = record.text(key), found[k] == nil { found[k] = record }
                    }
                    byKey[slot] = found
                }
                return column.cell(byKey[slot]?[code]?.text(value))
            }
        }
    }

    /// Adds a row (made by `row(_:)`).
    public mutating func add(_ row: [String?]) { rows.append(row) }

    /// The report a row is of: its subject and edition (nil when it names neither).
    public func identity(_ row: [String?]) -> String? {
        guard let s = sheet.subjectColumn, let e = sheet.editionColumn, let subject = row[s], let edition = row[e] else { return nil }
        return "\(subject) \(edition)"
    }

    /// The first column where two rows of one report disagree, with both values.
    public func disagreement(_ a: [String?], _ b: [String?]) -> (column: String, a: String?, b: String?)? {
        for (k, column) in columns.enumerated() where !Self.same(a[k], b[k]) { return (column, a[k], b[k]) }
        return nil
    }

    /// Figures agree by value (`1.5` = `1.50`), other cells by text.
    private static func same(_ a: String?, _ b: String?) -> Bool {
        if a == b { return true }
        if let a, let b, let x = ExactDecimal(a), let y = ExactDecimal(b) { return x == y }
        return false
    }

    /// Rows by subject, then edition (as a number).
    public var sortedRows: [[String?]] {
        guard !inInputOrder, let s = sheet.subjectColumn, let e = sheet.editionColumn else { return rows }
        return rows.sorted { a, b in
            if (a[s] ?? "") != (b[s] ?? "") { return (a[s] ?? "") < (b[s] ?? "") }
            return (a[e].flatMap { Int($0) } ?? 0) < (b[e].flatMap { Int($0) } ?? 0)
        }
    }
}
