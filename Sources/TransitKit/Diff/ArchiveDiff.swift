/// Archive-wide comparison of two editions (or two directories): one row per country with the
/// Democracy Score old → new, the difference, the status change and the categories that moved,
/// sorted by the size of the change.
public struct ArchiveDiff: Sendable {
    public struct Row: Sendable, Equatable {
        public var country: String
        public var oldEdition: Int?
        public var newEdition: Int?
        public var oldScore: String?
        public var newScore: String?
        /// new − old, with its sign (`+0.04`), when both scores are known.
        public var difference: String?
        public var oldStatus: String?
        public var newStatus: String?
        /// The scale each side is printed on (current or inverted). Figures on two scales are
        /// not subtracted: the difference and the moves are left out.
        public var oldScale: String?
        public var newScale: String?
        /// `Civil Society +0.25`, in the schema's category order.
        public var moved: [String]
    }

    public private(set) var rows: [Row] = []

    /// Rows for every country in either list; `old` and `new` pair by country.
    public init(old: [Record], new: [Record], schema: Schema) {
        func byCountry(_ reports: [Record]) -> [String: Record] {
            Dictionary(reports.compactMap { r in r.text("country").map { ($0, r) } }, uniquingKeysWith: { a, _ in a })
        }
        let before = byCountry(old), after = byCountry(new)
        for country in Set(before.keys).union(after.keys) {
            let o = before[country], n = after[country]
            var row = Row(country: country, oldEdition: o?.text("edition").flatMap { Int($0) }, newEdition: n?.text("edition").flatMap { Int($0) },
                          oldScore: o?.text("democracy_score"), newScore: n?.text("democracy_score"), difference: nil,
                          oldStatus: o?.text("status"), newStatus: n?.text("status"),
                          oldScale: o?.text("scale"), newScale: n?.text("scale"), moved: [])
            let comparable = o?.text("scale") == n?.text("scale")
            if comparable, let a = row.oldScore.flatMap({ ExactDecimal($0) }), let b = row.newScore.flatMap({ ExactDecimal($0) }) {
                row.difference = Self.signed(b.minus(a))
            }
            if comparable, let o, let n {
                func ratings(_ r: Record) -> [String: ExactDecimal] {
                    var out: [String: ExactDecimal] = [:]
                    for c in r["categories"]?.items ?? [] {
                        if let rec = c.record, let name = rec.text("name"), let d = rec.text("rating").flatMap({ ExactDecimal($0) }) { out[name] = d }
                    }
                    return out
                }
                let (ro, rn) = (ratings(o), ratings(n))
                for category in schema.categories {
                    if let a = ro[category.name], let b = rn[category.name], a != b { row.moved.append("\(category.name) \(Self.signed(b.minus(a)))") }
                }
            }
            rows.append(row)
        }
        // Largest change first; countries without both scores last; then by name.
        rows.sort { a, b in
            let x = a.difference.flatMap { ExactDecimal($0.replacingOccurrences("+", "")) }, y = b.difference.flatMap { ExactDecimal($0.replacingOccurrences("+", "")) }
            switch (x, y) {
            case let (x?, y?):
                let (mx, my) = (x < ExactDecimal(units: 0, scale: 0) ? ExactDecimal(units: 0, scale: 0).minus(x) : x,
                                y < ExactDecimal(units: 0, scale: 0) ? ExactDecimal(units: 0, scale: 0).minus(y) : y)
                return mx != my ? mx > my : a.country < b.country
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.country < b.country
            }
        }
    }

    static func signed(_ d: ExactDecimal) -> String {
        d < ExactDecimal(units: 0, scale: 0) ? d.rounded(places: 2).description : "+" + d.rounded(places: 2).description
    }

    /// A score with its scale marked when it is the inverted one.
    private func score(_ value: String?, _ scale: String?) -> String {
        (value ?? "–") + (value != nil && scale == "inverted" ? " (inverted scale)" : "")
    }

    private func status(_ r: Row) -> String {
        r.oldStatus == r.newStatus ? "" : "\(r.oldStatus ?? "none") → \(r.newStatus ?? "none")"
    }

    public var text: String {
        var out = ""
        for r in rows {
            out += "\(r.country): \(score(r.oldScore, r.oldScale)) → \(score(r.newScore, r.newScale)) (\(r.difference ?? "–"))"
            let s = status(r)
            if !s.isEmpty { out += "; status \(s)" }
            if !r.moved.isEmpty { out += "; " + r.moved.joined(separator: ", ") }
            out += "\n"
        }
        return out
    }

    public var markdown: String {
        var out = "| Country | Score | Change | Status | Categories that moved |\n|---|---|---|---|---|\n"
        for r in rows {
            out += "| \(r.country) | \(score(r.oldScore, r.oldScale)) → \(score(r.newScore, r.newScale)) | \(r.difference ?? "–") | \(status(r)) | \(r.moved.joined(separator: "; ")) |\n"
        }
        return out
    }

    public var csv: String {
        func field(_ s: String?) -> String {
            guard let s else { return "" }
            return s.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A } ? "\"" + s.replacingOccurrences("\"", "\"\"") + "\"" : s
        }
        var out = "country,old_edition,new_edition,old_scale,new_scale,old_score,new_score,difference,old_status,new_status,moved\n"
        for r in rows {
            out += [r.country, r.oldEdition.map(String.init), r.newEdition.map(String.init), r.oldScale, r.newScale, r.oldScore, r.newScore, r.difference,
                    r.oldStatus, r.newStatus, r.moved.joined(separator: "; ")].map(field).joined(separator: ",") + "\n"
        }
        return out
    }

    public var json: String {
        func q(_ s: String?) -> String { s.map { JSONWriter.quoted($0) } ?? "null" }
        let items = rows.map { r in
            "  {\"country\": \(q(r.country)), \"old_edition\": \(r.oldEdition.map(String.init) ?? "null"), \"new_edition\": \(r.newEdition.map(String.init) ?? "null"), "
                + "\"old_scale\": \(q(r.oldScale)), \"new_scale\": \(q(r.newScale)), "
                + "\"old_score\": \(r.oldScore ?? "null"), \"new_score\": \(r.newScore ?? "null"), \"difference\": \(r.difference.map { $0.replacingOccurrences("+", "") } ?? "null"), "
                + "\"old_status\": \(q(r.oldStatus)), \"new_status\": \(q(r.newStatus)), \"moved\": [\(r.moved.map { q($0) }.joined(separator: ", "))]}"
        }
        return items.isEmpty ? "[]\n" : "[\n" + items.joined(separator: ",\n") + "\n]\n"
    }
}
