/// The schema's `tables:` section: named lookup tables the rules read with `lookup(name, x)`,
/// each a list of rows giving the value for the numbers from `min` to `max` (either end may be
/// open). The first row that holds `x` gives the value; none gives null.
///
///     tables:
///       grade:
///         - {value: A, min: 90}
///         - {value: B, min: 75, max: 89}
///         - {value: C, max: 74}
///
/// A table whose values are all numbers gives numbers; otherwise strings.
struct LookupTable: Sendable {
    struct Row: Sendable {
        var value: String
        var min: Rational?
        var max: Rational?
    }

    let name: String
    let rows: [Row]
    let numeric: Bool

    func value(of x: Rational) -> RuleValue {
        for row in rows where (row.min.map { x >= $0 } ?? true) && (row.max.map { x <= $0 } ?? true) {
            if numeric, let n = Number(text: row.value) { return .number(n, nil) }
            return .string(row.value, nil)
        }
        return .null
    }
}

/// Every lookup table of a schema, by name.
struct LookupTables: SchemaSection {
    static var absent: LookupTables { LookupTables(tables: [:]) }
    let tables: [String: LookupTable]
}

extension Schema {
    var lookupTables: [String: LookupTable] { sections[LookupTables.self].tables }
}

extension SchemaLoader {
    mutating func loadTables(_ node: YAMLNode?) -> LookupTables {
        var tables: [String: LookupTable] = [:]
        guard let node else { return LookupTables(tables: [:]) }
        guard let entries = node.mapping else {
            sink.error(node.mark, "'tables' maps each table's name to its rows")
            return LookupTables(tables: [:])
        }
        for (name, keyMark, rowsNode) in entries {
            let context = "table '\(name)'"
            guard let rowNodes = rowsNode.sequence, !rowNodes.isEmpty else {
                sink.error(rowsNode.mark, "\(context) needs rows: {value, min, max}")
                continue
            }
            var rows: [LookupTable.Row] = []
            for row in rowNodes {
                checkKeys(row, .lookupRow, in: "a row of \(context)")
                guard let value = row["value"]?.string, !value.isEmpty else {
                    sink.error(row.mark, "a row of \(context) needs a 'value'")
                    continue
                }
                func end(_ key: String) -> Rational?? {
                    guard let n = row[key] else { return .some(nil) }
                    guard let d = n.string.flatMap({ ExactDecimal($0) }) else {
                        sink.error(n.mark, "\(context): '\(key)' must be a number, not '\(n.string ?? "?")'")
                        return nil
                    }
                    return .some(Rational(d))
                }
                guard let min = end("min"), let max = end("max") else { continue }
                if min == nil, max == nil { sink.error(row.mark, "a row of \(context) needs 'min' or 'max'") }
                if let a = min, let b = max, b < a { sink.error(row.mark, "\(context): the row of '\(value)' has 'min' above 'max'") }
                // Rows must not overlap: a number belongs to one row.
                for other in rows {
                    let below = (max != nil && other.min != nil && max! < other.min!)
                    let above = (min != nil && other.max != nil && min! > other.max!)
                    if !below && !above {
                        sink.error(row.mark, "\(context): the row of '\(value)' overlaps the row of '\(other.value)'")
                        break
                    }
                }
                rows.append(LookupTable.Row(value: value, min: min, max: max))
            }
            _ = keyMark
            let numeric = rows.allSatisfy { ExactDecimal($0.value) != nil }
            tables[name] = LookupTable(name: name, rows: rows, numeric: numeric)
            tableKinds[name] = numeric
        }
        return LookupTables(tables: tables)
    }
}
