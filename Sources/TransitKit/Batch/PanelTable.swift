/// The figures of many reports as one table, one row per report, in the shape of the publisher's
/// all-data sheet: `country, edition, scale, status, democracy_score, democracy_percentage,
/// last_year_percentage, last_year_status`, then one column per category in the schema's order,
/// headed by the category's name. Missing values are empty. Rows sorted by country, then edition.
/// The `scale` column says how each row's figures are printed (current: 7 best; inverted: 1
/// best), so that rows on different scales are never side by side unmarked.
public struct PanelTable: Sendable {
    public let columns: [String]
    public private(set) var rows: [[String?]] = []
    private let categories: [String]

    public static let fixedColumns = ["country", "edition", "scale", "status", "democracy_score", "democracy_percentage",
                                      "last_year_percentage", "last_year_status"]

    public init(schema: Schema) {
        categories = schema.categories.map(\.name)
        columns = Self.fixedColumns + categories
    }

    /// A report's row.
    public func row(_ r: Record) -> [String?] {
        let last = r["last_year"]?.record
        var ratings: [String: String] = [:]
        for c in r["categories"]?.items ?? [] {
            if let rec = c.record, let name = rec.text("name") { ratings[name] = rec.text("rating") }
        }
        return [r.text("country"), r.text("edition"), r.text("scale"), r.text("status"), r.text("democracy_score"), r.text("democracy_percentage"),
                last?.text("percentage"), last?.text("status")] + categories.map { ratings[$0] }
    }

    public mutating func add(_ row: [String?]) { rows.append(row) }

    /// The report a row is of: its country and edition (nil when it names neither).
    public static func identity(_ row: [String?]) -> String? {
        guard let country = row[0], let edition = row[1] else { return nil }
        return "\(country) \(edition)"
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

    /// Rows by country, then edition (as a number).
    public var sortedRows: [[String?]] {
        rows.sorted { a, b in
            if (a[0] ?? "") != (b[0] ?? "") { return (a[0] ?? "") < (b[0] ?? "") }
            return (a[1].flatMap { Int($0) } ?? 0) < (b[1].flatMap { Int($0) } ?? 0)
        }
    }

    public var csv: String {
        func field(_ s: String?) -> String {
            guard let s else { return "" }
            return s.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
                ? "\"" + s.replacingOccurrences("\"", "\"\"") + "\"" : s
        }
        var out = columns.map(field).joined(separator: ",") + "\n"
        for row in sortedRows { out += row.map(field).joined(separator: ",") + "\n" }
        return out
    }

    /// An array of objects with the columns as keys; figures as numbers, missing values null.
    public var json: String {
        let textual: Set<String> = ["country", "scale", "status", "last_year_status"]
        let items = sortedRows.map { row in
            "  {" + zip(columns, row).map { column, value in
                JSONWriter.quoted(column) + ": " + (value.map { textual.contains(column) ? JSONWriter.quoted($0) : $0 } ?? "null")
            }.joined(separator: ", ") + "}"
        }
        return items.isEmpty ? "[]\n" : "[\n" + items.joined(separator: ",\n") + "\n]\n"
    }
}
