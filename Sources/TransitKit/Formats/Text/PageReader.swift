#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the page text of a country report (every layout of the text-format spec) into the model,
/// with the layout needed to write the same bytes back.
final class PageReader {
    let schema: Schema
    let types: PageTypes
    let file: String
    let bytes: [UInt8]
    let hasBOM: Bool
    var lines: [Range<Int>] = []
    var sink: DiagnosticSink
    var report: Record
    var layout: [String] = []
    var i = 0
    var options = ReadOptions()
    /// The page's bullet (`  • `), as bytes.
    let bullet: [UInt8]

    // Where the report's identity came from.
    var pageSubject = false, pageEdition = false
    /// The status line is there but misspelt (an error): nothing is derived in its place.
    var bandMisspelt = false
    var footerSubject: String?, resultSubject: String?, headingEdition: Int?

    // Sections whose footnotes are resolved together.
    var items: [Value] = []
    var statements: [Value] = []
    var authors: [Value] = []
    /// The names came as one line joined by the schema's joiner (in the authors' section, or a
    /// byline): a bullet after it is no name of the list, since that line's placeholder writes
    /// every name of the list on it.
    var authorsJoined = false
    var scores: [Value] = []
    /// The paragraphs (or bullets) of each headed section of the layout's `sections`.
    var sectionParagraphs: [Int: [(ArraySlice<UInt8>, Int)]] = [:]
    /// The paragraphs of each section printed otherwise than the section's (by index), when the
    /// layout names the field that says so.
    var otherwisePrinted: [Int: Set<Int>] = [:]
    /// Blocks of prose read once the page is read, where notes are numbered through the page.
    var pendingProse: [PendingProse] = []
    /// Lines (0-based) kept as they stand, unread: read as values, they were not written back
    /// the same (see ``read(options:)``).
    var verbatim: Set<Int> = []

    init(bytes: [UInt8], file: String, schema: Schema, types: PageTypes) {
        // A UTF-8 byte-order mark is not part of the page: kept aside, and written back.
        hasBOM = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        self.bytes = hasBOM ? Array(bytes.dropFirst(3)) : bytes
        self.file = file
        self.schema = schema
        self.types = types
        self.bullet = Array(types.spec.bullet.utf8)
        self.sink = DiagnosticSink(file: file)
        self.report = Record(schema.root, mark: Mark(line: 1, column: 1))
    }

    /// A block of prose whose notes are read with the page's others, and where it goes.
    struct PendingProse {
        enum Target {
            case section(Int)
            /// Item `k`'s list field.
            case item(Int, String)
            /// A record field of the report, and its list field.
            case record(String, String)
        }
        var paragraphs: [(ArraySlice<UInt8>, Int)]
        var label: String
        var target: Target
    }

    struct Result {
        var report: Record
        var diagnostics: [Diagnostic]
    }

    /// Reads the page, and takes it as read only if writing what was read gives back its bytes
    /// (see ``GetPut``): a line that would not come back the same is kept as it stands, unread.
    func read(options: ReadOptions) throws(ReadError) -> Result {
        guard options.getPut else { return try readOnce(options: options) }
        let original = hasBOM ? [0xEF, 0xBB, 0xBF] + bytes : bytes
        let writer = PageWriter(schema: schema, types: types, file: file)
        var lineStarts: [Int] = []
        return try GetPut<Result>(file: file, original: original).read { verbatim throws(ReadError) in
            let reader = verbatim.isEmpty ? self : PageReader(bytes: original, file: file, schema: schema, types: types)
            reader.verbatim = verbatim
            let result = try reader.readOnce(options: options)
            if lineStarts.isEmpty { lineStarts = reader.lines.map { $0.lowerBound + (reader.hasBOM ? 3 : 0) } }
            return (result, lineStarts)
        } write: { result throws(ReadError) in
            try writer.write(result.report)
        } warn: { result, diagnostic in
            result.diagnostics.append(diagnostic)
        }
    }

    func readOnce(options: ReadOptions) throws(ReadError) -> Result {
        self.options = options
        try checkEncoding()
        let (ending, finalNewline) = splitLines()
        parseTop()
        parseBody()
        finish(options: options)

        // The page record: only what differs from a standard page.
        var page = Record(types.page)
        if ending != "lf" { page.set("line_ending", ending) }
        if finalNewline { page.set("final_newline", "true") }
        if hasBOM { page.set("bom", "true") }
        var derived: [Value] = []
        // A band the page does not print is derived from the headline figure, and said.
        let roles = schema.roles, band = types.spec.band
        if report[band] == nil, !bandMisspelt, let figure = report.text(at: roles.headline.path).flatMap({ ExactDecimal($0) }),
           let value = schema.band(of: figure) {
            report.set(band, value)
            derived.append(.scalar(band, .unknown))
            sink.warning(Mark(line: 1, column: 1), "the page has no \(roles.band.label.lowercased()) line; derived '\(value)' from the \(roles.headline.label) \(figure)")
        }
        // What else the page does not print, the layout's `derive` transform fills in, and says.
        if let derivation = schema.sections[PageDerivation?.self], !bandMisspelt {
            let before = report
            switch derivation.derive(report, schema) {
            case .success(let after):
                for (k, field) in report.type.fields.enumerated() where before.fields[k] == nil {
                    guard let value = after.fields[k], let text = value.text else { continue }
                    report.fields[k] = .scalar(text, .unknown)
                    derived.append(.scalar(field.name, .unknown))
                    sink.note(Mark(line: 1, column: 1), "the page does not print '\(field.name)'; derived '\(text)'")
                }
            case .failure(let failure):
                sink.warning(Mark(line: 1, column: 1), failure.message + "; what the page does not print is left out")
            }
        }
        if !derived.isEmpty { page["derived"] = .list(derived, .unknown) }
        report[types.spec.page] = .record(page)

        let engine = PageLayout(types: types, schema: schema)
        compressLists(engine)
        if layout != engine.standard(for: report) {
            page["layout"] = .list(layout.map { .scalar($0, .unknown) }, .unknown)
        }
        report[types.spec.page] = page.fields.allSatisfy({ $0 == nil }) ? nil : .record(page)
        // What a structured format would refuse of the report read (a value the layout took
        // that its field's kind does not allow): written out, it could not be read back.
        if !sink.hasErrors { ModelCheck.problems(in: report, into: &sink) }
        try sink.throwIfErrors()
        return Result(report: report, diagnostics: sink.diagnostics)
    }

    // MARK: - Lines

    func checkEncoding() throws(ReadError) {
        if bytes.isEmpty { throw ReadError(file: file, mark: Mark(line: 1, column: 1), "the file is empty") }
        if let bad = UTF8Check.firstInvalid(bytes) {
            var line = 1, start = 0
            for (k, b) in bytes[..<bad].enumerated() where b == 0x0A { line += 1; start = k + 1 }
            let column = bytes[start..<bad].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
            throw ReadError(file: file, mark: Mark(line: line, column: column), "invalid UTF-8 (byte 0x\(String(bytes[bad], radix: 16, uppercase: true)))")
        }
        if let nul = firstIndex(0) {
            let line = bytes[..<nul].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            throw ReadError(file: file, mark: Mark(line: line, column: 1), "the text contains a NUL byte")
        }
    }

    /// Splits on the page's line ending (LF, CRLF or CR, whichever the file uses).
    func splitLines() -> (String, Bool) {
        let hasLF = firstIndex(0x0A) != nil, hasCR = firstIndex(0x0D) != nil
        var ending = "lf"
        if hasCR {
            if !hasLF {
                ending = "cr"
            } else {
                // CRLF only if every LF follows a CR.
                var crlf = true, from = 0
                while let k = firstIndex(0x0A, from: from) {
                    if k == 0 || bytes[k - 1] != 0x0D { crlf = false; break }
                    from = k + 1
                }
                if crlf { ending = "crlf" }
            }
        }
        let separator: UInt8 = ending == "cr" ? 0x0D : 0x0A
        let trim = ending == "crlf" ? 1 : 0
        var start = 0
        lines.reserveCapacity(bytes.count / 64)
        while let k = firstIndex(separator, from: start) {
            lines.append(start..<(k - trim))
            start = k + 1
        }
        let finalNewline = start == bytes.count
        if !finalNewline { lines.append(start..<bytes.count) }
        return (ending, finalNewline)
    }

    /// The first offset at or after `from` holding `byte` (memchr), or nil.
    func firstIndex(_ byte: UInt8, from: Int = 0) -> Int? {
        guard from < bytes.count else { return nil }
        return bytes.withUnsafeBytes { raw in
            memchr(raw.baseAddress! + from, Int32(byte), raw.count - from).map { UnsafeRawPointer($0) - raw.baseAddress! }
        }
    }

    func line(_ k: Int) -> ArraySlice<UInt8> { bytes[lines[k]] }
    func text(_ k: Int) -> String { String(decoding: bytes[lines[k]], as: UTF8.self) }

    /// The mark of byte `offset` into line `k`.
    func mark(_ k: Int, byte offset: Int = 0) -> Mark {
        let l = line(k)
        let end = l.startIndex + min(offset, l.count)
        var column = 1
        for b in l[l.startIndex..<end] where b & 0xC0 != 0x80 { column += 1 }
        return Mark(line: k + 1, column: column)
    }

    func literal(_ k: Int) { layout.append(PageLayout.literal(text(k))) }

    func unrecognised(_ k: Int) {
        literal(k)
        sink.warning(mark(k), "line not recognised; kept as it is")
    }

    // MARK: - Small helpers

    

    /// A section heading (a title the layout names, any case, `:` allowed, or the archive form
    /// `header2 <title>`): its title, or nil.
    func heading(_ l: ArraySlice<UInt8>) -> String? {
        let spec = types.spec
        let word = spec.heading.utf8
        if !word.isEmpty, l.starts(with: word) {
            let afterWord = l.dropFirst(word.count)
            let digits = afterWord.prefix(while: isDigit)
            if !digits.isEmpty, afterWord.dropFirst(digits.count).first == 0x20 {
                return String(decoding: afterWord.dropFirst(digits.count + 1), as: UTF8.self)
            }
        }
        let bare = l.last == UInt8(ascii: ":") ? l.dropLast() : l
        let isHeading: Bool
        if spec.authors?.titles.contains(where: { equalsIgnoringASCIICase(bare, $0) }) == true {
            isHeading = true
        } else if spec.heading.isEmpty {
            // Headings printed bare on every page: a line is one only as its template prints it
            // (a paragraph that starts with a section's title is a paragraph).
            let lower = bare.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }[...]
            isHeading = spec.changes.map({ HeadingTemplate.reads(lower, $0.heading) || HeadingTemplate.reads(lower, $0.untitled) }) == true
                || spec.sections.contains(where: { HeadingTemplate.reads(lower, $0.heading) })
        } else {
            // A copy's bare heading, told by how it starts.
            isHeading = spec.changes.map({ startsIgnoringASCIICase(bare, $0.title) }) == true
                || spec.sections.contains(where: { startsIgnoringASCIICase(bare, $0.title) && bare.count < 80 })
        }
        return isHeading ? String(decoding: l, as: UTF8.self) : nil
    }

    /// A byline of `by` (`By A and B`): the names, or nil.
    func byline(_ l: ArraySlice<UInt8>, _ by: PageSpec.Byline) -> String? {
        guard let prefix = by.prefixes.first(where: { l.starts(with: $0.utf8) }), l.count > prefix.utf8.count else { return nil }
        let name = String(decoding: l.dropFirst(prefix.utf8.count), as: UTF8.self)
        // A byline is short and ends in a name, not a sentence.
        guard name.utf8.count < 200, !name.hasSuffix(".") || name.split(separator: " ").count <= 6 else { return nil }
        return name
    }

    func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// A badge: a whole number (`23`, `-1`), alone or with the maximum after it as the last
    /// edition's figures print it (`20 / 100`); the number and what follows it.
    func badgeLine(_ l: ArraySlice<UInt8>) -> (String, String)? {
        let space = l.firstIndex(of: 0x20) ?? l.endIndex
        guard isWholeNumber(l[..<space]) else { return nil }
        let tail = String(decoding: l[space...], as: UTF8.self)
        guard tail.isEmpty || types.spec.last?.max.contains(tail) == true else { return nil }
        return (String(decoding: l[..<space], as: UTF8.self), tail)
    }

    /// `<title prefix><edition><separator><subject>`: the edition, the subject (canonical and as
    /// printed), and the byte where the name starts.
    func titleWithName(_ s: String, _ title: PageSpec.Line, _ sep: String) -> (edition: String, subject: String, printed: String, nameByte: Int)? {
        guard s.hasPrefix(title.prefix) else { return nil }
        let rest = s.dropFirst(title.prefix.count)
        let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
        guard digits.count == 4, rest.dropFirst(4).hasPrefix(sep) else { return nil }
        let printed = String(rest.dropFirst(4 + sep.count))
        guard let subject = types.countries.canonical(printed) else { return nil }
        return (String(digits), subject, printed, s.utf8.count - printed.utf8.count)
    }

    /// `12`, `-3`: digits, with a minus sign first.
    func isWholeNumber(_ l: ArraySlice<UInt8>) -> Bool {
        let digits = l.first == UInt8(ascii: "-") ? l.dropFirst() : l
        return !digits.isEmpty && digits.allSatisfy(isDigit)
    }
}
