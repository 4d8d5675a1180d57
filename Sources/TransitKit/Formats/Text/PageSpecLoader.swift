/// The `layout:` section's loader: every literal, keyword and field name of the page read and
/// checked against the model, or the schema does not load.
extension SchemaLoader {
    /// Reads and checks the `layout:` section: every field it names must be a field of the model
    /// of the kind the page engine puts there, or the schema does not load.
    mutating func loadPageSpec(_ node: YAMLNode?, root: RecordType, types: [RecordType], enums: [String: EnumType]) -> PageSpec? {
        guard let node else { return nil }
        guard node.mapping != nil else {
            sink.error(node.mark, "'layout' describes the page text: a mapping (see the README, \"Describing a report family\")")
            return nil
        }
        var ok = true
        func fail(_ mark: Mark, _ message: String) {
            sink.error(mark, "layout: \(message)")
            ok = false
        }
        func entry(_ parent: YAMLNode?, _ key: String) -> YAMLNode? {
            guard let parent, let n = parent[key] else {
                fail(parent?.mark ?? node.mark, "needs '\(key)'")
                return nil
            }
            return n
        }
        func text(_ parent: YAMLNode?, _ key: String) -> String {
            guard let n = entry(parent, key) else { return "" }
            guard let s = n.string else { fail(n.mark, "'\(key)' is text"); return "" }
            return s
        }
        func texts(_ parent: YAMLNode?, _ key: String) -> [String] {
            guard let n = entry(parent, key) else { return [] }
            guard let items = n.sequence?.compactMap(\.string), !items.isEmpty else { fail(n.mark, "'\(key)' is a list of texts"); return [] }
            return items
        }
        /// The field `key` names in `type`, of a kind `fits` accepts.
        func field(_ parent: YAMLNode?, _ key: String, in type: RecordType, _ what: String, _ fits: (Kind) -> Bool) -> String {
            guard let n = entry(parent, key) else { return "" }
            guard let name = n.string else { fail(n.mark, "'\(key)' names a field"); return "" }
            guard let i = type.lookup(name) else {
                fail(n.mark, "'\(key)': '\(name)' is not a field of '\(type.name)'\(suggestion(ModelPath(name), in: type))")
                return name
            }
            if !fits(type.fields[i].kind) { fail(n.mark, "'\(key)': '\(name)' of '\(type.name)' is \(type.fields[i].kind.name); the page puts \(what) there") }
            return name
        }
        func scalar(_ k: Kind) -> Bool { k.isScalar }
        func string(_ k: Kind) -> Bool { if case .string = k { true } else { false } }
        func number(_ k: Kind) -> Bool { switch k { case .decimal, .integer: true; default: false } }
        func integer(_ k: Kind) -> Bool { if case .integer = k { true } else { false } }
        func boolean(_ k: Kind) -> Bool { if case .boolean = k { true } else { false } }
        func enumeration(_ k: Kind) -> Bool { if case .enumeration = k { true } else { false } }
        func strings(_ k: Kind) -> Bool { if case .list(.string) = k { true } else { false } }
        func enumType(_ type: RecordType, _ name: String) -> EnumType? {
            guard let i = type.lookup(name), case .enumeration(let e) = type.fields[i].kind else { return nil }
            return e
        }
        /// The record type of field `name` of `type` (a record, or a list of records).
        func recordType(_ parent: YAMLNode?, _ key: String, in type: RecordType, list: Bool) -> (String, RecordType)? {
            guard let n = entry(parent, key), let name = n.string else { return nil }
            guard let i = type.lookup(name) else {
                fail(n.mark, "'\(key)': '\(name)' is not a field of '\(type.name)'\(suggestion(ModelPath(name), in: type))")
                return nil
            }
            switch (type.fields[i].kind, list) {
            case (.record(let r), false), (.list(.record(let r)), true): return (name, r)
            default:
                fail(n.mark, "'\(key)': '\(name)' of '\(type.name)' is \(type.fields[i].kind.name); the page needs \(list ? "a list of records" : "a record")")
                return nil
            }
        }
        /// `prefix{field}suffix`, the field one of `type`'s.
        func line(_ parent: YAMLNode?, _ key: String, in type: RecordType, _ fits: (Kind) -> Bool) -> PageSpec.Line? {
            guard let n = entry(parent, key) else { return nil }
            return lineOf(n, key, in: type, fits)
        }
        func lineOf(_ n: YAMLNode, _ key: String, in type: RecordType, _ fits: (Kind) -> Bool) -> PageSpec.Line? {
            guard let t = n.string else { return nil }
            guard let open = t.firstIndex(of: "{"), let close = t[open...].firstIndex(of: "}"),
                  !t[t.index(after: close)...].contains("{") else {
                fail(n.mark, "'\(key)' is a line with one {field}, not '\(t)'")
                return nil
            }
            let name = String(t[t.index(after: open)..<close])
            guard let i = type.lookup(name), fits(type.fields[i].kind) else {
                fail(n.mark, "'\(key)': '{\(name)}' is not a field of '\(type.name)' the page can print\(suggestion(ModelPath(name), in: type))")
                return nil
            }
            return PageSpec.Line(prefix: String(t[..<open]), field: name, suffix: String(t[t.index(after: close)...]))
        }
        func lower(_ s: String) -> [UInt8] { Array(s.lowercased().utf8) }

        checkKeys(node.mapping!, allowed: ["bullet", "heading", "page", "prose", "top", "changes", "sections", "summary", "authors", "items", "closing", "notice", "footer", "derive"], in: "layout")
        let bullet = text(node, "bullet"), heading = text(node, "heading")

        let pageName = text(node, "page")
        var pageType: RecordType?
        if let i = root.lookup(pageName), case .record(let r) = root.fields[i].kind {
            pageType = r
            for (f, kind) in [("line_ending", "enum"), ("final_newline", "boolean"), ("bom", "boolean"), ("layout", "string[]"), ("derived", "string[]")] {
                guard let j = r.lookup(f) else { fail(node["page"]!.mark, "the page record '\(r.name)' needs the field '\(f)' (\(kind))"); continue }
                let fits = kind == "enum" ? enumeration(r.fields[j].kind) : kind == "boolean" ? boolean(r.fields[j].kind) : strings(r.fields[j].kind)
                if !fits { fail(r.fields[j].mark, "the page record's field '\(f)' must be \(kind == "enum" ? "an enumeration" : kind)") }
            }
        } else if node["page"] != nil {
            fail(node["page"]!.mark, "'page' names the record field of '\(root.name)' that keeps how the page was laid out")
        }

        // Paragraphs and their footnote markers.
        var proseType: RecordType?, proseText = 0, proseNotes = 0, noteType: RecordType?, noteNumber = 0, noteOffset = 0
        if let p = entry(node, "prose") {
            checkKeys(p.mapping ?? [], allowed: ["type", "text", "notes", "number", "offset"], in: "layout 'prose'")
            let typeName = text(p, "type")
            if let t = types.first(where: { $0.name == typeName }) {
                proseType = t
                proseText = t.lookup(field(p, "text", in: t, "a paragraph's text", string)) ?? 0
                if let (notes, nt) = recordType(p, "notes", in: t, list: true) {
                    proseNotes = t.lookup(notes)!
                    noteType = nt
                    noteNumber = nt.lookup(field(p, "number", in: nt, "a marker's number", integer)) ?? 0
                    noteOffset = nt.lookup(field(p, "offset", in: nt, "a marker's offset", integer)) ?? 0
                }
            } else {
                fail(p["type"]?.mark ?? p.mark, "'prose': '\(typeName)' is not a type of the schema")
            }
        }
        func isProse(_ k: Kind) -> Bool { if case .list(.record(let r)) = k { r === proseType } else { false } }

        // The top of the page.
        let top = entry(node, "top")
        checkKeys(top?.mapping ?? [], allowed: ["title", "title-name", "name", "band", "figures", "last", "note", "flags", "literals"], in: "layout 'top'")
        let title = top?["title"] != nil ? line(top, "title", in: root, integer) : nil
        let name = field(top, "name", in: root, "the subject's name", enumeration)
        let band = field(top, "band", in: root, "the band", enumeration)
        var figures: [PageSpec.Figure] = []
        for f in entry(top, "figures")?.sequence ?? [] {
            checkKeys(f.mapping ?? [], allowed: ["field", "keywords", "after", "line", "badge"], in: "a figure of the layout")
            let fieldName = field(f, "field", in: root, "a figure", number)
            let badge = f["badge"] != nil && flag(f, "badge")
            // A figure the page prints only as its badge has no line of its own.
            if f["line"] == nil, badge {
                figures.append(PageSpec.Figure(field: fieldName, keywords: [], after: "", line: nil, badge: true))
                continue
            }
            guard let l = line(f, "line", in: root, number) else { continue }
            if l.field != fieldName { fail(f["line"]!.mark, "the figure's line prints '{\(l.field)}', not its field '\(fieldName)'") }
            figures.append(PageSpec.Figure(field: fieldName, keywords: texts(f, "keywords").map(lower), after: text(f, "after").lowercased(),
                                           line: l, badge: badge))
        }
        var last: PageSpec.Last?
        if let l = entry(top, "last") {
            checkKeys(l.mapping ?? [], allowed: ["keyword", "label", "figure", "band", "max"], in: "layout 'last'")
            let figure = ModelPath(text(l, "figure")), bandPath = ModelPath(text(l, "band"))
            if figure.names.count == 2, bandPath.names.count == 2, figure.names[0] == bandPath.names[0],
               let i = root.lookup(figure.names[0]), case .record(let type) = root.fields[i].kind {
                func inner(_ key: String, _ name: String, _ what: String, _ fits: (Kind) -> Bool) -> String {
                    guard let j = type.lookup(name) else {
                        fail(l[key]!.mark, "'\(key)': '\(name)' is not a field of '\(type.name)'\(suggestion(ModelPath(name), in: type))")
                        return name
                    }
                    if !fits(type.fields[j].kind) { fail(l[key]!.mark, "'\(key)': '\(name)' of '\(type.name)' is \(type.fields[j].kind.name); the page puts \(what) there") }
                    return name
                }
                last = PageSpec.Last(keyword: text(l, "keyword").lowercased(), label: text(l, "label"), record: figure.names[0], type: type,
                                     figure: inner("figure", figure.names[1], "last edition's figure", number),
                                     band: inner("band", bandPath.names[1], "last edition's band", enumeration), max: texts(l, "max"))
            } else {
                fail(l.mark, "'last': 'figure' and 'band' are two fields of one record of the report (such as last.figure and last.band)")
            }
        }
        var note: PageSpec.Note?
        if let n = entry(top, "note") {
            checkKeys(n.mapping ?? [], allowed: ["field", "starts", "keywords", "suffix", "marks"], in: "layout 'note'")
            var marks: [PageSpec.Mark] = []
            for m in n["marks"]?.sequence ?? [] {
                checkKeys(m.mapping ?? [], allowed: ["field", "value", "keywords"], in: "a mark of the layout's note")
                let f = field(m, "field", in: root, "a value the note's wording tells", enumeration)
                let v = text(m, "value")
                if let e = enumType(root, f), !e.values.contains(v) { fail(m["value"]!.mark, "'\(v)' is not a value of '\(e.name)'") }
                marks.append(PageSpec.Mark(field: f, value: v, keywords: texts(m, "keywords")))
            }
            note = PageSpec.Note(field: field(n, "field", in: root, "the note", string), starts: texts(n, "starts"), keywords: texts(n, "keywords"),
                                 suffix: text(n, "suffix"), marks: marks)
        }
        var flags: [PageSpec.Flag] = []
        for f in top?["flags"]?.sequence ?? [] {
            checkKeys(f.mapping ?? [], allowed: ["field", "line", "name-suffix"], in: "a flag of the layout")
            flags.append(PageSpec.Flag(field: field(f, "field", in: root, "a flag (true when its line is there)", boolean), line: text(f, "line"),
                                       nameSuffix: f["name-suffix"]?.string))
        }
        let literals = Set(top?["literals"]?.sequence?.compactMap(\.string) ?? [])

        // The changes section.
        var changes: PageSpec.Changes?
        if let c = node["changes"], let (changesField, changesType) = recordType(c, "field", in: root, list: false) {
            checkKeys(c.mapping ?? [], allowed: ["field", "title", "heading", "untitled", "title-year", "none", "verbs", "statements", "result", "possessive"], in: "layout 'changes'")
            let changesHeading = text(c, "heading")
            let placeholders = changesHeading.components("{").count - 1
            if placeholders > 1 || (placeholders == 1 && !changesHeading.contains("{year}")) {
                fail(c["heading"]!.mark, "'heading' is a title with at most one {year}, not '\(heading)'")
            }
            let year = entry(c, "title-year")
            let yearField = field(year, "field", in: root, "the edition", integer)
            let add = year?["add"]?.string.flatMap { Int($0) } ?? 0
            let none = entry(c, "none")
            let noneField = field(none, "field", in: changesType, "the 'no changes' flag", boolean)
            let verbsName = text(c, "verbs")
            let verbs = enums[verbsName]
            if verbs == nil { fail(c["verbs"]?.mark ?? c.mark, "'verbs' names the enumeration of the verbs ('\(verbsName)' is none)") }
            func sentence(_ n: YAMLNode?, _ type: RecordType) -> PageSpec.Sentence {
                PageSpec.Sentence(type: type, verb: field(n, "verb", in: type, "the verb", enumeration), from: field(n, "from", in: type, "a figure", number),
                                  to: field(n, "to", in: type, "a figure", number), rest: field(n, "rest", in: type, "the rest of the sentence", string))
            }
            let s = entry(c, "statements")
            checkKeys(s?.mapping ?? [], allowed: ["list", "key", "printed", "term", "terms", "from", "to", "verb", "rest"], in: "layout 'statements'")
            let r = entry(c, "result")
            checkKeys(r?.mapping ?? [], allowed: ["field", "prefix", "subject", "suffix", "from", "to", "verb", "rest"], in: "layout 'result'")
            let possessive = entry(c, "possessive")
            if let (list, st) = recordType(s, "list", in: changesType, list: true), let (resultField, rt) = recordType(r, "field", in: changesType, list: false),
               let verbs {
                changes = PageSpec.Changes(
                    field: changesField, type: changesType, title: lower(text(c, "title")), heading: changesHeading, untitled: text(c, "untitled"),
                    titleYear: (yearField, add), none: (noneField, text(none, "text")), verbs: verbs,
                    statements: PageSpec.Statements(list: list, sentence: sentence(s, st), key: field(s, "key", in: st, "the item's name", string),
                                                    printed: field(s, "printed", in: st, "the item's name as printed", string),
                                                    term: field(s, "term", in: st, "the word after the item's name", string), terms: texts(s, "terms")),
                    result: PageSpec.Result(field: resultField, sentence: sentence(r, rt), prefix: text(r, "prefix"),
                                            subject: field(r, "subject", in: rt, "the sentence's subject", string), suffix: text(r, "suffix")),
                    articles: texts(possessive, "articles"), suffixes: texts(possessive, "suffixes"))
            }
        }

        var summary: PageSpec.Summary?
        if let s = node["summary"] {
            checkKeys(s.mapping ?? [], allowed: ["field", "title", "heading", "byline"], in: "layout 'summary'")
            let byline = s["byline"]
            summary = PageSpec.Summary(field: field(s, "field", in: root, "paragraphs", isProse), title: lower(text(s, "title")), heading: text(s, "heading"),
                                       byline: byline.map { field($0, "field", in: root, "names", strings) },
                                       prefixes: byline.map { texts($0, "prefixes") } ?? [], joiners: byline.map { texts($0, "joiners") } ?? [" and "])
        }
        var authors: (field: String, titles: [[UInt8]])?
        if let a = node["authors"] { authors = (field(a, "field", in: root, "names", strings), texts(a, "titles").map(lower)) }

        var items: PageSpec.Items?
        if let i = node["items"], let (list, it) = recordType(i, "list", in: root, list: true) {
            checkKeys(i.mapping ?? [], allowed: ["list", "header", "headers", "description", "rating", "bullets", "paragraphs", "note", "groups", "gap", "extras"], in: "layout 'items'")
            let rating = entry(i, "rating")
            checkKeys(rating?.mapping ?? [], allowed: ["field", "rounded", "places", "max", "plain-max"], in: "layout 'rating'")
            if let header = line(i, "header", in: it, string) {
                let ratingField = field(rating, "field", in: it, "the rating", number)
                let paragraphs = i["paragraphs"] != nil
                var note: PageSpec.ItemNote?
                if let n = i["note"] {
                    checkKeys(n.mapping ?? [], allowed: ["field", "prefix", "verb", "from", "to", "rest"], in: "layout 'items' 'note'")
                    if let (noteField, nt) = recordType(n, "field", in: it, list: false) {
                        let verb = field(n, "verb", in: nt, "the verb", enumeration)
                        if let verbs = enumType(nt, verb) {
                            note = PageSpec.ItemNote(field: noteField, prefix: text(n, "prefix"), sentence: PageSpec.Sentence(
                                type: nt, verb: verb, from: field(n, "from", in: nt, "a figure", number), to: field(n, "to", in: nt, "a figure", number),
                                rest: field(n, "rest", in: nt, "the rest of the sentence", string)), verbs: verbs)
                        }
                    }
                }
                var groups: [String: [String]] = [:]
                for g in i["groups"]?.sequence ?? [] {
                    checkKeys(g.mapping ?? [], allowed: ["before", "lines"], in: "a group of the layout's items")
                    groups[text(g, "before")] = texts(g, "lines")
                }
                let whole: Bool = it.lookup(ratingField).map { if case .integer = it.fields[$0].kind { true } else { false } } ?? false
                var extras: [PageSpec.Extra] = []
                for x in i["extras"]?.sequence ?? [] {
                    checkKeys(x.mapping ?? [], allowed: ["before", "header", "field", "description", "rating", "sign", "paragraphs"], in: "an extra block of the layout's items")
                    guard let (xf, xt) = recordType(x, "field", in: root, list: false) else { continue }
                    let sign = x["sign"]?.string
                    if let sign, sign != "-" { fail(x["sign"]!.mark, "'sign' is \"-\" (the value printed negated) or absent") }
                    extras.append(PageSpec.Extra(before: text(x, "before"), header: text(x, "header"), field: xf, type: xt,
                                                 description: field(x, "description", in: xt, "the description", string),
                                                 rating: field(x, "rating", in: xt, "the rating", integer), negative: sign == "-",
                                                 paragraphs: field(x, "paragraphs", in: xt, "paragraphs", isProse)))
                }
                items = PageSpec.Items(list: list, type: it, header: header, description: field(i, "description", in: it, "the description", string),
                                       rating: ratingField,
                                       rounded: rating?["rounded"] != nil ? field(rating, "rounded", in: it, "the whole number", integer) : nil,
                                       places: rating?["places"]?.string.flatMap { Int($0) } ?? 2, max: text(rating, "max"),
                                       bullets: field(i, paragraphs ? "paragraphs" : "bullets", in: it, "paragraphs", isProse), paragraphs: paragraphs,
                                       note: note, groups: groups, gap: i["gap"]?.string.flatMap { Int($0) } ?? 0, wholeRating: whole, extras: extras,
                                       headerVariants: (i["headers"]?.sequence ?? []).compactMap { lineOf($0, "headers", in: it, string) },
                                       plainMax: rating?["plain-max"]?.string)
            }
        }
        var sections: [PageSpec.Section] = []
        for sec in node["sections"]?.sequence ?? [] {
            checkKeys(sec.mapping ?? [], allowed: ["field", "title", "heading", "title-year", "bullets", "sentence"], in: "a section of the layout")
            var titleYear: (String, Int)?
            if let y = sec["title-year"] {
                titleYear = (field(y, "field", in: root, "the edition", integer), y["add"]?.string.flatMap { Int($0) } ?? 0)
            }
            var sentence: PageSpec.SectionSentence?
            let fieldName: String
            if let sn = sec["sentence"] {
                checkKeys(sn.mapping ?? [], allowed: ["subject", "suffix", "verb", "from", "to", "rest"], in: "a section's sentence")
                guard let (name, st) = recordType(sec, "field", in: root, list: false) else { continue }
                fieldName = name
                let verb = field(sn, "verb", in: st, "the verb", enumeration), from = field(sn, "from", in: st, "a value", enumeration)
                if let verbs = enumType(st, verb), let values = enumType(st, from) {
                    sentence = PageSpec.SectionSentence(type: st, subject: field(sn, "subject", in: st, "the subject", string), suffix: text(sn, "suffix"),
                                                        sentence: PageSpec.Sentence(type: st, verb: verb, from: from, to: field(sn, "to", in: st, "a value", enumeration),
                                                                                    rest: field(sn, "rest", in: st, "the rest", string)),
                                                        verbs: verbs, values: values.values)
                }
            } else {
                fieldName = field(sec, "field", in: root, "paragraphs", isProse)
            }
            sections.append(PageSpec.Section(field: fieldName, title: lower(text(sec, "title")), heading: text(sec, "heading"), titleYear: titleYear,
                                             bullets: sec["bullets"] != nil && flag(sec, "bullets"), sentence: sentence))
        }
        var closing: (field: String, prefixes: [String])?
        if let cl = node["closing"] { closing = (field(cl, "field", in: root, "a paragraph", string), texts(cl, "prefixes")) }
        let no = entry(node, "notice")
        let notice = (field(no, "field", in: root, "a paragraph", string), lower(texts(no, "keywords").first ?? ""), no?["longest"]?.string.flatMap { Int($0) } ?? 300)
        let fo = entry(node, "footer")
        checkKeys(fo?.mapping ?? [], allowed: ["name", "starts", "lines", "scores"], in: "layout 'footer'")
        let footerName = line(fo, "name", in: root, enumeration)
        let sc = entry(fo, "scores")
        var scores: PageSpec.Scores?
        if let (list, st) = recordType(sc, "list", in: root, list: true) {
            scores = PageSpec.Scores(list: list, type: st, name: field(sc, "name", in: st, "the score's name", string), suffix: text(sc, "suffix"),
                                     score: field(sc, "score", in: st, "a score", integer), max: field(sc, "max", in: st, "a maximum", integer),
                                     band: field(sc, "band", in: st, "a status", string))
        }

        let derive = node["derive"]?.string
        if node["derive"] != nil, derive == nil { fail(node["derive"]!.mark, "'derive' names a transform") }
        let titleName = top?["title-name"]?.string
        guard ok, let pageType, let proseType, let noteType, let last, let note, let footerName, let scores,
              let names = enumType(root, name), let bands = enumType(root, band) else { return nil }
        return PageSpec(bullet: bullet, heading: heading, page: pageName, pageType: pageType, prose: proseType, proseText: proseText, proseNotes: proseNotes,
                        noteType: noteType, noteNumber: noteNumber, noteOffset: noteOffset, title: title, name: name, names: names, band: band, bands: bands,
                        figures: figures, last: last, note: note, flags: flags, literals: literals, changes: changes, summary: summary, authors: authors, items: items,
                        closing: closing, notice: notice, footer: (footerName, texts(fo, "starts"), texts(fo, "lines")), scores: scores, derive: derive,
                        titleName: titleName, sections: sections)
    }
}
