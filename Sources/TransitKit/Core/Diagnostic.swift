/// A position in an input file: line and column count from 1 (column in Unicode scalars).
/// Zero means "not known" (libxml2's schema errors, for instance, carry no column).
public struct Mark: Hashable, Sendable, CustomStringConvertible {
    // Eight bytes: every value of a report carries its mark, and values are copied often. A
    // file transit reads is at most `--max-bytes` long; a line or column past 2^31 is clamped.
    private var storedLine: Int32
    private var storedColumn: Int32

    /// The line, counted from 1 (0: no known position; for a cell, its row with the cell flag).
    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }

    /// The column in Unicode scalars, counted from 1 (for a cell, its column: A is 1).
    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Int32(clamping: newValue) }
    }

    /// A place in a text file: line and column, each counted from 1.
    public init(line: Int, column: Int) {
        storedLine = Int32(clamping: line)
        storedColumn = Int32(clamping: column)
    }

    /// No known position.
    public static let unknown = Mark(line: 0, column: 0)

    /// A workbook's cell, row and column counted from 1 (`K124` is row 124, column 11). Its line
    /// carries a flag bit above any row a workbook can have (1,048,576), so that cells sort by
    /// row, then column, and are never taken for a line of text.
    public static func cell(row: Int, column: Int) -> Mark {
        Mark(line: Self.cellFlag | min(max(row, 0), Self.cellFlag - 1), column: column)
    }

    private static let cellFlag = 1 << 30

    /// The cell's row and column, if this marks a workbook's cell.
    public var cell: (row: Int, column: Int)? {
        line & Self.cellFlag != 0 ? (line & (Self.cellFlag - 1), column) : nil
    }

    /// A line of text, as opposed to a cell or no known position.
    public var isTextLine: Bool { line > 0 && cell == nil }

    /// `K124` for a cell.
    public var cellReference: String? {
        guard let (row, column) = cell else { return nil }
        return Self.columnLetters(column) + String(row)
    }

    /// A column's letters: 1 is A, 27 is AA.
    public static func columnLetters(_ column: Int) -> String {
        var n = max(column, 1), letters: [UInt8] = []
        while n > 0 {
            letters.append(UInt8(65 + (n - 1) % 26))
            n = (n - 1) / 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }

    /// `LINE:COLUMN`, or the cell's reference (`K124`).
    public var description: String { cellReference ?? "\(line):\(column)" }
}

/// How serious a diagnostic is.
public enum Severity: String, Sendable, Comparable {
    /// Something worth knowing that is not wrong (a file the archive passed over, say).
    case note
    /// Something probably wrong that does not fail validation unless `--strict` is given.
    case warning
    /// Something wrong: the file fails validation.
    case error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    /// Notes below warnings below errors.
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// One problem found in an input, located in it.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible, Error {
    /// How serious it is.
    public var severity: Severity
    /// The file it is in, as the user named it.
    public var file: String
    /// Where in the file: a line and column, a workbook's cell, or unknown.
    public var mark: Mark
    /// What is wrong, in a sentence.
    public var message: String
    /// The id of the schema rule that found it (validation findings).
    public var rule: String?
    /// Where the value stands in the model: a JSON Pointer into the report's JSON form.
    public var pointer: String?
    /// What the caller can change so the input reads (the tool names its own option for it).
    public var remedy: Remedy?
    /// The workbook's sheet, where the mark is a cell.
    public var sheet: String?

    /// A diagnostic of `file` at `mark`.
    public init(_ severity: Severity, file: String, mark: Mark, _ message: String, remedy: Remedy? = nil) {
        self.severity = severity
        self.file = file
        self.mark = mark
        self.message = message
        self.remedy = remedy
    }

    /// `FILE:LINE:COLUMN: severity: message`, the form compilers use and editors and CI read
    /// (`FILE: severity: message` where no position is known, as for a file that cannot be
    /// written). Control characters from the input are escaped, so no message spans two lines.
    public var description: String {
        "\(location): \(severity.rawValue): \(StringEscape.printable(message))"
    }

    /// `FILE:LINE:COLUMN`, `BOOK.xlsx:SHEET!K124` for a workbook's cell, else `FILE`, escaped.
    public var location: String {
        StringEscape.printable(file) + (position.map { ":" + StringEscape.printable($0) } ?? "")
    }

    /// `LINE:COLUMN`, `SHEET!K124` (a sheet name quoted as in a formula where it needs to be:
    /// `'Country Ratings, Statuses '!B7`), or nil where no position is known.
    public var position: String? {
        if let cell = mark.cellReference { return sheet.map { Self.quotedSheet($0) + "!" } .map { $0 + cell } ?? cell }
        return mark.line > 0 ? "\(mark.line):\(mark.column)" : nil
    }

    /// A sheet's name as a formula writes it: bare when letters, digits, `_`, `.` and `-`,
    /// else in single quotes with a quote doubled.
    static func quotedSheet(_ name: String) -> String {
        let plain = !name.isEmpty && name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "_.-".unicodeScalars.contains($0) }
        return plain ? name : "'" + name.replacingOccurrences("'", "''") + "'"
    }
}

/// What a caller of the library can change when an input is refused for a setting, not for its
/// content: the library says which; a tool names its own option for it.
public enum Remedy: String, Sendable {
    /// Say the input's format (its file name does not tell it).
    case format
    /// Raise the size limit of the reads.
    case sizeLimit
}

/// The error a reader throws when its input cannot be read: every problem it found, in order.
public struct ReadError: Error, Sendable, CustomStringConvertible {
    /// Every problem found, in the order found.
    public var diagnostics: [Diagnostic]

    /// The error of these diagnostics.
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    /// The error of one problem.
    public init(file: String, mark: Mark, _ message: String, remedy: Remedy? = nil) {
        self.diagnostics = [Diagnostic(.error, file: file, mark: mark, message, remedy: remedy)]
    }

    /// Every diagnostic, a line each.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Gathers the diagnostics of one read: warnings go on, errors are collected too and thrown
/// together at the end, so the user sees every problem of a file in one run.
public struct DiagnosticSink: Sendable {
    /// The file the diagnostics are of.
    public let file: String
    /// What was said so far, in order.
    public private(set) var diagnostics: [Diagnostic] = []

    /// A sink for the diagnostics of `file`.
    public init(file: String) { self.file = file }

    /// A problem that does not stop the read.
    public mutating func warning(_ mark: Mark, _ message: String) {
        diagnostics.append(Diagnostic(.warning, file: file, mark: mark, message))
    }

    /// Information that is no problem (where a value came from, say).
    public mutating func note(_ mark: Mark, _ message: String) {
        diagnostics.append(Diagnostic(.note, file: file, mark: mark, message))
    }

    /// A problem that fails the read (thrown with the others at the end).
    public mutating func error(_ mark: Mark, _ message: String) {
        diagnostics.append(Diagnostic(.error, file: file, mark: mark, message))
    }

    /// Whether any error was said.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The warnings and notes said.
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity != .error } }

    /// Throws every diagnostic if any of them is an error.
    public func throwIfErrors() throws(ReadError) {
        if hasErrors { throw ReadError(diagnostics) }
    }
}
