/// A workbook in the schema's wide layout (`sheet: wide:`): a row per subject and, per edition,
/// a group of columns under a header of several rows. Each group of each row with a value is a
/// short report: the subject, the group's label (and the year it names), the fields the other
/// header rows and the sheet give, and the group's cells, each value located at its cell.
extension SheetReader {
    /// One group of columns: where it starts, its label, its header rows' cells, and its
    /// columns (the sheet's column number, the layout's column).
    private struct Group {
        var start: Int
        var label: String
        var rows: [String]
        var columns: [(column: Int, index: Int)]
    }

    /// Whether the workbook has a sheet of the wide layout.
    func hasWideSheet(_ book: Workbook) -> Bool {
        guard let wide = sheet.wide else { return false }
        return book.sheets.contains { wide.sheet(named: $0.name) != nil }
    }

    func readWide(_ book: Workbook, _ wide: Sheet.Wide) throws(ReadError) -> Read {
        var rows: [Row] = [], diagnostics: [Diagnostic] = []
        for part in book.sheets {
            guard let declared = wide.sheet(named: part.name) else { continue }
            var sink = DiagnosticSink(file: file)
            var header: [Int: [Workbook.Cell]] = [:]
            var groups: [Group]?
            try book.rows(of: part) { r, cells throws(ReadError) in
                if r <= wide.namesRow {
                    header[r] = cells
                    return true
                }
                if groups == nil { groups = makeGroups(header, wide, &sink) }
                guard let subject = cells.first, subject.column == 1, !subject.text.isEmpty else { return true }
                var texts: [Int: String] = [:]
                for c in cells { texts[c.column] = c.text }
                for g in groups ?? [] {
                    if let report = report(row: r, subject: subject.text, group: g, texts, wide, wide.sheets[declared].set, &sink) {
                        rows.append(Row(report: report, line: r, sheet: part.name))
                    }
                }
                return true
            }
            diagnostics += Self.named(sink.diagnostics, part.name)
        }
        if rows.isEmpty, !diagnostics.contains(where: { $0.severity == .error }) {
            throw ReadError(file: file, mark: .unknown, "the workbook's sheets of the \(schema.roles.family) layout (\(wide.sheets.map { "'\($0.name)'" }.joined(separator: ", "))) rate no one")
        }
        if diagnostics.contains(where: { $0.severity == .error }) { throw ReadError(diagnostics) }
        return Read(rows: rows, diagnostics: diagnostics)
    }

    /// The groups the header rows describe: a group starts at each label, and its columns are
    /// named in the names row.
    private func makeGroups(_ header: [Int: [Workbook.Cell]], _ wide: Sheet.Wide, _ sink: inout DiagnosticSink) -> [Group] {
        let labels = (header[wide.labelRow] ?? []).filter { $0.column > 1 && !$0.text.isEmpty }
        let names = (header[wide.namesRow] ?? []).filter { $0.column > 1 && !$0.text.isEmpty }
        var groups: [Group] = []
        for (k, label) in labels.enumerated() {
            let end = k + 1 < labels.count ? labels[k + 1].column : Int.max
            var columns: [(column: Int, index: Int)] = []
            for n in names where n.column >= label.column && n.column < end {
                guard let index = wide.column(named: n.text) else {
                    let known = wide.columns.map(\.name)
                    let guess = Spelling.closest(to: n.text, among: known).map { "; did you mean '\($0)'?" } ?? ""
                    sink.error(.cell(row: wide.namesRow, column: n.column), "'\(StringEscape.printable(n.text))' is not a column of the \(schema.roles.family) layout (\(known.joined(separator: ", ")))\(guess)")
                    continue
                }
                columns.append((n.column, index))
            }
            let rows = wide.rows.map { row in header[row.row]?.first { $0.column == label.column }?.text ?? "" }
            groups.append(Group(start: label.column, label: label.text, rows: rows, columns: columns))
        }
        if groups.isEmpty { sink.error(.cell(row: wide.labelRow, column: 2), "no group of columns is labelled in row \(wide.labelRow)") }
        return groups
    }

    /// One group of one row as a report, or nil where every cell of the group is absent.
    private func report(row r: Int, subject: String, group g: Group, _ texts: [Int: String], _ wide: Sheet.Wide,
                        _ set: [(field: ModelPath, value: String)], _ sink: inout DiagnosticSink) -> Record? {
        let at = Mark.cell(row: r, column: g.start)
        var report = Record(schema.root, mark: at)
        var any = false
        for (column, index) in g.columns {
            let c = wide.columns[index]
            guard let text = texts[column], !text.isEmpty, text != c.absent else { continue }
            any = true
            let mark = Mark.cell(row: r, column: column)
            let (value, rest) = Self.split(text, c)
            if let problem = ScalarCheck.problem(value.isEmpty ? text : value, c.kind) {
                sink.error(mark, "'\(Sheet.Wide.trimmed(c.name))' of \(g.label): \(problem)")
                continue
            }
            report.set(at: c.field, .scalar(value, mark))
            if let restField = c.rest, !rest.isEmpty { report.set(at: restField, .scalar(rest, mark)) }
        }
        guard any else { return nil }
        if let marker = schema.marker { report.set(marker.field, marker.value, at: at) }
        report.set(at: wide.subject, .scalar(subject, .cell(row: r, column: 1)))
        report.set(at: wide.label, .scalar(g.label, .cell(row: wide.labelRow, column: g.start)))
        if let year = wide.year, let y = Self.firstYear(g.label) { report.set(at: year, .scalar(String(y), .cell(row: wide.labelRow, column: g.start))) }
        for (row, text) in zip(wide.rows, g.rows) where !text.isEmpty { report.set(at: row.field, .scalar(text, .cell(row: row.row, column: g.start))) }
        for (field, value) in set { report.set(at: field, .scalar(value, at)) }
        return report
    }

    /// A cell's value and what it prints after it: the longest spelling the cell starts with,
    /// or the leading number of a number field; with no `rest` field, the whole cell.
    static func split(_ text: String, _ column: Sheet.WideColumn) -> (value: String, rest: String) {
        guard column.rest != nil else {
            return (column.spellings.first { $0.sheet == text }?.model ?? text, "")
        }
        if !column.spellings.isEmpty {
            guard let s = column.spellings.filter({ text.hasPrefix($0.sheet) }).max(by: { $0.sheet.count < $1.sheet.count }) else { return (text, "") }
            return (s.model, String(text.dropFirst(s.sheet.count)))
        }
        switch column.kind {
        case .integer, .decimal:
            var end = text.startIndex
            if text.first == "-" { end = text.index(after: end) }
            while end < text.endIndex, text[end].isASCII, text[end].isNumber { end = text.index(after: end) }
            if case .decimal = column.kind, end < text.endIndex, text[end] == "." {
                var after = text.index(after: end)
                while after < text.endIndex, text[after].isASCII, text[after].isNumber { after = text.index(after: after) }
                end = after
            }
            return (String(text[..<end]), String(text[end...]))
        default:
            return (text, "")
        }
    }

    /// The first run of four digits of a label (`Jan.-Feb. 1973` → 1973, `1983-84` → 1983).
    static func firstYear(_ label: String) -> Int? {
        let digits = Array(label.utf8)
        var k = 0
        while k + 4 <= digits.count {
            let run = digits[k..<(k + 4)]
            if run.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), k == 0 || !(digits[k - 1] >= 0x30 && digits[k - 1] <= 0x39),
               k + 4 == digits.count || !(digits[k + 4] >= 0x30 && digits[k + 4] <= 0x39) {
                return Int(String(decoding: run, as: UTF8.self))
            }
            k += 1
        }
        return nil
    }
}

extension Transit {
    /// An edition given as a year (`1990`) or as the publisher labels it (`1989-90`,
    /// `Jan.-Feb. 1973`): the year, or the label's first four-digit year, as a wide layout's
    /// label gives its edition.
    public static func editionYear(_ text: String) -> Int? {
        Int(text) ?? SheetReader.firstYear(text)
    }
}
