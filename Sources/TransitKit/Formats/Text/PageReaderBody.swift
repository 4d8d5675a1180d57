/// The page reader in the body: headings and their sections, bylines, the changes section.
extension PageReader {
    // MARK: - Body: headings and their sections

    enum Zone: Equatable { case none, changes, authors, items, footer, other, section(Int) }

    func parseBody() {
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
                    headingYears(bare, spec.sections[k].heading, spec.sections[k].titleYear)
                } else if let changes = spec.changes, let changesType = types.changes, Array(bare.utf8).starts(with: changes.title) {
                    zone = .changes
                    if report[changes.field] == nil { report[changes.field] = .record(Record(changesType, mark: mark(i))) }
                    headingYears(bare, changes.heading, changes.titleYear)
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
            // The closing note on the author stands outside the section with the byline (once);
            // inside it, such a line is a paragraph like any other.
            let closing = types.spec.closing, notice = types.spec.notice
            if zone != .footer && zone != .authors && !inBylinedSection(zone), let closing, report[closing.field] == nil,
               let prefix = closing.prefixes.first(where: { s.hasPrefix($0) }) {
                report.set(closing.field, String(s.dropFirst(prefix.count)), at: mark(i, byte: prefix.utf8.count))
                layout.append(PageLayout.literal(prefix) + "${\(closing.field)}")
            } else if let notice, isNotice(l) {
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
                case .none:
                    // A byline before any heading opens its section.
                    if let (k, by) = types.spec.bylined, let name = byline(l, by), authors.isEmpty, (sectionParagraphs[k] ?? []).isEmpty {
                        byline(name, s, by)
                        zone = .section(k)
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

    /// The edition a section's heading names (lower case, no colon), by its template; two
    /// years of one heading that disagree are an error.
    func headingYears(_ bare: String, _ heading: String, _ titleYear: PageSpec.TitleYear?) {
        let (edition, conflict) = HeadingTemplate.edition(in: bare, heading, titleYear)
        if let edition { headingEdition = edition }
        if let conflict {
            sink.error(mark(i), "the heading names two editions that disagree: its {year} \(conflict.year) gives the edition \(conflict.year + (titleYear?.add ?? 0)), its {edition} says \(conflict.edition) (template '\(heading)')")
        }
    }

    /// Whether `zone` is a section with a byline.
    func inBylinedSection(_ zone: Zone) -> Bool {
        if case .section(let k) = zone { types.spec.sections[k].byline != nil } else { false }
    }

    /// A line of a headed section: its byline, a paragraph, a bullet, or its one sentence.
    func sectionLine(_ k: Int, _ l: ArraySlice<UInt8>, _ s: String) {
        let section = types.spec.sections[k]
        if let by = section.byline, authors.isEmpty, (sectionParagraphs[k] ?? []).isEmpty, let name = byline(l, by) { return byline(name, s, by) }
        if let sentence = section.sentence {
            guard report[section.field] == nil, let r = sentence.record(l, mark: { self.mark(self.i, byte: $0) }) else { return unrecognised(i) }
            report[section.field] = .record(r)
            layout.append("${\(section.field)}")
            return
        }
        var paragraphs = sectionParagraphs[k] ?? []
        // Where paragraphs cannot say they are bullets, a bullet among paragraphs is a paragraph as printed.
        let bulleted = l.starts(with: bullet) && (section.bullets || types.spec.proseBullet != nil)
        if bulleted != section.bullets {
            // A plain paragraph among bullets, or a bullet among paragraphs: read as one where
            // the layout names the field that says so.
            guard types.spec.proseBullet != nil else { return unrecognised(i) }
            otherwisePrinted[k, default: []].insert(paragraphs.count)
        }
        if bulleted {
            layout.append(types.spec.bullet + "${\(section.field).\(paragraphs.count)}")
            paragraphs.append((l.dropFirst(bullet.count), i))
        } else {
            layout.append("${\(section.field).\(paragraphs.count)}")
            paragraphs.append((l, i))
        }
        sectionParagraphs[k] = paragraphs
    }

    func byline(_ names: String, _ s: String, _ by: PageSpec.Byline) {
        let bylineField = by.field
        let prefix = by.prefixes.first(where: { s.hasPrefix($0) }) ?? ""
        let joiner = by.joiners.first(where: { names.contains(bytes: $0) }) ?? by.joiners[0]
        for name in names.components(joiner) {
            authors.append(.scalar(name, mark(i, byte: prefix.utf8.count)))
        }
        layout.append(PageLayout.literal(prefix) + (joiner == by.joiners[0] ? "${\(bylineField)}" : "${\(bylineField)/\(joiner)}"))
        authorsJoined = true
    }

    func authorLine(_ s: String) {
        guard let field = types.spec.authors?.field else { return unrecognised(i) }
        let joiners = types.spec.bylined?.byline.joiners ?? [" and "]
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

    func changeLine(_ s: String) {
        guard let spec = types.spec.changes, var changes = report[spec.field]?.record else { return unrecognised(i) }
        let bulleted = s.utf8.starts(with: bullet)
        let body = bulleted ? String(decoding: s.utf8.dropFirst(bullet.count), as: UTF8.self) : s
        let prefix = bulleted ? types.spec.bullet : ""
        let at = mark(i, byte: bulleted ? bullet.count : 0)
        var bare = Array(body.utf8)[...]
        if bare.last == UInt8(ascii: ".") { bare = bare.dropLast() }
        let result = spec.result, list = spec.statements
        if let none = spec.none, equalsIgnoringASCIICase(bare, Array(none.text.lowercased().utf8)) {
            changes.set(none.field, "true", at: at)
            layout.append(prefix + "${\(spec.field).\(none.field):\(body)}")
        } else if let result, changes[result.field] == nil, let r = parseResult(body, bulleted ? bullet.count : 0) {
            changes[result.field] = .record(r)
            layout.append(prefix + "${\(spec.field).\(result.field)}")
        } else if bulleted, let statement = parseStatement(body, bullet.count) {
            layout.append(types.spec.bullet + "${\(spec.field).\(list.list).\(statements.count)}")
            statements.append(.record(statement))
        } else if let word = misspeltVerb(body, spec.verbs) {
            // The same verdict as a structured format gives the same mistake.
            literal(i)
            sink.error(mark(i, byte: prefix.utf8.count + word.byte), "'\(list.verb)': \(ScalarCheck.problem(word.text, .enumeration(spec.verbs)) ?? "not valid")")
            return
        } else {
            unrecognised(i)
            return
        }
        report[spec.field] = .record(changes)
    }

    /// A line that is a misspelling of a country or a status (where one is still expected):
    /// the field's name and enumeration.
    func misspelt(_ s: String, country: Bool, status: Bool) -> (name: String, type: EnumType)? {
        if country, types.countries.suggestion(for: s) != nil { return (types.spec.name, types.countries) }
        if status, types.status.suggestion(for: s) != nil { return (types.spec.band, types.status) }
        return nil
    }

    /// In `<subject> <word> from X to Y…`, a word that is a misspelt verb, with its byte offset.
    func misspeltVerb(_ body: String, _ verbs: EnumType) -> (text: String, byte: Int)? {
        var search = Substring(body)
        while let r = search.range(of: " from ") {
            let before = body[..<r.lowerBound]
            let word = before.split(separator: " ").last.map(String.init) ?? ""
            let after = body[r.upperBound...]
            if !word.isEmpty, LineGrammar.numberEnd(Array(after.utf8)[...], 0) != nil, verbs.suggestion(for: word) != nil {
                return (word, body.utf8.distance(from: body.startIndex, to: before.endIndex) - word.utf8.count)
            }
            search = body[r.upperBound...]
        }
        return nil
    }

    /// A statement of the changes section by its line (`s`, from byte `offset` of the page's
    /// line); the item named as the schema names it (and as printed, where that differs).
    func parseStatement(_ s: String, _ offset: Int) -> Record? {
        guard let spec = types.spec.changes?.statements,
              var r = spec.line.record(Array(s.utf8)[...], mark: { self.mark(self.i, byte: offset + $0) }) else { return nil }
        let printed = r.text(spec.key) ?? ""
        if let printedField = spec.printed, let canonical = schema.item(named: printed)?.name, canonical != printed, let at = r[spec.key]?.mark {
            r.set(spec.key, canonical, at: at)
            r.set(printedField, printed, at: at)
        }
        return r
    }

    /// The result sentence by its line (`s`, from byte `offset` of the page's line); its
    /// subject, a possessive, may name the report's subject.
    func parseResult(_ s: String, _ offset: Int) -> Record? {
        guard let spec = types.spec.changes, let result = spec.result,
              let r = result.line.record(Array(s.utf8)[...], mark: { self.mark(self.i, byte: offset + $0) }) else { return nil }
        var name = r.fields[result.line.fields[0]]?.text ?? ""
        for article in spec.articles where name.hasPrefix(article) { name.removeFirst(article.count) }
        for suffix in spec.suffixes where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
        resultSubject = types.countries.canonical(name)
        return r
    }

    /// The notice of a short page (once): a short line with the notice's keyword.
    func isNotice(_ l: ArraySlice<UInt8>) -> Bool {
        guard let notice = types.spec.notice else { return false }
        return report[notice.field] == nil && l.count <= notice.longest && containsIgnoringASCIICase(l, notice.keyword)
    }
}
