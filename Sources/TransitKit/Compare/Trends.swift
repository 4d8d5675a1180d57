/// One self-contained HTML page of an archive's trends: per subject, an SVG chart of the
/// headline figure across editions drawn over the bands, then the table of the latest two
/// editions (`ArchiveDiff`). No scripts and nothing fetched; the page is also well-formed XML
/// (XHTML), so any XML parser can check it. Everything it names comes from the schema's roles.
public enum Trends {
    public struct Point: Sendable {
        public var edition: Int
        public var value: ExactDecimal
        /// Restated from the inverted scale for the chart.
        public var converted: Bool
    }

    /// Each subject's headline figures, oldest first, on the current scale.
    public static func series(_ reports: [Record], schema: Schema) throws(ReadError) -> [(subject: String, points: [Point])] {
        let roles = schema.roles
        var bySubject: [String: [Point]] = [:]
        for r in reports {
            guard let (subject, edition) = roles.identity(of: r) else { continue }
            let inverted = roles.isInverted(r)
            let current = try schema.restated(r, file: "\(subject) \(edition)")
            guard let value = current.text(at: roles.headline.path).flatMap({ ExactDecimal($0) }) else { continue }
            bySubject[subject, default: []].append(Point(edition: edition, value: value, converted: inverted))
        }
        return bySubject.keys.sorted().map { ($0, bySubject[$0]!.sorted { $0.edition < $1.edition }) }
    }

    private static let bandColours = ["#f4c7c3", "#fce8b2", "#fff6c8", "#d9ead3", "#b7e1cd"]

    /// The page. `latest` is the archive-wide table of the latest two editions, if any.
    public static func html(reports: [Record], latest: (from: Int, to: Int, diff: ArchiveDiff)?, schema: Schema, title: String? = nil) throws(ReadError) -> String {
        let e = XMLText.escape
        let roles = schema.roles
        let title = title ?? "\(roles.family): \(roles.headline.label) by \(roles.subject.label.lowercased())"
        var out = """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8"/>
            <title>\(e(title))</title>
            <style>
            body { font-family: sans-serif; margin: 2em; color: #222; }
            section { margin-bottom: 2em; }
            h2 { font-size: 1.1em; margin-bottom: 0.3em; }
            table { border-collapse: collapse; }
            th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; }
            td.num { text-align: right; }
            .band { font-size: 10px; fill: #555; }
            .axis { font-size: 11px; fill: #333; }
            </style>
            </head>
            <body>
            <h1>\(e(title))</h1>

            """
        let all = try series(reports, schema: schema)
        if let latest {
            out += "<h2>Latest editions: \(latest.from) → \(latest.to)</h2>\n<table>\n<thead><tr>" + latest.diff.headings.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
            for r in latest.diff.rows {
                out += "<tr><td>\(e(r.subject))</td><td class=\"num\">\(e(r.oldValue ?? "–")) → \(e(r.newValue ?? "–"))</td><td class=\"num\">\(e(r.difference ?? "–"))</td><td>\(e(latest.diff.bandChange(r)))</td><td>\(e(r.moved.joined(separator: "; ")))</td></tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        for (subject, points) in all {
            out += "<section id=\"\(e(anchor(subject)))\">\n<h2>\(e(subject))</h2>\n" + chart(points, schema: schema) + "</section>\n"
        }
        out += "</body>\n</html>\n"
        return out
    }

    private static func anchor(_ country: String) -> String {
        String(country.lowercased().unicodeScalars.map { ($0.properties.isAlphabetic || ("0"..."9").contains($0)) ? Character($0) : "-" })
    }

    /// An SVG line chart of the figures (the axis's low end at the bottom) over the bands.
    static func chart(_ points: [Point], schema: Schema) -> String {
        let roles = schema.roles
        let width = 640.0, height = 240.0, left = 44.0, right = 210.0, top = 10.0, bottom = 30.0
        let plotW = width - left - right, plotH = height - top - bottom
        func value(_ d: ExactDecimal) -> Double { Double(d.units) / pow10(d.scale) }
        let (low, high) = (value(roles.axis.low), value(roles.axis.high))
        func y(_ v: Double) -> Double { top + (high - v) / (high - low) * plotH }
        func x(_ k: Int) -> Double { points.count <= 1 ? left + plotW / 2 : left + Double(k) / Double(points.count - 1) * plotW }
        func f(_ v: Double) -> String {
            let r = (v * 10).rounded() / 10
            return r == r.rounded() ? String(Int(r)) : String(r)
        }
        let e = XMLText.escape
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\">\n"
        svg += "<title>\(e(roles.headline.label)) by \(e(roles.edition.label.lowercased()))</title>\n"
        // Each band reaches halfway to the next one's start (the figures between are rounded away).
        var bottomEdge = low
        for (k, band) in schema.bands.enumerated() {
            let next = k + 1 < schema.bands.count ? value(schema.bands[k + 1].min) : high
            let topEdge = min(high, (value(band.max) + next) / 2)
            svg += "<rect x=\"\(f(left))\" y=\"\(f(y(topEdge)))\" width=\"\(f(plotW))\" height=\"\(f(y(bottomEdge) - y(topEdge)))\" fill=\"\(bandColours[k % bandColours.count])\"/>\n"
            svg += "<text class=\"band\" x=\"\(f(left + plotW + 6))\" y=\"\(f((y(bottomEdge) + y(topEdge)) / 2 + 3))\">\(e(band.value))</text>\n"
            bottomEdge = topEdge
        }
        for tick in ticks(low, high) {
            svg += "<text class=\"axis\" x=\"\(f(left - 8))\" y=\"\(f(y(tick) + 4))\" text-anchor=\"end\">\(f(tick))</text>\n"
        }
        for (k, p) in points.enumerated() where points.count <= 12 || k % ((points.count + 11) / 12) == 0 || k == points.count - 1 {
            svg += "<text class=\"axis\" x=\"\(f(x(k)))\" y=\"\(f(height - 10))\" text-anchor=\"middle\">\(p.edition)</text>\n"
        }
        if points.count > 1 {
            let coordinates = points.enumerated().map { "\(f(x($0.offset))),\(f(y(value($0.element.value))))" }.joined(separator: " ")
            svg += "<polyline points=\"\(coordinates)\" fill=\"none\" stroke=\"#1f4e79\" stroke-width=\"2\"/>\n"
        }
        let converted = roles.scale.map { " (converted from the \($0.inverted) scale)" } ?? ""
        for (k, p) in points.enumerated() {
            svg += "<circle cx=\"\(f(x(k)))\" cy=\"\(f(y(value(p.value))))\" r=\"3.5\" fill=\"#1f4e79\"><title>\(p.edition): \(e(p.value.description))\(p.converted ? converted : "")</title></circle>\n"
        }
        svg += "</svg>\n"
        return svg
    }

    /// Axis labels: whole steps of 1, 2, 5, 10, 20, 25 or 50…, at most ten, from `low` to `high`.
    static func ticks(_ low: Double, _ high: Double) -> [Double] {
        var step = 1.0
        let steps = [1.0, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000]
        for s in steps { step = s; if (high - low) / s <= 10 { break } }
        var out: [Double] = []
        var t = (low / step).rounded(.up) * step
        while t <= high + 1e-9 { out.append(t); t += step }
        return out
    }

    private static func pow10(_ n: Int) -> Double {
        var v = 1.0
        for _ in 0..<n { v *= 10 }
        return v
    }
}
