/// The layout loader's parts: the page record, paragraphs, the top, the headed sections, the
/// items' blocks and the furniture, each read by a function of its own.
extension LayoutLoader {
    /// The record that keeps how a page was laid out.
    mutating func loadPage() {
        parts.page = text(node, "page")
        guard let i = root.lookup(parts.page), case .record(let r) = root.fields[i].kind else {
            if let n = node["page"] { fail(n.mark, "'page' names the record field of '\(root.name)' that keeps how the page was laid out") }
            return
        }
        parts.pageType = r
        for (f, kind) in [("line_ending", "enum"), ("final_newline", "boolean"), ("bom", "boolean"), ("layout", "string[]"), ("derived", "string[]")] {
            guard let j = r.lookup(f) else { fail(node.mark(of: "page"), "the page record '\(r.name)' needs the field '\(f)' (\(kind))"); continue }
            let fits = kind == "enum" ? Self.enumeration(r.fields[j].kind) : kind == "boolean" ? Self.boolean(r.fields[j].kind) : Self.strings(r.fields[j].kind)
            if !fits { fail(r.fields[j].mark, "the page record's field '\(f)' must be \(kind == "enum" ? "an enumeration" : kind)") }
        }
    }

    /// Paragraphs and their footnote markers.
    mutating func loadProse() {
        guard let p = entry(node, "prose") else { return }
        loader.checkKeys(p, .layoutProse)
        let typeName = text(p, "type")
        guard let t = types.first(where: { $0.name == typeName }) else {
            fail(p["type"]?.mark ?? p.mark, "'prose': '\(typeName)' is not a type of the schema")
            return
        }
        parts.prose = t
        parts.proseText = t.lookup(field(p, "text", in: t, "a paragraph's text", Self.string)) ?? 0
        if p["bullet"] != nil { parts.proseBullet = t.lookup(field(p, "bullet", in: t, "whether a paragraph is a bullet", Self.boolean)) }
        if let n = p["numbering"] {
            switch n.string {
            case "section"?: break
            case "page"?: parts.notesThroughPage = true
            default: fail(n.mark, "'numbering' is 'section' (footnote markers from 1 in each section and item block) or 'page' (on through the page), not '\(n.string ?? "")'")
            }
        }
        guard let (notes, nt) = recordType(p, "notes", in: t, list: true) else { return }
        parts.proseNotes = t.lookup(notes)!
        parts.noteType = nt
        parts.noteNumber = nt.lookup(field(p, "number", in: nt, "a marker's number", Self.integer)) ?? 0
        parts.noteOffset = nt.lookup(field(p, "offset", in: nt, "a marker's offset", Self.integer)) ?? 0
    }

    /// The top of the page: title, name, band, figures, last edition's block, the note, flags.
    mutating func loadTop() {
        guard let top = entry(node, "top") else { return }
        loader.checkKeys(top, .layoutTop)
        parts.title = top["title"] != nil ? line(top, "title", in: root, Self.integer) : nil
        parts.titleName = top["title-name"].map { literal($0.string ?? "", $0, "title-name") }
        parts.name = top["name"] == nil && roleFields.subject != nil ? roleFields.subject! : field(top, "name", in: root, "the subject's name", Self.enumeration)
        parts.names = enumType(root, parts.name)
        parts.band = top["band"] == nil && roleFields.band != nil ? roleFields.band! : field(top, "band", in: root, "the band", Self.enumeration)
        parts.bands = enumType(root, parts.band)
        if parts.names == nil, top["name"] == nil {
            fail(top.mark, "the page's name line prints the subject role's field '\(parts.name)', which is not an enumeration: give 'name'")
        }
        if parts.bands == nil, top["band"] == nil {
            fail(top.mark, "the page's band line prints the band role's field '\(parts.band)', which is not an enumeration: give 'band'")
        }
        for f in top["figures"]?.sequence ?? [] { loadFigure(f) }
        if let l = top["last"] { loadLast(l) }
        if let n = top["note"] { loadNote(n) }
        for f in top["flags"]?.sequence ?? [] { loadFlag(f) }
        if top["literals"] != nil { parts.literals = Set(texts(top, "literals")) }
        let lines = top["lines"]?.sequence ?? []
        let scope = topLineScope(lines.compactMap(\.string))
        for n in lines {
            if let l = lineGrammar(template: n, "lines", in: scope) { parts.lines.append(l) }
        }
    }

    /// The fields a line of the top may print: the report's, and the paths its lines name into
    /// the report's records (`{record.field}`), each as a field of its own named by its path.
    func topLineScope(_ templates: [String]) -> RecordType {
        // A path's kind: records on the way, a scalar at its end (else it is left to the line's
        // loader to say the name is no field).
        func kind(_ path: String) -> Kind? {
            var type = root
            let names = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            for (k, name) in names.enumerated() {
                guard let i = type.lookup(name) else { return nil }
                let kind = type.fields[i].kind
                if k == names.count - 1 { return kind.isScalar ? kind : nil }
                guard case .record(let inner) = kind else { return nil }
                type = inner
            }
            return nil
        }
        var paths: [(String, Kind)] = []
        for t in templates {
            for p in Self.placeholders(t) where p.name.contains(".") && !paths.contains(where: { $0.0 == p.name }) {
                if let k = kind(p.name) { paths.append((p.name, k)) }
            }
        }
        guard !paths.isEmpty else { return root }
        let scope = RecordType(name: root.name)
        scope.setFields(root.fields + paths.map { name, kind in
            Field(name: name, key: name, xmlName: name, isAttribute: false, itemName: "", wrap: false, kind: kind, required: false, doc: nil, mark: .unknown)
        })
        return scope
    }

    /// A line whose presence says a field's value: a boolean's `true`, or an enumeration's
    /// `value` (`(0 = Best, 100 = Worst)` says the old scale).
    mutating func loadFlag(_ f: YAMLNode) {
        loader.checkKeys(f, .layoutFlag)
        let name = field(f, "field", in: root, "a flag (a boolean, or an enumeration with 'value')", { Self.boolean($0) || Self.enumeration($0) })
        var value = "true"
        if let v = f["value"] {
            value = literal(v.string ?? "", v, "value")
            if let e = enumType(root, name), !e.values.contains(value) { fail(v.mark, "'\(value)' is not a value of '\(e.name)'") }
        } else if enumType(root, name) != nil {
            fail(f.mark, "the flag of '\(name)', an enumeration, needs the 'value' its line says")
        }
        parts.flags.append(PageSpec.Flag(field: name, line: text(f, "line"), nameSuffix: f["name-suffix"].map { literal($0.string ?? "", $0, "name-suffix") },
                                         value: value))
    }

    mutating func loadFigure(_ f: YAMLNode) {
        loader.checkKeys(f, .layoutFigure)
        let fieldName = field(f, "field", in: root, "a figure", Self.number)
        let badge = f["badge"] != nil && loader.flag(f, "badge")
        // A figure the page prints only as its badge has no line of its own (copies may
        // print it under a label its keywords tell).
        if f["line"] == nil, badge {
            parts.figures.append(PageSpec.Figure(field: fieldName, keywords: f["keywords"] != nil ? texts(f, "keywords").map(Self.lower) : [],
                                                 after: f["after"] != nil ? text(f, "after").lowercased() : "", line: nil, badge: true))
            return
        }
        if f["line"] == nil {
            fail(f.mark, "the figure '\(fieldName)' needs its 'line' (\"Label {\(fieldName)} of 100\"), or 'badge: true' if the page prints it only as the bare number under the band")
            return
        }
        guard let l = line(f, "line", in: root, Self.number) else { return }
        if l.field != fieldName { fail(f.mark(of: "line"), "the figure's line prints '{\(l.field)}', not its field '\(fieldName)'") }
        parts.figures.append(PageSpec.Figure(field: fieldName, keywords: texts(f, "keywords").map(Self.lower), after: text(f, "after").lowercased(),
                                             line: l, badge: badge))
    }

    mutating func loadLast(_ l: YAMLNode) {
        loader.checkKeys(l, .layoutLast)
        let figure = ModelPath(text(l, "figure")), bandPath = ModelPath(text(l, "band"))
        guard figure.names.count == 2, bandPath.names.count == 2, figure.names[0] == bandPath.names[0],
              let i = root.lookup(figure.names[0]), case .record(let type) = root.fields[i].kind else {
            fail(l.mark, "'last': 'figure' and 'band' are two fields of one record of the report (such as last.figure and last.band)")
            return
        }
        func inner(_ key: String, _ name: String, _ what: String, _ fits: (Kind) -> Bool) -> String {
            guard let j = type.lookup(name) else {
                fail(l.mark(of: key), "'\(key)': '\(name)' is not a field of '\(type.name)'\(loader.suggestion(ModelPath(name), in: type))")
                return name
            }
            if !fits(type.fields[j].kind) { fail(l.mark(of: key), "'\(key)': '\(name)' of '\(type.name)' is \(type.fields[j].kind.name); the page puts \(what) there") }
            return name
        }
        parts.last = PageSpec.Last(keyword: text(l, "keyword").lowercased(), label: text(l, "label"), record: figure.names[0], type: type,
                                   figure: inner("figure", figure.names[1], "last edition's figure", Self.number),
                                   band: inner("band", bandPath.names[1], "last edition's band", Self.enumeration), max: texts(l, "max"))
    }

    mutating func loadNote(_ n: YAMLNode) {
        loader.checkKeys(n, .layoutNote)
        var marks: [PageSpec.Mark] = []
        for m in n["marks"]?.sequence ?? [] {
            loader.checkKeys(m, .layoutNoteMark)
            let f = field(m, "field", in: root, "a value the note's wording tells", Self.enumeration)
            let v = text(m, "value")
            if let e = enumType(root, f), !e.values.contains(v) { fail(m.mark(of: "value"), "'\(v)' is not a value of '\(e.name)'") }
            marks.append(PageSpec.Mark(field: f, value: v, keywords: texts(m, "keywords")))
        }
        parts.note = PageSpec.Note(field: field(n, "field", in: root, "the note", Self.string), starts: texts(n, "starts"), keywords: texts(n, "keywords"),
                                   suffix: text(n, "suffix"), marks: marks)
    }

    /// The changes section.
    mutating func loadChanges() {
        guard let c = node["changes"], let (changesField, changesType) = recordType(c, "field", in: root, list: false) else { return }
        loader.checkKeys(c, .layoutChanges)
        let (heading, year) = heading(c, "heading", titleYear: titleYear(c))
        var none: PageSpec.NoneLine?
        if let n = c["none"] {
            loader.checkKeys(n, .layoutNoneLine)
            none = PageSpec.NoneLine(field: field(n, "field", in: changesType, "the 'no changes' flag", Self.boolean), text: text(n, "text"))
        }
        let s = entry(c, "statements")
        loader.checkKeys(s, .layoutStatements)
        let possessive = c["possessive"]
        if let possessive { loader.checkKeys(possessive, .layoutPossessive) }
        guard let (list, st) = recordType(s, "list", in: changesType, list: true),
              let statements = lineGrammar(s, "line", in: st, values: lineValues(s)) else { return }
        var result: PageSpec.Result?
        if let r = c["result"] {
            loader.checkKeys(r, .layoutResult)
            guard let (resultField, rt) = recordType(r, "field", in: changesType, list: false), let line = lineGrammar(r, "line", in: rt) else { return }
            guard case .string = rt.fields[line.fields[0]].kind else {
                fail(r.mark(of: "line"), "'line': the result starts with its subject, a text field ('\(rt.fields[line.fields[0]].name)' is \(rt.fields[line.fields[0]].kind.name))")
                return
            }
            result = PageSpec.Result(field: resultField, line: line)
        }
        // The heading written when the year it names is not known: the heading itself when it names none.
        var untitled = heading
        if c["untitled"] != nil {
            untitled = text(c, "untitled")
        } else if heading.contains("{") {
            fail(c.mark(of: "heading"), "the changes' heading names a year: give 'untitled', the heading written when the year is not known")
        }
        // The item is the statement's first field (text), the verbs its enumeration.
        let first = statements.fields[0]
        guard case .string = st.fields[first].kind else {
            fail(s?.mark(of: "line") ?? c.mark, "'line': a statement starts with the item it is about, a text field ('\(st.fields[first].name)' is \(st.fields[first].kind.name))")
            return
        }
        guard let (verb, verbs) = statements.fields.lazy.compactMap({ k -> (String, EnumType)? in
            if case .enumeration(let e) = st.fields[k].kind { (st.fields[k].name, e) } else { nil }
        }).first else {
            fail(s?.mark(of: "line") ?? c.mark, "'line': a statement says how its item moved with a verb, an enumeration field")
            return
        }
        parts.changes = PageSpec.Changes(
            field: changesField, type: changesType, title: Self.lower(text(c, "title")), heading: heading, untitled: untitled,
            titleYear: year, none: none, verbs: verbs,
            statements: PageSpec.Statements(list: list, line: statements, key: st.fields[first].name,
                                            printed: s?["printed"] != nil ? field(s, "printed", in: st, "the item's name as printed", Self.string) : nil, verb: verb),
            result: result,
            articles: possessive != nil ? texts(possessive, "articles") : [], suffixes: possessive != nil ? texts(possessive, "suffixes") : [])
    }

    /// `values:` of a sentence: the values text fields take on the page (`{term: [rating, score]}`).
    mutating func lineValues(_ parent: YAMLNode?) -> [String: [String]] {
        guard let v = parent?["values"] else { return [:] }
        guard case .mapping(let pairs, _) = v else { fail(v.mark, "'values' maps a text field of the line to the values it takes"); return [:] }
        var out: [String: [String]] = [:]
        for pair in pairs { out[pair.key] = texts(v, pair.key) }
        return out
    }

    /// The headed sections of paragraphs, bullets or one sentence.
    mutating func loadSections() {
        for sec in node["sections"]?.sequence ?? [] {
            loader.checkKeys(sec, .layoutSection)
            let (heading, year) = heading(sec, "heading", titleYear: titleYear(sec))
            var sentence: LineGrammar?
            let fieldName: String
            if sec["sentence"] != nil {
                guard let (name, st) = recordType(sec, "field", in: root, list: false) else { continue }
                fieldName = name
                sentence = lineGrammar(sec, "sentence", in: st)
            } else {
                fieldName = field(sec, "field", in: root, "paragraphs", isProse)
            }
            var byline: PageSpec.Byline?
            if let by = sec["byline"] {
                loader.checkKeys(by, .layoutByline)
                if sentence != nil { fail(by.mark, "'byline': a section of one sentence prints no names under its heading") }
                byline = PageSpec.Byline(field: field(by, "field", in: root, "names", Self.strings), prefixes: texts(by, "prefixes"),
                                         joiners: by["joiners"] != nil ? texts(by, "joiners") : [" and "])
            }
            parts.sections.append(PageSpec.Section(field: fieldName, title: Self.lower(text(sec, "title")), heading: heading, titleYear: year,
                                                   bullets: sec["bullets"] != nil && loader.flag(sec, "bullets"), sentence: sentence, byline: byline))
        }
    }

    /// The closing paragraph, the notice of a short page, the footer and its scores: each there
    /// only when the layout gives it.
    mutating func loadFurniture() {
        if let cl = node["closing"] {
            loader.checkKeys(cl, .layoutClosing)
            parts.closing = PageSpec.Closing(field: field(cl, "field", in: root, "a paragraph", Self.string), prefixes: texts(cl, "prefixes"))
        }
        if let no = node["notice"] {
            loader.checkKeys(no, .layoutNotice)
            parts.notice = PageSpec.Notice(field: field(no, "field", in: root, "a paragraph", Self.string), keyword: Self.lower(texts(no, "keywords").first ?? ""),
                                           longest: integer(no, "longest", absent: 300))
        }
        guard let fo = node["footer"] else { return }
        loader.checkKeys(fo, .layoutFooter)
        let name = fo["name"] != nil ? line(fo, "name", in: root, Self.enumeration) : nil
        if let name, name.field != parts.name {
            fail(fo.mark(of: "name"), "the footer's 'name' line prints '{\(name.field)}'; it names the subject, '{\(parts.name)}'")
        }
        parts.footer = PageSpec.Footer(name: name, starts: texts(fo, "starts"), lines: fo["lines"] != nil ? texts(fo, "lines") : [])
        guard let sc = fo["scores"] else { return }
        loader.checkKeys(sc, .layoutScores)
        guard let (list, st) = recordType(sc, "list", in: root, list: true) else { return }
        parts.scores = PageSpec.Scores(list: list, type: st, name: field(sc, "name", in: st, "the score's name", Self.string), suffix: text(sc, "suffix"),
                                       score: field(sc, "score", in: st, "a score", Self.integer), max: field(sc, "max", in: st, "a maximum", Self.integer),
                                       band: field(sc, "band", in: st, "a status", Self.string))
    }
}
