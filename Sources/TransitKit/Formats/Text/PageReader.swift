#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the page text of a country report (every layout of the text-format spec) into the model,
/// with the layout needed to write the same bytes back.
final class PageReader {
    private let schema: Schema
    private let types: PageTypes
    private let file: String
    private let bytes: [UInt8]
    private let hasBOM: Bool
    private var lines: [Range<Int>] = []
    private var sink: DiagnosticSink
    private var report: Record
    private var layout: [String] = []
    private var i = 0
    private var options = ReadOptions()

    // Where the report's identity came from.
    private var pageCountry = false, pageEdition = false
    /// The status line is there but misspelt (an error): nothing is derived in its place.
    private var statusMisspelt = false
    private var footerCountry: String?, resultCountry: String?, headingEdition: Int?

    // Sections whose footnotes are resolved together.
    private var summary: [(bytes: ArraySlice<UInt8>, line: Int)] = []
    private var categories: [Value] = []
    private var statements: [Value] = []
    private var authors: [Value] = []
    private var footerScores: [Value] = []

    init(bytes: [UInt8], file: String, schema: Schema, types: PageTypes) {
        // A UTF-8 byte-order mark is not part of the page: kept aside, and written back.
        hasBOM = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        self.bytes = hasBOM ? Array(bytes.dropFirst(3)) : bytes
        self.file = file
        self.schema = schema
        self.types = types
        self.sink = DiagnosticSink(file: file)
        self.report = Record(schema.root, mark: Mark(line: 1, column: 1))
    }

    struct Result {
        var report: Record
        var diagnostics: [Diagnostic]
    }

    func read(options: ReadOptions) throws(ReadError) -> Result {
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
        if report["status"] == nil, !statusMisspelt, let score = report.text("democracy_score").flatMap({ ExactDecimal($0) }),
           let status = schema.band(of: score) {
            report.set("status", status)
            derived.append(.scalar("status", .unknown))
            sink.warning(Mark(line: 1, column: 1), "the page has no status line; derived '\(status)' from the Democracy Score \(score)")
        }
        if !derived.isEmpty { page["derived"] = .list(derived, .unknown) }
        report["page"] = .record(page)

        let engine = PageLayout(types: types)
        compressLists(engine)
        if layout != engine.standard(for: report) {
            page["layout"] = .list(layout.map { .scalar($0, .unknown) }, .unknown)
        }
        report["page"] = page.fields.allSatisfy({ $0 == nil }) ? nil : .record(page)
        try sink.throwIfErrors()
        return Result(report: report, diagnostics: sink.diagnostics)
    }

    // MARK: - Lines

    private func checkEncoding() throws(ReadError) {
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
    private func splitLines() -> (String, Bool) {
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
    private func firstIndex(_ byte: UInt8, from: Int = 0) -> Int? {
        guard from < bytes.count else { return nil }
        return bytes.withUnsafeBytes { raw in
            memchr(raw.baseAddress! + from, Int32(byte), raw.count - from).map { UnsafeRawPointer($0) - raw.baseAddress! }
        }
    }

    private func line(_ k: Int) -> ArraySlice<UInt8> { bytes[lines[k]] }
    private func text(_ k: Int) -> String { String(decoding: bytes[lines[k]], as: UTF8.self) }

    /// The mark of byte `offset` into line `k`.
    private func mark(_ k: Int, byte offset: Int = 0) -> Mark {
        let l = line(k)
        let end = l.startIndex + min(offset, l.count)
        var column = 1
        for b in l[l.startIndex..<end] where b & 0xC0 != 0x80 { column += 1 }
        return Mark(line: k + 1, column: column)
    }

    private func literal(_ k: Int) { layout.append(PageLayout.literal(text(k))) }

    private func unrecognised(_ k: Int) {
        literal(k)
        sink.warning(mark(k), "line not recognised; kept as it is")
    }

    // MARK: - Top of the page: title, country, status, figures, methodology

    private func parseTop() {
        var badge: (layoutIndex: Int, value: String)?
        var afterLastYear = false, expectLastYearStatus = false
        top: while i < lines.count {
            let l = line(i)
            if l.isEmpty { layout.append(""); i += 1; continue }
            if heading(l) != nil || isCategoryHeader(l) || byline(l) != nil || l.starts(with: Self.bullet) { break top }
            let s = text(i)
            // A value is read once: a second line that would set it again is kept as it is.
            if !pageEdition, s.hasPrefix("Nations in Transit "), let edition = Int(s.dropFirst(19)), (1990...2100).contains(edition) {
                report.set("edition", String(edition), at: mark(i, byte: 19))
                pageEdition = true
                layout.append("Nations in Transit ${edition}")
            } else if !pageCountry, let country = types.countries.canonical(s) {
                report.set("country", country, at: mark(i))
                pageCountry = true
                layout.append(country == s ? "${country}" : "${country:\(s)}")
            } else if expectLastYearStatus ? report["last_year"]?.record?["status"] == nil : report["status"] == nil,
                      let status = types.status.canonical(s) {
                let field = expectLastYearStatus ? "last_year.status" : "status"
                if expectLastYearStatus { setLastYear("status", status, mark(i)) } else { report.set("status", status, at: mark(i)) }
                layout.append(status == s ? "${\(field)}" : "${\(field):\(s)}")
                expectLastYearStatus = false
            } else if afterLastYear, report["last_year"] == nil, let first = l.first, isDigit(first),
                      first != 0x30 || l.count == 1 || !isDigit(l[l.startIndex + 1]) {
                lastYearFigures(i, &expectLastYearStatus)
                afterLastYear = false
            } else if s.contains(ignoringCase: "last year") {
                literal(i)
                afterLastYear = true
            } else if report["methodology"] == nil, s.hasPrefix("The ratings are based") || s.contains(ignoringCase: "scale of 1 to 7") {
                methodology(i, s)
            } else if report["democracy_percentage"] == nil, s.contains(ignoringCase: "democracy percentage") || s.contains(ignoringCase: "democracy-percentage") {
                figure(i, after: "percentage", field: "democracy_percentage")
            } else if report["democracy_score"] == nil, s.contains(ignoringCase: "democracy score") || s.contains(ignoringCase: "democracy-score") {
                figure(i, after: "score", field: "democracy_score")
            } else if l.allSatisfy(isDigit), report["democracy_percentage"] == nil, badge == nil {
                badge = (layout.count, s)
                literal(i)
            } else if s == "/ 100" || s == "100" || s == "See the methodology." {
                literal(i)
            } else if let field = misspelt(s, country: !pageCountry, status: expectLastYearStatus ? report["last_year"]?.record?["status"] == nil : report["status"] == nil) {
                // The same verdict as a structured format gives the same mistake.
                literal(i)
                sink.error(mark(i), "'\(field.name)': \(ScalarCheck.problem(s, .enumeration(field.type)) ?? "not valid")")
                if field.name == "status" { statusMisspelt = true }
            } else {
                unrecognised(i)
            }
            i += 1
        }
        if let badge, let pct = report.text("democracy_percentage").flatMap({ ExactDecimal($0) }),
           pct.rounded(places: 0).description == badge.value {
            layout[badge.layoutIndex] = "${democracy_percentage|round}"
        }
    }

    private func setLastYear(_ name: String, _ value: String, _ at: Mark) {
        var last = report["last_year"]?.record ?? Record(types.lastYear, mark: at)
        last.set(name, value, at: at)
        report["last_year"] = .record(last)
    }

    /// `5 100 Consolidated Authoritarian Regime`, `5 / 100`, or `5` alone (status on a later line).
    private func lastYearFigures(_ k: Int, _ expectStatus: inout Bool) {
        let l = line(k)
        var e = l.startIndex
        while e < l.endIndex && isDigit(l[e]) { e += 1 }
        setLastYear("percentage", String(decoding: l[l.startIndex..<e], as: UTF8.self), mark(k))
        var rest = String(decoding: l[e...], as: UTF8.self)
        var out = "${last_year.percentage}"
        for scale in [" / 100", " 100"] where rest.hasPrefix(scale) {
            out += scale
            rest.removeFirst(scale.count)
            break
        }
        if rest.hasPrefix(" "), let status = types.status.canonical(String(rest.dropFirst())) {
            let spelling = String(rest.dropFirst())
            setLastYear("status", status, mark(k, byte: l.count - spelling.utf8.count))
            out += " " + (status == spelling ? "${last_year.status}" : "${last_year.status:\(spelling)}")
        } else {
            out += PageLayout.literal(rest)
            expectStatus = rest.isEmpty
        }
        layout.append(out)
    }

    /// A line holding a figure after a label: the first number after `label` is the value.
    private func figure(_ k: Int, after label: String, field: String) {
        let l = line(k)
        let lowered = l.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
        let needle = Array(label.utf8)
        var start = 0
        if let at = firstRange(of: needle, in: lowered) { start = at + needle.count }
        var s = start
        while s < lowered.count && !isDigit(lowered[s]) { s += 1 }
        guard s < lowered.count else { unrecognised(k); return }
        var e = s
        while e < lowered.count && (isDigit(lowered[e]) || (lowered[e] == 0x2E && e + 1 < lowered.count && isDigit(lowered[e + 1]))) { e += 1 }
        let base = l.startIndex
        let value = String(decoding: l[(base + s)..<(base + e)], as: UTF8.self)
        guard ScalarCheck.isDecimal(value) else { unrecognised(k); return }
        report.set(field, value, at: mark(k, byte: s))
        layout.append(PageLayout.literal(String(decoding: l[base..<(base + s)], as: UTF8.self)) + "${\(field)}"
                      + PageLayout.literal(String(decoding: l[(base + e)...], as: UTF8.self)))
    }

    private func methodology(_ k: Int, _ s: String) {
        let link = " See the methodology."
        if s.hasSuffix(link) {
            report.set("methodology", String(s.dropLast(link.count)), at: mark(k))
            layout.append("${methodology}" + PageLayout.literal(link))
        } else {
            report.set("methodology", s, at: mark(k))
            layout.append("${methodology}")
        }
        if s.contains(ignoringCase: "1 representing the highest") || s.contains(ignoringCase: "1 = most democratic") {
            report.set("scale", "inverted", at: mark(k))
        } else if s.contains(ignoringCase: "7 representing the highest") {
            report.set("scale", "current", at: mark(k))
        }
    }

    // MARK: - Body: headings and their sections

    private enum Zone { case none, summary, scoreChanges, authors, categories, footer, other }

    private func parseBody() {
        var zone = Zone.none
        while i < lines.count {
            let l = line(i)
            if l.isEmpty { layout.append(""); i += 1; continue }
            if let h = heading(l) {
                literal(i)
                let title = h.lowercased()
                let bare = title.hasSuffix(":") ? String(title.dropLast()) : title
                if bare.hasPrefix("score changes") {
                    zone = .scoreChanges
                    if report["score_changes"] == nil { report["score_changes"] = .record(Record(types.scoreChanges, mark: mark(i))) }
                    if let year = Int(bare.split(separator: " ").last ?? "") { headingEdition = year + 1 }
                } else if bare == "executive summary" {
                    zone = .summary
                } else if bare == "author" || bare == "authors" {
                    zone = .authors
                } else {
                    zone = .other
                    sink.warning(mark(i), "unknown section '\(h)'; its lines are kept as they are")
                }
                i += 1
                continue
            }
            if isCategoryHeader(l) {
                parseCategory()
                zone = .categories
                continue
            }
            let s = text(i)
            // The closing note on the author follows the summary, once; before that, such a line
            // is a paragraph like any other.
            if zone != .footer && zone != .authors && zone != .summary && report["author_bio"] == nil,
               let prefix = ["Author: ", "Authors: "].first(where: { s.hasPrefix($0) }) {
                report.set("author_bio", String(s.dropFirst(prefix.count)), at: mark(i, byte: prefix.utf8.count))
                layout.append(PageLayout.literal(prefix) + "${author_bio}")
            } else if report["notice"] == nil && l.count <= 300 && containsIgnoringASCIICase(l, Self.willBePosted) {
                report.set("notice", s, at: mark(i))
                layout.append("${notice}")
            } else if zone == .footer || startsFooter(s) {
                zone = .footer
                footerLine(s)
            } else {
                switch zone {
                case .scoreChanges: scoreChangeLine(s)
                case .authors: authorLine(s)
                case .none, .summary:
                    if let name = byline(l), authors.isEmpty, summary.isEmpty {
                        byline(name, s)
                        zone = .summary
                    } else if zone == .summary {
                        layout.append("${executive_summary.\(summary.count)}")
                        summary.append((l, i))
                    } else {
                        unrecognised(i)
                    }
                case .categories, .other, .footer:
                    unrecognised(i)
                }
            }
            i += 1
        }
    }

    private func byline(_ names: String, _ s: String) {
        let prefix = String(s.prefix(3))  // "By " or "by "
        let joiner = names.contains(bytes: " & ") ? " & " : " and "
        for name in names.components(joiner) {
            authors.append(.scalar(name, mark(i, byte: 3)))
        }
        layout.append(PageLayout.literal(prefix) + (joiner == " and " ? "${authors}" : "${authors/\(joiner)}"))
    }

    private func authorLine(_ s: String) {
        if s.hasPrefix("  • ") {
            layout.append("  • ${authors.\(authors.count)}")
            authors.append(.scalar(String(s.dropFirst(4)), mark(i, byte: 6)))
        } else if authors.isEmpty {
            let joiner = s.contains(bytes: " & ") ? " & " : " and "
            for name in s.components(joiner) { authors.append(.scalar(name, mark(i))) }
            layout.append(joiner == " and " ? "${authors}" : "${authors/\(joiner)}")
        } else {
            unrecognised(i)
        }
    }

    // MARK: Score changes

    private static let verbs = ["improved", "declined", "worsened"]
    private static let willBePosted = Array("will be posted".utf8)
    private static let noScoreChanges = Array("no score changes".utf8)

    private func scoreChangeLine(_ s: String) {
        var changes = report["score_changes"]!.record!
        let bulleted = s.hasPrefix("  • ")
        let body = bulleted ? String(s.dropFirst(4)) : s
        let prefix = bulleted ? "  • " : ""
        let at = mark(i, byte: bulleted ? 6 : 0)
        var bare = Array(body.utf8)[...]
        if bare.last == UInt8(ascii: ".") { bare = bare.dropLast() }
        if equalsIgnoringASCIICase(bare, Self.noScoreChanges) {
            changes.set("no_changes", "true", at: at)
            layout.append(prefix + "${score_changes.no_changes:\(body)}")
        } else if changes["result"] == nil, body.hasPrefix("As a result, "), let result = parseResult(body, at) {
            changes["result"] = .record(result)
            layout.append(prefix + "${score_changes.result}")
        } else if bulleted, let statement = parseStatement(body, at) {
            layout.append("  • ${score_changes.statements.\(statements.count)}")
            statements.append(.record(statement))
        } else if let verbs = schema.enums["verb"], let word = misspeltVerb(body, verbs) {
            // The same verdict as a structured format gives the same mistake.
            literal(i)
            sink.error(mark(i, byte: prefix.utf8.count + word.byte), "'verb': \(ScalarCheck.problem(word.text, .enumeration(verbs)) ?? "not valid")")
            return
        } else {
            unrecognised(i)
            return
        }
        report["score_changes"] = .record(changes)
    }

    /// A line that is a misspelling of a country or a status (where one is still expected):
    /// the field's name and enumeration.
    private func misspelt(_ s: String, country: Bool, status: Bool) -> (name: String, type: EnumType)? {
        if country, types.countries.suggestion(for: s) != nil { return ("country", types.countries) }
        if status, types.status.suggestion(for: s) != nil { return ("status", types.status) }
        return nil
    }

    /// In `<subject> <word> from X to Y…`, a word that is a misspelt verb, with its byte offset.
    private func misspeltVerb(_ body: String, _ verbs: EnumType) -> (text: String, byte: Int)? {
        var search = Substring(body)
        while let r = search.range(of: " from ") {
            let before = body[..<r.lowerBound]
            let word = before.split(separator: " ").last.map(String.init) ?? ""
            let after = body[r.upperBound...]
            if !word.isEmpty, leadingDecimal(after) != nil, verbs.suggestion(for: word) != nil {
                return (word, body.utf8.distance(from: body.startIndex, to: before.endIndex) - word.utf8.count)
            }
            search = body[r.upperBound...]
        }
        return nil
    }

    /// `<subject> <verb> from X to Y<rest>`: the subject, verb, figures and rest, or nil.
    private func splitChange(_ s: String) -> (subject: String, verb: String, from: String, to: String, rest: String)? {
        for verb in Self.verbs {
            guard let r = Substring(s).range(of: " \(verb) from ") else { continue }
            let subject = String(s[..<r.lowerBound])
            var rest = s[r.upperBound...]
            guard let from = leadingDecimal(rest) else { return nil }
            rest = rest.dropFirst(from.count)
            guard rest.hasPrefix(" to ") else { return nil }
            rest = rest.dropFirst(4)
            guard let to = leadingDecimal(rest), ScalarCheck.isDecimal(from), ScalarCheck.isDecimal(to) else { return nil }
            return (subject, verb, from, to, String(rest.dropFirst(to.count)))
        }
        return nil
    }

    private func parseStatement(_ s: String, _ at: Mark) -> Record? {
        guard let parts = splitChange(s) else { return nil }
        var printed = parts.subject, term: String?
        for word in [" rating", " score"] where printed.hasSuffix(word) {
            term = String(word.dropFirst())
            printed.removeLast(word.count)
        }
        var r = Record(types.statement, mark: at)
        let canonical = schema.item(named: printed)?.name ?? printed
        r.set("category", canonical, at: at)
        if canonical != printed { r.set("category_text", printed, at: at) }
        r.set("term", term, at: at)
        r.set("verb", parts.verb, at: at)
        r.set("from", parts.from, at: at)
        r.set("to", parts.to, at: at)
        if !parts.rest.isEmpty { r.set("rest", parts.rest, at: at) }
        return r
    }

    private func parseResult(_ s: String, _ at: Mark) -> Record? {
        let body = String(s.dropFirst("As a result, ".count))
        guard let parts = splitChange(body), parts.subject.hasSuffix(" Democracy Score") else { return nil }
        let subject = String(parts.subject.dropLast(" Democracy Score".count))
        var r = Record(types.result, mark: at)
        r.set("subject", subject, at: at)
        r.set("verb", parts.verb, at: at)
        r.set("from", parts.from, at: at)
        r.set("to", parts.to, at: at)
        if !parts.rest.isEmpty { r.set("rest", parts.rest, at: at) }
        var name = subject
        if name.hasPrefix("the ") { name.removeFirst(4) }
        for suffix in ["’s", "'s"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
        resultCountry = types.countries.canonical(name)
        return r
    }

    private func leadingDecimal(_ s: Substring) -> String? {
        var end = s.startIndex, seenDigit = false, seenPoint = false
        while end < s.endIndex {
            let c = s[end]
            if c.isASCII && c.isNumber {
                seenDigit = true
            } else if c == ".", seenDigit, !seenPoint, s.index(after: end) < s.endIndex, s[s.index(after: end)].isASCII, s[s.index(after: end)].isNumber {
                seenPoint = true
            } else {
                break
            }
            end = s.index(after: end)
        }
        return seenDigit ? String(s[..<end]) : nil
    }

    // MARK: Categories

    private static let categorySuffix = Array(" 1.00-7.00 pts0-7 pts".utf8)

    private func isCategoryHeader(_ l: ArraySlice<UInt8>) -> Bool {
        l.count > Self.categorySuffix.count && l.suffix(Self.categorySuffix.count).elementsEqual(Self.categorySuffix)
    }

    /// A category block: header, description and rating line, findings as bullets.
    private func parseCategory() {
        let header = i
        let l = line(i)
        guard i + 1 < lines.count, let rating = ratingLine(line(i + 1)) else {
            unrecognised(i)
            i += 1
            return
        }
        var r = Record(types.category, mark: mark(header))
        r.set("name", String(decoding: l.dropLast(Self.categorySuffix.count), as: UTF8.self), at: mark(header))
        let ratingLine = line(i + 1)
        if let d = rating.description { r.set("description", d, at: mark(i + 1)) }
        r.set("rating", rating.rating, at: mark(i + 1, byte: ratingLine.count - 11))
        if ExactDecimal(rating.rating)?.rounded(places: 0).description != rating.rounded {
            r.set("rounded", rating.rounded, at: mark(i + 1, byte: ratingLine.count - 7))
        }
        i += 2
        var findings: [(ArraySlice<UInt8>, Int)] = []
        while i < lines.count, line(i).starts(with: Self.bullet) {
            findings.append((line(i).dropFirst(Self.bullet.count), i))
            i += 1
        }
        if !findings.isEmpty { r["findings"] = .list(prose(findings, section: "category '\(r.text("name")!)'"), mark(header + 2)) }
        layout.append("${categories.\(categories.count)}")
        categories.append(.record(r))
    }

    /// `<description> 1.251 7.007`: rating 1.25, its whole number 1, scale maximum 7.00 and 7.
    private func ratingLine(_ l: ArraySlice<UInt8>) -> (description: String?, rating: String, rounded: String)? {
        let tail = Array(l.suffix(11))
        guard tail.count == 11, isDigit(tail[0]), tail[1] == 0x2E, isDigit(tail[2]), isDigit(tail[3]), isDigit(tail[4]),
              tail[5] == 0x20, tail[6...].elementsEqual(Array("7.007".utf8)) else { return nil }
        let rating = String(decoding: tail[0..<4], as: UTF8.self)
        let rounded = String(decoding: tail[4..<5], as: UTF8.self)
        if l.count == 11 { return (nil, rating, rounded) }
        guard l.count > 12, l[l.endIndex - 12] == 0x20 else { return nil }
        return (String(decoding: l.dropLast(12), as: UTF8.self), rating, rounded)
    }

    // MARK: Footer

    private func startsFooter(_ s: String) -> Bool {
        // Footers start with O, S, C or a bullet: most lines are ruled out by their first byte.
        guard let first = s.utf8.first, first == UInt8(ascii: "O") || first == UInt8(ascii: "S")
                || first == UInt8(ascii: "C") || first == 0x20 else { return false }
        if s.hasPrefix("On "), types.countries.canonical(String(s.dropFirst(3))) != nil { return true }
        return s.hasPrefix("See all data") || s == "See More" || s == "Country Facts"
            || s.hasPrefix("  • Global Freedom Score") || s.hasPrefix("  • Internet Freedom Score")
    }

    private func footerLine(_ s: String) {
        if s.hasPrefix("On "), let country = types.countries.canonical(String(s.dropFirst(3))) {
            footerCountry = country
            // Resolved once the page is read: `On ${country}` when it names the report's country.
            layout.append("\u{0}ON\u{0}" + PageLayout.literal(s))
            return
        }
        let bulleted = s.hasPrefix("  • ")
        let name = bulleted ? String(s.dropFirst(4)) : s
        if name.hasSuffix("Score"), let (valueLine, figures) = footerFigures(after: i) {
            let k = footerScores.count
            var r = Record(types.footerScore, mark: mark(i))
            r.set("name", name, at: mark(i, byte: bulleted ? 6 : 0))
            r.set("score", figures.score, at: mark(valueLine, byte: figures.indent))
            r.set("max", figures.max, at: mark(valueLine))
            r.set("status", figures.status, at: mark(valueLine))
            footerScores.append(.record(r))
            layout.append((bulleted ? "  • " : "") + "${footer_scores.\(k).name}")
            for _ in (i + 1)..<valueLine { layout.append("") }
            layout.append(String(repeating: " ", count: figures.indent) + "${footer_scores.\(k).score}" + PageLayout.literal(figures.middle)
                          + "${footer_scores.\(k).max} ${footer_scores.\(k).status}")
            i = valueLine
            return
        }
        literal(i)  // See all data…, See More, Country Facts, -, empty bullets
    }

    /// `    23 100 not free` on the next non-blank line after line `k`.
    private func footerFigures(after k: Int) -> (Int, (indent: Int, score: String, middle: String, max: String, status: String))? {
        var j = k + 1
        while j < lines.count && line(j).isEmpty { j += 1 }
        guard j < lines.count else { return nil }
        let s = text(j)
        let indent = s.prefix(while: { $0 == " " }).count
        let parts = s.dropFirst(indent).split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, Int(parts[0]) != nil, ScalarCheck.noLeadingZero(parts[0]), !parts[0].hasPrefix("+") else { return nil }
        var rest = parts[1], middle = " "
        if rest.hasPrefix("/ ") { middle = " / "; rest = rest.dropFirst(2) }
        let tail = rest.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
        guard tail.count == 2, Int(tail[0]) != nil, ScalarCheck.noLeadingZero(tail[0]), !tail[0].hasPrefix("+"), !tail[1].isEmpty else { return nil }
        return (j, (indent, String(parts[0]), middle, String(tail[0]), String(tail[1])))
    }

    // MARK: - Finishing

    private func prose(_ paragraphs: [(ArraySlice<UInt8>, Int)], section: String) -> [Value] {
        let (extracted, problems) = Footnotes.extract(paragraphs.map(\.0))
        for p in problems where options.footnoteWarnings {
            let (slice, k) = paragraphs[p.paragraph]
            let offsetInLine = (slice.startIndex - lines[k].lowerBound) + p.byte
            sink.warning(mark(k, byte: offsetInLine), "\(p.message) in \(section)")
        }
        return zip(extracted, paragraphs).map { paragraph, source in
            let at = mark(source.1, byte: source.0.startIndex - lines[source.1].lowerBound)
            var r = Record(types.prose, mark: at)
            r.fields[types.proseText] = .scalar(paragraph.text, at)
            if !paragraph.notes.isEmpty {
                // A note points at its marker on the page; columns are counted on from note to note.
                var column = at.column, counted = source.0.startIndex
                r.fields[types.proseNotes] = .list(paragraph.notes.map { note in
                    let upTo = source.0.startIndex + note.source
                    for b in bytes[counted..<upTo] where b & 0xC0 != 0x80 { column += 1 }
                    counted = upTo
                    let marker = Mark(line: at.line, column: column)
                    var n = Record(types.note, mark: marker)
                    n.fields[types.noteNumber] = .scalar(String(note.number), marker)
                    n.fields[types.noteOffset] = .scalar(String(note.offset), marker)
                    return .record(n)
                }, at)
            }
            return .record(r)
        }
    }

    private func finish(options: ReadOptions) {
        if !summary.isEmpty {
            report["executive_summary"] = .list(prose(summary.map { ($0.bytes, $0.line) }, section: "the executive summary"), mark(summary[0].line))
        }
        if !categories.isEmpty { report["categories"] = .list(categories, categories[0].mark) }
        if !authors.isEmpty { report["authors"] = .list(authors, authors[0].mark) }
        if !footerScores.isEmpty { report["footer_scores"] = .list(footerScores, footerScores[0].mark) }
        if !statements.isEmpty, var changes = report["score_changes"]?.record {
            changes["statements"] = .list(statements, statements[0].mark)
            report["score_changes"] = .record(changes)
        }

        // Identity: the page itself, then the caller, then the file name, then the footer.
        let fromName = ReportIdentity(fileName: options.fileName ?? file, subjects: schema.subjects, editions: schema.editions)
        if !pageCountry {
            let country = options.country.map { types.countries.canonical($0) ?? $0 } ?? fromName.subject ?? footerCountry ?? resultCountry
            report.set("country", country)
            if options.country == nil, let c = fromName.subject, let source = fromName.subjectSource {
                sink.note(Mark(line: 1, column: 1), "the page does not name its country: \(c), from \(source)")
            }
        } else if let wanted = options.country, types.countries.canonical(wanted) != report.text("country") {
            sink.warning(report["country"]!.mark, "the page names \(report.text("country")!), not \(wanted); keeping the page's")
        }
        if !pageEdition {
            report.set("edition", options.edition ?? fromName.edition.map(String.init) ?? headingEdition.map(String.init))
            if options.edition == nil, let e = fromName.edition, let source = fromName.editionSource {
                sink.note(Mark(line: 1, column: 1), "the page does not name its edition: \(e), from \(source)")
            }
        } else if let wanted = options.edition, wanted != report.text("edition") {
            sink.warning(report["edition"]!.mark, "the page is of edition \(report.text("edition")!), not \(wanted); keeping the page's")
        }
        if report["country"] == nil { sink.warning(Mark(line: 1, column: 1), "no country: the page does not name one; give --country or name the file COUNTRY-EDITION.txt") }
        if report["edition"] == nil { sink.warning(Mark(line: 1, column: 1), "no edition: the page does not name one; give --edition or name the file COUNTRY-EDITION.txt") }
        let country = report.text("country")
        for (k, line) in layout.enumerated() where line.hasPrefix("\u{0}ON\u{0}") {
            let printed = String(line.dropFirst(4))
            layout[k] = country.map({ "On \($0)" }) == printed ? "On ${country}" : printed
        }
        reportMojibake()
    }

    private func compressLists(_ engine: PageLayout) {
        engine.compress(&layout, types.prose, path: "executive_summary", count: summary.count)
        engine.compress(&layout, types.category, path: "categories", count: categories.count)
        engine.compress(&layout, types.statement, path: "score_changes.statements", count: statements.count)
        engine.compress(&layout, types.footerScore, path: "footer_scores", count: footerScores.count)
    }

    /// UTF-8 read as another encoding and saved again (`â€™`, `‚Äô` for `’`): reported, kept.
    private func reportMojibake() {
        // One search of the whole page per pattern; a line reports its first pattern found.
        var hits: [Int: (at: Int, length: Int)] = [:]
        for pattern in MisDecoded.patterns {
            var from = 0
            while let at = firstRange(of: pattern, in: bytes[from...]).map({ $0 + from }) {
                let k = lineIndex(containing: at)
                if hits[k] == nil { hits[k] = (at, pattern.count) }
                from = max(lines[k].upperBound, at + 1)
            }
        }
        for (k, hit) in hits.sorted(by: { $0.key < $1.key }) {
            sink.warning(mark(k, byte: hit.at - lines[k].lowerBound), MisDecoded.warning(bytes[..<lines[k].upperBound], at: hit.at, length: hit.length))
        }
    }

    /// The line holding byte `offset` (binary search over the line ranges).
    private func lineIndex(containing offset: Int) -> Int {
        var low = 0, high = lines.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lines[mid].lowerBound <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    // MARK: - Small helpers

    private static let bullet = Array("  • ".utf8)

    /// A section heading (`Executive Summary`, `Authors:`, `Score changes in 2022`, or the
    /// archive form `header2 Executive Summary`): its title, or nil.
    private func heading(_ l: ArraySlice<UInt8>) -> String? {
        if l.starts(with: Self.headerWord) {
            let afterWord = l.dropFirst(Self.headerWord.count)
            let digits = afterWord.prefix(while: isDigit)
            if !digits.isEmpty, afterWord.dropFirst(digits.count).first == 0x20 {
                return String(decoding: afterWord.dropFirst(digits.count + 1), as: UTF8.self)
            }
        }
        let bare = l.last == UInt8(ascii: ":") ? l.dropLast() : l
        if Self.headings.contains(where: { equalsIgnoringASCIICase(bare, $0) }) || startsIgnoringASCIICase(bare, Self.scoreChanges) {
            return String(decoding: l, as: UTF8.self)
        }
        return nil
    }

    private static let headerWord = Array("header".utf8)
    private static let headings = ["executive summary", "author", "authors"].map { Array($0.utf8) }
    private static let scoreChanges = Array("score changes".utf8)

    private func byline(_ l: ArraySlice<UInt8>) -> String? {
        guard l.count > 3, l[l.startIndex + 1] == UInt8(ascii: "y"), l[l.startIndex + 2] == 0x20,
              l.first == UInt8(ascii: "B") || l.first == UInt8(ascii: "b") else { return nil }
        let name = String(decoding: l.dropFirst(3), as: UTF8.self)
        // A byline is short and ends in a name, not a sentence.
        guard name.utf8.count < 200, !name.hasSuffix(".") || name.split(separator: " ").count <= 6 else { return nil }
        return name
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
}

/// Options for reading page text: what to assume where the page does not say.
public struct ReadOptions: Sendable {
    public var country: String?
    public var edition: String?
    /// The name to take country and edition from (`kazakhstan-2021.txt`); defaults to the file.
    public var fileName: String?
    /// Warn about footnote markers out of sequence (validation has a rule for it instead).
    public var footnoteWarnings: Bool

    public init(country: String? = nil, edition: String? = nil, fileName: String? = nil, footnoteWarnings: Bool = true) {
        self.country = country
        self.edition = edition
        self.fileName = fileName
        self.footnoteWarnings = footnoteWarnings
    }
}


extension String {
    /// The parts of the string between occurrences of `separator`.
    func components(_ separator: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(self)
        while let r = rest.range(of: separator) {
            parts.append(String(rest[..<r.lowerBound]))
            rest = rest[r.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}

enum UTF8Check {
    /// The length of the valid UTF-8 sequence starting at `k` (a lead byte), or nil.
    static func sequenceLength(_ bytes: [UInt8], at k: Int) -> Int? {
        let b = bytes[k]
        if b < 0x80 { return 1 }
        let need: Int
        var scalar: UInt32, minimum: UInt32
        if b & 0xE0 == 0xC0 { need = 1; minimum = 0x80; scalar = UInt32(b & 0x1F) }
        else if b & 0xF0 == 0xE0 { need = 2; minimum = 0x800; scalar = UInt32(b & 0x0F) }
        else if b & 0xF8 == 0xF0 { need = 3; minimum = 0x10000; scalar = UInt32(b & 0x07) }
        else { return nil }
        guard k + need < bytes.count else { return nil }
        for j in 1...need {
            let c = bytes[k + j]
            guard c & 0xC0 == 0x80 else { return nil }
            scalar = scalar << 6 | UInt32(c & 0x3F)
        }
        if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return nil }
        return need + 1
    }

    /// The offset of the first byte that is not valid UTF-8, or nil.
    static func firstInvalid(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalid($0) }
    }

    static func firstInvalid(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var k = 0
        let n = bytes.count
        let raw = UnsafeRawBufferPointer(bytes)
        while k < n {
            // ASCII runs, eight bytes at a time.
            while k + 8 <= n && raw.loadUnaligned(fromByteOffset: k, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { k += 8 }
            guard k < n else { break }
            let b = bytes[k]
            if b < 0x80 { k += 1; continue }
            let need: Int
            var minimum: UInt32
            var scalar: UInt32
            if b & 0xE0 == 0xC0 { need = 1; minimum = 0x80; scalar = UInt32(b & 0x1F) }
            else if b & 0xF0 == 0xE0 { need = 2; minimum = 0x800; scalar = UInt32(b & 0x0F) }
            else if b & 0xF8 == 0xF0 { need = 3; minimum = 0x10000; scalar = UInt32(b & 0x07) }
            else { return k }
            guard k + need < n else { return k }
            for j in 1...need {
                let c = bytes[k + j]
                guard c & 0xC0 == 0x80 else { return k }
                scalar = scalar << 6 | UInt32(c & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return k }
            k += need + 1
        }
        return nil
    }
}
