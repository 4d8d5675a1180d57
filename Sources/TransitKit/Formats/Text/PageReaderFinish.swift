/// The page reader's last steps: prose and footnotes, the layout kept, lists compressed, mojibake.
extension PageReader {
    // MARK: - Finishing

    func prose(_ paragraphs: [(ArraySlice<UInt8>, Int)], section: String) -> [Value] {
        var first = 1
        return prose(paragraphs, section: section, from: &first)
    }

    /// The paragraphs of a block (an item's, another record's): read now, or, where the page
    /// numbers its notes on through the page, once the whole page is read, in page order.
    func blockProse(_ paragraphs: [(ArraySlice<UInt8>, Int)], section: String, into target: PendingProse.Target) -> Value? {
        guard !paragraphs.isEmpty else { return nil }
        if types.spec.notesThroughPage {
            pendingProse.append(PendingProse(paragraphs: paragraphs, label: section, target: target))
            return nil
        }
        return .list(prose(paragraphs, section: section), mark(paragraphs[0].1))
    }

    /// Every block of prose in page order, its notes' numbers running on from block to block:
    /// the sections' paragraphs by section, the others set in place.
    func proseThroughPage() -> [Int: [Value]] {
        let spec = types.spec
        var blocks = pendingProse
        for (k, paragraphs) in sectionParagraphs where !paragraphs.isEmpty {
            blocks.append(PendingProse(paragraphs: paragraphs, label: "the section '\(spec.sections[k].heading)'", target: .section(k)))
        }
        blocks.sort { $0.paragraphs[0].1 < $1.paragraphs[0].1 }
        var next = 1, sections: [Int: [Value]] = [:]
        for block in blocks {
            let read = prose(block.paragraphs, section: block.label, from: &next)
            let list = Value.list(read, mark(block.paragraphs[0].1))
            switch block.target {
            case .section(let k): sections[k] = read
            case .item(let k, let field):
                guard case .record(var r) = items[k] else { continue }
                r[field] = list
                items[k] = .record(r)
            case .record(let name, let field):
                guard case .record(var r)? = report[name] else { continue }
                r[field] = list
                report[name] = .record(r)
            }
        }
        return sections
    }

    /// The paragraphs of one block, its notes' chain starting at `first` (the next block's
    /// start, after).
    func prose(_ paragraphs: [(ArraySlice<UInt8>, Int)], section: String, from first: inout Int) -> [Value] {
        let (extracted, problems) = Footnotes.extract(paragraphs.map(\.0), tokens: types.spec.tokens, from: &first)
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

    func finish(options: ReadOptions) {
        let spec = types.spec
        // The page is of the family whose layout read it.
        if let marker = schema.marker { report.set(marker.field, marker.value) }
        let throughPage = spec.notesThroughPage ? proseThroughPage() : [:]
        if !items.isEmpty, let list = spec.items?.list { report[list] = .list(items, items[0].mark) }
        for (k, paragraphs) in sectionParagraphs.sorted(by: { $0.key < $1.key }) where !paragraphs.isEmpty {
            let section = spec.sections[k]
            var read = throughPage[k] ?? prose(paragraphs, section: "the section '\(section.heading)'")
            if let flag = spec.proseBullet {
                for p in otherwisePrinted[k] ?? [] {
                    guard case .record(var r) = read[p] else { continue }
                    r.fields[flag] = .scalar(section.bullets ? "false" : "true", r.mark)
                    read[p] = .record(r)
                }
            }
            report[section.field] = .list(read, mark(paragraphs[0].1))
        }
        if !authors.isEmpty {
            // The names of the byline, else of the authors' section.
            if let field = spec.bylined?.byline.field ?? spec.authors?.field { report[field] = .list(authors, authors[0].mark) }
        }
        if !scores.isEmpty, let list = spec.scores?.list { report[list] = .list(scores, scores[0].mark) }
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
        let name = report.text(subject), footer = spec.footer?.name
        for (k, line) in layout.enumerated() where line.hasPrefix("\u{0}ON\u{0}") {
            let printed = String(line.dropFirst(4))
            layout[k] = footer.flatMap { f in name.map({ f.prefix + $0 + f.suffix }) == printed ? f.template : nil } ?? printed
        }
        reportMojibake()
    }

    func compressLists(_ engine: PageLayout) {
        let spec = types.spec
        for (k, section) in spec.sections.enumerated() where !section.bullets && section.sentence == nil && (otherwisePrinted[k] ?? []).isEmpty {
            engine.compress(&layout, types.prose, path: section.field, count: sectionParagraphs[k]?.count ?? 0)
        }
        if let itemType = types.item, let itemsSpec = spec.items { engine.compress(&layout, itemType, path: itemsSpec.list, count: items.count) }
        if let statementType = types.statement, let changesSpec = spec.changes {
            engine.compress(&layout, statementType, path: "\(changesSpec.field).\(changesSpec.statements.list)", count: statements.count)
        }
        if let scoreType = types.score, let scoresSpec = spec.scores { engine.compress(&layout, scoreType, path: scoresSpec.list, count: scores.count) }
    }

    /// UTF-8 read as another encoding and saved again (`â€™`, `‚Äô` for `’`): reported, kept.
    func reportMojibake() {
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
    func lineIndex(containing offset: Int) -> Int {
        var low = 0, high = lines.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lines[mid].lowerBound <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }
}
