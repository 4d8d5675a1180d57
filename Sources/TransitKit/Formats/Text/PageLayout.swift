/// The page layout: the lines of a page, with `${path}` where a value of the model goes.
///
/// A layout line is literal text (`$$` stands for `$`) with placeholders:
/// - `${path}` — the value at `path` (`last.band`, `items.2`, `scores.0.name`);
///   a record prints as its page form (a paragraph with its markers, an item's block, a
///   change sentence), a list of strings joined with the layout's first joiner;
/// - `${path:spelling}` — an enumeration printed as `spelling` (`VERY  GOOD`, in capitals and spaced)
///   while the spelling still means the value; a boolean prints `spelling` when true;
/// - `${path/joiner}` — a list of strings joined with `joiner`;
/// - `${path|round}` — a decimal rounded half-up to a whole number.
/// A line that is only `${list}` stands for the list's items in their standard form.
///
/// The reader writes a layout for every page and keeps it in the model only when it differs
/// from ``PageLayout/standard(for:types:)``, the layout of a page as the publisher prints it.
struct PageLayout {
    let types: PageTypes
    let schema: Schema

    // MARK: - The standard layout

    /// The layout of a page of `report` as the publisher prints it, for the fields it has (the
    /// templates of the schema's layout).
    func standard(for report: Record) -> [String] {
        let spec = types.spec
        var page = StandardPage(spec: spec, report: report)
        page.top()
        if let changesSpec = spec.changes, let changes = report[changesSpec.field]?.record {
            page.heading(headingText(changesSpec, report) ?? changesSpec.untitled)
            let p = changesSpec.field
            if !(changes[changesSpec.statements.list]?.items?.isEmpty ?? true) { page.lines.append("${\(p).\(changesSpec.statements.list)}") }
            if let none = changesSpec.none, changes.text(none.field) == "true" { page.lines.append(spec.bullet + "${\(p).\(none.field):\(none.text)}") }
            if let result = changesSpec.result, changes[result.field] != nil { page.lines.append(spec.bullet + "${\(p).\(result.field)}") }
        }
        page.sections()
        if let notice = spec.notice, page.has(notice.field) { page.lines += ["", "${\(notice.field)}"] }
        page.items()
        if let closing = spec.closing, page.has(closing.field) { page.lines += ["", PageLayout.literal(closing.prefixes[0]) + "${\(closing.field)}"] }
        page.footer()
        return page.lines
    }

    /// The changes section's heading with the year its title names (`Changes in {year}`), or
    /// nil when the report has no edition to give it.
    private func headingText(_ changes: PageSpec.Changes, _ report: Record) -> String? {
        HeadingTemplate.text(changes.heading, changes.titleYear, edition: types.spec.editionField, report)
    }

    // MARK: - Lists

    /// Whether an item of a list of `type` is one line `${path.i}`: the record in page form.
    func printsItemWhole(_ type: RecordType) -> Bool { type !== types.score && type !== types.statement }

    /// The layout lines of item `i` of a list of `type` at `path`.
    func itemLines(_ type: RecordType, path: String, _ i: Int) -> [String] {
        let spec = types.spec
        if type === types.score, let s = spec.scores {
            let p = "\(path).\(i)"
            return [spec.bullet + "${\(p).\(s.name)}", "", "    ${\(p).\(s.score)} ${\(p).\(s.max)} ${\(p).\(s.band)}"]
        }
        if type === types.statement { return [spec.bullet + "${\(path).\(i)}"] }
        assert(printsItemWhole(type))
        return ["${\(path).\(i)}"]
    }

    /// The lines between two items of a list of `type`.
    func separator(_ type: RecordType) -> [String] { type === types.prose ? [""] : [] }

    /// The standard lines of a list of `count` items: what a line `${path}` stands for.
    func expand(_ type: RecordType, path: String, count: Int) -> [String] {
        var out: [String] = []
        for i in 0..<count {
            if i > 0 { out += separator(type) }
            out += itemLines(type, path: path, i)
        }
        return out
    }

    /// Replaces the first run of `layout` that spells the whole list out item by item with `${path}`.
    func compress(_ layout: inout [String], _ type: RecordType, path: String, count: Int) {
        guard count > 0 else { return }
        let run = expand(type, path: path, count: count)
        guard let first = run.first, run.count <= layout.count else { return }
        var start = 0
        while let i = layout[start...].firstIndex(of: first) {
            if i + run.count <= layout.count && layout[i..<(i + run.count)].elementsEqual(run) {
                layout.replaceSubrange(i..<(i + run.count), with: ["${\(path)}"])
                return
            }
            start = i + 1
        }
    }

    // MARK: - Text escaping

    /// A line of page text as a literal layout line.
    static func literal(_ text: some StringProtocol) -> String {
        text.utf8.contains(UInt8(ascii: "$")) ? text.replacingOccurrences("$", "$$") : String(text)
    }
}

/// The schema's page layout and the record types it fills in, looked up once per schema.
struct PageTypes: Sendable {
    let spec: PageSpec
    let report: RecordType

    init(_ schema: Schema) throws(ReadError) {
        guard let spec = schema.layout else {
            throw ReadError(file: schema.file, mark: Mark(line: 1, column: 1), "the schema declares no page layout ('layout:'), so its reports have no page-text format")
        }
        self.spec = spec
        self.report = schema.root
    }

    var last: RecordType? { spec.last?.type }
    var changes: RecordType? { spec.changes?.type }
    var statement: RecordType? { spec.changes?.statements.line.type }
    var result: RecordType? { spec.changes?.result?.line.type }
    var item: RecordType? { spec.items?.type }
    var prose: RecordType { spec.prose }
    var note: RecordType { spec.noteType }
    var score: RecordType? { spec.scores?.type }
    var page: RecordType { spec.pageType }
    var proseText: Int { spec.proseText }
    var proseNotes: Int { spec.proseNotes }
    var noteNumber: Int { spec.noteNumber }
    var noteOffset: Int { spec.noteOffset }
    /// The enumerations the page names values of: the band (status) and the subject's name.
    var status: EnumType { spec.bands }
    var countries: EnumType { spec.names }
}
