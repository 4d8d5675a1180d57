/// The panel table's forms: CSV (in the sheet's line endings), JSON and a workbook.
extension PanelTable {
    /// The table as CSV: the sheet's header row, then one row a report, in the sheet's line endings.
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

    /// A workbook of one sheet, named after the family (as a sheet name may be: 31 characters,
    /// none of `[]:*?/\`), the figures stored as numbers that print as they are written.
    public func xlsx(sheetName: String) throws(ReadError) -> [UInt8] {
        let name = String(sheetName.filter { !"[]:*?/\\".contains($0) }.prefix(31))
        return try WorkbookWriter.workbook(sheet: name.isEmpty ? "Sheet1" : name, columns: columns, numeric: sheet.columns.map(\.numeric), rows: sortedRows)
    }
}
