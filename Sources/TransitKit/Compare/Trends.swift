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
        Page(series: series, order: order, title: title).render()
    }
}

private struct Page {
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

    var e: (String) -> String { XMLText.escape }

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

    func signed(_ d: ExactDecimal?) -> String { d.map(ArchiveDiff.signed) ?? "–" }

    func edition(_ entry: ArchiveSeries.Entry) -> String { "\(entry.edition)\(entry.converted ? "*" : "")" }

    // MARK: The page

    func render() -> String {
        var out = HTMLPage.head(title: title, style: """
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
            """) + """
            <body>
            <header>
            <h1>\(e(title))</h1>

            """
        out += "<p>\(lede())</p>\n"
        out += navigation()
        out += "</header>\n<main>\n"
        out += overview()
        out += latestTable()
        for subject in series.subjects { out += section(subject) }
        out += "</main>\n<footer><p class=\"note\">Written by transit from \(series.subjects.reduce(0) { $0 + $1.entries.count }) reports with the schema \(e(schema.name)) (version \(schema.version)).</p></footer>\n</body>\n</html>\n"
        return out
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
        return e(s)
    }

    /// The overview is grouped: the schema groups subjects, and some subject has a group.
    var grouped: Bool { spec.hasGroups && series.subjects.contains { $0.group != nil } }

    func plural(_ n: Int, _ word: String) -> String {
        guard n != 1 else { return word }
        if word.hasSuffix("y") && !word.hasSuffix("ey") { return String(word.dropLast()) + "ies" }
        if word.hasSuffix("s") { return word + "es" }
        return word + "s"
    }

    func navigation() -> String {
        var out = "<nav aria-label=\"\(e(roles.subject.label))\"><ul>"
        for s in series.subjects { out += "<li><a href=\"#\(anchor(s.name))\">\(e(s.name))</a></li>" }
        return out + "</ul></nav>\n"
    }

    // MARK: Legend

    /// The key of every chart, as an HTML list (its text scales with the page's).
    func legend() -> String {
        func swatch(_ body: String) -> String {
            "<svg class=\"key\" xmlns=\"http://www.w3.org/2000/svg\" width=\"22\" height=\"14\" viewBox=\"0 -11 22 14\" aria-hidden=\"true\">\(body)</svg>"
        }
        var items: [(String, String)] = []
        for (k, name) in bandNames.enumerated() {
            items.append((swatch("<rect x=\"1\" y=\"-10\" width=\"20\" height=\"12\" fill=\"\(colour(k))\" stroke=\"#777\" stroke-width=\"0.5\"/>"), name))
        }
        items.append((swatch("<line x1=\"1\" y1=\"-4\" x2=\"21\" y2=\"-4\" stroke=\"#1b1b1b\" stroke-width=\"2\"/><circle cx=\"11\" cy=\"-4\" r=\"3.5\" fill=\"#1b1b1b\"/>"), roles.headline.label))
        if anyConverted, let scale = roles.scale {
            items.append((swatch("<circle cx=\"11\" cy=\"-4\" r=\"3.5\" fill=\"#fff\" stroke=\"#1b1b1b\" stroke-width=\"1.5\"/>"), "restated from the \(scale.inverted) scale (*)"))
        }
        items.append((swatch("<circle cx=\"11\" cy=\"-4\" r=\"6\" fill=\"none\" stroke=\"#1b1b1b\" stroke-width=\"1.4\" stroke-dasharray=\"2 1.5\"/><circle cx=\"11\" cy=\"-4\" r=\"2.5\" fill=\"#1b1b1b\"/>"), "\(roles.band.label.lowercased()) changed"))
        let heading = byValue ? "\(roles.band.label) bands, darkest lowest" : "\(roles.band.label) of each edition, darkest lowest"
        var out = "<ul class=\"legend\" aria-label=\"\(e(heading))\">"
        for (key, label) in items { out += "<li>\(key) \(e(label))</li>" }
        return out + "</ul>\n"
    }

    // MARK: Overview

    func overview() -> String {
        var out = "<section id=\"overview\">\n<h2>Every \(e(roles.subject.label.lowercased())) at a glance</h2>\n"
        out += "<p class=\"note\">\(e(roles.headline.label)) from \(first) to \(last), every chart on the same axes (\(e(Self.f(axis.low))) to \(e(Self.f(axis.high))))\(byValue ? ", over the \(roles.band.label.lowercased()) bands" : ", each edition shaded by its \(roles.band.label.lowercased())"). Each chart links to its \(e(roles.subject.label.lowercased()))’s section.</p>\n"
        out += legend()
        var currentGroup: String?? = .none
        var open = false
        for s in series.subjects {
            let group = order == .group && grouped ? s.group : nil
            if currentGroup == nil || currentGroup! != group {
                if open { out += "</div>\n" }
                if order == .group && grouped { out += "<h3>\(e(group ?? "Not grouped"))</h3>\n" }
                out += "<div class=\"multiples\">\n"
                open = true
                currentGroup = .some(group)
            }
            out += smallMultiple(s)
        }
        if open { out += "</div>\n" }
        return out + "</section>\n"
    }

    func smallMultiple(_ s: ArchiveSeries.Subject) -> String {
        let width = 240.0, height = 112.0, left = 26.0, right = 44.0, top = 8.0, bottom = 18.0
        let plot = Plot(left: left, top: top, width: width - left - right, height: height - top - bottom, first: first, last: last, low: axis.low, high: axis.high)
        let latest = s.latest
        let id = anchor(s.name) + "-mini"
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Self.f(width)) \(Self.f(height))\" role=\"img\" aria-labelledby=\"\(id)\">\n"
        svg += "<title id=\"\(id)\">\(e(s.name)): \(e(roles.headline.label)) \(e(points(s.entries)))</title>\n"
        svg += background(plot, s.entries, labels: false)
        svg += "<text x=\"\(Self.f(left - 3))\" y=\"\(Self.f(plot.y(axis.high) + 8))\" font-size=\"9\" text-anchor=\"end\">\(e(Self.f(axis.high)))</text>"
        svg += "<text x=\"\(Self.f(left - 3))\" y=\"\(Self.f(plot.y(axis.low)))\" font-size=\"9\" text-anchor=\"end\">\(e(Self.f(axis.low)))</text>\n"
        svg += "<text x=\"\(Self.f(left))\" y=\"\(Self.f(height - 5))\" font-size=\"9\">\(first)</text>"
        svg += "<text x=\"\(Self.f(left + plot.width))\" y=\"\(Self.f(height - 5))\" font-size=\"9\" text-anchor=\"end\">\(last)</text>\n"
        svg += line(plot, s.entries, radius: 2.2, strokeWidth: 1.6)
        if let v = latest.headline {
            svg += "<text class=\"value\" x=\"\(Self.f(plot.x(latest.edition) + 5))\" y=\"\(Self.f(plot.y(Self.number(v)) + 4))\" font-size=\"11\" font-weight=\"600\">\(e(v.description))</text>\n"
        } else {
            svg += "<text class=\"value\" x=\"\(Self.f(left + plot.width / 2))\" y=\"\(Self.f(top + plot.height / 2))\" font-size=\"10\" text-anchor=\"middle\">no \(e(roles.headline.short.lowercased())) printed</text>\n"
        }
        svg += "</svg>\n"
        var caption = "<b>\(e(s.name))</b><br/>\(latest.edition): \(e(latest.headline?.description ?? "–"))"
        if let p = latest.previous {
            caption += " (\(e(signed(latest.change))) since \(p))"
        } else {
            caption += " (no earlier edition)"
        }
        if let band = latest.band { caption += ", \(e(band))" }
        return "<figure><a href=\"#\(anchor(s.name))\">\(svg)</a><figcaption>\(caption)</figcaption></figure>\n"
    }

    /// `2019: 3.39; 2020: 3.36*` for a chart's title.
    func points(_ entries: [ArchiveSeries.Entry]) -> String {
        entries.map { "\(edition($0)): \($0.headline?.description ?? "none")" }.joined(separator: "; ")
    }

    // MARK: The latest edition of each subject against its previous one

    func latestTable() -> String {
        var out = "<section id=\"latest\">\n<h2>Latest edition of each \(e(roles.subject.label.lowercased())) against its own previous edition</h2>\n"
        out += "<p class=\"note\">Each row compares a \(e(roles.subject.label.lowercased()))’s latest edition in the archive with its own edition before it, whatever the years.</p>\n"
        let headings = [roles.subject.label, "Editions", roles.headline.short, "Change", roles.band.label, (roles.items?.label ?? "Items") + " that moved"]
        out += table(headings, caption: nil)
        for s in series.subjects {
            let l = s.latest
            let editions = l.previous.map { "\($0) → \(l.edition)" } ?? "\(l.edition) (first in the archive)"
            let before = l.previous.flatMap { p in s.entries.first { $0.edition == p } }
            let now = (l.headline?.description ?? "–") + (l.converted ? "*" : "")
            let value = before.map { "\($0.headline?.description ?? "–")\($0.converted ? "*" : "") → \(now)" } ?? now
            let band = l.bandChanged ? "\(l.previousBand!) → \(l.band!)" : (l.band ?? "–")
            out += row("<a href=\"#\(anchor(s.name))\">\(e(s.name))</a>", headings,
                       [(e(editions), true), (e(value), true), (e(l.previous == nil ? "–" : signed(l.change)), true), (e(band), false), (moves(l.moved), false)])
        }
        out += "</tbody>\n</table>\n"
        if anyConverted, let scale = roles.scale {
            out += "<p class=\"note\">* printed on the \(e(scale.inverted)) scale; shown restated on the \(e(scale.current)) one.</p>\n"
        }
        return out + "</section>\n"
    }

    /// A table's opening: caption and headings (on a phone its rows become cards, each cell
    /// named by its heading).
    func table(_ headings: [String], caption: String?) -> String {
        "<table class=\"cards\">\n" + (caption.map { "<caption>\(e($0))</caption>\n" } ?? "")
            + "<thead><tr>" + headings.map { "<th scope=\"col\">\(e($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
    }

    /// A row: its heading cell (HTML), then cells (HTML, numeric) under `headings[1...]`.
    func row(_ header: String, _ headings: [String], _ cells: [(html: String, numeric: Bool)]) -> String {
        var out = "<tr><th scope=\"row\">\(header)</th>"
        for (k, cell) in cells.enumerated() {
            out += "<td\(cell.numeric ? " class=\"num\"" : "") data-label=\"\(e(headings[k + 1]))\">\(cell.html)</td>"
        }
        return out + "</tr>\n"
    }

    func moves(_ moved: [ArchiveSeries.ItemMove]) -> String {
        moved.map { m in "<span class=\"\(m.improved ? "up" : "down")\">\(m.improved ? "▲" : "▼") \(e(m.text))</span>" }.joined(separator: "; ")
    }

    // MARK: A subject's section

    func section(_ s: ArchiveSeries.Subject) -> String {
        let id = anchor(s.name)
        var out = "<section class=\"subject\" id=\"\(id)\" aria-labelledby=\"\(id)-h\">\n<h2 id=\"\(id)-h\">\(e(s.name))</h2>\n"
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
        out += "<p>\(e(said)).</p>\n<div class=\"charts\">\n"
        out += "<figure class=\"headline\">\n" + headlineChart(s) + "</figure>\n"
        for (k, figure) in spec.figures.enumerated() { out += "<figure>\n" + figureChart(s, figure, k) + "</figure>\n" }
        out += "</div>\n"
        if roles.items != nil, s.entries.contains(where: { !roles.ratings(of: $0.report).isEmpty }) {
            out += "<figure class=\"items\">\n" + itemsChart(s) + "</figure>\n"
        }
        out += editionsTable(s)
        return out + "</section>\n"
    }

    func headlineChart(_ s: ArchiveSeries.Subject) -> String {
        let width = 560.0, height = 300.0, left = 52.0, right = byValue ? 124.0 : 30.0, top = 22.0, bottom = 46.0
        let plot = Plot(left: left, top: top, width: width - left - right, height: height - top - bottom, first: first, last: last, low: axis.low, high: axis.high)
        let id = anchor(s.name) + "-headline"
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Self.f(width)) \(Self.f(height))\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\">\n"
        svg += "<title id=\"\(id)-t\">\(e(s.name)): \(e(roles.headline.label)) by \(e(roles.edition.label.lowercased()))</title>\n"
        svg += "<desc id=\"\(id)-d\">\(e(points(s.entries)))</desc>\n"
        svg += background(plot, s.entries, labels: true)
        svg += axes(plot, yTitle: spec.axisTitle ?? roles.headline.label, ticks: Self.ticks(axis.low, axis.high), height: height)
        svg += line(plot, s.entries, radius: 4, strokeWidth: 2.2)
        // Every value printed: above the point, or below when the next one is higher.
        let crowded = s.entries.count > 14
        for (k, entry) in s.entries.enumerated() {
            guard let v = entry.headline else { continue }
            let y = plot.y(Self.number(v))
            let next = k + 1 < s.entries.count ? s.entries[k + 1].headline.map(Self.number) : nil
            // Below the point where the label would leave the chart at the top (a figure at the
            // axis's top end), or meet the line going up to the next point.
            let below = y < plot.top + 12 || ((crowded && k % 2 == 1) || (next.map { plot.y($0) < y - 6 } ?? false)) && y < plot.top + plot.height - 16
            let ty = below ? y + 16 : y - 9
            svg += "<text class=\"value\" x=\"\(Self.f(plot.x(entry.edition)))\" y=\"\(Self.f(ty))\" font-size=\"\(crowded ? 10 : 12)\" text-anchor=\"middle\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">\(e(v.description))\(entry.converted ? "*" : "")</text>\n"
        }
        if s.entries.allSatisfy({ $0.headline == nil }) {
            svg += "<text class=\"value\" x=\"\(Self.f(left + plot.width / 2))\" y=\"\(Self.f(top + plot.height / 2))\" font-size=\"14\" text-anchor=\"middle\">No \(e(roles.headline.label)) printed in the archive</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// The band background: horizontal bands by value with their names, or each edition shaded
    /// by its own band.
    func background(_ plot: Plot, _ entries: [ArchiveSeries.Entry], labels: Bool) -> String {
        var svg = ""
        if byValue {
            for (k, band) in bandEdges().enumerated() {
                let (y1, y0) = (plot.y(band.high), plot.y(band.low))
                svg += "<rect x=\"\(Self.f(plot.left))\" y=\"\(Self.f(y1))\" width=\"\(Self.f(plot.width))\" height=\"\(Self.f(y0 - y1))\" fill=\"\(colour(k))\"><title>\(e(band.name))</title></rect>\n"
                if labels {
                    let (a, b) = wrap(band.name, 18)
                    let y = (y0 + y1) / 2 + (b == nil ? 4 : -2)
                    svg += "<text x=\"\(Self.f(plot.left + plot.width + 6))\" y=\"\(Self.f(y))\" font-size=\"10\" fill=\"#333\">\(e(a))"
                    if let b { svg += "<tspan x=\"\(Self.f(plot.left + plot.width + 6))\" dy=\"12\">\(e(b))</tspan>" }
                    svg += "</text>\n"
                }
            }
        } else {
            svg += "<rect x=\"\(Self.f(plot.left))\" y=\"\(Self.f(plot.top))\" width=\"\(Self.f(plot.width))\" height=\"\(Self.f(plot.height))\" fill=\"#fff\" stroke=\"#bbb\" stroke-width=\"0.5\"/>\n"
            let step = plot.step
            for entry in entries {
                guard let k = bandIndex(entry.band) else { continue }
                let x = max(plot.left, plot.x(entry.edition) - step / 2), x1 = min(plot.left + plot.width, plot.x(entry.edition) + step / 2)
                svg += "<rect x=\"\(Self.f(x))\" y=\"\(Self.f(plot.top))\" width=\"\(Self.f(x1 - x))\" height=\"\(Self.f(plot.height))\" fill=\"\(colour(k))\"><title>\(entry.edition): \(e(entry.band!))</title></rect>\n"
            }
        }
        return svg
    }

    /// Tick labels, gridlines, the edition labels and both axis titles.
    func axes(_ plot: Plot, yTitle: String, ticks: [Double], height: Double) -> String {
        var svg = ""
        for t in ticks {
            let y = plot.y(t)
            svg += "<line x1=\"\(Self.f(plot.left))\" y1=\"\(Self.f(y))\" x2=\"\(Self.f(plot.left + plot.width))\" y2=\"\(Self.f(y))\" stroke=\"#fff\" stroke-opacity=\"0.7\" stroke-width=\"0.8\"/>"
            svg += "<text x=\"\(Self.f(plot.left - 6))\" y=\"\(Self.f(y + 4))\" font-size=\"11\" text-anchor=\"end\">\(e(Self.f(t)))</text>\n"
        }
        let years = series.editions
        let every = max(1, (years.count + 11) / 12)
        // Counted from the latest edition, so it is always labelled and the labels stay apart.
        for (k, year) in years.enumerated() where (years.count - 1 - k) % every == 0 {
            svg += "<text x=\"\(Self.f(plot.x(year)))\" y=\"\(Self.f(plot.top + plot.height + 16))\" font-size=\"11\" text-anchor=\"middle\">\(year)</text>\n"
        }
        svg += "<text x=\"\(Self.f(plot.left + plot.width / 2))\" y=\"\(Self.f(height - 8))\" font-size=\"12\" text-anchor=\"middle\" font-weight=\"600\">\(e(roles.edition.label))</text>\n"
        svg += "<text transform=\"translate(14 \(Self.f(plot.top + plot.height / 2))) rotate(-90)\" font-size=\"12\" text-anchor=\"middle\" font-weight=\"600\">\(e(yTitle))</text>\n"
        return svg
    }

    /// The headline's line and points: hollow where restated, a dashed ring where the band changed.
    func line(_ plot: Plot, _ entries: [ArchiveSeries.Entry], radius: Double, strokeWidth: Double) -> String {
        var svg = ""
        let known = entries.filter { $0.headline != nil }
        if known.count > 1 {
            let points = known.map { "\(Self.f(plot.x($0.edition))),\(Self.f(plot.y(Self.number($0.headline!))))" }.joined(separator: " ")
            svg += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"#1b1b1b\" stroke-width=\"\(Self.f(strokeWidth))\" stroke-linejoin=\"round\"/>\n"
        }
        for entry in known {
            let (x, y) = (plot.x(entry.edition), plot.y(Self.number(entry.headline!)))
            let tip = "\(entry.edition): \(entry.headline!.description)\(entry.band.map { ", \($0)" } ?? "")\(entry.converted ? " (restated from the \(roles.scale?.inverted ?? "other") scale)" : "")"
            svg += "<circle cx=\"\(Self.f(x))\" cy=\"\(Self.f(y))\" r=\"\(Self.f(radius))\" fill=\"\(entry.converted ? "#fff" : "#1b1b1b")\" stroke=\"#1b1b1b\" stroke-width=\"1.5\"><title>\(e(tip))</title></circle>\n"
            if entry.bandChanged {
                svg += "<circle cx=\"\(Self.f(x))\" cy=\"\(Self.f(y))\" r=\"\(Self.f(radius * 2.1))\" fill=\"none\" stroke=\"#1b1b1b\" stroke-width=\"1.4\" stroke-dasharray=\"2 1.5\"><title>\(e("\(entry.edition): \(entry.previousBand!) → \(entry.band!)"))</title></circle>\n"
            }
        }
        return svg
    }

    /// One of the schema's other figures: a few lines, told apart by dash and marker shape and
    /// named at their ends.
    func figureChart(_ s: ArchiveSeries.Subject, _ figure: TrendsSpec.Figure, _ index: Int) -> String {
        let width = 560.0, height = 300.0, left = 52.0, right = 124.0, top = 24.0, bottom = 46.0
        let (low, high) = (Self.number(figure.low), Self.number(figure.high))
        let plot = Plot(left: left, top: top, width: width - left - right, height: height - top - bottom, first: first, last: last, low: low, high: high)
        let id = anchor(s.name) + "-figure\(index)"
        func values(_ c: TrendsSpec.Column) -> [(Int, ExactDecimal)] {
            s.entries.compactMap { entry in entry.report.text(at: c.path).flatMap { ExactDecimal($0) }.map { (entry.edition, $0) } }
        }
        let text = figure.lines.map { c in "\(c.label): " + values(c).map { "\($0.0): \($0.1.description)" }.joined(separator: "; ") }.joined(separator: ". ")
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Self.f(width)) \(Self.f(height))\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\">\n"
        svg += "<title id=\"\(id)-t\">\(e(s.name)): \(e(figure.title))</title>\n<desc id=\"\(id)-d\">\(e(text))</desc>\n"
        svg += "<rect x=\"\(Self.f(left))\" y=\"\(Self.f(top))\" width=\"\(Self.f(plot.width))\" height=\"\(Self.f(plot.height))\" fill=\"#f4f6f8\" stroke=\"#bbb\" stroke-width=\"0.5\"/>\n"
        svg += axes(plot, yTitle: figure.axisTitle, ticks: Self.ticks(min(low, high), max(low, high)), height: height).replacingOccurrences("stroke=\"#fff\" stroke-opacity=\"0.7\"", "stroke=\"#d6d9dd\" stroke-opacity=\"1\"")
        let dashes = ["", "7 4", "2 3", "10 3 2 3"]
        var ends: [(y: Double, text: String)] = []
        for (k, c) in figure.lines.enumerated() {
            let v = values(c)
            guard !v.isEmpty else { continue }
            let dash = dashes[k % dashes.count]
            // Lines on one value sit apart by a pixel or two, so both stay visible.
            let offset = (Double(k) - Double(figure.lines.count - 1) / 2) * 2.5
            let pts = v.map { (plot.x($0.0), plot.y(Self.number($0.1)) + offset) }
            if pts.count > 1 {
                svg += "<polyline points=\"\(pts.map { "\(Self.f($0.0)),\(Self.f($0.1))" }.joined(separator: " "))\" fill=\"none\" stroke=\"#1b1b1b\" stroke-width=\"2\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>\n"
            }
            for (p, value) in zip(pts, v) {
                svg += marker(k, x: p.0, y: p.1, title: "\(c.label) \(value.0): \(value.1.description)")
            }
            ends.append((pts.last!.1, "\(c.label) \(v.last!.1.description)"))
        }
        // The end labels, pushed apart where they would overlap.
        ends.sort { $0.y < $1.y }
        var lastY = -Double.infinity
        for end in ends {
            let y = max(end.y + 4, lastY + 14)
            lastY = y
            svg += "<text class=\"value\" x=\"\(Self.f(left + plot.width + 10))\" y=\"\(Self.f(y))\" font-size=\"12\">\(e(end.text))</text>\n"
        }
        // The key: each line's dash and marker beside its name.
        for (k, c) in figure.lines.enumerated() {
            let x = left + Double(k) * 150, y = 12.0
            svg += "<line x1=\"\(Self.f(x))\" y1=\"\(Self.f(y))\" x2=\"\(Self.f(x + 26))\" y2=\"\(Self.f(y))\" stroke=\"#1b1b1b\" stroke-width=\"2\"\(dashes[k % dashes.count].isEmpty ? "" : " stroke-dasharray=\"\(dashes[k % dashes.count])\"")/>"
            svg += marker(k, x: x + 13, y: y) + "<text x=\"\(Self.f(x + 32))\" y=\"\(Self.f(y + 4))\" font-size=\"12\">\(e(c.label))</text>\n"
        }
        if ends.isEmpty {
            svg += "<text class=\"value\" x=\"\(Self.f(left + plot.width / 2))\" y=\"\(Self.f(top + plot.height / 2))\" font-size=\"14\" text-anchor=\"middle\">Not printed in the archive</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// Marker shapes: circle, square, triangle, diamond; with a tooltip when `title` is given.
    func marker(_ k: Int, x: Double, y: Double, title: String? = nil) -> String {
        let f = Self.f
        let (tag, attributes): (String, String) = switch k % 4 {
        case 0: ("circle", "cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"4\" fill=\"#1b1b1b\"")
        case 1: ("rect", "x=\"\(f(x - 4))\" y=\"\(f(y - 4))\" width=\"8\" height=\"8\" fill=\"#fff\" stroke=\"#1b1b1b\" stroke-width=\"1.5\"")
        case 2: ("polygon", "points=\"\(f(x)),\(f(y - 5)) \(f(x + 5)),\(f(y + 4)) \(f(x - 5)),\(f(y + 4))\" fill=\"#1b1b1b\"")
        default: ("polygon", "points=\"\(f(x)),\(f(y - 5)) \(f(x + 5)),\(f(y)) \(f(x)),\(f(y + 5)) \(f(x - 5)),\(f(y))\" fill=\"#fff\" stroke=\"#1b1b1b\" stroke-width=\"1.5\"")
        }
        guard let title else { return "<\(tag) \(attributes)/>" }
        return "<\(tag) \(attributes)><title>\(e(title))</title></\(tag)>"
    }

    /// Every item as a small chart of its own, named, on the items' range; its moves marked
    /// ▲ (better) and ▼ (worse), its latest value printed.
    func itemsChart(_ s: ArchiveSeries.Subject) -> String {
        var keys: [String] = []
        for entry in s.entries { for (k, _) in roles.ratings(of: entry.report) where !keys.contains(k) { keys.append(k) } }
        keys = schema.itemOrder(keys)
        let values = s.entries.map { entry in Dictionary(roles.ratings(of: entry.report).compactMap { k, v in ExactDecimal(v).map { (k, $0) } }, uniquingKeysWith: { a, _ in a }) }
        var low = Double.infinity, high = -Double.infinity
        if let range = schema.itemRange { (low, high) = (Self.number(range.low), Self.number(range.high)) } else {
            for v in values { for x in v.values { low = min(low, Self.number(x)); high = max(high, Self.number(x)) } }
            if low == high { high = low + 1 }
        }
        let label = roles.items?.label ?? "Items"
        let width = 200.0, height = 104.0
        var out = "<div class=\"multiples items\">\n"
        for (n, key) in keys.enumerated() {
            let plot = Plot(left: 20, top: 34, width: width - 62, height: height - 50, first: first, last: last, low: low, high: high)
            let id = anchor(s.name) + "-item\(n)"
            var svg = ""
            let name = wrap(key, 24)
            svg += "<text x=\"2\" y=\"12\" font-size=\"12\" font-weight=\"600\">\(e(name.0))</text>"
            if let second = name.1 { svg += "<text x=\"2\" y=\"26\" font-size=\"12\" font-weight=\"600\">\(e(second))</text>" }
            svg += "\n<rect x=\"\(Self.f(plot.left))\" y=\"\(Self.f(plot.top))\" width=\"\(Self.f(plot.width))\" height=\"\(Self.f(plot.height))\" fill=\"#f4f6f8\" stroke=\"#c5c9ce\" stroke-width=\"0.5\"/>"
            svg += "<text x=\"\(Self.f(plot.left - 3))\" y=\"\(Self.f(plot.top + 8))\" font-size=\"9\" text-anchor=\"end\">\(e(Self.f(high)))</text>"
            svg += "<text x=\"\(Self.f(plot.left - 3))\" y=\"\(Self.f(plot.top + plot.height))\" font-size=\"9\" text-anchor=\"end\">\(e(Self.f(low)))</text>"
            svg += "<text x=\"\(Self.f(plot.left))\" y=\"\(Self.f(height - 4))\" font-size=\"9\">\(first)</text>"
            svg += "<text x=\"\(Self.f(plot.left + plot.width))\" y=\"\(Self.f(height - 4))\" font-size=\"9\" text-anchor=\"end\">\(last)</text>\n"
            var pts: [(Double, Double, ExactDecimal, Int)] = []
            for (entry, v) in zip(s.entries, values) { if let x = v[key] { pts.append((plot.x(entry.edition), plot.y(Self.number(x)), x, entry.edition)) } }
            if pts.count > 1 {
                svg += "<polyline points=\"\(pts.map { "\(Self.f($0.0)),\(Self.f($0.1))" }.joined(separator: " "))\" fill=\"none\" stroke=\"#1b1b1b\" stroke-width=\"1.5\"/>\n"
            }
            for p in pts { svg += "<circle cx=\"\(Self.f(p.0))\" cy=\"\(Self.f(p.1))\" r=\"2\" fill=\"#1b1b1b\"><title>\(e("\(key) \(p.3): \(p.2.description)"))</title></circle>" }
            svg += "\n"
            var moved: [String] = []
            for entry in s.entries {
                guard let m = entry.moved.first(where: { $0.key == key }) else { continue }
                let y = plot.y(Self.number(m.to))
                svg += "<text x=\"\(Self.f(plot.x(entry.edition)))\" y=\"\(Self.f(m.improved ? y - 4 : y + 11))\" font-size=\"9\" text-anchor=\"middle\" fill=\"\(m.improved ? "#1d4f91" : "#8a2a0a")\">\(m.improved ? "▲" : "▼")<title>\(e("\(key) \(entry.edition): \(m.from.description) → \(m.to.description)"))</title></text>"
                moved.append("\(entry.edition) \(ArchiveDiff.signed(m.change))")
            }
            if let lastPoint = pts.last {
                svg += "<text class=\"value\" x=\"\(Self.f(plot.left + plot.width + 5))\" y=\"\(Self.f(lastPoint.1 + 4))\" font-size=\"13\" font-weight=\"600\">\(e(lastPoint.2.description))</text>\n"
            } else {
                svg += "<text class=\"value\" x=\"\(Self.f(plot.left + plot.width / 2))\" y=\"\(Self.f(plot.top + plot.height / 2 + 4))\" font-size=\"10\" text-anchor=\"middle\">not rated</text>\n"
            }
            let desc = "\(pts.last.map { "\($0.2.description) in \($0.3)" } ?? "not rated")\(moved.isEmpty ? "" : "; moved " + moved.joined(separator: ", "))"
            out += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Self.f(width)) \(Self.f(height))\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\">\n"
            out += "<title id=\"\(id)-t\">\(e(s.name)): \(e(key))</title><desc id=\"\(id)-d\">\(e(desc))</desc>\n" + svg + "</svg>\n"
        }
        out += "</div>\n"
        return out + "<figcaption>\(e(label)), each on its own chart from \(first) to \(last) (\(Self.f(low)) to \(Self.f(high))): ▲ a move to a better value, ▼ to a worse one; the latest value at the right.</figcaption>\n"
    }

    /// A name in one or two lines of at most about `width` characters.
    func wrap(_ name: String, _ width: Int) -> (String, String?) {
        guard name.count > width else { return (name, nil) }
        let words = name.split(separator: " ").map(String.init)
        var firstLine = ""
        var k = 0
        while k < words.count && (firstLine.isEmpty || firstLine.count + 1 + words[k].count <= width) {
            firstLine += (firstLine.isEmpty ? "" : " ") + words[k]
            k += 1
        }
        var rest = words[k...].joined(separator: " ")
        if rest.count > width + 2 { rest = String(rest.prefix(width)) + "…" }
        return (firstLine, rest.isEmpty ? nil : rest)
    }

    func editionsTable(_ s: ArchiveSeries.Subject) -> String {
        let columns = spec.table
        let headings = [roles.edition.label, roles.headline.short] + columns.map(\.label) + [roles.band.label, "Change", (roles.items?.label ?? "Items") + " that moved"]
        var out = table(headings, caption: "\(s.name): every \(roles.edition.label.lowercased())")
        for entry in s.entries.reversed() {
            let band = entry.bandChanged ? "\(entry.previousBand!) → \(entry.band!)" : (entry.band ?? "–")
            let cells: [(html: String, numeric: Bool)] = [(e(entry.headline?.description ?? "–"), true)]
                + columns.map { (e(entry.report.text(at: $0.path) ?? "–"), true) }
                + [(e(band), false), (e(entry.previous == nil ? "–" : signed(entry.change)), true), (moves(entry.moved), false)]
            out += row(e(edition(entry)), headings, cells)
        }
        out += "</tbody>\n</table>\n"
        if s.entries.contains(where: \.converted), let scale = roles.scale {
            out += "<p class=\"note\">* printed on the \(e(scale.inverted)) scale; shown restated on the \(e(scale.current)) one.</p>\n"
        }
        return out
    }

    /// Axis labels: whole steps of 1, 2, 5, 10, 20, 25 or 50…, at most ten, from `low` to `high`.
    static func ticks(_ low: Double, _ high: Double) -> [Double] {
        let (low, high) = (min(low, high), max(low, high))
        var step = 1.0
        for s in [1.0, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000] { step = s; if (high - low) / s <= 10 { break } }
        var out: [Double] = []
        var t = (low / step).rounded(.up) * step
        while t <= high + 1e-9 { out.append(t); t += step }
        return out
    }
}

/// A plot area: editions across, a figure up (`low` at the bottom; `low` may be the larger).
private struct Plot {
    let left, top, width, height: Double
    let first, last: Int
    let low, high: Double

    func x(_ edition: Int) -> Double {
        last == first ? left + width / 2 : left + Double(edition - first) / Double(last - first) * width
    }

    func y(_ v: Double) -> Double { top + (high - v) / (high - low) * height }

    /// The width of one year.
    var step: Double { last == first ? width : width / Double(last - first) }
}
