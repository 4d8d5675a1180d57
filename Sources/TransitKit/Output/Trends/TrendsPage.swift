/// `transit trends`: one self-contained page of an archive's year-over-year figures. No script,
/// nothing fetched (its Content-Security-Policy forbids it), and well-formed XHTML, so any XML
/// parser can read it. Everything it names comes from the schema (roles, bands, `trends:`).
///
/// - An overview: every subject as a small chart on one shared edition axis and one figure
///   axis, over the bands, each with its latest figure and change printed, in a stated order.
/// - Each subject's latest edition against its own previous edition, in one table.
/// - Per subject: the headline figure over the editions with every value printed, band
///   crossings marked, editions restated from the other scale marked; the schema's other
///   figures; every item as a small chart with its moves marked ▲/▼; and a table of every
///   edition (the text alternative of the charts).
///
/// The charts scale to the page's width (SVG with a viewBox), the tables wrap, so a phone
/// 390 px wide scrolls down, never sideways. Colours are a single-hue ramp, light to dark, so
/// bands stay apart in greyscale and for colour-blind readers, and every band is also named.
public enum Trends {
    /// The page.
    public static func html(_ series: ArchiveSeries, order: ArchiveSeries.Order, title: String? = nil) -> String {
        TrendsPage(series: series, order: order, title: title).render()
    }
}

struct TrendsPage {
    let series: ArchiveSeries
    let order: ArchiveSeries.Order
    let schema: Schema
    let roles: Roles
    let spec: TrendsSpec
    let title: String
    /// The shared edition axis.
    let first: Int, last: Int
    /// The bands as ranges of the headline (when the schema gives them by value), and the names
    /// of the band role's values in order (first darkest).
    let bandNames: [String]
    let byValue: Bool
    let anyConverted: Bool

    init(series: ArchiveSeries, order: ArchiveSeries.Order, title: String?) {
        self.series = series
        self.order = order
        schema = series.schema
        roles = schema.roles
        spec = schema.trends
        self.title = title ?? "\(roles.family): \(roles.headline.label) by \(roles.subject.short.lowercased())"
        first = series.editions.first ?? 0
        last = series.editions.last ?? 0
        byValue = !schema.bands.isEmpty
        bandNames = series.bandNames
        anyConverted = series.subjects.contains { $0.entries.contains(where: \.converted) }
    }

    // MARK: Drawing helpers

    static func f(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    static func number(_ d: ExactDecimal) -> Double {
        var p = 1.0
        for _ in 0..<d.scale { p *= 10 }
        return Double(d.units) / p
    }

    /// A single-hue ramp, darkest first; `n` colours spread over it.
    func colour(_ k: Int) -> String {
        let ramp = ["#5b8fc7", "#86acd6", "#adc8e4", "#d2e1f0", "#f3f7fb"]
        let n = bandNames.count
        guard n > 1 else { return ramp[2] }
        return ramp[min(ramp.count - 1, (k * (ramp.count - 1) + (n - 1) / 2) / (n - 1))]
    }

    func bandIndex(_ name: String?) -> Int? { name.flatMap { bandNames.firstIndex(of: $0) } }

    func anchor(_ subject: String) -> String {
        "s-" + String(subject.lowercased().unicodeScalars.map { ($0.properties.isAlphabetic || ("0"..."9").contains($0)) ? Character($0) : "-" })
    }

    /// The headline's axis (`roles.axis`), bottom to top.
    var axis: (low: Double, high: Double) { (Self.number(roles.axis.low), Self.number(roles.axis.high)) }

    /// Horizontal band edges for the headline: each band reaches halfway to the next one's start.
    func bandEdges() -> [(name: String, low: Double, high: Double)] {
        var out: [(String, Double, Double)] = []
        var bottom = axis.low
        for (k, band) in schema.bands.enumerated() {
            let next = k + 1 < schema.bands.count ? Self.number(schema.bands[k + 1].min) : axis.high
            let top = min(axis.high, (Self.number(band.max) + next) / 2)
            out.append((band.value, bottom, top))
            bottom = top
        }
        return out
    }

    func signed(_ d: ExactDecimal?) -> String { d.map(\.signed) ?? "–" }

    func edition(_ entry: ArchiveSeries.Entry) -> String { "\(entry.edition)\(entry.converted ? "*" : "")" }

    // MARK: The page

    func render() -> String {
        var body: Markup = .element("header", [:], .newline + .element("h1", [:], .text(title)) + .newline + .newline
            + .element("p", [:], .text(lede())) + .newline + navigation()) + .newline
        var main = overview() + latestTable()
        for subject in series.subjects { main += section(subject) }
        body += .element("main", [:], .newline + main) + .newline
        let count = series.subjects.reduce(0) { $0 + $1.entries.count }
        body += .element("footer", [:], .element("p", ["class": "note"], "Written by transit from \(count) reports with the schema \(schema.name) (version \(schema.version)).")) + .newline
        return HTMLPage.page(title: title, style: Self.style, body: body)
    }

    func lede() -> String {
        let subjects = series.subjects.count, editions = series.editions.count
        let range = first == last ? "\(first)" : "\(first)–\(last)"
        var s = "\(subjects) \(plural(subjects, roles.subject.short.lowercased())), \(editions) \(plural(editions, roles.edition.short.lowercased())) (\(range)). "
        switch order {
        case .group where grouped:
            var groups: [String] = []
            for subject in series.subjects { if let g = subject.group, !groups.contains(g) { groups.append(g) } }
            s += "Grouped as the schema groups them (\(groups.joined(separator: ", "))), then by name."
        case .latest: s += "Ordered by the latest \(roles.headline.label), \(series.higherIsBetter ? "highest" : "lowest") first."
        default: s += "Ordered by name."
        }
        if anyConverted, let scale = roles.scale {
            s += " Editions printed on the \(scale.inverted) scale are shown restated on the \(scale.current) one (the schema’s transform \(scale.restate)), drawn hollow and marked *."
        }
        return s
    }

    /// The overview is grouped: the schema groups subjects, and some subject has a group.
    var grouped: Bool { spec.hasGroups && series.subjects.contains { $0.group != nil } }

    func plural(_ n: Int, _ word: String) -> String {
        guard n != 1 else { return word }
        // "country or territory": 229 countries and territories.
        let parts = word.components(" or ")
        if parts.count == 2 { return plural(n, parts[0]) + " and " + plural(n, parts[1]) }
        if word.hasSuffix("y") && !word.hasSuffix("ey") { return String(word.dropLast()) + "ies" }
        if word.hasSuffix("s") { return word + "es" }
        return word + "s"
    }

    func navigation() -> Markup {
        let links = series.subjects.map { s in Markup.element("li", [:], .element("a", ["href": "#" + anchor(s.name)], .text(s.name))) }
        return .element("nav", ["aria-label": roles.subject.label], .element("ul", [:], .joined(links))) + .newline
    }

    // MARK: Legend

    /// The key of every chart, as an HTML list (its text scales with the page's).
    func legend() -> Markup {
        func swatch(_ body: Markup) -> Markup {
            .element("svg", ["class": "key", "xmlns": "http://www.w3.org/2000/svg", "width": "22", "height": "14", "viewBox": "0 -11 22 14", "aria-hidden": "true"], body)
        }
        var items: [(Markup, String)] = []
        for (k, name) in bandNames.enumerated() {
            items.append((swatch(.element("rect", ["x": "1", "y": "-10", "width": "20", "height": "12", "fill": colour(k), "stroke": "#777", "stroke-width": "0.5"])), name))
        }
        items.append((swatch(.element("line", ["x1": "1", "y1": "-4", "x2": "21", "y2": "-4", "stroke": "#1b1b1b", "stroke-width": "2"])
            + .element("circle", ["cx": "11", "cy": "-4", "r": "3.5", "fill": "#1b1b1b"])), roles.headline.label))
        if anyConverted, let scale = roles.scale {
            items.append((swatch(.element("circle", ["cx": "11", "cy": "-4", "r": "3.5", "fill": "#fff", "stroke": "#1b1b1b", "stroke-width": "1.5"])),
                          "restated from the \(scale.inverted) scale (*)"))
        }
        items.append((swatch(.element("circle", ["cx": "11", "cy": "-4", "r": "6", "fill": "none", "stroke": "#1b1b1b", "stroke-width": "1.4", "stroke-dasharray": "2 1.5"])
            + .element("circle", ["cx": "11", "cy": "-4", "r": "2.5", "fill": "#1b1b1b"])), "\(roles.band.label.lowercased()) changed"))
        let heading = byValue ? "\(roles.band.label) bands, darkest lowest" : "\(roles.band.label) of each edition, darkest lowest"
        return .element("ul", ["class": "legend", "aria-label": heading], .joined(items.map { key, label in .element("li", [:], key + " \(label)") })) + .newline
    }

    // MARK: Overview

    func overview() -> Markup {
        var out: Markup = .element("h2", [:], "Every \(roles.subject.label.lowercased()) at a glance") + .newline
        let shading = byValue ? ", over the \(roles.band.label.lowercased()) bands" : ", each edition shaded by its \(roles.band.label.lowercased())"
        out += .element("p", ["class": "note"], "\(roles.headline.label) from \(first) to \(last), every chart on the same axes (\(Self.f(axis.low)) to \(Self.f(axis.high)))\(shading). Each chart links to its \(roles.subject.label.lowercased())’s section.") + .newline
        out += legend()
        // Runs of subjects of one group (one run when the overview is not grouped).
        var runs: [(group: String?, charts: [Markup])] = []
        for s in series.subjects {
            let group = order == .group && grouped ? s.group : nil
            if runs.isEmpty || runs[runs.count - 1].group != group { runs.append((group, [])) }
            runs[runs.count - 1].charts.append(smallMultiple(s))
        }
        for run in runs {
            if order == .group && grouped { out += .element("h3", [:], .text(run.group ?? "Not grouped")) + .newline }
            out += .element("div", ["class": "multiples"], .newline + .joined(run.charts)) + .newline
        }
        return .element("section", ["id": "overview"], .newline + out) + .newline
    }

    func smallMultiple(_ s: ArchiveSeries.Subject) -> Markup {
        let width = 240.0, height = 112.0, left = 26.0, right = 44.0, top = 8.0, bottom = 18.0
        let plot = Plot(left: left, top: top, width: width - left - right, height: height - top - bottom, first: first, last: last, low: axis.low, high: axis.high)
        let latest = s.latest
        let id = anchor(s.name) + "-mini"
        var svg: Markup = .element("title", ["id": id], "\(s.name): \(roles.headline.label) \(points(s.entries))") + .newline
        svg += background(plot, s.entries, labels: false)
        svg += .element("text", ["x": Self.f(left - 3), "y": Self.f(plot.y(axis.high) + 8), "font-size": "9", "text-anchor": "end"], .text(Self.f(axis.high)))
        svg += .element("text", ["x": Self.f(left - 3), "y": Self.f(plot.y(axis.low)), "font-size": "9", "text-anchor": "end"], .text(Self.f(axis.low))) + .newline
        svg += .element("text", ["x": Self.f(left), "y": Self.f(height - 5), "font-size": "9"], "\(first)")
        svg += .element("text", ["x": Self.f(left + plot.width), "y": Self.f(height - 5), "font-size": "9", "text-anchor": "end"], "\(last)") + .newline
        svg += line(plot, s.entries, radius: 2.2, strokeWidth: 1.6)
        if let v = latest.headline {
            svg += .element("text", ["class": "value", "x": Self.f(plot.x(latest.edition) + 5), "y": Self.f(plot.y(Self.number(v)) + 4), "font-size": "11", "font-weight": "600"], .text(v.description)) + .newline
        } else {
            svg += .element("text", ["class": "value", "x": Self.f(left + plot.width / 2), "y": Self.f(top + plot.height / 2), "font-size": "10", "text-anchor": "middle"],
                            "no \(roles.headline.short.lowercased()) printed") + .newline
        }
        var caption: Markup = .element("b", [:], .text(s.name)) + .element("br") + "\(latest.edition): \(latest.headline?.description ?? "–")"
        if let p = latest.previous {
            caption += " (\(signed(latest.change)) since \(p))"
        } else {
            caption += " (no earlier edition)"
        }
        if let band = latest.band { caption += ", \(band)" }
        let chart = svgRoot(width: width, height: height, labelledBy: id, svg)
        return .element("figure", [:], .element("a", ["href": "#" + anchor(s.name)], chart) + .element("figcaption", [:], caption)) + .newline
    }

    /// A chart: an SVG scaled to its box, named by the elements `labelledBy` names.
    func svgRoot(width: Double, height: Double, labelledBy: String, _ content: Markup) -> Markup {
        .element("svg", ["xmlns": "http://www.w3.org/2000/svg", "viewBox": "0 0 \(Self.f(width)) \(Self.f(height))", "role": "img", "aria-labelledby": labelledBy],
                 .newline + content) + .newline
    }

    /// `2019: 3.39; 2020: 3.36*` for a chart's title.
    func points(_ entries: [ArchiveSeries.Entry]) -> String {
        entries.map { "\(edition($0)): \($0.headline?.description ?? "none")" }.joined(separator: "; ")
    }

    // MARK: The latest edition of each subject against its previous one

    func latestTable() -> Markup {
        var out: Markup = .element("h2", [:], "Latest edition of each \(roles.subject.label.lowercased()) against its own previous edition") + .newline
        out += .element("p", ["class": "note"], "Each row compares a \(roles.subject.label.lowercased())’s latest edition in the archive with its own edition before it, whatever the years.") + .newline
        let headings = [roles.subject.label, "Editions", roles.headline.short, "Change", roles.band.label, (roles.items?.label ?? "Items") + " that moved"]
        var rows: [Markup] = []
        for s in series.subjects {
            let l = s.latest
            let editions = l.previous.map { "\($0) → \(l.edition)" } ?? "\(l.edition) (first in the archive)"
            let before = l.previous.flatMap { p in s.entries.first { $0.edition == p } }
            let now = (l.headline?.description ?? "–") + (l.converted ? "*" : "")
            let value = before.map { "\($0.headline?.description ?? "–")\($0.converted ? "*" : "") → \(now)" } ?? now
            let band = l.bandChanged ? "\(l.previousBand!) → \(l.band!)" : (l.band ?? "–")
            rows.append(row(.element("a", ["href": "#" + anchor(s.name)], .text(s.name)), headings,
                            [(.text(editions), true), (.text(value), true), (.text(l.previous == nil ? "–" : signed(l.change)), true), (.text(band), false), (moves(l.moved), false)]))
        }
        out += table(headings, caption: nil, rows)
        if anyConverted, let scale = roles.scale {
            out += .element("p", ["class": "note"], "* printed on the \(scale.inverted) scale; shown restated on the \(scale.current) one.") + .newline
        }
        return .element("section", ["id": "latest"], .newline + out) + .newline
    }

    /// A table: caption, headings, rows (on a phone its rows become cards, each cell named by
    /// its heading).
    func table(_ headings: [String], caption: String?, _ rows: [Markup]) -> Markup {
        let head: Markup = .element("thead", [:], .element("tr", [:], .joined(headings.map { .element("th", ["scope": "col"], .text($0)) })))
        let captioned: Markup = caption.map { .element("caption", [:], .text($0)) + .newline } ?? .empty
        return .element("table", ["class": "cards"], .newline + captioned + head + .newline + .element("tbody", [:], .newline + .joined(rows)) + .newline) + .newline
    }

    /// A row: its heading cell, then cells (numeric or not) under `headings[1...]`.
    func row(_ header: Markup, _ headings: [String], _ cells: [(content: Markup, numeric: Bool)]) -> Markup {
        var out: Markup = .element("th", ["scope": "row"], header)
        for (k, cell) in cells.enumerated() {
            out += .element("td", ["class": cell.numeric ? "num" : nil, "data-label": headings[k + 1]], cell.content)
        }
        return .element("tr", [:], out) + .newline
    }

    func moves(_ moved: [ArchiveSeries.ItemMove]) -> Markup {
        .joined(moved.map { m in .element("span", ["class": m.improved ? "up" : "down"], "\(m.improved ? "▲" : "▼") \(m.text)") }, separator: "; ")
    }

    // MARK: A subject's section

    func section(_ s: ArchiveSeries.Subject) -> Markup {
        let id = anchor(s.name)
        let l = s.latest
        var said = "\(l.edition): \(roles.headline.label) \(l.headline?.description ?? "not printed")"
        if let band = l.band { said += ", \(band)" }
        if let p = l.previous {
            said += "; \(signed(l.change)) since \(p)"
            if l.bandChanged { said += ", when it was \(l.previousBand!)" }
        } else {
            said += "; no earlier edition in the archive"
        }
        let crossings = s.entries.filter(\.bandChanged)
        if !crossings.isEmpty {
            said += ". \(roles.band.label) changed: " + crossings.map { "\($0.edition) (\($0.previousBand!) → \($0.band!))" }.joined(separator: ", ")
        }
        var charts: Markup = .element("figure", ["class": "headline"], .newline + headlineChart(s)) + .newline
        for (k, figure) in spec.figures.enumerated() { charts += .element("figure", [:], .newline + figureChart(s, figure, k)) + .newline }
        var out: Markup = .element("h2", ["id": id + "-h"], .text(s.name)) + .newline + .element("p", [:], "\(said).") + .newline
        out += .element("div", ["class": "charts"], .newline + charts) + .newline
        if roles.items != nil, s.entries.contains(where: { !roles.ratings(of: $0.report).isEmpty }) {
            out += .element("figure", ["class": "items"], .newline + itemsChart(s)) + .newline
        }
        out += editionsTable(s)
        return .element("section", ["class": "subject", "id": id, "aria-labelledby": id + "-h"], .newline + out) + .newline
    }

    func editionsTable(_ s: ArchiveSeries.Subject) -> Markup {
        let columns = spec.table
        let headings = [roles.edition.label, roles.headline.short] + columns.map(\.label) + [roles.band.label, "Change", (roles.items?.label ?? "Items") + " that moved"]
        let rows = s.entries.reversed().map { entry in
            let band = entry.bandChanged ? "\(entry.previousBand!) → \(entry.band!)" : (entry.band ?? "–")
            let cells: [(content: Markup, numeric: Bool)] = [(.text(entry.headline?.description ?? "–"), true)]
                + columns.map { (.text(entry.report.text(at: $0.path) ?? "–"), true) }
                + [(.text(band), false), (.text(entry.previous == nil ? "–" : signed(entry.change)), true), (moves(entry.moved), false)]
            return row(.text(edition(entry)), headings, cells)
        }
        var out = table(headings, caption: "\(s.name): every \(roles.edition.label.lowercased())", rows)
        if s.entries.contains(where: \.converted), let scale = roles.scale {
            out += .element("p", ["class": "note"], "* printed on the \(scale.inverted) scale; shown restated on the \(scale.current) one.") + .newline
        }
        return out
    }

    static let style = Markup.style("""
        * { box-sizing: border-box; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; padding: 1em 1.25em; max-width: 76em; color: #1a1a1a; line-height: 1.45; }
        h1 { font-size: 1.6em; margin: 0.2em 0 0.3em; }
        h2 { font-size: 1.25em; margin: 1.6em 0 0.3em; }
        h3 { font-size: 1.05em; margin: 1.2em 0 0.3em; }
        p { margin: 0.4em 0; }
        svg { display: block; width: 100%; height: auto; }
        svg text { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
        figure { margin: 0.6em 0; }
        figcaption { font-size: 0.85em; color: #333; }
        nav ul { list-style: none; padding: 0; margin: 0.4em 0; display: flex; flex-wrap: wrap; gap: 0.2em 0.9em; font-size: 0.9em; }
        .legend { list-style: none; padding: 0; margin: 0.6em 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 17em), 1fr)); gap: 0.15em 1em; font-size: 0.85em; }
        .legend li { display: flex; align-items: center; gap: 0.4em; }
        svg.key { display: inline-block; width: 22px; height: 14px; flex: none; }
        .multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(45%, 12em), 1fr)); gap: 0.6em 1em; }
        .multiples figure { margin: 0; }
        .multiples a { color: inherit; text-decoration: none; }
        .multiples figcaption { font-size: 0.85em; }
        .multiples figcaption b { font-size: 1.05em; }
        table { border-collapse: collapse; width: 100%; font-size: 0.88em; margin: 0.5em 0; }
        caption { text-align: left; font-weight: 600; padding: 0.2em 0; }
        th, td { border-bottom: 1px solid #c8c8c8; padding: 0.25em 0.4em; text-align: left; vertical-align: top; }
        td { overflow-wrap: anywhere; }
        thead th { border-bottom: 2px solid #555; }
        td.num { text-align: right; white-space: nowrap; }
        .up { color: #1d4f91; }
        .down { color: #8a2a0a; }
        .subject { border-top: 1px solid #bbb; margin-top: 2em; }
        .note { font-size: 0.85em; color: #444; }
        .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 34em), 1fr)); gap: 0 1.5em; }
        .charts figure { max-width: 52em; }
        .items { max-width: 64em; }
        .multiples.items { grid-template-columns: repeat(auto-fill, minmax(min(45%, 11.5em), 1fr)); }
        @media (max-width: 600px) {
          body { padding: 0.6em; }
          table { font-size: 0.74em; }
          th, td { padding: 0.2em 0.25em; }
          table.cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
          table.cards tr { display: block; border-bottom: 1px solid #c8c8c8; padding: 0.3em 0; }
          table.cards th, table.cards td { display: inline; border: none; padding: 0 0.5em 0 0; white-space: normal; text-align: left; }
          table.cards th[scope="row"] { display: block; font-size: 1.1em; }
          table.cards td::before { content: attr(data-label) ": "; color: #555; }
          table.cards td:empty { display: none; }
          figure.headline svg text.value { font-size: 16px; font-weight: 600; }
        }
        @media print { .subject { break-inside: avoid-page; } nav { display: none; } }
        """)
}
