/// The layout loader's items: each rated item's block (header, description and rating,
/// paragraphs, closing note), the group headings among them and other records' blocks.
extension LayoutLoader {
    mutating func loadItems() {
        guard let i = node["items"], let (list, it) = recordType(i, "list", in: root, list: true) else { return }
        loader.checkKeys(i, .layoutItems)
        let rating = entry(i, "rating")
        loader.checkKeys(rating, .layoutRating)
        guard let header = line(i, "header", in: it, Self.string) else { return }
        let ratingField = field(rating, "field", in: it, "the rating", Self.number)
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
        parts.items = PageSpec.Items(
            list: list, type: it, header: header, description: field(i, "description", in: it, "the description", Self.string),
            rating: ratingField, rounded: rating?["rounded"] != nil ? field(rating, "rounded", in: it, "the whole number", Self.integer) : nil,
            places: integer(rating, "places", absent: 2), max: text(rating, "max"),
            bullets: field(i, paragraphs ? "paragraphs" : "bullets", in: it, "paragraphs", isProse), paragraphs: paragraphs,
            note: i["note"].flatMap { loadItemNote($0, it) }, groups: groups, gap: integer(i, "gap", absent: 0), wholeRating: whole, extras: extras,
            headerVariants: (i["headers"]?.sequence ?? []).compactMap { lineOf($0, "headers", in: it, Self.string) },
            plainMax: rating?["plain-max"].map { literal($0.string ?? "", $0, "plain-max") })
    }

    /// `<prefix><verb> from X to Y<rest>` closing an item's paragraphs.
    mutating func loadItemNote(_ n: YAMLNode, _ it: RecordType) -> PageSpec.ItemNote? {
        loader.checkKeys(n, .layoutItemNote)
        guard let (noteField, nt) = recordType(n, "field", in: it, list: false) else { return nil }
        let verb = field(n, "verb", in: nt, "the verb", Self.enumeration)
        guard let verbs = enumType(nt, verb) else { return nil }
        return PageSpec.ItemNote(field: noteField, prefix: text(n, "prefix"), sentence: PageSpec.Sentence(
            type: nt, verb: verb, from: field(n, "from", in: nt, "a figure", Self.number), to: field(n, "to", in: nt, "a figure", Self.number),
            rest: field(n, "rest", in: nt, "the rest of the sentence", Self.string)), verbs: verbs)
    }

    /// Another record's block among the items (points taken away, say).
    mutating func loadExtra(_ x: YAMLNode) -> PageSpec.Extra? {
        loader.checkKeys(x, .layoutExtra)
        guard let (xf, xt) = recordType(x, "field", in: root, list: false) else { return nil }
        let sign = x["sign"]?.string
        if let sign, sign != "-" { fail(x["sign"]!.mark, "'sign' is \"-\" (the value printed negated) or absent") }
        return PageSpec.Extra(before: text(x, "before"), header: text(x, "header"), field: xf, type: xt,
                              description: field(x, "description", in: xt, "the description", Self.string),
                              rating: field(x, "rating", in: xt, "the rating", Self.integer), negative: sign == "-",
                              paragraphs: field(x, "paragraphs", in: xt, "paragraphs", isProse))
    }
}
