/// Reads an all-data sheet (CSV, RFC 4180: quoted cells, `""` for a quote, LF or CRLF rows) in
/// the shape the schema's `sheet:` declares, as one short report per row: the figures only.
/// Every value is checked against its field as in the other formats, and every value keeps the
/// line and column of its cell, so a rule's finding points at the cell.
struct SheetReader {
    let schema: Schema
    let sheet: Sheet
    let file: String
    /// The bytes a workbook may inflate to, in all.
    var limit = ReadLimits.standard.maxBytes

    /// One row's report and the line it starts on.
    struct Row: Sendable {
        var report: Record
        var line: Int
        /// The workbook's sheet of the row (nil for CSV).
        var sheet: String? = nil
    }

    /// A cell: its text and where it starts (a line and column of CSV, a workbook's cell).
    struct Cell {
        var text: String
        var mark: Mark
    }

    /// What a read gives: the rows' reports, the warnings, and the workbook's sheet they come from.
    struct Read {
        var rows: [Row]
        var diagnostics: [Diagnostic]
    }

    func read(_ bytes: [UInt8]) throws(ReadError) -> Read {
        if Workbook.isWorkbook(bytes) || Workbook.isCompoundFile(bytes) { return try readWorkbook(bytes) }
        var sink = DiagnosticSink(file: file)
        let records = try parse(bytes, &sink)
        guard !records.isEmpty else {
            throw ReadError(file: file, mark: Mark(line: 1, column: 1), "the sheet is empty: expected a header row (\(expectedColumns))")
        }
        // The header: the first row naming the sheet's columns; title rows above it are skipped.
        let texts = records.prefix(SheetHeader.searchedRows).map { $0.map(\.text) }
        guard let found = SheetHeader.find(texts, columnNames) else {
            var message = "no \(schema.roles.family) sheet header in \(SheetHeader.firstRowsWords(min(records.count, SheetHeader.searchedRows))): expected a row of its columns (\(expectedColumns))"
            if let c = SheetHeader.closest(texts, columnNames) {
                message += "; the closest is line \(records[c.row][0].mark.line), where \(c.matching) of \(c.cells) cells name its columns"
            }
            throw ReadError(file: file, mark: Mark(line: 1, column: 1), message)
        }
        return Read(rows: try rows(records, header: found.row, &sink), diagnostics: sink.diagnostics)
    }

    var columnNames: Set<String> { Set(sheet.columns.map(\.name)) }
    var expectedColumns: String { sheet.columns.prefix(4).map(\.name).joined(separator: ", ") + ", …" }

    /// The rows below the header row `found` (title rows above it are skipped), as reports.
    func rows(_ records: [[Cell]], header found: Int, _ sink: inout DiagnosticSink) throws(ReadError) -> [Row] {
        let header = records[found]
        // The header names the columns; each must be one of the schema's.
        var columns: [Int?] = []
        var seen: Set<Int> = []
        for cell in header {
            guard let k = sheet.columns.firstIndex(where: { $0.name == cell.text }) else {
                let guess = Spelling.closest(to: cell.text, among: sheet.columns.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                sink.error(cell.mark, "'\(cell.text)' is not a column of the \(schema.roles.family) sheet\(guess)")
                columns.append(nil)
                continue
            }
            if !seen.insert(k).inserted { sink.error(cell.mark, "the column '\(cell.text)' is there twice") }
            columns.append(k)
        }
        try sink.throwIfErrors()

        let (targets, lists) = plan()
        var rows: [Row] = []
        rows.reserveCapacity(records.count - found - 1)
        for record in records.dropFirst(found + 1) {
            // A blank line (a lone empty cell) is no row.
            if record.count == 1, record[0].text.isEmpty { continue }
            if record.count != header.count {
                sink.error(record[0].mark, "the row has \(record.count) cells; the header has \(header.count)")
                continue
            }
            var report = Record(schema.root, mark: record[0].mark)
            if let marker = schema.marker { report.set(marker.field, marker.value, at: record[0].mark) }
            // Each list's records in column order; where a code's record stands in its list.
            var items = lists.map { _ in [Value]() }, marks = lists.map { _ in Mark.unknown }
            var positions = lists.map { [Int](repeating: -1, count: $0.codes) }
            for (cell, k) in zip(record, columns) {
                guard let k else { continue }
                let column = sheet.columns[k]
                guard let text = column.value(cell.text) else { continue }
                if !column.spellings.isEmpty, !column.spellings.contains(where: { $0.sheet == cell.text || $0.model == cell.text }) {
                    let codes = column.spellings.map(\.sheet)
                    let guess = Spelling.closest(to: cell.text, among: codes).map { "; did you mean '\($0)'?" } ?? ""
                    sink.error(cell.mark, "'\(column.name)': '\(cell.text)' is not one of \(codes.joined(separator: ", "))\(guess)")
                    continue
                }
                switch targets[k] {
                case .none: continue
                case .field(let path, let kind):
                    if let problem = ScalarCheck.problem(text, kind) { sink.error(cell.mark, "'\(column.name)': \(problem)"); continue }
                    report.set(at: path, .scalar(text, cell.mark))
                case .keyed(let slot, let number, let code, let v, let kind):
                    if let problem = ScalarCheck.problem(text, kind) { sink.error(cell.mark, "'\(column.name)': \(problem)"); continue }
                    let at = positions[slot][number]
                    if at >= 0, var r = items[slot][at].record {
                        r.fields[v] = .scalar(text, cell.mark)
                        items[slot][at] = .record(r)
                    } else {
                        var r = Record(lists[slot].type, mark: cell.mark)
                        r.fields[lists[slot].key] = .scalar(code, cell.mark)
                        r.fields[v] = .scalar(text, cell.mark)
                        if items[slot].isEmpty { marks[slot] = cell.mark }
                        positions[slot][number] = items[slot].count
                        items[slot].append(.record(r))
                    }
                }
            }
            for (slot, list) in lists.enumerated() where !items[slot].isEmpty { report.set(at: list.path, .list(items[slot], marks[slot])) }
            rows.append(Row(report: report, line: record[0].mark.line))
        }
        try sink.throwIfErrors()
        return rows
    }

    /// Where a column's cells go: a field of the report, or a field of the record under a
    /// code in a list (lists numbered by slot, codes within each list by number).
    private enum Target {
        case field(ModelPath, Kind)
        case keyed(slot: Int, number: Int, code: String, value: Int, kind: Kind)
        case none
    }

    /// A list the sheet's keyed columns fill: its path, record type, key field and codes.
    private struct ListSlot {
        let path: ModelPath
        let type: RecordType
        let key: Int
        var codes: Int
    }

    /// Each column's target, worked out once per sheet rather than once per cell.
    private func plan() -> (targets: [Target], lists: [ListSlot]) {
        var lists: [ListSlot] = []
        var numbers: [[String: Int]] = []
        let targets = sheet.columns.map { column -> Target in
            switch column.source {
            case .field(let path):
                guard let field = path.field(in: schema.root) else { return .none }
                return .field(path, field.kind)
            case .keyed(let list, let key, let code, let valueName):
                guard case .list(.record(let type))? = list.field(in: schema.root)?.kind,
                      let v = type.lookup(valueName), let k = type.lookup(key) else { return .none }
                let slot: Int
                if let found = lists.firstIndex(where: { $0.path.names == list.names && $0.key == k }) {
                    slot = found
                } else {
                    lists.append(ListSlot(path: list, type: type, key: k, codes: 0))
                    numbers.append([:])
                    slot = lists.count - 1
                }
                let number = numbers[slot][code] ?? lists[slot].codes
                if number == lists[slot].codes { lists[slot].codes += 1; numbers[slot][code] = number }
                return .keyed(slot: slot, number: number, code: code, value: v, kind: type.fields[v].kind)
            }
        }
        return (targets, lists)
    }

    /// The CSV records, each a list of cells with their marks (column in Unicode scalars).
    private func parse(_ bytes: [UInt8], _ sink: inout DiagnosticSink) throws(ReadError) -> [[Cell]] {
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        if let bad = UTF8Check.firstInvalid(bytes) {
            throw ReadError(file: file, mark: markOf(bytes, bad), "the sheet is not UTF-8 text (byte \(bad))")
        }
        let n = bytes.count
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        var records: [[Cell]] = []
        var line = 1, lineStart = start, i = start
        // A cell's column in Unicode scalars, counted on from the last cell of the line (the
        // bytes are valid UTF-8: a scalar is a byte that is no continuation byte).
        var countedTo = start, counted = 0
        func column(_ at: Int) -> Int {
            if countedTo < lineStart || countedTo > at { countedTo = lineStart; counted = 0 }
            for b in bytes[countedTo..<at] where b & 0xC0 != 0x80 { counted += 1 }
            countedTo = at
            return counted + 1
        }
        while i < n {
            var record: [Cell] = []
            while true {
                let mark = Mark(line: line, column: column(i))
                var text: [UInt8] = []
                if i < n, bytes[i] == quote {
                    i += 1
                    var closed = false
                    while i < n {
                        if bytes[i] == quote {
                            if i + 1 < n, bytes[i + 1] == quote { text.append(quote); i += 2; continue }
                            i += 1
                            closed = true
                            break
                        }
                        if bytes[i] == lf { line += 1; lineStart = i + 1 }
                        text.append(bytes[i])
                        i += 1
                    }
                    if !closed { throw ReadError(file: file, mark: mark, "a quoted cell is not closed") }
                    if i < n, bytes[i] != comma, bytes[i] != lf, bytes[i] != cr {
                        throw ReadError(file: file, mark: Mark(line: line, column: column(i)), "text after a quoted cell's closing quote")
                    }
                } else {
                    while i < n, bytes[i] != comma, bytes[i] != lf, bytes[i] != cr {
                        if bytes[i] == quote {
                            throw ReadError(file: file, mark: Mark(line: line, column: column(i)), "a quote inside an unquoted cell (quote the whole cell and double its quotes)")
                        }
                        text.append(bytes[i])
                        i += 1
                    }
                }
                record.append(Cell(text: String(decoding: text, as: UTF8.self), mark: mark))
                if i < n, bytes[i] == comma { i += 1; continue }
                break
            }
            records.append(record)
            // The end of the row: LF, CRLF or a lone CR.
            if i < n {
                if bytes[i] == cr, i + 1 < n, bytes[i + 1] == lf { i += 1 }
                i += 1
                line += 1
                lineStart = i
            }
        }
        return records
    }

    private func markOf(_ bytes: [UInt8], _ offset: Int) -> Mark {
        var line = 1, start = 0
        for (k, b) in bytes[..<offset].enumerated() where b == 0x0A { line += 1; start = k + 1 }
        return Mark(line: line, column: String(decoding: bytes[start..<offset], as: UTF8.self).unicodeScalars.count + 1)
    }
}

extension Transit {
    /// Whether a file is an all-data sheet (a `.csv`, or a workbook: `.xlsx`), which holds many reports.
    public static func isSheet(_ path: String) -> Bool {
        let name = FileIO.baseName(of: path).lowercased()
        return name.hasSuffix(".csv") || name.hasSuffix(".xlsx")
    }

    /// Whether a file is a workbook by its name (`.xlsx`).
    public static func isWorkbook(_ path: String) -> Bool { FileIO.baseName(of: path).lowercased().hasSuffix(".xlsx") }

    /// Whether a file opens as a zip archive or an OLE compound file, as a workbook does
    /// whatever its name (its first bytes are read).
    public static func opensAsWorkbook(_ path: String) -> Bool {
        guard let head = try? FileIO.readPrefix(path, count: 8) else { return false }
        return Workbook.isWorkbook(head) || Workbook.isCompoundFile(head)
    }

    /// Reads an all-data sheet of the schema's `sheet:` shape: one short report per row.
    public func readSheet(_ bytes: [UInt8], file: String) throws(ReadError) -> SheetRead {
        guard let sheet = schema.sheet else {
            throw ReadError(file: file, mark: Mark(line: 1, column: 1), "the \(schema.roles.family) schema declares no all-data sheet ('sheet:')")
        }
        let read = try SheetReader(schema: schema, sheet: sheet, file: file, limit: limits.maxBytes).read(bytes)
        let sheets = read.rows.map(\.sheet)
        return SheetRead(reports: read.rows.map(\.report), diagnostics: read.diagnostics, rowSheets: sheets.contains { $0 != nil } ? sheets : nil)
    }
}

/// The reports of an all-data sheet's rows, what its reader noticed, and the workbook's sheet
/// each row was read from (nil for CSV).
public struct SheetRead: Sendable {
    /// A report per row, in the sheet's order.
    public var reports: [Record]
    /// The warnings and notes of the read.
    public var diagnostics: [Diagnostic]
    /// Each report's sheet, for a workbook's rows.
    public var rowSheets: [String?]? = nil

    /// The findings on report `row`, with its sheet named where they mark a cell.
    public func located(_ diagnostics: [Diagnostic], row: Int) -> [Diagnostic] {
        guard let sheet = rowSheets?[row] else { return diagnostics }
        return diagnostics.map { d in
            var d = d
            if d.mark.cell != nil, d.sheet == nil { d.sheet = sheet }
            return d
        }
    }
}
