/// Where a sheet's header row stands. A sheet saved from a publisher's workbook keeps the title
/// rows above its header (the title of the data); the header is the first of the
/// first rows whose every cell names a column of the schema's sheet.
enum SheetHeader {
    /// How many rows are searched for the header.
    static let searchedRows = 10

    /// The cells of the first `limit` rows of CSV text (a UTF-8 byte-order mark skipped, quoted
    /// cells with `""` for a quote, LF, CRLF or CR ends). Tolerant: `bytes` may be a prefix of the
    /// file, and a quoted cell left open ends the rows.
    static func firstRows(_ bytes: ArraySlice<UInt8>, limit: Int = searchedRows) -> [[String]] {
        var i = bytes.startIndex
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i += 3 }
        let end = bytes.endIndex, comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        var rows: [[String]] = []
        while i < end, rows.count < limit {
            var row: [String] = []
            while true {
                var text: [UInt8] = []
                if i < end, bytes[i] == quote {
                    i += 1
                    var closed = false
                    while i < end {
                        if bytes[i] == quote {
                            if i + 1 < end, bytes[i + 1] == quote { text.append(quote); i += 2; continue }
                            i += 1
                            closed = true
                            break
                        }
                        text.append(bytes[i])
                        i += 1
                    }
                    if !closed { return rows }
                }
                while i < end, bytes[i] != comma, bytes[i] != lf, bytes[i] != cr { text.append(bytes[i]); i += 1 }
                row.append(String(decoding: text, as: UTF8.self))
                if i < end, bytes[i] == comma { i += 1; continue }
                break
            }
            rows.append(row)
            if i < end, bytes[i] == cr { i += 1 }
            if i < end, bytes[i] == lf { i += 1 }
        }
        return rows
    }

    /// How many of the row's non-empty cells name a column, and how many there are.
    static func score(_ row: [String], _ names: Set<String>) -> (matching: Int, cells: Int) {
        var matching = 0, cells = 0
        for cell in row where !cell.isEmpty {
            cells += 1
            if names.contains(cell) { matching += 1 }
        }
        return (matching, cells)
    }

    /// Whether the row is a header of the sheet: two cells or more, each naming a column.
    static func isHeader(_ row: [String], _ names: Set<String>) -> Bool {
        let s = score(row, names)
        return s.cells >= 2 && s.matching == s.cells
    }

    /// The header row among `rows` (0-based), else the row nearest to one (the most cells naming
    /// columns, at least half of its own), else nil.
    static func find(_ rows: [[String]], _ names: Set<String>) -> (row: Int, exact: Bool)? {
        if let k = rows.prefix(searchedRows).firstIndex(where: { isHeader($0, names) }) { return (k, true) }
        guard let best = closest(rows, names), best.matching * 2 >= best.cells else { return nil }
        return (best.row, false)
    }

    /// "the first row", "the first 10 rows".
    static func firstRowsWords(_ n: Int) -> String { n == 1 ? "the first row" : "the first \(n) rows" }

    /// The best row's account when no header is found: "row 2 has 3 of its 40 cells naming
    /// columns", or nil when no row has any.
    static func closest(_ rows: [[String]], _ names: Set<String>) -> (row: Int, matching: Int, cells: Int)? {
        let scored = rows.prefix(searchedRows).enumerated().map { (row: $0.offset, score: score($0.element, names)) }
        guard let best = scored.max(by: { $0.score.matching < $1.score.matching }), best.score.matching > 0 else { return nil }
        return (best.row, best.score.matching, best.score.cells)
    }
}
