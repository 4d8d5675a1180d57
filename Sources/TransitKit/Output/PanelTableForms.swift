/// The panel table's forms: CSV (in the sheet's line endings) and JSON.
extension PanelTable {
    public var csv: String {
        var out = CSVWriter(newline: sheet.newline)
        out.row(columns)
        for row in sortedRows { out.row(row) }
        return out.text
    }

    /// An array of objects with the columns as keys; figures as numbers, missing values null.
    public var json: String {
        JSONValue.array(sortedRows.map { row in
            .inline(.object(zip(sheet.columns, row).map { column, value in
                JSONMember(column.name, value.map { column.numeric ? .number($0) : .string($0) } ?? .null)
            }))
        }).serialized()
    }
}
