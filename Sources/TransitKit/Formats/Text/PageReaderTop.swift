/// The page reader at the top of a page: title, name, band, figures, last year's block, note.
extension PageReader {
    func parseTop() {
        let spec = types.spec, top = spec.last, note = spec.note
        var badge: (layoutIndex: Int, value: String)?
        let badgeFigure = spec.figures.first(where: \.badge)
        var afterLast = false, expectLastBand = false
        func lastBandUnset() -> Bool { top.map { report[$0.record]?.record?[$0.band] == nil } ?? false }
        top: while i < lines.count {
            let l = line(i)
            if l.isEmpty { layout.append(""); i += 1; continue }
            if verbatim.contains(i) { literal(i); i += 1; continue }
            if heading(l) != nil || isItemHeader(l) || spec.bylined.map({ byline(l, $0.byline) != nil }) == true || l.starts(with: bullet) { break top }
            let s = text(i)
            if let items = spec.items, items.groups.values.contains(where: { $0.contains(s) }) { break top }
            // A short page's notice, or the footer, may follow the figures directly.
            if isNotice(l) || startsFooter(s) { break top }
            if titleOrName(s) {
                // read: the title, the name, or a flag
            } else if expectLastBand ? lastBandUnset() : report[spec.band] == nil,
                      let status = types.status.canonical(s) {
                let field = expectLastBand ? "\(top!.record).\(top!.band)" : spec.band
                if expectLastBand, let top { setLast(top, top.band, status, mark(i)) } else { report.set(spec.band, status, at: mark(i)) }
                layout.append(status == s ? "${\(field)}" : "${\(field):\(s)}")
                expectLastBand = false
            } else if afterLast, let top, report[top.record] == nil, let first = l.first, isDigit(first),
                      first != 0x30 || l.count == 1 || !isDigit(l[l.startIndex + 1]) {
                lastFigures(i, top, &expectLastBand)
                afterLast = false
            } else if let (grammar, values) = spec.lines.lazy.compactMap({ g in g.read(l).map { (g, $0) } }).first {
                topLine(grammar, values, l)
            } else if let top, s.contains(ignoringCase: top.keyword) {
                literal(i)
                afterLast = true
            } else if let note, report[note.field] == nil, note.starts.contains(where: { s.hasPrefix($0) }) || note.keywords.contains(where: { s.contains(ignoringCase: $0) }) {
                self.note(i, s, note)
            } else if let f = spec.figures.first(where: { f in report[f.field] == nil && f.keywords.contains { containsIgnoringASCIICase(l, $0) } }) {
                figure(i, after: f.after, field: f.field)
            } else if let b = badgeFigure, let (number, tail) = badgeLine(l), tail.isEmpty || b.line == nil, report[b.field] == nil, badge == nil,
                      b.line != nil || ((top.map { report[$0.record] == nil } ?? true) && !spec.figures.contains { report[$0.field] != nil }) {
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

    /// A line of the top's `lines`: each field read where it stands, or, printed elsewhere on the
    /// page already, checked against that copy (a disagreement is an error naming both places).
    func topLine(_ grammar: LineGrammar, _ values: [(field: Int, value: ArraySlice<UInt8>)], _ l: ArraySlice<UInt8>) {
        var out = "", at = l.startIndex
        for (k, v) in values where !v.isEmpty {
            let name = grammar.type.fields[k].name, value = String(decoding: v, as: UTF8.self)
            let here = mark(i, byte: v.startIndex - l.startIndex)
            out += PageLayout.literal(String(decoding: l[at..<v.startIndex], as: UTF8.self))
            at = v.endIndex
            if let given = report.value(at: ModelPath(name)) {
                if given.text != value {
                    sink.error(here, "'\(name)' is printed twice and the copies disagree: '\(given.text ?? "")' at line \(given.mark.line), column \(given.mark.column), '\(value)' here")
                    out += "${\(name):\(PageLayout.literal(value))}"
                    continue
                }
            } else {
                report.setPath(name.split(separator: ".").map(String.init)[...], value, at: here)
                // The page names its subject or edition: the file name does not override it.
                if name == types.spec.name { pageSubject = true }
                if name == schema.roles.edition.path.description { pageEdition = true }
            }
            out += "${\(name)}"
        }
        layout.append(out + PageLayout.literal(String(decoding: l[at...], as: UTF8.self)))
    }

    /// A flag's line, the title (with the subject's name, on some pages), or the subject's name
    /// (with a flag's mark glued to it): true when line `i` (`s`) was one of them and is read.
    /// A value is read once: a second line that would set it again is left to the others.
    func titleOrName(_ s: String) -> Bool {
        let spec = types.spec
        if let flag = spec.flags.first(where: { $0.line == s }), report[flag.field] == nil {
            report.set(flag.field, flag.value, at: mark(i))
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
           case let printed = s.dropFirst(title.prefix.count).dropLast(title.suffix.count),
           // The edition as it would be written back (`02019` and `+2019` are no edition).
           let edition = Int(printed), (1000...9999).contains(edition), String(edition) == printed {
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
        } else {
            return false
        }
        return true
    }

    /// What is wrong with `text` as the value of `type`'s field `name`, by the field's kind
    /// (a figure line reads any number; the schema says which it must be).
    static func problem(_ text: String, _ type: RecordType, _ name: String) -> String? {
        guard let i = type.lookup(name) else { return nil }
        return ScalarCheck.problem(text, type.fields[i].kind)
    }

    func setLast(_ spec: PageSpec.Last, _ name: String, _ value: String, _ at: Mark) {
        let record = spec.record
        var last = report[record]?.record ?? Record(spec.type, mark: at)
        last.set(name, value, at: at)
        report[record] = .record(last)
    }

    /// `5 100 <band>`, `5 / 100`, or `5` alone (the band on a later line).
    func lastFigures(_ k: Int, _ last: PageSpec.Last, _ expectStatus: inout Bool) {
        let l = line(k)
        var e = l.startIndex
        while e < l.endIndex && isDigit(l[e]) { e += 1 }
        // A decimal figure: the point and its digits too.
        if e + 1 < l.endIndex, l[e] == 0x2E, isDigit(l[e + 1]) {
            e += 1
            while e < l.endIndex && isDigit(l[e]) { e += 1 }
        }
        let figure = String(decoding: l[l.startIndex..<e], as: UTF8.self)
        if let problem = Self.problem(figure, last.type, last.figure) {
            // The same verdict as a structured format gives the same figure (a decimal where
            // the schema wants a whole number): read, it could not be converted.
            literal(k)
            sink.error(mark(k), "'\(last.figure)': \(problem)")
            return
        }
        setLast(last, last.figure, figure, mark(k))
        var rest = String(decoding: l[e...], as: UTF8.self)
        var out = "${\(last.record).\(last.figure)}"
        for scale in last.max where rest.hasPrefix(scale) {
            out += scale
            rest.removeFirst(scale.count)
            break
        }
        if rest.hasPrefix(" "), let status = types.status.canonical(String(rest.dropFirst())) {
            let spelling = String(rest.dropFirst())
            setLast(last, last.band, status, mark(k, byte: l.count - spelling.utf8.count))
            let path = "\(last.record).\(last.band)"
            out += " " + (status == spelling ? "${\(path)}" : "${\(path):\(spelling)}")
        } else {
            out += PageLayout.literal(rest)
            expectStatus = rest.isEmpty
        }
        layout.append(out)
    }

    /// A line holding a figure after a label: the first number after `label` is the value.
    func figure(_ k: Int, after label: String, field: String) {
        let l = line(k)
        let lowered = l.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
        let needle = Array(label.utf8)
        var start = 0
        if let at = firstRange(of: needle, in: lowered) { start = at + needle.count }
        var s = start
        while s < lowered.count && !isDigit(lowered[s]) { s += 1 }
        guard s < lowered.count else {
            // A label line (`Total Score:`), the figure on its own line after it.
            let next = k + 1 < lines.count ? line(k + 1) : []
            let value = String(decoding: next, as: UTF8.self)
            guard !next.isEmpty, ScalarCheck.isDecimal(value) || isWholeNumber(next), Self.problem(value, report.type, field) == nil else { unrecognised(k); return }
            literal(k)
            report.set(field, value, at: mark(k + 1))
            layout.append("${\(field)}")
            i += 1
            return
        }
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
    func note(_ k: Int, _ s: String, _ note: PageSpec.Note) {
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
}

extension Record {
    /// Sets the text at the path `names` (`record.field`), marked `at`, creating the records
    /// on the way (each marked where its first value stands).
    mutating func setPath(_ names: ArraySlice<String>, _ text: String, at: Mark) {
        guard let name = names.first, let i = type.lookup(name) else { return }
        guard names.count > 1 else { return set(name, text, at: at) }
        guard case .record(let inner) = type.fields[i].kind else { return }
        var record = fields[i]?.record ?? Record(inner, mark: at)
        record.setPath(names.dropFirst(), text, at: at)
        fields[i] = .record(record)
    }
}
