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
    /// The page's bullet (`  • `), as bytes.
    private let bullet: [UInt8]

    // Where the report's identity came from.
    private var pageSubject = false, pageEdition = false
    /// The status line is there but misspelt (an error): nothing is derived in its place.
    private var bandMisspelt = false
    private var footerSubject: String?, resultSubject: String?, headingEdition: Int?

    // Sections whose footnotes are resolved together.
    private var summary: [(bytes: ArraySlice<UInt8>, line: Int)] = []
    private var items: [Value] = []
    private var statements: [Value] = []
    private var authors: [Value] = []
    /// The names came as one line joined by the schema's joiner (in the authors' section, or a
    /// byline): a bullet after it is no name of the list, since that line's placeholder writes
    /// every name of the list on it.
    private var authorsJoined = false
    private var scores: [Value] = []
    /// The paragraphs (or bullets) of each headed section of the layout's `sections`.
    private var sectionParagraphs: [Int: [(ArraySlice<UInt8>, Int)]] = [:]
    /// Lines (0-based) kept as they stand, unread: read as values, they were not written back
    /// the same (see ``read(options:)``).
    private var verbatim: Set<Int> = []

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

    private func readOnce(options: ReadOptions) throws(ReadError) -> Result {
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
        if let derivation = schema.sections[PageDerivation.self], !bandMisspelt {
            let before = report
            if let after = derivation.derive(report, schema) {
                for (k, field) in report.type.fields.enumerated() where before.fields[k] == nil {
                    guard let value = after.fields[k], let text = value.text else { continue }
                    report.fields[k] = .scalar(text, .unknown)
                    derived.append(.scalar(field.name, .unknown))
                    sink.note(Mark(line: 1, column: 1), "the page does not print '\(field.name)'; derived '\(text)'")
                }
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

    // MARK: - Top of the page: title, name, band, figures, note

    private func parseTop() {
        let spec = types.spec, top = spec.last
        var badge: (layoutIndex: Int, value: String)?
        let badgeFigure = spec.figures.first(where: \.badge)
        var afterLast = false, expectLastBand = false
        func lastBandUnset() -> Bool { report[top.record]?.record?[top.band] == nil }
        top: while i < lines.count {
            let l = line(i)
            if l.isEmpty { layout.append(""); i += 1; continue }
            if verbatim.contains(i) { literal(i); i += 1; continue }
            if heading(l) != nil || isItemHeader(l) || byline(l) != nil || l.starts(with: bullet) { break top }
            let s = text(i)
            if let items = spec.items, items.groups.values.contains(where: { $0.contains(s) }) { break top }
            // A short page's notice, or the footer, may follow the figures directly.
            if isNotice(l) || startsFooter(s) { break top }
            // A value is read once: a second line that would set it again is kept as it is.
            if let flag = spec.flags.first(where: { $0.line == s }), report[flag.field] == nil {
                report.set(flag.field, "true", at: mark(i))
                layout.append("${\(flag.field):\(PageLayout.literal(s))}")
            } else if !pageEdition, !pageSubject, let title = spec.title, let sep = spec.titleName, let named = titleWithName(s, title, sep) {
                report.set(title.field, named.edition, at: mark(i, byte: title.prefix.utf8.count))
                report.set(spec.name, named.subject, at: mark(i, byte: named.nameByte))
                pageEdition = true
                pageSubject = true
                layout.append(PageLayout.literal(title.prefix) + "${\(title.field)}" + PageLayout.literal(sep)
                              + (named.subject == named.printed ? "${\(spec.name)}" : "${\(spec.name):\(named.printed)}"))
            } else if !pageEdition, let title = spec.title, s.hasPrefix(title.prefix), s.hasSuffix(title.suffix),
               s.utf8.count > title.prefix.utf8.count + title.suffix.utf8.count,
               let edition = Int(s.dropFirst(title.prefix.count).dropLast(title.suffix.count)), (1000...9999).contains(edition) {
                report.set(title.field, String(edition), at: mark(i, byte: title.prefix.utf8.count))
                pageEdition = true
                layout.append(PageLayout.literal(title.prefix) + "${\(title.field)}" + PageLayout.literal(title.suffix))
            } else if !pageSubject, let country = types.countries.canonical(s) {
                report.set(spec.name, country, at: mark(i))
                pageSubject = true
                layout.append(country == s ? "${\(spec.name)}" : "${\(spec.name):\(s)}")
            } else if !pageSubject, let flag = spec.flags.first(where: { f in f.nameSuffix.map { !$0.isEmpty && s.hasSuffix($0) } ?? false }),
                      report[flag.field] == nil, let country = types.countries.canonical(String(s.dropLast(flag.nameSuffix!.count))) {
                // The name with a mark glued to it (`Abkhazia*`): the name, and the flag.
                let name = String(s.dropLast(flag.nameSuffix!.count))
                report.set(spec.name, country, at: mark(i))
                report.set(flag.field, "true", at: mark(i, byte: name.utf8.count))
                pageSubject = true
                layout.append((country == name ? "${\(spec.name)}" : "${\(spec.name):\(name)}") + "${\(flag.field):\(PageLayout.literal(flag.nameSuffix!))}")
            } else if expectLastBand ? lastBandUnset() : report[spec.band] == nil,
                      let status = types.status.canonical(s) {
                let field = expectLastBand ? "\(top.record).\(top.band)" : spec.band
                if expectLastBand { setLast(top.band, status, mark(i)) } else { report.set(spec.band, status, at: mark(i)) }
                layout.append(status == s ? "${\(field)}" : "${\(field):\(s)}")
                expectLastBand = false
            } else if afterLast, report[top.record] == nil, let first = l.first, isDigit(first),
                      first != 0x30 || l.count == 1 || !isDigit(l[l.startIndex + 1]) {
                lastFigures(i, &expectLastBand)
                afterLast = false
            } else if s.contains(ignoringCase: top.keyword) {
                literal(i)
                afterLast = true
            } else if report[spec.note.field] == nil, spec.note.starts.contains(where: { s.hasPrefix($0) }) || spec.note.keywords.contains(where: { s.contains(ignoringCase: $0) }) {
                note(i, s)
            } else if let f = spec.figures.first(where: { f in report[f.field] == nil && f.keywords.contains { containsIgnoringASCIICase(l, $0) } }) {
                figure(i, after: f.after, field: f.field)
            } else if let b = badgeFigure, let (number, tail) = badgeLine(l), tail.isEmpty || b.line == nil, report[b.field] == nil, badge == nil,
                      b.line != nil || (report[top.record] == nil && !spec.figures.contains { report[$0.field] != nil }) {
                // (A figure printed only as its badge has it under the status, above the other figures.)
                if b.line == nil {
                    // A figure the page prints only as its badge: the badge is its value (with
                    // its maximum on the same line on some copies: `20 / 100`).
                    report.set(b.field, number, at: mark(i))
                    layout.append("${\(b.field)}" + PageLayout.literal(tail))
                    badge = (-1, s)
                } else {
                    badge = (layout.count, s)
                    literal(i)
                }
            } else if spec.literals.contains(s) {
                literal(i)
            } else if let field = misspelt(s, country: !pageSubject, status: expectLastBand ? lastBandUnset() : report[spec.band] == nil) {
                // The same verdict as a structured format gives the same mistake.
                literal(i)
                sink.error(mark(i), "'\(field.name)': \(ScalarCheck.problem(s, .enumeration(field.type)) ?? "not valid")")
                if field.name == spec.band { bandMisspelt = true }
            } else {
                unrecognised(i)
            }
            i += 1
        }
        if let badge, badge.layoutIndex >= 0, let b = badgeFigure, let value = report.text(b.field).flatMap({ ExactDecimal($0) }),
           value.rounded(places: 0).description == badge.value {
            layout[badge.layoutIndex] = "${\(b.field)|round}"
        }
    }

    /// What is wrong with `text` as the value of `type`'s field `name`, by the field's kind
    /// (a figure line reads any number; the schema says which it must be).
    private static func problem(_ text: String, _ type: RecordType, _ name: String) -> String? {
        guard let i = type.lookup(name) else { return nil }
        return ScalarCheck.problem(text, type.fields[i].kind)
    }

    private func setLast(_ name: String, _ value: String, _ at: Mark) {
        let record = types.spec.last.record
        var last = report[record]?.record ?? Record(types.last, mark: at)
        last.set(name, value, at: at)
        report[record] = .record(last)
    }

    /// `5 100 <band>`, `5 / 100`, or `5` alone (the band on a later line).
    private func lastFigures(_ k: Int, _ expectStatus: inout Bool) {
        let l = line(k)
        var e = l.startIndex
        while e < l.endIndex && isDigit(l[e]) { e += 1 }
        // A decimal figure: the point and its digits too.
        if e + 1 < l.endIndex, l[e] == 0x2E, isDigit(l[e + 1]) {
            e += 1
            while e < l.endIndex && isDigit(l[e]) { e += 1 }
        }
        let last = types.spec.last
        let figure = String(decoding: l[l.startIndex..<e], as: UTF8.self)
        if let problem = Self.problem(figure, types.last, last.figure) {
            // The same verdict as a structured format gives the same figure (a decimal where
            // the schema wants a whole number): read, it could not be converted.
            literal(k)
            sink.error(mark(k), "'\(last.figure)': \(problem)")
            return
        }
        setLast(last.figure, figure, mark(k))
        var rest = String(decoding: l[e...], as: UTF8.self)
        var out = "${\(last.record).\(last.figure)}"
        for scale in last.max where rest.hasPrefix(scale) {
            out += scale
            rest.removeFirst(scale.count)
            break
        }
        if rest.hasPrefix(" "), let status = types.status.canonical(String(rest.dropFirst())) {
            let spelling = String(rest.dropFirst())
            setLast(last.band, status, mark(k, byte: l.count - spelling.utf8.count))
            let path = "\(last.record).\(last.band)"
            out += " " + (status == spelling ? "${\(path)}" : "${\(path):\(spelling)}")
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
        // A minus sign just before the digits is the figure's own (`-2 40`).
        if s > start, lowered[s - 1] == UInt8(ascii: "-") { s -= 1 }
        while e < lowered.count && (isDigit(lowered[e]) || (lowered[e] == 0x2E && e + 1 < lowered.count && isDigit(lowered[e + 1]))) { e += 1 }
        let base = l.startIndex
        let value = String(decoding: l[(base + s)..<(base + e)], as: UTF8.self)
        guard Self.problem(value, report.type, field) == nil else { unrecognised(k); return }
        report.set(field, value, at: mark(k, byte: s))
        layout.append(PageLayout.literal(String(decoding: l[base..<(base + s)], as: UTF8.self)) + "${\(field)}"
                      + PageLayout.literal(String(decoding: l[(base + e)...], as: UTF8.self)))
    }

    /// The note under the figures (its link kept aside), and what its wording tells (the scale).
    private func note(_ k: Int, _ s: String) {
        let note = types.spec.note
        if !note.suffix.isEmpty, s.hasSuffix(note.suffix) {
            report.set(note.field, String(s.dropLast(note.suffix.count)), at: mark(k))
            layout.append("${\(note.field)}" + PageLayout.literal(note.suffix))
        } else {
            report.set(note.field, s, at: mark(k))
            layout.append("${\(note.field)}")
        }
        if let m = note.marks.first(where: { m in m.keywords.contains { s.contains(ignoringCase: $0) } }) {
            report.set(m.field, m.value, at: mark(k))
        }
    }

    // MARK: - Body: headings and their sections

    private enum Zone: Equatable { case none, summary, changes, authors, items, footer, other, section(Int) }

    private func parseBody() {
        var zone = Zone.none
        while i < lines.count {
            let l = line(i)
            if l.isEmpty { layout.append(""); i += 1; continue }
            if verbatim.contains(i) { literal(i); i += 1; continue }
            if let h = heading(l) {
                literal(i)
                let title = h.lowercased()
                let bare = title.hasSuffix(":") ? String(title.dropLast()) : title
                let spec = types.spec
                if let k = spec.sections.firstIndex(where: { Array(bare.utf8).starts(with: $0.title) }) {
                    zone = .section(k)
                    if let year = Int(bare.split(separator: " ").last ?? ""), let ty = spec.sections[k].titleYear { headingEdition = year + ty.add }
                } else if let changes = spec.changes, let changesType = types.changes, Array(bare.utf8).starts(with: changes.title) {
                    zone = .changes
                    if report[changes.field] == nil { report[changes.field] = .record(Record(changesType, mark: mark(i))) }
                    if let year = Int(bare.split(separator: " ").last ?? "") { headingEdition = year + changes.titleYear.add }
                } else if let summary = spec.summary, Array(bare.utf8) == summary.title {
                    zone = .summary
                } else if let authors = spec.authors, authors.titles.contains(Array(bare.utf8)) {
                    zone = .authors
                } else {
                    zone = .other
                    sink.warning(mark(i), "unknown section '\(h)'; its lines are kept as they are")
                }
                i += 1
                continue
            }
            if isItemHeader(l) {
                parseItem()
                zone = .items
                continue
            }
            if let extra = types.spec.items?.extras.first(where: { l.elementsEqual($0.header.utf8) }), report[extra.field] == nil, parseExtra(extra) {
                zone = .items
                continue
            }
            let s = text(i)
            // Group headings between the items' blocks.
            if let items = types.spec.items, items.groups.values.contains(where: { $0.contains(s) }) {
                literal(i)
                i += 1
                continue
            }
            // The closing note on the author follows the summary, once; before that, such a line
            // is a paragraph like any other.
            let closing = types.spec.closing, notice = types.spec.notice
            if zone != .footer && zone != .authors && zone != .summary, let closing, report[closing.field] == nil,
               let prefix = closing.prefixes.first(where: { s.hasPrefix($0) }) {
                report.set(closing.field, String(s.dropFirst(prefix.count)), at: mark(i, byte: prefix.utf8.count))
                layout.append(PageLayout.literal(prefix) + "${\(closing.field)}")
            } else if isNotice(l) {
                report.set(notice.field, s, at: mark(i))
                layout.append("${\(notice.field)}")
            } else if zone == .footer || startsFooter(s) {
                zone = .footer
                footerLine(s)
            } else {
                switch zone {
                case .section(let k): sectionLine(k, l, s)
                case .changes: changeLine(s)
                case .authors: authorLine(s)
                case .none, .summary:
                    if let name = byline(l), authors.isEmpty, summary.isEmpty {
                        byline(name, s)
                        zone = .summary
                    } else if zone == .summary, let summarySpec = types.spec.summary {
                        layout.append("${\(summarySpec.field).\(summary.count)}")
                        summary.append((l, i))
                    } else {
                        unrecognised(i)
                    }
                case .items, .other, .footer:
                    unrecognised(i)
                }
            }
            i += 1
        }
    }

    /// A line of a headed section: a paragraph, a bullet, or its one sentence.
    private func sectionLine(_ k: Int, _ l: ArraySlice<UInt8>, _ s: String) {
        let section = types.spec.sections[k]
        if let sentence = section.sentence {
            guard report[section.field] == nil, let r = parseSectionSentence(s, sentence, mark(i)) else { return unrecognised(i) }
            report[section.field] = .record(r)
            layout.append("${\(section.field)}")
            return
        }
        var paragraphs = sectionParagraphs[k] ?? []
        if section.bullets {
            guard l.starts(with: bullet) else { return unrecognised(i) }
            layout.append(types.spec.bullet + "${\(section.field).\(paragraphs.count)}")
            paragraphs.append((l.dropFirst(bullet.count), i))
        } else {
            layout.append("${\(section.field).\(paragraphs.count)}")
            paragraphs.append((l, i))
        }
        sectionParagraphs[k] = paragraphs
    }

    /// `<subject><suffix> <verb> from <value> to <value><rest>`, the values those of an enumeration.
    private func parseSectionSentence(_ s: String, _ spec: PageSpec.SectionSentence, _ at: Mark) -> Record? {
        for verb in spec.verbs.values {
            guard let r = Substring(s).range(of: "\(spec.suffix) \(verb) from ") else { continue }
            let subject = String(s[..<r.lowerBound])
            let rest = s[r.upperBound...]
            // The longest values first: `Very High` before `High`.
            let values = spec.values.sorted { $0.count > $1.count }
            guard let from = values.first(where: { rest.hasPrefix($0 + " to ") }) else { continue }
            let after = rest.dropFirst(from.count + 4)
            guard let to = values.first(where: { after.hasPrefix($0) }) else { continue }
            var record = Record(spec.type, mark: at)
            record.set(spec.subject, subject, at: at)
            set(&record, spec.sentence, (subject, verb, from, to, String(after.dropFirst(to.count))), at)
            return record
        }
        return nil
    }

    private func byline(_ names: String, _ s: String) {
        guard let by = types.spec.summary, let bylineField = by.byline else { return unrecognised(i) }
        let prefix = by.prefixes.first(where: { s.hasPrefix($0) }) ?? ""
        let joiner = by.joiners.first(where: { names.contains(bytes: $0) }) ?? by.joiners[0]
        for name in names.components(joiner) {
            authors.append(.scalar(name, mark(i, byte: prefix.utf8.count)))
        }
        layout.append(PageLayout.literal(prefix) + (joiner == by.joiners[0] ? "${\(bylineField)}" : "${\(bylineField)/\(joiner)}"))
        authorsJoined = true
    }

    private func authorLine(_ s: String) {
        guard let field = types.spec.authors?.field else { return unrecognised(i) }
        let joiners = types.spec.summary?.joiners ?? [" and "]
        if s.utf8.starts(with: bullet) && !authorsJoined {
            layout.append(types.spec.bullet + "${\(field).\(authors.count)}")
            authors.append(.scalar(String(decoding: s.utf8.dropFirst(bullet.count), as: UTF8.self), mark(i, byte: bullet.count)))
        } else if authors.isEmpty {
            let joiner = joiners.first(where: { s.contains(bytes: $0) }) ?? joiners[0]
            for name in s.components(joiner) { authors.append(.scalar(name, mark(i))) }
            layout.append(joiner == joiners[0] ? "${\(field)}" : "${\(field)/\(joiner)}")
            authorsJoined = true
        } else {
            unrecognised(i)
        }
    }

    // MARK: The changes section

    /// The changes section's value read from its lines alone (as the schema's wording writes
    /// them), or nil when a line is not one the section's grammar reads.
    static func changesSection(_ lines: [String], schema: Schema, types: PageTypes) -> Value? {
        guard let spec = types.spec.changes, let changesType = types.changes else { return nil }
        let reader = PageReader(bytes: Array(lines.joined(separator: "\n").utf8), file: "", schema: schema, types: types)
        _ = reader.splitLines()
        reader.report[spec.field] = .record(Record(changesType))
        for k in reader.lines.indices {
            reader.i = k
            reader.changeLine(reader.text(k))
        }
        guard reader.sink.diagnostics.isEmpty, var changes = reader.report[spec.field]?.record else { return nil }
        if !reader.statements.isEmpty { changes[spec.statements.list] = .list(reader.statements, reader.statements[0].mark) }
        return .record(changes)
    }

    private func changeLine(_ s: String) {
        guard let spec = types.spec.changes, var changes = report[spec.field]?.record else { return unrecognised(i) }
        let bulleted = s.utf8.starts(with: bullet)
        let body = bulleted ? String(decoding: s.utf8.dropFirst(bullet.count), as: UTF8.self) : s
        let prefix = bulleted ? types.spec.bullet : ""
        let at = mark(i, byte: bulleted ? bullet.count : 0)
        var bare = Array(body.utf8)[...]
        if bare.last == UInt8(ascii: ".") { bare = bare.dropLast() }
        let result = spec.result, list = spec.statements
        if equalsIgnoringASCIICase(bare, Array(spec.none.text.lowercased().utf8)) {
            changes.set(spec.none.field, "true", at: at)
            layout.append(prefix + "${\(spec.field).\(spec.none.field):\(body)}")
        } else if changes[result.field] == nil, body.hasPrefix(result.prefix), let r = parseResult(body, at) {
            changes[result.field] = .record(r)
            layout.append(prefix + "${\(spec.field).\(result.field)}")
        } else if bulleted, let statement = parseStatement(body, at) {
            layout.append(types.spec.bullet + "${\(spec.field).\(list.list).\(statements.count)}")
            statements.append(.record(statement))
        } else if let word = misspeltVerb(body, spec.verbs) {
            // The same verdict as a structured format gives the same mistake.
            literal(i)
            sink.error(mark(i, byte: prefix.utf8.count + word.byte), "'\(list.sentence.verb)': \(ScalarCheck.problem(word.text, .enumeration(spec.verbs)) ?? "not valid")")
            return
        } else {
            unrecognised(i)
            return
        }
        report[spec.field] = .record(changes)
    }

    /// A line that is a misspelling of a country or a status (where one is still expected):
    /// the field's name and enumeration.
    private func misspelt(_ s: String, country: Bool, status: Bool) -> (name: String, type: EnumType)? {
        if country, types.countries.suggestion(for: s) != nil { return (types.spec.name, types.countries) }
        if status, types.status.suggestion(for: s) != nil { return (types.spec.band, types.status) }
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
        for verb in types.spec.changes?.verbs.values ?? [] {
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

    private func set(_ r: inout Record, _ sentence: PageSpec.Sentence, _ parts: (subject: String, verb: String, from: String, to: String, rest: String), _ at: Mark) {
        r.set(sentence.verb, parts.verb, at: at)
        r.set(sentence.from, parts.from, at: at)
        r.set(sentence.to, parts.to, at: at)
        if !parts.rest.isEmpty { r.set(sentence.rest, parts.rest, at: at) }
    }

    /// `<item>[ <term>] <verb> from X to Y<rest>`, the item named as the schema names it.
    private func parseStatement(_ s: String, _ at: Mark) -> Record? {
        guard let parts = splitChange(s), let spec = types.spec.changes?.statements, let statementType = types.statement else { return nil }
        var printed = parts.subject, term: String?
        // One term at most: the writer prints one.
        if let word = spec.terms.first(where: { printed.hasSuffix(" " + $0) }) {
            term = word
            printed.removeLast(word.count + 1)
        }
        var r = Record(statementType, mark: at)
        let canonical = schema.item(named: printed)?.name ?? printed
        r.set(spec.key, canonical, at: at)
        if canonical != printed { r.set(spec.printed, printed, at: at) }
        r.set(spec.term, term, at: at)
        set(&r, spec.sentence, parts, at)
        return r
    }

    /// `<prefix><subject><suffix> <verb> from X to Y<rest>`; the subject, a possessive, may name
    /// the report's subject.
    private func parseResult(_ s: String, _ at: Mark) -> Record? {
        guard let spec = types.spec.changes, let resultType = types.result else { return nil }
        let body = String(s.dropFirst(spec.result.prefix.count))
        guard let parts = splitChange(body), parts.subject.hasSuffix(spec.result.suffix) else { return nil }
        let subject = String(parts.subject.dropLast(spec.result.suffix.count))
        var r = Record(resultType, mark: at)
        r.set(spec.result.subject, subject, at: at)
        set(&r, spec.result.sentence, parts, at)
        var name = subject
        for article in spec.articles where name.hasPrefix(article) { name.removeFirst(article.count) }
        for suffix in spec.suffixes where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
        resultSubject = types.countries.canonical(name)
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

    /// The notice of a short page (once): a short line with the notice's keyword.
    private func isNotice(_ l: ArraySlice<UInt8>) -> Bool {
        let notice = types.spec.notice
        return report[notice.field] == nil && l.count <= notice.longest && containsIgnoringASCIICase(l, notice.keyword)
    }

    // MARK: Rated items

    /// `<prefix><name><suffix>`: the header line of an item's block.
    private func isItemHeader(_ l: ArraySlice<UInt8>) -> Bool { itemHeader(l) != nil }

    /// The template an item's header line follows: the standard one, or a variant's.
    private func itemHeader(_ l: ArraySlice<UInt8>) -> PageSpec.Line? {
        guard let items = types.spec.items else { return nil }
        return ([items.header] + items.headerVariants).first { h in
            let prefix = h.prefix.utf8, suffix = h.suffix.utf8
            return l.count > prefix.count + suffix.count && l.starts(with: prefix) && l.suffix(suffix.count).elementsEqual(suffix)
        }
    }

    /// `<description> 2 / 4`: a rating printed plain, then the layout's `plain-max`.
    private func plainRating(_ l: ArraySlice<UInt8>, _ spec: PageSpec.Items) -> (description: String?, rating: String)? {
        guard let max = spec.plainMax, l.count > max.utf8.count, l.suffix(max.utf8.count).elementsEqual(max.utf8) else { return nil }
        let body = l.dropLast(max.utf8.count)
        let space = body.lastIndex(of: 0x20)
        let value = String(decoding: body[(space.map { $0 + 1 } ?? body.startIndex)...], as: UTF8.self)
        guard ScalarCheck.isDecimal(value) else { return nil }
        return (space.map { String(decoding: body[..<$0], as: UTF8.self) }, value)
    }

    /// An item's block: header, description and rating line, its paragraphs as bullets.
    private func parseItem() {
        guard let spec = types.spec.items, let itemType = types.item else { return unrecognised(i) }
        let header = i
        let l = line(i)
        guard let template = itemHeader(l) else { return unrecognised(i) }
        // A copy's own block (another header, a plain rating) is kept line by line.
        if i + 1 < lines.count, ratingLine(line(i + 1), spec) == nil || template.prefix != spec.header.prefix || template.suffix != spec.header.suffix,
           let plain = plainRating(line(i + 1), spec) {
            return parseItemVariant(template, plain, spec, itemType)
        }
        guard i + 1 < lines.count, template.prefix == spec.header.prefix, template.suffix == spec.header.suffix,
              let rating = ratingLine(line(i + 1), spec) else {
            unrecognised(i)
            i += 1
            return
        }
        var r = Record(itemType, mark: mark(header))
        let name = String(decoding: l.dropFirst(spec.header.prefix.utf8.count).dropLast(spec.header.suffix.utf8.count), as: UTF8.self)
        r.set(spec.header.field, name, at: mark(header, byte: spec.header.prefix.utf8.count))
        let ratingLine = line(i + 1)
        let tail = spec.places + 3 + 1 + spec.max.utf8.count
        if let d = rating.description { r.set(spec.description, d, at: mark(i + 1)) }
        // A whole-number rating prints its decimals (`3.00`): the model keeps the whole number.
        let value = spec.wholeRating ? ExactDecimal(rating.rating)!.rounded(places: 0).description : rating.rating
        r.set(spec.rating, value, at: mark(i + 1, byte: ratingLine.count - tail))
        if let rounded = spec.rounded, ExactDecimal(rating.rating)?.rounded(places: 0).description != rating.rounded {
            r.set(rounded, rating.rounded, at: mark(i + 1, byte: ratingLine.count - tail + spec.places + 2))
        }
        i += 2
        var findings: [(ArraySlice<UInt8>, Int)] = []
        if spec.paragraphs {
            let read = paragraphsAfterBlanks(spec.note)
            findings = read.paragraphs
            if let note = spec.note, let n = read.note { r[note.field] = .record(n) }
        } else {
            while i < lines.count, line(i).starts(with: bullet) {
                findings.append((line(i).dropFirst(bullet.count), i))
                i += 1
            }
        }
        if !findings.isEmpty { r[spec.bullets] = .list(prose(findings, section: "'\(name)'"), mark(findings[0].1)) }
        layout.append("${\(spec.list).\(items.count)}")
        items.append(.record(r))
    }

    /// An item's block as a copy prints it otherwise (`A1 0-4 pts` / `<question> 2 / 4`): the same
    /// fields, each line kept with its placeholders.
    private func parseItemVariant(_ template: PageSpec.Line, _ rating: (description: String?, rating: String), _ spec: PageSpec.Items, _ itemType: RecordType) {
        let header = i, k = items.count, p = "\(spec.list).\(k)"
        let l = line(i)
        var r = Record(itemType, mark: mark(header))
        let name = String(decoding: l.dropFirst(template.prefix.utf8.count).dropLast(template.suffix.utf8.count), as: UTF8.self)
        r.set(spec.header.field, name, at: mark(header, byte: template.prefix.utf8.count))
        layout.append(PageLayout.literal(template.prefix) + "${\(p).\(spec.header.field)}" + PageLayout.literal(template.suffix))
        let ratingBytes = line(i + 1)
        if let d = rating.description { r.set(spec.description, d, at: mark(i + 1)) }
        let valueByte = ratingBytes.count - (spec.plainMax?.utf8.count ?? 0) - rating.rating.utf8.count
        r.set(spec.rating, spec.wholeRating ? (ExactDecimal(rating.rating)?.rounded(places: 0).description ?? rating.rating) : rating.rating,
              at: mark(i + 1, byte: valueByte))
        let printedWhole = spec.wholeRating && ExactDecimal(rating.rating)?.rounded(places: 0).description != rating.rating
        layout.append((rating.description != nil ? "${\(p).\(spec.description)} " : "") + (printedWhole ? PageLayout.literal(rating.rating) : "${\(p).\(spec.rating)}")
                      + PageLayout.literal(spec.plainMax ?? ""))
        i += 2
        let (paragraphs, closing) = paragraphsAfterBlanks(spec.note)
        for k in paragraphs.indices { layout += ["", "${\(p).\(spec.bullets).\(k)}"] }
        if let note = spec.note, let closing {
            r[note.field] = .record(closing)
            layout += ["", "${\(p).\(note.field)}"]
        }
        if !paragraphs.isEmpty { r[spec.bullets] = .list(prose(paragraphs, section: "'\(name)'"), mark(paragraphs[0].1)) }
        items.append(.record(r))
    }

    /// An extra block among the items (a discretionary question): header, description with its glued rating,
    /// paragraphs each after a blank line. False (nothing read) when the lines do not read so.
    private func parseExtra(_ extra: PageSpec.Extra) -> Bool {
        guard i + 1 < lines.count, let spec = types.spec.items else { return false }
        let l = line(i + 1)
        // `<description> -3.00-3`: the last word is the rating glued to its whole number.
        let space = l.lastIndex(of: 0x20)
        let word = String(decoding: l[(space.map { $0 + 1 } ?? l.startIndex)...], as: UTF8.self)
        let digits = spec.places
        var value: String?, glued = word
        let negative = word.hasPrefix("-")
        if negative { glued.removeFirst() }
        // `3.00-3` (or `0.000`): a digit, the point, `places` digits, then the whole number.
        let chars = Array(glued)
        if chars.count >= digits + 3, chars[0].isNumber, chars[1] == ".", chars[2..<(2 + digits)].allSatisfy(\.isNumber) {
            let whole = String(chars[(2 + digits)...])
            let magnitude = String(chars[0])
            if chars[2..<(2 + digits)].allSatisfy({ $0 == "0" }), whole == (negative ? "-" + magnitude : magnitude) {
                if extra.negative ? (negative || magnitude == "0") : !negative { value = magnitude }
            }
        }
        guard let value else { return false }
        var r = Record(extra.type, mark: mark(i))
        if let space { r.set(extra.description, String(decoding: l[..<space], as: UTF8.self), at: mark(i + 1)) }
        r.set(extra.rating, value, at: mark(i + 1, byte: space.map { $0 - l.startIndex + 1 } ?? 0))
        i += 2
        let paragraphs = paragraphsAfterBlanks(nil).paragraphs
        if !paragraphs.isEmpty { r[extra.paragraphs] = .list(prose(paragraphs, section: "'\(extra.header)'"), mark(paragraphs[0].1)) }
        report[extra.field] = .record(r)
        layout.append("${\(extra.field)}")
        return true
    }

    /// Paragraphs each after a blank line, up to the next block; the last may be `note`'s
    /// closing sentence, returned as its record.
    private func paragraphsAfterBlanks(_ note: PageSpec.ItemNote?) -> (paragraphs: [(ArraySlice<UInt8>, Int)], note: Record?) {
        var paragraphs: [(ArraySlice<UInt8>, Int)] = []
        while i + 1 < lines.count, line(i).isEmpty, isParagraph(line(i + 1)) {
            if let note, let r = parseItemNote(text(i + 1), note, mark(i + 1)) {
                i += 2
                return (paragraphs, r)
            }
            paragraphs.append((line(i + 1), i + 1))
            i += 2
        }
        return (paragraphs, nil)
    }

    /// A line that may be an item's paragraph: not a heading, another block, a group heading,
    /// the notice or the footer.
    private func isParagraph(_ l: ArraySlice<UInt8>) -> Bool {
        if l.isEmpty || heading(l) != nil || isItemHeader(l) || l.starts(with: bullet) || isNotice(l) { return false }
        let s = String(decoding: l, as: UTF8.self)
        if let items = types.spec.items, items.groups.values.contains(where: { $0.contains(s) }) || items.extras.contains(where: { $0.header == s }) { return false }
        return !startsFooter(s)
    }

    /// `<prefix><verb> from X to Y<rest>`: an item's closing note.
    private func parseItemNote(_ s: String, _ note: PageSpec.ItemNote, _ at: Mark) -> Record? {
        guard s.hasPrefix(note.prefix) else { return nil }
        let body = String(s.dropFirst(note.prefix.count))
        for verb in note.verbs.values {
            guard body.hasPrefix(verb + " from ") else { continue }
            var rest = Substring(body.dropFirst(verb.count + 6))
            guard let from = leadingDecimal(rest) else { return nil }
            rest = rest.dropFirst(from.count)
            guard rest.hasPrefix(" to ") else { return nil }
            rest = rest.dropFirst(4)
            guard let to = leadingDecimal(rest), ScalarCheck.isDecimal(from), ScalarCheck.isDecimal(to) else { return nil }
            var r = Record(note.sentence.type, mark: at)
            set(&r, note.sentence, ("", verb, from, to, String(rest.dropFirst(to.count))), at)
            return r
        }
        return nil
    }

    /// `<description> 1.251 7.007`: the rating (one digit, the point, `places` digits) glued to
    /// its whole number, a space, then the maximum as printed.
    private func ratingLine(_ l: ArraySlice<UInt8>, _ spec: PageSpec.Items) -> (description: String?, rating: String, rounded: String)? {
        let width = spec.places + 2, max = Array(spec.max.utf8)
        let tail = Array(l.suffix(width + 2 + max.count))
        guard tail.count == width + 2 + max.count, isDigit(tail[0]), tail[1] == 0x2E, tail[2..<(width + 1)].allSatisfy(isDigit),
              tail[width + 1] == 0x20, tail[(width + 2)...].elementsEqual(max) else { return nil }
        let rating = String(decoding: tail[0..<width], as: UTF8.self)
        let rounded = String(decoding: tail[width..<(width + 1)], as: UTF8.self)
        if l.count == tail.count { return (nil, rating, rounded) }
        guard l.count > tail.count + 1, l[l.endIndex - tail.count - 1] == 0x20 else { return nil }
        return (String(decoding: l.dropLast(tail.count + 1), as: UTF8.self), rating, rounded)
    }

    // MARK: Footer

    /// The subject named by the footer's name line (`<prefix> <subject>`), or nil.
    private func footerName(_ s: String) -> String? {
        let n = types.spec.footer.name
        guard s.hasPrefix(n.prefix), s.hasSuffix(n.suffix), s.count >= n.prefix.count + n.suffix.count else { return nil }
        return types.countries.canonical(String(s.dropFirst(n.prefix.count).dropLast(n.suffix.count)))
    }

    private func startsFooter(_ s: String) -> Bool {
        let footer = types.spec.footer
        if footerName(s) != nil { return true }
        if footer.starts.contains(where: { s.hasPrefix($0) }) { return true }
        // A score's bullet, its figures on the next line that is not blank.
        return s.utf8.starts(with: bullet) && s.hasSuffix(types.spec.scores.suffix) && footerFigures(after: i) != nil
    }

    private func footerLine(_ s: String) {
        let spec = types.spec.scores
        if let country = footerName(s) {
            footerSubject = country
            // Resolved once the page is read: the name line when it names the report's subject.
            layout.append("\u{0}ON\u{0}" + PageLayout.literal(s))
            return
        }
        let bulleted = s.utf8.starts(with: bullet)
        let name = bulleted ? String(decoding: s.utf8.dropFirst(bullet.count), as: UTF8.self) : s
        if name.hasSuffix(spec.suffix), let (valueLine, figures) = footerFigures(after: i) {
            let k = scores.count
            var r = Record(types.score, mark: mark(i))
            r.set(spec.name, name, at: mark(i, byte: bulleted ? bullet.count : 0))
            r.set(spec.score, figures.score, at: mark(valueLine, byte: figures.indent))
            r.set(spec.max, figures.max, at: mark(valueLine))
            r.set(spec.band, figures.status, at: mark(valueLine))
            scores.append(.record(r))
            let p = "\(spec.list).\(k)"
            layout.append((bulleted ? types.spec.bullet : "") + "${\(p).\(spec.name)}")
            for _ in (i + 1)..<valueLine { layout.append("") }
            layout.append(String(repeating: " ", count: figures.indent) + "${\(p).\(spec.score)}" + PageLayout.literal(figures.middle)
                          + "${\(p).\(spec.max)} ${\(p).\(spec.band)}")
            i = valueLine
            return
        }
        literal(i)  // the footer's other lines (See all data…), dashes, empty bullets
    }

    /// `    <score> <max> <status>` on the next non-blank line after line `k`.
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
        let spec = types.spec
        // The page is of the family whose layout read it.
        if let marker = schema.marker { report.set(marker.field, marker.value) }
        if !summary.isEmpty, let summarySpec = spec.summary {
            report[summarySpec.field] = .list(prose(summary.map { ($0.bytes, $0.line) }, section: "the \(summarySpec.heading.lowercased())"), mark(summary[0].line))
        }
        if !items.isEmpty, let list = spec.items?.list { report[list] = .list(items, items[0].mark) }
        for (k, paragraphs) in sectionParagraphs.sorted(by: { $0.key < $1.key }) where !paragraphs.isEmpty {
            let section = spec.sections[k]
            report[section.field] = .list(prose(paragraphs, section: "the section '\(section.heading)'"), mark(paragraphs[0].1))
        }
        if !authors.isEmpty {
            // The names of the byline, else of the authors' section.
            if let field = spec.summary?.byline ?? spec.authors?.field { report[field] = .list(authors, authors[0].mark) }
        }
        if !scores.isEmpty { report[spec.scores.list] = .list(scores, scores[0].mark) }
        if !statements.isEmpty, let changesSpec = spec.changes, var changes = report[changesSpec.field]?.record {
            changes[changesSpec.statements.list] = .list(statements, statements[0].mark)
            report[changesSpec.field] = .record(changes)
        }

        // Identity: the page itself, then the caller, then the file name, then the footer.
        let roles = schema.roles
        let subject = spec.name, edition = roles.edition.path.description
        let subjectWord = roles.subject.label.lowercased(), editionWord = roles.edition.label.lowercased()
        let fromName = ReportIdentity(fileName: options.fileName ?? file, subjects: schema.subjects, editions: schema.editions)
        if !pageSubject {
            let country = options.country.map { types.countries.canonical($0) ?? $0 } ?? fromName.subject ?? footerSubject ?? resultSubject
            report.set(subject, country)
            // (Said where it came from a folder: a file name that names it is the convention.)
            if options.country == nil, let c = fromName.subject, let source = fromName.subjectSource, source.hasPrefix("the folder") {
                sink.note(Mark(line: 1, column: 1), "the page does not name its \(subjectWord): \(c), from \(source)")
            }
        } else if let wanted = options.country, types.countries.canonical(wanted) != report.text(subject) {
            sink.warning(report[subject]!.mark, "the page names \(report.text(subject)!), not \(wanted); keeping the page's")
        }
        if !pageEdition {
            report.set(edition, options.edition ?? fromName.edition.map(String.init) ?? headingEdition.map(String.init))
            if options.edition == nil, let e = fromName.edition, let source = fromName.editionSource, source.hasPrefix("the folder") {
                sink.note(Mark(line: 1, column: 1), "the page does not name its \(editionWord): \(e), from \(source)")
            }
        } else if let wanted = options.edition, wanted != report.text(edition) {
            sink.warning(report[edition]!.mark, "the page is of \(editionWord) \(report.text(edition)!), not \(wanted); keeping the page's")
        }
        let fileName = "\(roles.subject.label.uppercased())-\(roles.edition.label.uppercased()).txt"
        if report[subject] == nil { sink.warning(Mark(line: 1, column: 1), "no \(subjectWord): the page does not name one; name the file \(fileName), or give the \(subjectWord)") }
        if report[edition] == nil { sink.warning(Mark(line: 1, column: 1), "no \(editionWord): the page does not name one; name the file \(fileName), or give the \(editionWord)") }
        let name = report.text(subject), footer = spec.footer.name
        for (k, line) in layout.enumerated() where line.hasPrefix("\u{0}ON\u{0}") {
            let printed = String(line.dropFirst(4))
            layout[k] = name.map({ footer.prefix + $0 + footer.suffix }) == printed ? footer.template : printed
        }
        reportMojibake()
    }

    private func compressLists(_ engine: PageLayout) {
        let spec = types.spec
        if let summarySpec = spec.summary { engine.compress(&layout, types.prose, path: summarySpec.field, count: summary.count) }
        for (k, section) in spec.sections.enumerated() where !section.bullets && section.sentence == nil {
            engine.compress(&layout, types.prose, path: section.field, count: sectionParagraphs[k]?.count ?? 0)
        }
        if let itemType = types.item, let itemsSpec = spec.items { engine.compress(&layout, itemType, path: itemsSpec.list, count: items.count) }
        if let statementType = types.statement, let changesSpec = spec.changes {
            engine.compress(&layout, statementType, path: "\(changesSpec.field).\(changesSpec.statements.list)", count: statements.count)
        }
        engine.compress(&layout, types.score, path: spec.scores.list, count: scores.count)
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

    

    /// A section heading (a title the layout names, any case, `:` allowed, or the archive form
    /// `header2 <title>`): its title, or nil.
    private func heading(_ l: ArraySlice<UInt8>) -> String? {
        let spec = types.spec
        let word = spec.heading.utf8
        if l.starts(with: word) {
            let afterWord = l.dropFirst(word.count)
            let digits = afterWord.prefix(while: isDigit)
            if !digits.isEmpty, afterWord.dropFirst(digits.count).first == 0x20 {
                return String(decoding: afterWord.dropFirst(digits.count + 1), as: UTF8.self)
            }
        }
        let bare = l.last == UInt8(ascii: ":") ? l.dropLast() : l
        if spec.summary.map({ equalsIgnoringASCIICase(bare, $0.title) }) == true
            || spec.authors?.titles.contains(where: { equalsIgnoringASCIICase(bare, $0) }) == true
            || spec.changes.map({ startsIgnoringASCIICase(bare, $0.title) }) == true
            || spec.sections.contains(where: { startsIgnoringASCIICase(bare, $0.title) && bare.count < 80 }) {
            return String(decoding: l, as: UTF8.self)
        }
        return nil
    }

    /// A byline (`By A and B`): the names, or nil.
    private func byline(_ l: ArraySlice<UInt8>) -> String? {
        guard types.spec.summary?.byline != nil, let prefix = types.spec.summary?.prefixes.first(where: { l.starts(with: $0.utf8) }),
              l.count > prefix.utf8.count else { return nil }
        let name = String(decoding: l.dropFirst(prefix.utf8.count), as: UTF8.self)
        // A byline is short and ends in a name, not a sentence.
        guard name.utf8.count < 200, !name.hasSuffix(".") || name.split(separator: " ").count <= 6 else { return nil }
        return name
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// A badge: a whole number (`23`, `-1`), alone or with the maximum after it as the last
    /// edition's figures print it (`20 / 100`); the number and what follows it.
    private func badgeLine(_ l: ArraySlice<UInt8>) -> (String, String)? {
        let space = l.firstIndex(of: 0x20) ?? l.endIndex
        guard isWholeNumber(l[..<space]) else { return nil }
        let tail = String(decoding: l[space...], as: UTF8.self)
        guard tail.isEmpty || types.spec.last.max.contains(tail) else { return nil }
        return (String(decoding: l[..<space], as: UTF8.self), tail)
    }

    /// `<title prefix><edition><separator><subject>`: the edition, the subject (canonical and as
    /// printed), and the byte where the name starts.
    private func titleWithName(_ s: String, _ title: PageSpec.Line, _ sep: String) -> (edition: String, subject: String, printed: String, nameByte: Int)? {
        guard s.hasPrefix(title.prefix) else { return nil }
        let rest = s.dropFirst(title.prefix.count)
        let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
        guard digits.count == 4, rest.dropFirst(4).hasPrefix(sep) else { return nil }
        let printed = String(rest.dropFirst(4 + sep.count))
        guard let subject = types.countries.canonical(printed) else { return nil }
        return (String(digits), subject, printed, s.utf8.count - printed.utf8.count)
    }

    /// `12`, `-3`: digits, with a minus sign first.
    private func isWholeNumber(_ l: ArraySlice<UInt8>) -> Bool {
        let digits = l.first == UInt8(ascii: "-") ? l.dropFirst() : l
        return !digits.isEmpty && digits.allSatisfy(isDigit)
    }
}

/// Options for reading page text: what to assume where the page does not say.
public struct ReadOptions: Sendable {
    public var country: String?
    public var edition: String?
    /// The name to take country and edition from (`kazakhstan-2021.txt`); defaults to the file.
    public var fileName: String?
    /// Warn about footnote markers out of sequence (validation has a rule for it instead).
    public var footnoteWarnings: Bool
    /// Check that the page read writes back as read (GetPut). Off only where the page was just
    /// written from the model it is compared with (the page check, PutGet): writing it again
    /// could only give the same bytes.
    var getPut = true

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
