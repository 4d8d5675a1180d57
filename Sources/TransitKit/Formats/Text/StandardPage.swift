/// The standard page of a report, built part by part: the layout lines the publisher's page
/// prints for the fields a report has.
struct StandardPage {
    let spec: PageSpec
    let report: Record
    let derived: Set<String>
    var lines: [String] = []
    private var headings = 0

    init(spec: PageSpec, report: Record) {
        self.spec = spec
        self.report = report
        derived = Set(report[spec.page]?.record?["derived"]?.items?.compactMap(\.text) ?? [])
    }

    /// Whether the report has the field (or the value at a path, `record.field`), and not as
    /// derived.
    func has(_ name: String) -> Bool {
        (name.contains(".") ? report.value(at: ModelPath(name)) : report[name]) != nil && !derived.contains(name)
    }

    /// A numbered heading (or, where the layout gives no heading word, the title alone), a blank
    /// line either side.
    mutating func heading(_ title: String) {
        headings += 1
        lines += ["", (spec.heading.isEmpty ? "" : "\(spec.heading)\(headings) ") + PageLayout.literal(title), ""]
    }

    /// The band, the figures, last edition's block, the note and the flags.
    mutating func top() {
        // The band's own line, unless a line of the top's prints the band (`Rating: {rating}`).
        if has(spec.band), !spec.linesPrintBand { lines.append("${\(spec.band)}") }
        for f in spec.figures where has(f.field) {
            if let line = f.line { lines.append(PageLayout.literal(line.prefix) + "${\(f.field)}" + PageLayout.literal(line.suffix)) }
        }
        if let spec = spec.last, let last = report[spec.record]?.record {
            lines.append(PageLayout.literal(spec.label))
            var parts: [String] = []
            if last[spec.figure] != nil { parts.append("${\(spec.record).\(spec.figure)}" + PageLayout.literal(spec.max.first ?? "")) }
            if last[spec.band] != nil { parts.append("${\(spec.record).\(spec.band)}") }
            lines.append(parts.joined(separator: " "))
        }
        if let note = spec.note, has(note.field) { lines.append("${\(note.field)}" + PageLayout.literal(note.suffix)) }
        for line in spec.lines { if let template = layoutLine(line) { lines.append(template) } }
        for flag in spec.flags where report.text(flag.field) == flag.value && !derived.contains(flag.field) {
            lines.append("${\(flag.field):\(PageLayout.literal(flag.line))}")
        }
    }

    /// The layout line of a line template of the report's fields, or nil when a field outside
    /// its optional parts has no value (printed, not derived), or when it would print nothing.
    func layoutLine(_ grammar: LineGrammar) -> String? {
        func put(_ parts: [LineGrammar.Part], _ out: inout String) -> Bool {
            for part in parts {
                switch part {
                case .literal(let bytes): out += PageLayout.literal(String(decoding: bytes, as: UTF8.self))
                case .field(let k, _):
                    let name = grammar.type.fields[k].name
                    guard has(name) else { return false }
                    out += "${\(name)}"
                case .optional(let inner):
                    var part = ""
                    if put(inner, &part) { out += part }
                }
            }
            return true
        }
        var out = ""
        return put(grammar.parts, &out) && !out.isEmpty ? out : nil
    }

    /// The headed sections, each under its heading (with the year its title names).
    mutating func sections() {
        for section in spec.sections {
            let byline = section.byline.flatMap { has($0.field) ? $0 : nil }
            guard has(section.field) || byline != nil,
                  let title = HeadingTemplate.text(section.heading, section.titleYear, edition: spec.editionField, report) else { continue }
            heading(title)
            // The names under the heading, then a blank line.
            if let byline { lines += [PageLayout.literal(byline.prefixes.first ?? "") + "${\(byline.field)}", ""] }
            guard has(section.field) else {
                lines.removeLast()
                continue
            }
            let paragraphs = report[section.field]?.items ?? []
            // A paragraph printed otherwise than the section's: a plain one among bullets, a
            // bullet among paragraphs (a blank line between paragraphs).
            let otherwise = spec.proseBullet.map { flag in
                paragraphs.map { $0.record?.fields[flag]?.text == (section.bullets ? "false" : "true") }
            } ?? paragraphs.map { _ in false }
            if section.sentence != nil || (!section.bullets && !otherwise.contains(true)) {
                lines.append("${\(section.field)}")
                continue
            }
            for (k, other) in otherwise.enumerated() {
                let bulleted = section.bullets != other
                if !bulleted && k > 0 { lines.append("") }
                lines.append((bulleted ? spec.bullet : "") + "${\(section.field).\(k)}")
                if !bulleted && k + 1 < otherwise.count { lines.append("") }
            }
        }
    }

    /// The items' blocks, with the group headings before the items they open and other
    /// records' blocks among them.
    mutating func items() {
        guard let items = spec.items, let list = report[items.list]?.items, !list.isEmpty else { return }
        if !lines.isEmpty { lines.append("") }
        if items.groups.isEmpty && items.gap == 0 && items.extras.isEmpty {
            lines.append("${\(items.list)}")
            return
        }
        for (k, item) in list.enumerated() {
            if k > 0 { lines += Array(repeating: "", count: items.gap) }
            let key = item.record?.text(items.header.field)
            for extra in items.extras where extra.before == key && report[extra.field] != nil {
                lines.append("${\(extra.field)}")
                lines += Array(repeating: "", count: items.gap)
            }
            if let key, let group = items.groups[key] { lines += group.map { PageLayout.literal($0) } + [""] }
            lines.append("${\(items.list).\(k)}")
        }
        // Every block one after another (a group's lines only before the first): the list whole,
        // as the reader keeps it.
        let start = lines.count - list.count
        if start >= 0, (0..<list.count).allSatisfy({ lines[start + $0] == "${\(items.list).\($0)}" }) {
            lines.replaceSubrange(start..., with: ["${\(items.list)}"])
        }
    }

    /// The footer: the name line, its literal lines, the scores.
    mutating func footer() {
        guard let footer = spec.footer, let scores = spec.scores, !(report[scores.list]?.items?.isEmpty ?? true) else { return }
        lines.append("")
        if let name = footer.name, report[spec.name] != nil { lines += [name.template, ""] }
        for line in footer.lines { lines += [PageLayout.literal(line), ""] }
        lines.removeLast()
        lines.append("${\(scores.list)}")
    }
}
