/// The page layout: the lines of a page, with `${path}` where a value of the model goes.
///
/// A layout line is literal text (`$$` stands for `$`) with placeholders:
/// - `${path}` — the value at `path` (`last_year.status`, `categories.2`, `footer_scores.0.name`);
///   a record prints as its page form (a paragraph with its markers, a category block, a
///   score-change sentence), a list of strings joined with " and ";
/// - `${path:spelling}` — an enumeration printed as `spelling` (`SEMI - CONSOLIDATED DEMOCRACY`)
///   while the spelling still means the value; a boolean prints `spelling` when true;
/// - `${path/joiner}` — a list of strings joined with `joiner`;
/// - `${path|round}` — a decimal rounded half-up to a whole number.
/// A line that is only `${list}` stands for the list's items in their standard form.
///
/// The reader writes a layout for every page and keeps it in the model only when it differs
/// from ``PageLayout/standard(for:types:)``, the layout of a page as the publisher prints it.
struct PageLayout {
    let types: PageTypes

    // MARK: - The standard layout

    /// The layout of a page of `report` as the publisher prints it, for the fields it has.
    func standard(for report: Record) -> [String] {
        var lines: [String] = []
        let derived = Set(report["page"]?.record?["derived"]?.items?.compactMap(\.text) ?? [])
        func has(_ name: String) -> Bool { report[name] != nil && !derived.contains(name) }
        if has("status") { lines.append("${status}") }
        if has("democracy_percentage") { lines.append("DEMOCRACY-PERCENTAGE Democracy Percentage ${democracy_percentage} 100") }
        if has("democracy_score") { lines.append("DEMOCRACY-SCORE Democracy Score ${democracy_score} 7") }
        if let last = report["last_year"]?.record {
            lines.append("Last Year's Democracy Percentage & Status")
            var parts: [String] = []
            if last["percentage"] != nil { parts.append("${last_year.percentage} 100") }
            if last["status"] != nil { parts.append("${last_year.status}") }
            lines.append(parts.joined(separator: " "))
        }
        if has("methodology") { lines.append("${methodology} See the methodology.") }
        var headings = 0
        func heading(_ title: String) {
            headings += 1
            lines += ["", "header\(headings) \(title)", ""]
        }
        if let changes = report["score_changes"]?.record {
            let edition = report.text("edition").flatMap { Int($0) }
            heading(edition.map { "Score changes in \($0 - 1)" } ?? "Score changes")
            if !(changes["statements"]?.items?.isEmpty ?? true) { lines.append("${score_changes.statements}") }
            if changes.text("no_changes") == "true" { lines.append("  • ${score_changes.no_changes:No score changes}") }
            if changes["result"] != nil { lines.append("  • ${score_changes.result}") }
        }
        if has("notice") { lines += ["", "${notice}"] }
        let summary = !(report["executive_summary"]?.items?.isEmpty ?? true)
        if summary || has("authors") {
            heading("Executive Summary")
            if has("authors") { lines += ["By ${authors}", ""] }
            if summary { lines.append("${executive_summary}") } else { lines.removeLast() }
        }
        if !(report["categories"]?.items?.isEmpty ?? true) {
            if !lines.isEmpty { lines.append("") }
            lines.append("${categories}")
        }
        if has("author_bio") { lines += ["", "Author: ${author_bio}"] }
        if !(report["footer_scores"]?.items?.isEmpty ?? true) {
            lines.append("")
            if report["country"] != nil { lines += ["On ${country}", ""] }
            lines += ["See all data, scores & information on this country or territory.", "", "See More", "${footer_scores}"]
        }
        return lines
    }

    // MARK: - Lists

    /// The layout lines of item `i` of a list of `type` at `path`.
    func itemLines(_ type: RecordType, path: String, _ i: Int) -> [String] {
        if type === types.footerScore {
            let p = "\(path).\(i)"
            return ["  • ${\(p).name}", "", "    ${\(p).score} ${\(p).max} ${\(p).status}"]
        }
        if type === types.statement { return ["  • ${\(path).\(i)}"] }
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

    var lastYear: RecordType { spec.last.type }
    var scoreChanges: RecordType { spec.changes.type }
    var statement: RecordType { spec.changes.statements.sentence.type }
    var result: RecordType { spec.changes.result.sentence.type }
    var category: RecordType { spec.items.type }
    var prose: RecordType { spec.prose }
    var note: RecordType { spec.noteType }
    var footerScore: RecordType { spec.scores.type }
    var page: RecordType { spec.pageType }
    var proseText: Int { spec.proseText }
    var proseNotes: Int { spec.proseNotes }
    var noteNumber: Int { spec.noteNumber }
    var noteOffset: Int { spec.noteOffset }
    /// The enumerations the page names values of: the band (status) and the subject's name.
    var status: EnumType { spec.bands }
    var countries: EnumType { spec.names }
}
