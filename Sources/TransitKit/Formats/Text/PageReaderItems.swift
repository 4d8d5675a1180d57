/// The page reader in the rated items' blocks and the footer.
extension PageReader {
    // MARK: Rated items

    /// `<prefix><name><suffix>`: the header line of an item's block.
    func isItemHeader(_ l: ArraySlice<UInt8>) -> Bool { itemHeader(l) != nil }

    /// The template an item's header line follows: the standard one, or a variant's.
    func itemHeader(_ l: ArraySlice<UInt8>) -> PageSpec.Line? {
        headerMatch(l)?.template
    }

    /// The template an item's header line follows, the item's name, and the suffix as printed
    /// (its `{attribute}`s filled in with the item's own).
    func headerMatch(_ l: ArraySlice<UInt8>) -> (template: PageSpec.Line, name: String, suffix: String)? {
        guard let items = types.spec.items else { return nil }
        for h in [items.header] + items.headerVariants {
            let prefix = h.prefix.utf8
            guard l.count > prefix.count, l.starts(with: prefix) else { continue }
            if items.attributed, let open = h.suffix.firstIndex(of: "{") {
                // The name runs to the suffix's literal start; the rest is the suffix filled in
                // with that item's attributes.
                let head = Array(h.suffix[..<open].utf8), rest = l.dropFirst(prefix.count)
                guard let at = firstRange(of: head, in: Array(rest)) else { continue }
                let name = String(decoding: rest.prefix(at), as: UTF8.self)
                let suffix = items.expand(h.suffix, name)
                if !name.isEmpty, rest.dropFirst(at).elementsEqual(suffix.utf8) { return (h, name, suffix) }
                continue
            }
            let suffix = h.suffix.utf8
            if l.count > prefix.count + suffix.count && l.suffix(suffix.count).elementsEqual(suffix) {
                return (h, String(decoding: l.dropFirst(prefix.count).dropLast(suffix.count), as: UTF8.self), h.suffix)
            }
        }
        return nil
    }

    /// `<description> 2 / 4`: a rating printed plain, then the layout's `plain-max`.
    func plainRating(_ l: ArraySlice<UInt8>, _ spec: PageSpec.Items, _ name: String) -> (description: String?, rating: String)? {
        guard let max = spec.plainMax.map({ spec.expand($0, name) }), l.count > max.utf8.count, l.suffix(max.utf8.count).elementsEqual(max.utf8) else { return nil }
        let body = l.dropLast(max.utf8.count)
        let space = body.lastIndex(of: 0x20)
        let value = String(decoding: body[(space.map { $0 + 1 } ?? body.startIndex)...], as: UTF8.self)
        guard ScalarCheck.isDecimal(value) else { return nil }
        return (space.map { String(decoding: body[..<$0], as: UTF8.self) }, value)
    }

    /// An item's block: header, description and rating line, its paragraphs as bullets.
    func parseItem() {
        guard let spec = types.spec.items, let itemType = types.item else { return unrecognised(i) }
        let header = i
        let l = line(i)
        guard let (template, name, suffix) = headerMatch(l) else { return unrecognised(i) }
        let standard = template.prefix == spec.header.prefix && template.suffix == spec.header.suffix
        // The item's record, its key read from the standard header.
        func item() -> Record {
            var r = Record(itemType, mark: mark(header))
            r.set(spec.header.field, name, at: mark(header, byte: spec.header.prefix.utf8.count))
            return r
        }
        if let itemLine = spec.line {
            // The line under the header, a template of the item's fields.
            guard standard, i + 1 < lines.count, let grammar = itemLine.grammar(name), let values = grammar.read(line(i + 1)) else {
                unrecognised(i)
                i += 1
                return
            }
            var r = item()
            let l = line(i + 1)
            for (k, v) in values where !v.isEmpty { r.fields[k] = .scalar(String(decoding: v, as: UTF8.self), mark(i + 1, byte: v.startIndex - l.startIndex)) }
            i += 2
            return itemParagraphs(r, spec, name)
        }
        let max = spec.expand(spec.max, name)
        // A copy's own block (another header, a plain rating) is kept line by line.
        if i + 1 < lines.count, ratingLine(line(i + 1), spec, max: max) == nil || !standard,
           let plain = plainRating(line(i + 1), spec, name) {
            return parseItemVariant(template, name, suffix, plain, spec, itemType)
        }
        guard i + 1 < lines.count, standard, let rating = ratingLine(line(i + 1), spec, max: max) else {
            unrecognised(i)
            i += 1
            return
        }
        var r = item()
        let ratingLine = line(i + 1)
        let tail = spec.places + 3 + 1 + max.utf8.count
        if let d = rating.description { r.set(spec.description, d, at: mark(i + 1)) }
        // A whole-number rating prints its decimals (`3.00`): the model keeps the whole number.
        let value = spec.wholeRating ? ExactDecimal(rating.rating)!.rounded(places: 0).description : rating.rating
        r.set(spec.rating, value, at: mark(i + 1, byte: ratingLine.count - tail))
        if ExactDecimal(rating.rating)?.rounded(places: 0).description != rating.rounded {
            let at = mark(i + 1, byte: ratingLine.count - tail + spec.places + 2)
            if let rounded = spec.rounded {
                r.set(rounded, rating.rounded, at: at)
            } else {
                // The figure printed twice, glued (`1.002`): the copies must agree.
                let first = mark(i + 1, byte: ratingLine.count - tail)
                sink.error(at, "'\(spec.rating)' of \(name) is printed twice and the copies disagree: \(rating.rating) at column \(first.column), rounding to \(ExactDecimal(rating.rating)?.rounded(places: 0).description ?? "?"), and \(rating.rounded) glued to it at column \(at.column)")
            }
        }
        i += 2
        itemParagraphs(r, spec, name)
    }

    /// An item's paragraphs (bullets, or each after a blank line) and its closing note, after
    /// its rating line; the item read.
    func itemParagraphs(_ item: Record, _ spec: PageSpec.Items, _ name: String) {
        var r = item
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
        if let read = blockProse(findings, section: "'\(name)'", into: .item(items.count, spec.bullets)) { r[spec.bullets] = read }
        layout.append("${\(spec.list).\(items.count)}")
        items.append(.record(r))
    }

    /// An item's block as a copy prints it otherwise (`A1 0-4 pts` / `<question> 2 / 4`): the same
    /// fields, each line kept with its placeholders.
    func parseItemVariant(_ template: PageSpec.Line, _ name: String, _ suffix: String, _ rating: (description: String?, rating: String),
                          _ spec: PageSpec.Items, _ itemType: RecordType) {
        let header = i, k = items.count, p = "\(spec.list).\(k)"
        var r = Record(itemType, mark: mark(header))
        r.set(spec.header.field, name, at: mark(header, byte: template.prefix.utf8.count))
        layout.append(PageLayout.literal(template.prefix) + "${\(p).\(spec.header.field)}" + PageLayout.literal(suffix))
        let ratingBytes = line(i + 1)
        let plainMax = spec.plainMax.map { spec.expand($0, name) }
        if let d = rating.description { r.set(spec.description, d, at: mark(i + 1)) }
        let valueByte = ratingBytes.count - (plainMax?.utf8.count ?? 0) - rating.rating.utf8.count
        r.set(spec.rating, spec.wholeRating ? (ExactDecimal(rating.rating)?.rounded(places: 0).description ?? rating.rating) : rating.rating,
              at: mark(i + 1, byte: valueByte))
        let printedWhole = spec.wholeRating && ExactDecimal(rating.rating)?.rounded(places: 0).description != rating.rating
        layout.append((rating.description != nil ? "${\(p).\(spec.description)} " : "") + (printedWhole ? PageLayout.literal(rating.rating) : "${\(p).\(spec.rating)}")
                      + PageLayout.literal(plainMax ?? ""))
        i += 2
        let (paragraphs, closing) = paragraphsAfterBlanks(spec.note)
        for k in paragraphs.indices { layout += ["", "${\(p).\(spec.bullets).\(k)}"] }
        if let note = spec.note, let closing {
            r[note.field] = .record(closing)
            layout += ["", "${\(p).\(note.field)}"]
        }
        if let read = blockProse(paragraphs, section: "'\(name)'", into: .item(items.count, spec.bullets)) { r[spec.bullets] = read }
        items.append(.record(r))
    }

    /// An extra block among the items (a discretionary question): header, description with its glued rating,
    /// paragraphs each after a blank line. False (nothing read) when the lines do not read so.
    func parseExtra(_ extra: PageSpec.Extra) -> Bool {
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
        if let read = blockProse(paragraphs, section: "'\(extra.header)'", into: .record(extra.field, extra.paragraphs)) { r[extra.paragraphs] = read }
        report[extra.field] = .record(r)
        layout.append("${\(extra.field)}")
        return true
    }

    /// Paragraphs each after a blank line, up to the next block; the last may be `note`'s
    /// closing sentence, returned as its record.
    func paragraphsAfterBlanks(_ note: PageSpec.ItemNote?) -> (paragraphs: [(ArraySlice<UInt8>, Int)], note: Record?) {
        var paragraphs: [(ArraySlice<UInt8>, Int)] = []
        while i + 1 < lines.count, line(i).isEmpty, isParagraph(line(i + 1)) {
            if let note, let r = note.line.record(line(i + 1), mark: { self.mark(self.i + 1, byte: $0) }) {
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
    func isParagraph(_ l: ArraySlice<UInt8>) -> Bool {
        if l.isEmpty || heading(l) != nil || isItemHeader(l) || l.starts(with: bullet) || isNotice(l) { return false }
        let s = String(decoding: l, as: UTF8.self)
        if let items = types.spec.items, items.groups.values.contains(where: { $0.contains(s) }) || items.extras.contains(where: { $0.header == s }) { return false }
        return !startsFooter(s)
    }

    /// `<description> 1.251 7.007`: the rating (one digit, the point, `places` digits) glued to
    /// its whole number, a space, then the maximum as printed.
    func ratingLine(_ l: ArraySlice<UInt8>, _ spec: PageSpec.Items, max: String) -> (description: String?, rating: String, rounded: String)? {
        let width = spec.places + 2, max = Array(max.utf8)
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
    func footerName(_ s: String) -> String? {
        guard let n = types.spec.footer?.name, s.hasPrefix(n.prefix), s.hasSuffix(n.suffix), s.count >= n.prefix.count + n.suffix.count else { return nil }
        return types.countries.canonical(String(s.dropFirst(n.prefix.count).dropLast(n.suffix.count)))
    }

    func startsFooter(_ s: String) -> Bool {
        guard let footer = types.spec.footer else { return false }
        if footerName(s) != nil { return true }
        if footer.starts.contains(where: { s.hasPrefix($0) }) { return true }
        // A score's bullet, its figures on the next line that is not blank.
        guard let scores = types.spec.scores else { return false }
        return s.utf8.starts(with: bullet) && s.hasSuffix(scores.suffix) && footerFigures(after: i) != nil
    }

    func footerLine(_ s: String) {
        if let country = footerName(s) {
            footerSubject = country
            // Resolved once the page is read: the name line when it names the report's subject.
            layout.append("\u{0}ON\u{0}" + PageLayout.literal(s))
            return
        }
        let bulleted = s.utf8.starts(with: bullet)
        let name = bulleted ? String(decoding: s.utf8.dropFirst(bullet.count), as: UTF8.self) : s
        if let spec = types.spec.scores, let scoreType = types.score, name.hasSuffix(spec.suffix), let (valueLine, figures) = footerFigures(after: i) {
            let k = scores.count
            var r = Record(scoreType, mark: mark(i))
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
    func footerFigures(after k: Int) -> (Int, (indent: Int, score: String, middle: String, max: String, status: String))? {
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
}
