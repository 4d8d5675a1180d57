/// One self-contained HTML page of an archive's trends: per country, an SVG chart of the
/// Democracy Score across editions drawn over the five status bands, then the table of the
/// latest two editions (`ArchiveDiff`). No scripts and nothing fetched; the page is also
/// well-formed XML (XHTML), so any XML parser can check it.
public enum Trends {
    public struct Point: Sendable {
        public var edition: Int
        public var score: ExactDecimal
        /// Converted from the inverted scale (8 − x) for the chart.
        public var converted: Bool
    }

    /// Each country's scores, oldest first, on the current scale.
    public static func series(_ reports: [Record]) -> [(country: String, points: [Point])] {
        var byCountry: [String: [Point]] = [:]
        for r in reports {
            guard let country = r.text("country"), let edition = r.text("edition").flatMap({ Int($0) }),
                  let score = r.text("democracy_score").flatMap({ ExactDecimal($0) }) else { continue }
            let inverted = r.text("scale") == "inverted"
            byCountry[country, default: []].append(Point(edition: edition, score: inverted ? ExactDecimal(units: 800, scale: 2).minus(score) : score, converted: inverted))
        }
        return byCountry.keys.sorted().map { ($0, byCountry[$0]!.sorted { $0.edition < $1.edition }) }
    }

    private static let bandColours = ["#f4c7c3", "#fce8b2", "#fff6c8", "#d9ead3", "#b7e1cd"]

    /// The page. `latest` is the archive-wide table of the latest two editions, if any.
    public static func html(reports: [Record], latest: (from: Int, to: Int, diff: ArchiveDiff)?, schema: Schema, title: String = "Nations in Transit: Democracy Score by country") -> String {
        let e = XMLText.escape
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
        let all = series(reports)
        if let latest {
            out += "<h2>Latest editions: \(latest.from) → \(latest.to)</h2>\n<table>\n<thead><tr><th>Country</th><th>Score</th><th>Change</th><th>Status</th><th>Categories that moved</th></tr></thead>\n<tbody>\n"
            for r in latest.diff.rows {
                let status = r.oldStatus == r.newStatus ? "" : "\(r.oldStatus ?? "none") → \(r.newStatus ?? "none")"
                out += "<tr><td>\(e(r.country))</td><td class=\"num\">\(e(r.oldScore ?? "–")) → \(e(r.newScore ?? "–"))</td><td class=\"num\">\(e(r.difference ?? "–"))</td><td>\(e(status))</td><td>\(e(r.moved.joined(separator: "; ")))</td></tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        for (country, points) in all {
            out += "<section id=\"\(e(anchor(country)))\">\n<h2>\(e(country))</h2>\n" + chart(points, schema: schema) + "</section>\n"
        }
        out += "</body>\n</html>\n"
        return out
    }

    private static func anchor(_ country: String) -> String {
        String(country.lowercased().unicodeScalars.map { ($0.properties.isAlphabetic || ("0"..."9").contains($0)) ? Character($0) : "-" })
    }

    /// An SVG line chart of the scores (1 at the bottom, 7 at the top) over the status bands.
    static func chart(_ points: [Point], schema: Schema) -> String {
        let width = 640.0, height = 240.0, left = 44.0, right = 210.0, top = 10.0, bottom = 30.0
        let plotW = width - left - right, plotH = height - top - bottom
        func y(_ score: Double) -> Double { top + (7 - score) / 6 * plotH }
        func x(_ k: Int) -> Double { points.count <= 1 ? left + plotW / 2 : left + Double(k) / Double(points.count - 1) * plotW }
        func value(_ d: ExactDecimal) -> Double { Double(d.units) / pow10(d.scale) }
        func f(_ v: Double) -> String {
            let r = (v * 10).rounded() / 10
            return r == r.rounded() ? String(Int(r)) : String(r)
        }
        let e = XMLText.escape
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\">\n"
        svg += "<title>Democracy Score by edition</title>\n"
        var low = 1.0
        for (k, band) in schema.bands.enumerated() {
            let high = min(7, value(band.max) + (k == schema.bands.count - 1 ? 0 : 0.005))
            svg += "<rect x=\"\(f(left))\" y=\"\(f(y(high)))\" width=\"\(f(plotW))\" height=\"\(f(y(low) - y(high)))\" fill=\"\(bandColours[k % bandColours.count])\"/>\n"
            svg += "<text class=\"band\" x=\"\(f(left + plotW + 6))\" y=\"\(f((y(low) + y(high)) / 2 + 3))\">\(e(band.status))</text>\n"
            low = high
        }
        for s in 1...7 {
            svg += "<text class=\"axis\" x=\"\(f(left - 8))\" y=\"\(f(y(Double(s)) + 4))\" text-anchor=\"end\">\(s)</text>\n"
        }
        for (k, p) in points.enumerated() where points.count <= 12 || k % ((points.count + 11) / 12) == 0 || k == points.count - 1 {
            svg += "<text class=\"axis\" x=\"\(f(x(k)))\" y=\"\(f(height - 10))\" text-anchor=\"middle\">\(p.edition)</text>\n"
        }
        if points.count > 1 {
            let coordinates = points.enumerated().map { "\(f(x($0.offset))),\(f(y(value($0.element.score))))" }.joined(separator: " ")
            svg += "<polyline points=\"\(coordinates)\" fill=\"none\" stroke=\"#1f4e79\" stroke-width=\"2\"/>\n"
        }
        for (k, p) in points.enumerated() {
            svg += "<circle cx=\"\(f(x(k)))\" cy=\"\(f(y(value(p.score))))\" r=\"3.5\" fill=\"#1f4e79\"><title>\(p.edition): \(p.score.rounded(places: 2))\(p.converted ? " (converted from the inverted scale)" : "")</title></circle>\n"
        }
        svg += "</svg>\n"
        return svg
    }

    private static func pow10(_ n: Int) -> Double {
        var v = 1.0
        for _ in 0..<n { v *= 10 }
        return v
    }
}
