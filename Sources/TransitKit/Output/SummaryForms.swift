/// The edition summary's forms: markdown, a self-contained page, and JSON (the sentences and
/// the summary record they were written from).
extension EditionSummary {
    /// The table's headings (the roles' labels).
    var headings: [String] {
        let roles = schema.roles
        return [roles.subject.label, "Previous edition", roles.headline.short, "Change", roles.band.label, (roles.items?.label ?? "Items") + " that moved"]
    }

    private func cells(_ k: Int) -> [String] {
        let e = rows[k].entry
        let figure = { (d: ExactDecimal?) in d?.description ?? "–" }
        let value = e.previous == nil ? figure(e.headline) : "\(figure(e.previousHeadline)) → \(figure(e.headline))"
        let band = e.bandChanged ? "\(e.previousBand ?? "–") → \(e.band ?? "–")" : (e.band ?? "–")
        return [rows[k].subject, e.previous.map(String.init) ?? "none in the archive", value, e.change.map(\.signed) ?? "–", band,
                e.moved.map(\.text).joined(separator: "; ")]
    }

    /// The summary as Markdown: title, sections as written, then the table of subjects.
    public var markdown: String {
        var out = "# \(title)\n"
        for s in sections {
            out += "\n## \(s.heading)\n\n"
            for line in s.lines { out += line + (line.hasPrefix("- ") ? "\n" : "\n\n") }
            if out.hasSuffix("\n\n") { out.removeLast() }
        }
        return out + "\n## \(tableHeading)\n\n" + MarkdownText.table(headings, rows.indices.map(cells))
    }

    /// A self-contained page (well-formed XHTML), readable on a phone.
    public var html: String {
        var body: Markup = .element("h1", [:], .text(title)) + .newline + .newline
        for s in sections {
            body += .element("h2", [:], .text(s.heading)) + .newline
            var items: [Markup] = []
            func closeList() {
                if !items.isEmpty { body += .element("ul", [:], .newline + .joined(items)) + .newline }
                items = []
            }
            for line in s.lines {
                if line.hasPrefix("- ") {
                    items.append(.element("li", [:], .text(String(line.dropFirst(2)))) + .newline)
                } else {
                    closeList()
                    body += .element("p", [:], .text(line)) + .newline
                }
            }
            closeList()
        }
        var rowsMarkup: [Markup] = []
        for k in rows.indices {
            let c = cells(k)
            var row: Markup = .element("th", ["scope": "row"], .text(c[0]))
            for k in 1..<c.count { row += .element("td", ["class": k <= 3 ? "num" : nil, "data-label": headings[k]], .text(c[k])) }
            rowsMarkup.append(.element("tr", [:], row) + .newline)
        }
        body += .element("h2", [:], .text(tableHeading)) + .newline
            + .element("table", [:], .newline
                + .element("thead", [:], .element("tr", [:], .joined(headings.map { .element("th", ["scope": "col"], .text($0)) }))) + .newline
                + .element("tbody", [:], .newline + .joined(rowsMarkup)) + .newline) + .newline
        return HTMLPage.page(title: title, style: Self.style, body: body)
    }

    private static let style = Markup.style("""
        body { font-family: system-ui, sans-serif; margin: 0 auto; padding: 1em; max-width: 60em; color: #1a1a1a; line-height: 1.45; }
        table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
        th, td { border-bottom: 1px solid #ccc; padding: 0.3em 0.4em; text-align: left; vertical-align: top; }
        td { overflow-wrap: anywhere; }
        td.num { text-align: right; white-space: nowrap; }
        @media (max-width: 600px) {
          body { padding: 0.5em; }
          h1 { font-size: 1.5em; }
          thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
          tr { display: block; border-bottom: 1px solid #ccc; padding: 0.3em 0; }
          th, td, td.num { display: inline; border: none; padding: 0 0.5em 0 0; white-space: normal; text-align: left; }
          th[scope="row"] { display: block; }
          td::before { content: attr(data-label) ": "; color: #555; }
          td:empty { display: none; }
        }
        """)

    /// The sentences, and the summary record they were written from, as JSON.
    public var json: String {
        JSONValue.object([
            "title": .string(title),
            "sections": .array(sections.map { s in .inline(.object(["heading": .string(s.heading), "lines": .array(s.lines.map { .string($0) })])) }),
            "data": JSONValue(record),
        ]).serialized()
    }
}
