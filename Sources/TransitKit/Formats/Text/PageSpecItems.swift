/// The layout loader's items: each rated item's block (header, description and rating,
/// paragraphs, closing note), the group headings among them and other records' blocks.
extension LayoutLoader {
    mutating func loadItems() {
        guard let i = node["items"], let (list, it) = recordType(i, "list", in: root, list: true) else { return }
        loader.checkKeys(i, .layoutItems)
        guard let header = itemLine(entry(i, "header"), "header", in: it) else { return }
        var line: PageSpec.ItemLine?
        if let l = i["line"] {
            for key in ["description", "rating"] where i[key] != nil {
                fail(i.mark(of: key), "'\(key)': the item's 'line' prints the line under its header; give 'line', or 'description' and 'rating' (the rating glued to its whole number), not both")
            }
            guard let read = ratingLine(l, in: it, header: header.field) else { return }
            line = read
        }
        let rating = line == nil ? entry(i, "rating") : nil
        loader.checkKeys(rating, .layoutRating)
        let ratingField = line == nil ? field(rating, "field", in: it, "the rating", Self.number) : ""
        let paragraphs = i["paragraphs"] != nil
        if paragraphs == (i["bullets"] != nil) {
            fail(i.mark, "'items' gives the items' paragraphs as 'bullets' (right under the rating line) or 'paragraphs' (each after a blank line): one of them")
        }
        var groups: [String: [String]] = [:]
        for g in i["groups"]?.sequence ?? [] {
            loader.checkKeys(g, .layoutGroup)
            groups[text(g, "before")] = texts(g, "lines")
        }
        let whole: Bool = it.lookup(ratingField).map { if case .integer = it.fields[$0].kind { true } else { false } } ?? false
        let extras = (i["extras"]?.sequence ?? []).compactMap { loadExtra($0) }
        // An item declared twice is already an error of the item list; its first entry stands.
        parts.items = PageSpec.Items(
            list: list, type: it, header: header, line: line,
            description: line == nil ? field(i, "description", in: it, "the description", Self.string) : "",
            rating: ratingField, rounded: rating?["rounded"] != nil ? field(rating, "rounded", in: it, "the whole number", Self.integer) : nil,
            places: line == nil ? ratingPlaces(rating) : 1, max: line == nil ? attributed(entry(rating, "max"), "max") : "",
            bullets: field(i, paragraphs ? "paragraphs" : "bullets", in: it, "paragraphs", isProse), paragraphs: paragraphs,
            note: i["note"].flatMap { loadItemNote($0, it) }, groups: groups, gap: integer(i, "gap", absent: 0), wholeRating: whole, extras: extras,
            headerVariants: (i["headers"]?.sequence ?? []).compactMap { itemLine($0, "headers", in: it) },
            plainMax: rating?["plain-max"].map { attributed($0, "plain-max") },
            attributes: usedAttributes.isEmpty ? [:] : Dictionary(items.map { ($0.name, $0.attributes) }) { first, _ in first })
        usedAttributes = []
    }

    /// The line under an item's header, a template of the item's fields but the header's key,
    /// and of the item's own attributes: one grammar for all, or (naming attributes) one an item.
    mutating func ratingLine(_ n: YAMLNode, in it: RecordType, header key: String) -> PageSpec.ItemLine? {
        guard let t = n.string else { fail(n.mark, "'line' is a line of text with {fields} of '\(it.name)'"); return nil }
        var named: [String] = []
        for p in Self.placeholders(t) {
            if p.name == key {
                fail(n.mark(at: p.offset), "'line': '{\(key)}' is printed by the header line above it; this line prints the item's other fields")
                return nil
            }
            if it.lookup(p.name) == nil, itemAttributes.contains(where: { $0.name == p.name }) {
                checkAttribute(p.name, n, p.offset, "line")
                if !named.contains(p.name) { named.append(p.name) }
            }
        }
        if named.isEmpty { return lineGrammar(template: n, "line", in: it).map { PageSpec.ItemLine(every: $0, byItem: [:]) } }
        guard items.allSatisfy({ item in named.allSatisfy { item.attributes[$0] != nil } }) else { return nil }
        var byItem: [String: LineGrammar] = [:]
        for item in items where byItem[item.name] == nil {
            guard let g = lineGrammar(template: n, "line", in: it, filling: item.attributes) else { return nil }
            byItem[item.name] = g
        }
        return PageSpec.ItemLine(every: nil, byItem: byItem)
    }

    /// An item's header line: `{key}` first, a field of the item's record, then literal text
    /// and the item's own attributes (`{code} 0-{max} pts`).
    mutating func itemLine(_ n: YAMLNode?, _ key: String, in type: RecordType) -> PageSpec.Line? {
        guard let n, let t = n.string else { if let n { fail(n.mark, "'\(key)' is a line of text") }; return nil }
        let found = Self.placeholders(t)
        guard let first = found.first else { fail(n.mark, "'\(key)' is a line with the item's {field}, not '\(t)'"); return nil }
        guard let i = type.lookup(first.name), Self.string(type.fields[i].kind) else {
            fail(n.mark(at: first.offset), "'\(key)': '{\(first.name)}' is not a text field of '\(type.name)'\(loader.suggestion(ModelPath(first.name), in: type))")
            return nil
        }
        let chars = Array(t)
        let end = first.offset + first.name.count + 2
        if found.count > 1 {
            if found[1].offset == end {
                fail(n.mark(at: found[1].offset), "'\(key)': text must stand between '{\(first.name)}' and '{\(found[1].name)}', or the page could not tell where one ends")
                return nil
            }
            var seen: Set<String> = []
            for p in found.dropFirst() where seen.insert(p.name).inserted { checkAttribute(p.name, n, p.offset, key) }
        }
        return PageSpec.Line(prefix: String(chars[..<first.offset]), field: first.name, suffix: String(chars[end...]))
    }

    /// A text printed as written but for the item's own attributes (`{max}.00{max}`).
    mutating func attributed(_ n: YAMLNode?, _ key: String) -> String {
        guard let n else { return "" }
        guard let t = n.string else { fail(n.mark, "'\(key)' is text"); return "" }
        var seen: Set<String> = []
        for p in Self.placeholders(t) where seen.insert(p.name).inserted { checkAttribute(p.name, n, p.offset, key) }
        return t
    }

    /// `{name}` in an item's template: a declared item attribute every item carries.
    mutating func checkAttribute(_ name: String, _ n: YAMLNode, _ offset: Int, _ key: String) {
        guard itemAttributes.contains(where: { $0.name == name }) else {
            let declared = itemAttributes.map(\.name)
            fail(n.mark(at: offset), "'\(key)': '{\(name)}' is not an item attribute (\(declared.isEmpty ? "the schema declares none under 'item-attributes'" : "declared: " + declared.joined(separator: ", ")))")
            return
        }
        usedAttributes.insert(name)
        for item in items where item.attributes[name] == nil {
            fail(n.mark(at: offset), "'\(key)' prints '{\(name)}', which item '\(item.name)' does not carry (give it under the item's 'attributes')")
            return
        }
    }

    /// The rating's decimal places: at least one, for the rating is glued to its whole number
    /// (`3.003`), and without a decimal point the two could not be told apart (`33`).
    mutating func ratingPlaces(_ rating: YAMLNode?) -> Int {
        let places = integer(rating, "places", absent: 2)
        if places < 1, let n = rating?["places"] {
            fail(n.mark, "'places' is 1 or more: the rating is printed with its decimals and glued to its whole number (`3.003`), which without a decimal point could not be told apart (`33`); a rating printed otherwise is the items' 'line' (`{question} {score} / {max}`)")
        }
        return max(places, 1)
    }

    /// The sentence closing an item's paragraphs, kept as a record.
    mutating func loadItemNote(_ n: YAMLNode, _ it: RecordType) -> PageSpec.ItemNote? {
        loader.checkKeys(n, .layoutItemNote)
        guard let (noteField, nt) = recordType(n, "field", in: it, list: false), let line = lineGrammar(n, "line", in: nt) else { return nil }
        return PageSpec.ItemNote(field: noteField, line: line)
    }

    /// Another record's block among the items (points taken away, say).
    mutating func loadExtra(_ x: YAMLNode) -> PageSpec.Extra? {
        loader.checkKeys(x, .layoutExtra)
        guard let (xf, xt) = recordType(x, "field", in: root, list: false) else { return nil }
        let sign = x["sign"]?.string
        if let sign, sign != "-" { fail(x.mark(of: "sign"), "'sign' is \"-\" (the value printed negated) or absent") }
        return PageSpec.Extra(before: text(x, "before"), header: text(x, "header"), field: xf, type: xt,
                              description: field(x, "description", in: xt, "the description", Self.string),
                              rating: field(x, "rating", in: xt, "the rating", Self.integer), negative: sign == "-",
                              paragraphs: field(x, "paragraphs", in: xt, "paragraphs", isProse))
    }
}
