/// The trends page's charts, as SVG: a subject's headline over the editions (on its bands), the
/// schema's other figures, and each item as a small chart of its own.
extension TrendsPage {
    /// A plot area: editions across, a figure up (`low` at the bottom; `low` may be the larger).
    struct Plot {
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

    func headlineChart(_ s: ArchiveSeries.Subject) -> Markup {
        let width = 560.0, height = 300.0, left = 52.0, right = byValue ? 124.0 : 30.0, top = 22.0, bottom = 46.0
        let plot = Plot(left: left, top: top, width: width - left - right, height: height - top - bottom, first: first, last: last, low: axis.low, high: axis.high)
        let id = anchor(s.name) + "-headline"
        var svg: Markup = .element("title", ["id": id + "-t"], "\(s.name): \(roles.headline.label) by \(roles.edition.label.lowercased())") + .newline
        svg += .element("desc", ["id": id + "-d"], .text(points(s.entries))) + .newline
        svg += background(plot, s.entries, labels: true)
        svg += axes(plot, yTitle: spec.axisTitle ?? roles.headline.label, ticks: Self.ticks(axis.low, axis.high), height: height, grid: "#fff", gridOpacity: "0.7")
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
            svg += .element("text", ["class": "value", "x": Self.f(plot.x(entry.edition)), "y": Self.f(below ? y + 16 : y - 9), "font-size": crowded ? "10" : "12",
                                     "text-anchor": "middle", "stroke": "#fff", "stroke-width": "3", "paint-order": "stroke"],
                            "\(v.description)\(entry.converted ? "*" : "")") + .newline
        }
        if s.entries.allSatisfy({ $0.headline == nil }) {
            svg += .element("text", ["class": "value", "x": Self.f(left + plot.width / 2), "y": Self.f(top + plot.height / 2), "font-size": "14", "text-anchor": "middle"],
                            "No \(roles.headline.label) printed in the archive") + .newline
        }
        return svgRoot(width: width, height: height, labelledBy: "\(id)-t \(id)-d", svg)
    }

    /// The band background: horizontal bands by value with their names, or each edition shaded
    /// by its own band.
    func background(_ plot: Plot, _ entries: [ArchiveSeries.Entry], labels: Bool) -> Markup {
        var svg: Markup = .empty
        if byValue {
            for (k, band) in bandEdges().enumerated() {
                let (y1, y0) = (plot.y(band.high), plot.y(band.low))
                svg += .element("rect", ["x": Self.f(plot.left), "y": Self.f(y1), "width": Self.f(plot.width), "height": Self.f(y0 - y1), "fill": colour(k)],
                                .element("title", [:], .text(band.name))) + .newline
                if labels {
                    let (a, b) = wrap(band.name, 18)
                    let x = Self.f(plot.left + plot.width + 6)
                    let second: Markup = b.map { .element("tspan", ["x": x, "dy": "12"], .text($0)) } ?? .empty
                    svg += .element("text", ["x": x, "y": Self.f((y0 + y1) / 2 + (b == nil ? 4 : -2)), "font-size": "10", "fill": "#333"], .text(a) + second) + .newline
                }
            }
        } else {
            svg += .element("rect", ["x": Self.f(plot.left), "y": Self.f(plot.top), "width": Self.f(plot.width), "height": Self.f(plot.height),
                                     "fill": "#fff", "stroke": "#bbb", "stroke-width": "0.5"]) + .newline
            for entry in entries {
                guard let k = bandIndex(entry.band) else { continue }
                let x = max(plot.left, plot.x(entry.edition) - plot.step / 2), x1 = min(plot.left + plot.width, plot.x(entry.edition) + plot.step / 2)
                svg += .element("rect", ["x": Self.f(x), "y": Self.f(plot.top), "width": Self.f(x1 - x), "height": Self.f(plot.height), "fill": colour(k)],
                                .element("title", [:], "\(entry.edition): \(entry.band!)")) + .newline
            }
        }
        return svg
    }

    /// Tick labels, gridlines (of colour `grid`), the edition labels and both axis titles.
    func axes(_ plot: Plot, yTitle: String, ticks: [Double], height: Double, grid: String, gridOpacity: String) -> Markup {
        var svg: Markup = .empty
        for t in ticks {
            let y = Self.f(plot.y(t))
            svg += .element("line", ["x1": Self.f(plot.left), "y1": y, "x2": Self.f(plot.left + plot.width), "y2": y, "stroke": grid, "stroke-opacity": gridOpacity, "stroke-width": "0.8"])
            svg += .element("text", ["x": Self.f(plot.left - 6), "y": Self.f(plot.y(t) + 4), "font-size": "11", "text-anchor": "end"], .text(Self.f(t))) + .newline
        }
        let years = series.editions
        let every = max(1, (years.count + 11) / 12)
        // Counted from the latest edition, so it is always labelled and the labels stay apart.
        for (k, year) in years.enumerated() where (years.count - 1 - k) % every == 0 {
            svg += .element("text", ["x": Self.f(plot.x(year)), "y": Self.f(plot.top + plot.height + 16), "font-size": "11", "text-anchor": "middle"], "\(year)") + .newline
        }
        svg += .element("text", ["x": Self.f(plot.left + plot.width / 2), "y": Self.f(height - 8), "font-size": "12", "text-anchor": "middle", "font-weight": "600"],
                        .text(roles.edition.label)) + .newline
        svg += .element("text", ["transform": "translate(14 \(Self.f(plot.top + plot.height / 2))) rotate(-90)", "font-size": "12", "text-anchor": "middle", "font-weight": "600"],
                        .text(yTitle)) + .newline
        return svg
    }

    /// The headline's line and points: hollow where restated, a dashed ring where the band changed.
    func line(_ plot: Plot, _ entries: [ArchiveSeries.Entry], radius: Double, strokeWidth: Double) -> Markup {
        var svg: Markup = .empty
        let known = entries.filter { $0.headline != nil }
        if known.count > 1 {
            let points = known.map { "\(Self.f(plot.x($0.edition))),\(Self.f(plot.y(Self.number($0.headline!))))" }.joined(separator: " ")
            svg += .element("polyline", ["points": points, "fill": "none", "stroke": "#1b1b1b", "stroke-width": Self.f(strokeWidth), "stroke-linejoin": "round"]) + .newline
        }
        for entry in known {
            let (x, y) = (Self.f(plot.x(entry.edition)), Self.f(plot.y(Self.number(entry.headline!))))
            let restated = entry.converted ? " (restated from the \(roles.scale?.inverted ?? "other") scale)" : ""
            let tip = "\(entry.edition): \(entry.headline!.description)\(entry.band.map { ", \($0)" } ?? "")\(restated)"
            svg += .element("circle", ["cx": x, "cy": y, "r": Self.f(radius), "fill": entry.converted ? "#fff" : "#1b1b1b", "stroke": "#1b1b1b", "stroke-width": "1.5"],
                            .element("title", [:], .text(tip))) + .newline
            if entry.bandChanged {
                svg += .element("circle", ["cx": x, "cy": y, "r": Self.f(radius * 2.1), "fill": "none", "stroke": "#1b1b1b", "stroke-width": "1.4", "stroke-dasharray": "2 1.5"],
                                .element("title", [:], "\(entry.edition): \(entry.previousBand!) → \(entry.band!)")) + .newline
            }
        }
        return svg
    }

    /// One of the schema's other figures: a few lines, told apart by dash and marker shape and
    /// named at their ends.
    func figureChart(_ s: ArchiveSeries.Subject, _ figure: TrendsSpec.Figure, _ index: Int) -> Markup {
        let width = 560.0, height = 300.0, left = 52.0, right = 124.0, top = 24.0, bottom = 46.0
        let (low, high) = (Self.number(figure.low), Self.number(figure.high))
        let plot = Plot(left: left, top: top, width: width - left - right, height: height - top - bottom, first: first, last: last, low: low, high: high)
        let id = anchor(s.name) + "-figure\(index)"
        func values(_ c: TrendsSpec.Column) -> [(Int, ExactDecimal)] {
            s.entries.compactMap { entry in entry.report.text(at: c.path).flatMap { ExactDecimal($0) }.map { (entry.edition, $0) } }
        }
        let text = figure.lines.map { c in "\(c.label): " + values(c).map { "\($0.0): \($0.1.description)" }.joined(separator: "; ") }.joined(separator: ". ")
        var svg: Markup = .element("title", ["id": id + "-t"], "\(s.name): \(figure.title)") + .newline + .element("desc", ["id": id + "-d"], .text(text)) + .newline
        svg += .element("rect", ["x": Self.f(left), "y": Self.f(top), "width": Self.f(plot.width), "height": Self.f(plot.height), "fill": "#f4f6f8", "stroke": "#bbb", "stroke-width": "0.5"]) + .newline
        svg += axes(plot, yTitle: figure.axisTitle, ticks: Self.ticks(min(low, high), max(low, high)), height: height, grid: "#d6d9dd", gridOpacity: "1")
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
                svg += .element("polyline", ["points": pts.map { "\(Self.f($0.0)),\(Self.f($0.1))" }.joined(separator: " "), "fill": "none", "stroke": "#1b1b1b",
                                             "stroke-width": "2", "stroke-dasharray": dash.isEmpty ? nil : dash]) + .newline
            }
            for (p, value) in zip(pts, v) { svg += marker(k, x: p.0, y: p.1, title: "\(c.label) \(value.0): \(value.1.description)") + .newline }
            ends.append((pts.last!.1, "\(c.label) \(v.last!.1.description)"))
        }
        // The end labels, pushed apart where they would overlap.
        ends.sort { $0.y < $1.y }
        var lastY = -Double.infinity
        for end in ends {
            let y = max(end.y + 4, lastY + 14)
            lastY = y
            svg += .element("text", ["class": "value", "x": Self.f(left + plot.width + 10), "y": Self.f(y), "font-size": "12"], .text(end.text)) + .newline
        }
        // The key: each line's dash and marker beside its name.
        for (k, c) in figure.lines.enumerated() {
            let x = left + Double(k) * 150, y = 12.0, dash = dashes[k % dashes.count]
            svg += .element("line", ["x1": Self.f(x), "y1": Self.f(y), "x2": Self.f(x + 26), "y2": Self.f(y), "stroke": "#1b1b1b", "stroke-width": "2", "stroke-dasharray": dash.isEmpty ? nil : dash])
            svg += marker(k, x: x + 13, y: y) + .element("text", ["x": Self.f(x + 32), "y": Self.f(y + 4), "font-size": "12"], .text(c.label)) + .newline
        }
        if ends.isEmpty {
            svg += .element("text", ["class": "value", "x": Self.f(left + plot.width / 2), "y": Self.f(top + plot.height / 2), "font-size": "14", "text-anchor": "middle"],
                            "Not printed in the archive") + .newline
        }
        return svgRoot(width: width, height: height, labelledBy: "\(id)-t \(id)-d", svg)
    }

    /// Marker shapes: circle, square, triangle, diamond; with a tooltip when `title` is given.
    func marker(_ k: Int, x: Double, y: Double, title: String? = nil) -> Markup {
        let f = Self.f
        let tip: Markup = title.map { .element("title", [:], .text($0)) } ?? .empty
        switch k % 4 {
        case 0: return .element("circle", ["cx": f(x), "cy": f(y), "r": "4", "fill": "#1b1b1b"], tip)
        case 1: return .element("rect", ["x": f(x - 4), "y": f(y - 4), "width": "8", "height": "8", "fill": "#fff", "stroke": "#1b1b1b", "stroke-width": "1.5"], tip)
        case 2: return .element("polygon", ["points": "\(f(x)),\(f(y - 5)) \(f(x + 5)),\(f(y + 4)) \(f(x - 5)),\(f(y + 4))", "fill": "#1b1b1b"], tip)
        default:
            return .element("polygon", ["points": "\(f(x)),\(f(y - 5)) \(f(x + 5)),\(f(y)) \(f(x)),\(f(y + 5)) \(f(x - 5)),\(f(y))", "fill": "#fff", "stroke": "#1b1b1b", "stroke-width": "1.5"], tip)
        }
    }

    /// Every item as a small chart of its own, named, on the items' range; its moves marked
    /// ▲ (better) and ▼ (worse), its latest value printed.
    func itemsChart(_ s: ArchiveSeries.Subject) -> Markup {
        var keys: [String] = []
        for entry in s.entries { for (k, _) in roles.ratings(of: entry.report) where !keys.contains(k) { keys.append(k) } }
        keys = schema.itemOrder(keys)
        let values = s.entries.map { entry in Dictionary(roles.ratings(of: entry.report).compactMap { k, v in ExactDecimal(v).map { (k, $0) } }, uniquingKeysWith: { a, _ in a }) }
        var low = Double.infinity, high = -Double.infinity
        if let range = schema.itemRange { (low, high) = (Self.number(range.low), Self.number(range.high)) } else {
            for v in values { for x in v.values { low = min(low, Self.number(x)); high = max(high, Self.number(x)) } }
            if low == high { high = low + 1 }
        }
        // An item with bounds of its own (its attributes') is drawn on its own range.
        let ranges = keys.map { key in schema.itemRange(of: key).map { (Self.number($0.low), Self.number($0.high)) } ?? (low, high) }
        let charts = keys.enumerated().map { n, key in itemChart(s, key: key, values: values, id: anchor(s.name) + "-item\(n)", low: ranges[n].0, high: ranges[n].1) }
        let label = roles.items?.label ?? "Items"
        let own = ranges.contains { $0 != (low, high) }
        let range = own ? "each on its own range" : "\(Self.f(low)) to \(Self.f(high))"
        return .element("div", ["class": "multiples items"], .newline + .joined(charts)) + .newline
            + .element("figcaption", [:], "\(label), each on its own chart from \(first) to \(last) (\(range)): ▲ a move to a better value, ▼ to a worse one; the latest value at the right.") + .newline
    }

    /// One item's small chart.
    private func itemChart(_ s: ArchiveSeries.Subject, key: String, values: [[String: ExactDecimal]], id: String, low: Double, high: Double) -> Markup {
        let width = 200.0, height = 104.0
        let plot = Plot(left: 20, top: 34, width: width - 62, height: height - 50, first: first, last: last, low: low, high: high)
        let name = wrap(key, 24)
        var svg: Markup = .element("text", ["x": "2", "y": "12", "font-size": "12", "font-weight": "600"], .text(name.0))
        if let second = name.1 { svg += .element("text", ["x": "2", "y": "26", "font-size": "12", "font-weight": "600"], .text(second)) }
        svg += .newline + .element("rect", ["x": Self.f(plot.left), "y": Self.f(plot.top), "width": Self.f(plot.width), "height": Self.f(plot.height), "fill": "#f4f6f8", "stroke": "#c5c9ce", "stroke-width": "0.5"])
        svg += .element("text", ["x": Self.f(plot.left - 3), "y": Self.f(plot.top + 8), "font-size": "9", "text-anchor": "end"], .text(Self.f(high)))
        svg += .element("text", ["x": Self.f(plot.left - 3), "y": Self.f(plot.top + plot.height), "font-size": "9", "text-anchor": "end"], .text(Self.f(low)))
        svg += .element("text", ["x": Self.f(plot.left), "y": Self.f(height - 4), "font-size": "9"], "\(first)")
        svg += .element("text", ["x": Self.f(plot.left + plot.width), "y": Self.f(height - 4), "font-size": "9", "text-anchor": "end"], "\(last)") + .newline
        var pts: [(x: Double, y: Double, value: ExactDecimal, edition: Int)] = []
        for (entry, v) in zip(s.entries, values) { if let x = v[key] { pts.append((plot.x(entry.edition), plot.y(Self.number(x)), x, entry.edition)) } }
        if pts.count > 1 {
            svg += .element("polyline", ["points": pts.map { "\(Self.f($0.x)),\(Self.f($0.y))" }.joined(separator: " "), "fill": "none", "stroke": "#1b1b1b", "stroke-width": "1.5"]) + .newline
        }
        for p in pts {
            svg += .element("circle", ["cx": Self.f(p.x), "cy": Self.f(p.y), "r": "2", "fill": "#1b1b1b"], .element("title", [:], "\(key) \(p.edition): \(p.value.description)"))
        }
        svg += .newline
        var moved: [String] = []
        for entry in s.entries {
            guard let m = entry.moved.first(where: { $0.key == key }) else { continue }
            let y = plot.y(Self.number(m.to))
            svg += .element("text", ["x": Self.f(plot.x(entry.edition)), "y": Self.f(m.improved ? y - 4 : y + 11), "font-size": "9", "text-anchor": "middle", "fill": m.improved ? "#1d4f91" : "#8a2a0a"],
                            .text(m.improved ? "▲" : "▼") + .element("title", [:], "\(key) \(entry.edition): \(m.from.description) → \(m.to.description)"))
            moved.append("\(entry.edition) \(m.change.signed)")
        }
        if let lastPoint = pts.last {
            svg += .element("text", ["class": "value", "x": Self.f(plot.left + plot.width + 5), "y": Self.f(lastPoint.y + 4), "font-size": "13", "font-weight": "600"], .text(lastPoint.value.description)) + .newline
        } else {
            svg += .element("text", ["class": "value", "x": Self.f(plot.left + plot.width / 2), "y": Self.f(plot.top + plot.height / 2 + 4), "font-size": "10", "text-anchor": "middle"], "not rated") + .newline
        }
        let desc = "\(pts.last.map { "\($0.value.description) in \($0.edition)" } ?? "not rated")\(moved.isEmpty ? "" : "; moved " + moved.joined(separator: ", "))"
        let named: Markup = .element("title", ["id": id + "-t"], "\(s.name): \(key)") + .element("desc", ["id": id + "-d"], .text(desc)) + .newline
        return svgRoot(width: width, height: height, labelledBy: "\(id)-t \(id)-d", named + svg)
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
