/// An all-data sheet inside a workbook (`.xlsx`): the sheet is the first whose first rows hold
/// the schema's header (notes sheets beside it and title rows above the header are skipped),
/// and every cell keeps its sheet and reference, so a finding reads `book.xlsx:FIW13-24!K124`.
extension SheetReader {
    func readWorkbook(_ bytes: [UInt8]) throws(ReadError) -> Read {
        let result: Result<Read, ReadError> = bytes.withUnsafeBytes { raw in
            do throws(ReadError) {
                return .success(try readWorkbook(Workbook(raw, file: file, limit: limit)))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private func readWorkbook(_ book: Workbook) throws(ReadError) -> Read {
        if let wide = sheet.wide, hasWideSheet(book) { return try readWide(book, wide) }
        let names = columnNames
        var closest: (sheet: String, row: Int, matching: Int, cells: Int)?
        for part in book.sheets {
            var head: [[Cell]] = []
            try book.rows(of: part) { row, cells throws(ReadError) in
                head.append(Self.cells(row, cells))
                return head.count < SheetHeader.searchedRows
            }
            let texts = head.map { $0.map(\.text) }
            if let found = SheetHeader.find(texts, names), found.exact {
                return try readSheet(part, of: book, headerRow: head[found.row][0].mark.cell?.row ?? 1)
            }
            if let c = SheetHeader.closest(texts, names), c.matching > (closest?.matching ?? 0) {
                closest = (part.name, head[c.row][0].mark.cell?.row ?? 0, c.matching, c.cells)
            }
        }
        var message = "no \(schema.roles.family) sheet header in the first \(SheetHeader.searchedRows) rows of any sheet (\(book.sheets.map { "'\($0.name)'" }.joined(separator: ", "))): expected a row of its columns (\(expectedColumns))"
        if let c = closest { message += "; the closest is row \(c.row) of '\(c.sheet)', where \(c.matching) of \(c.cells) cells name its columns" }
        throw ReadError(file: file, mark: .unknown, message)
    }

    /// The sheet's rows from its header row down, read as the CSV rows are.
    private func readSheet(_ part: Workbook.Part, of book: Workbook, headerRow: Int) throws(ReadError) -> Read {
        var records: [[Cell]] = []
        var width = 0
        var sink = DiagnosticSink(file: file)
        try book.rows(of: part) { row, cells throws(ReadError) in
            guard row >= headerRow else { return true }
            var record = Self.cells(row, cells)
            if row == headerRow {
                width = record.count
            } else if record.count > width {
                // A value right of the header's last column has no column to be read in.
                let extra = record[width...].first { !$0.text.isEmpty }
                if let extra { sink.error(extra.mark, "a value right of the header's last column (\(Mark.columnLetters(width))): '\(StringEscape.printable(extra.text))'") }
                record.removeLast(record.count - width)
            }
            // An empty row is no row; cells left empty at the end of a row are cells all the same.
            if record.allSatisfy(\.text.isEmpty) { return true }
            if record.count < width { record += (record.count + 1...width).map { Cell(text: "", mark: .cell(row: row, column: $0)) } }
            records.append(record)
            return true
        }
        do throws(ReadError) {
            let rows = try rows(records, header: 0, &sink).map { row in
                var row = row
                row.sheet = part.name
                return row
            }
            return Read(rows: rows, diagnostics: Self.named(sink.diagnostics, part.name))
        } catch {
            throw ReadError(Self.named(error.diagnostics, part.name))
        }
    }

    /// A row's cells from column A to its last non-empty cell, the gaps empty.
    static func cells(_ row: Int, _ cells: [Workbook.Cell]) -> [Cell] {
        guard let last = cells.last?.column else { return [Cell(text: "", mark: .cell(row: row, column: 1))] }
        var out = (1...last).map { Cell(text: "", mark: .cell(row: row, column: $0)) }
        for c in cells where c.column >= 1 && c.column <= last { out[c.column - 1].text = c.text }
        return out
    }

    static func named(_ diagnostics: [Diagnostic], _ sheet: String) -> [Diagnostic] {
        diagnostics.map { d in
            var d = d
            if d.mark.cell != nil { d.sheet = sheet }
            return d
        }
    }
}

extension SheetHeader {
    /// The first rows of each sheet of a workbook (`bytes` a file's first bytes, `path` the
    /// file, read whole when they open a zip archive): nil when it is no workbook, else the
    /// rows or why the workbook cannot be read.
    static func workbookRows(_ bytes: ArraySlice<UInt8>, path: String) -> Result<[[[String]]], ReadError>? {
        guard Workbook.isWorkbook(bytes) || Workbook.isCompoundFile(bytes) else { return nil }
        do throws(ReadError) {
            let whole = try FileIO.read(path, maxBytes: ReadLimits.standard.maxBytes)
            let rows: Result<[[[String]]], ReadError> = whole.withUnsafeBytes { raw in
                do throws(ReadError) {
                    let book = try Workbook(raw, file: path, limit: ReadLimits.standard.maxBytes)
                    var sheets: [[[String]]] = []
                    for part in book.sheets {
                        var head: [[String]] = []
                        try book.rows(of: part) { row, cells throws(ReadError) in
                            head.append(SheetReader.cells(row, cells).map(\.text))
                            return head.count < searchedRows
                        }
                        sheets.append(head)
                    }
                    return .success(sheets)
                } catch {
                    return .failure(error)
                }
            }
            return rows
        } catch {
            return .failure(error)
        }
    }
}
