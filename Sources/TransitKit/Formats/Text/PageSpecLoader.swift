/// The `layout:` section's loader: every literal, keyword and field name of the page read and
/// checked against the model, part by part, or the schema does not load.
extension SchemaLoader {
    /// Reads and checks the `layout:` section: every field it names must be a field of the model
    /// of the kind the page engine puts there, or the schema does not load. `edition` is the
    /// edition role's field, which a heading may name.
    mutating func loadPageSpec(_ node: YAMLNode?, root: RecordType, types: [RecordType], enums: [String: EnumType], edition: String?,
                               items: [ItemDefinition], itemAttributes: [ItemAttribute] = [], subject: String? = nil, band: String? = nil) -> PageSpec? {
        guard let node else { return nil }
        guard node.mapping != nil else {
            sink.error(node.mark, "'layout' describes the page text: a mapping (see the README, \"Describing a report family\")")
            return nil
        }
        var loading = LayoutLoader(loader: self, node: node, root: root, types: types, enums: enums, edition: edition)
        loading.items = items
        loading.roleFields = (subject, band)
        loading.parts.editionField = edition
        loading.itemAttributes = itemAttributes
        let words = items.map(\.name) + enums.values.flatMap(\.values)
        loading.parts.tokens = Set(words.filter { $0.utf8.contains { $0 >= 0x30 && $0 <= 0x39 } }.map { Array($0.utf8) })
        let spec = loading.load()
        self = loading.loader
        return spec
    }
}

/// Reads the layout part by part into `PageSpec.Parts`; `ok` is false once anything is wrong.
struct LayoutLoader {
    var loader: SchemaLoader
    let node: YAMLNode
    let root: RecordType
    let types: [RecordType]
    let enums: [String: EnumType]
    let edition: String?
    var ok = true
    var parts = PageSpec.Parts()
    /// The schema's items and the attributes they may carry (the items' templates name them).
    var items: [ItemDefinition] = []
    var itemAttributes: [ItemAttribute] = []
    /// The item attributes the items' templates print.
    var usedAttributes: Set<String> = []
    /// The subject and band roles' fields (single names): what the page's name and band lines
    /// print unless the layout says otherwise.
    var roleFields: (subject: String?, band: String?) = (nil, nil)

    init(loader: SchemaLoader, node: YAMLNode, root: RecordType, types: [RecordType], enums: [String: EnumType], edition: String?) {
        self.loader = loader
        self.node = node
        self.root = root
        self.types = types
        self.enums = enums
        self.edition = edition
    }

    mutating func load() -> PageSpec? {
        loader.checkKeys(node, .layout)
        parts.bullet = text(node, "bullet")
        parts.heading = node["heading"] != nil ? text(node, "heading") : ""
        loadPage()
        loadProse()
        loadTop()
        loadChanges()
        if let a = node["authors"] {
            loader.checkKeys(a, .layoutAuthors)
            parts.authors = PageSpec.Authors(field: field(a, "field", in: root, "names", Self.strings), titles: texts(a, "titles").map(Self.lower))
        }
        loadItems()
        loadSections()
        loadFurniture()
        parts.derive = node["derive"]?.string
        if node["derive"] != nil, parts.derive == nil { fail(node.mark(of: "derive"), "'derive' names a transform") }
        guard ok else { return nil }
        return PageSpec(parts)
    }

    // MARK: - Reading keys

    mutating func fail(_ mark: Mark, _ message: String) {
        loader.sink.error(mark, "layout: \(message)")
        ok = false
    }

    /// `parent[key]`, which must be there.
    mutating func entry(_ parent: YAMLNode?, _ key: String) -> YAMLNode? {
        guard let parent, let n = parent[key] else {
            fail(parent?.mark ?? node.mark, "needs '\(key)'")
            return nil
        }
        return n
    }

    mutating func text(_ parent: YAMLNode?, _ key: String) -> String {
        guard let n = entry(parent, key) else { return "" }
        guard let s = n.string else { fail(n.mark, "'\(key)' is text"); return "" }
        return literal(s, n, key)
    }

    mutating func texts(_ parent: YAMLNode?, _ key: String) -> [String] {
        guard let n = entry(parent, key) else { return [] }
        guard let items = n.sequence, !items.isEmpty, items.allSatisfy({ $0.string != nil }) else { fail(n.mark, "'\(key)' is a list of texts"); return [] }
        return items.map { literal($0.string!, $0, key) }
    }

    /// A text printed as written: a `{name}` in it would be printed literally, so it is refused
    /// where it stands (only templates fill placeholders in).
    mutating func literal(_ s: String, _ n: YAMLNode, _ key: String) -> String {
        if let (offset, name) = Self.placeholders(s).first {
            fail(n.mark(at: offset), "'\(key)' is printed as written: '{\(name)}' would not be filled in (placeholders stand in templates: lines, headings)")
        }
        return s
    }

    /// The `{name}`s of a text and their character offsets.
    static func placeholders(_ s: String) -> [(offset: Int, name: String)] {
        var out: [(Int, String)] = []
        let chars = Array(s)
        var k = 0
        while k < chars.count {
            if chars[k] == "{", let close = chars[(k + 1)...].firstIndex(of: "}") {
                let name = String(chars[(k + 1)..<close])
                if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" }) { out.append((k, name)) }
                k = close + 1
            } else {
                k += 1
            }
        }
        return out
    }

    /// The field `key` names in `type`, of a kind `fits` accepts.
    mutating func field(_ parent: YAMLNode?, _ key: String, in type: RecordType, _ what: String, _ fits: (Kind) -> Bool) -> String {
        guard let n = entry(parent, key) else { return "" }
        guard let name = n.string else { fail(n.mark, "'\(key)' names a field"); return "" }
        guard let i = type.lookup(name) else {
            fail(n.mark, "'\(key)': '\(name)' is not a field of '\(type.name)'\(loader.suggestion(ModelPath(name), in: type))")
            return name
        }
        if !fits(type.fields[i].kind) { fail(n.mark, "'\(key)': '\(name)' of '\(type.name)' is \(type.fields[i].kind.name); the page puts \(what) there") }
        return name
    }

    static func string(_ k: Kind) -> Bool { if case .string = k { true } else { false } }
    static func number(_ k: Kind) -> Bool { switch k { case .decimal, .integer: true; default: false } }
    static func integer(_ k: Kind) -> Bool { if case .integer = k { true } else { false } }
    static func boolean(_ k: Kind) -> Bool { if case .boolean = k { true } else { false } }
    static func enumeration(_ k: Kind) -> Bool { if case .enumeration = k { true } else { false } }
    static func strings(_ k: Kind) -> Bool { if case .list(.string) = k { true } else { false } }
    static func lower(_ s: String) -> [UInt8] { Array(s.lowercased().utf8) }
    /// A list of the prose type.
    func isProse(_ k: Kind) -> Bool { if case .list(.record(let r)) = k { r === parts.prose } else { false } }

    func enumType(_ type: RecordType, _ name: String) -> EnumType? {
        guard let i = type.lookup(name), case .enumeration(let e) = type.fields[i].kind else { return nil }
        return e
    }

    /// The record type of field `name` of `type` (a record, or a list of records).
    mutating func recordType(_ parent: YAMLNode?, _ key: String, in type: RecordType, list: Bool) -> (String, RecordType)? {
        guard let n = entry(parent, key), let name = n.string else { return nil }
        guard let i = type.lookup(name) else {
            fail(n.mark, "'\(key)': '\(name)' is not a field of '\(type.name)'\(loader.suggestion(ModelPath(name), in: type))")
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
    mutating func line(_ parent: YAMLNode?, _ key: String, in type: RecordType, _ fits: (Kind) -> Bool) -> PageSpec.Line? {
        guard let n = entry(parent, key) else { return nil }
        return lineOf(n, key, in: type, fits)
    }

    mutating func lineOf(_ n: YAMLNode, _ key: String, in type: RecordType, _ fits: (Kind) -> Bool) -> PageSpec.Line? {
        guard let t = n.string else { fail(n.mark, "'\(key)' is a line of text"); return nil }
        let found = Self.placeholders(t)
        guard let first = found.first else {
            fail(n.mark, "'\(key)' is a line with a {field} of '\(type.name)', not '\(t)'")
            return nil
        }
        if found.count > 1 {
            fail(n.mark(at: found[1].offset), "'\(key)': one {field} a line, and '\(t)' has \(found.count) (the page engine reads one value a line here)")
            return nil
        }
        let name = first.name
        guard let i = type.lookup(name), fits(type.fields[i].kind) else {
            let known = type.lookup(name) != nil
            fail(n.mark(at: first.offset), "'\(key)': '{\(name)}' is not \(known ? "a field" : "a field of '\(type.name)'") the page can print here\(known ? " (it is \(type.fields[type.lookup(name)!].kind.name))" : loader.suggestion(ModelPath(name), in: type))")
            return nil
        }
        let chars = Array(t)
        return PageSpec.Line(prefix: String(chars[..<first.offset]), field: name, suffix: String(chars[(first.offset + name.count + 2)...]))
    }

    /// A heading written with the years it names, each once at most: `{year}`, the year of
    /// `title-year`, and the edition (`{edition}`, or the edition role's field), which comes
    /// back as `{edition}` (`Season of {year}–{edition}`).
    mutating func heading(_ parent: YAMLNode, _ key: String, titleYear: PageSpec.TitleYear?) -> (String, PageSpec.TitleYear?) {
        guard let n = entry(parent, key) else { return ("", titleYear) }
        guard var s = n.string else { fail(n.mark, "'\(key)' is text"); return ("", titleYear) }
        var seen: Set<String> = []
        for p in Self.placeholders(s) {
            var name = p.name
            if let edition, name == edition { name = "edition" }
            guard name == "year" || (name == "edition" && edition != nil) else {
                fail(n.mark(at: p.offset), "'\(key)': unknown placeholder '{\(p.name)}' (a heading names '{edition}', or '{year}' with 'title-year')")
                continue
            }
            if !seen.insert(name).inserted { fail(n.mark(at: p.offset), "'\(key)' names '{\(name)}' twice") }
            if name == "year", titleYear == nil { fail(n.mark(at: p.offset), "'\(key)': '{year}' needs 'title-year' (the field the year comes from), or write '{edition}'") }
            if name == "edition" { s = s.replacingOccurrences("{\(p.name)}", "{edition}") }
        }
        return (s, titleYear)
    }

    mutating func titleYear(_ parent: YAMLNode) -> PageSpec.TitleYear? {
        guard let y = parent["title-year"] else { return nil }
        loader.checkKeys(y, .layoutTitleYear)
        var add = 0
        if let a = y["add"] {
            if let n = a.string.flatMap({ Int($0) }) { add = n } else { fail(a.mark, "'add' is a whole number") }
        }
        return PageSpec.TitleYear(field: field(y, "field", in: root, "the edition", Self.integer), add: add)
    }

    mutating func integer(_ parent: YAMLNode?, _ key: String, absent: Int) -> Int {
        guard let n = parent?[key] else { return absent }
        guard let v = n.string.flatMap({ Int($0) }), v >= 0 else { fail(n.mark, "'\(key)' is a whole number"); return absent }
        return v
    }
}
