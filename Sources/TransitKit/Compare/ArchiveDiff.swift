/// Archive-wide comparison of two editions (or two directories): one row per subject (the
/// schema's `subject` role) with the headline figure old → new, the difference, the band change
/// and the rated items that moved, sorted by the size of the change.
public struct ArchiveDiff: Sendable {
    public struct Row: Sendable, Equatable {
        public var subject: String
        public var oldEdition: Int?
        public var newEdition: Int?
        /// The headline figure of each side, as printed.
        public var oldValue: String?
        public var newValue: String?
        /// new − old, with its sign (`+0.04`), when both figures are known.
        public var difference: String?
        public var oldBand: String?
        public var newBand: String?
        /// The scale each side is printed on. Figures on two scales are not subtracted: the
        /// difference and the moves are left out.
        public var oldScale: String?
        public var newScale: String?
        /// `Clarity +2`, in the schema's order of the items.
        public var moved: [String]

        /// Anything moved: the figure (or it is missing on a side), the band, an item.
        public var changed: Bool {
            difference.flatMap { ExactDecimal($0.replacingOccurrences("+", "")) } != ExactDecimal(units: 0, scale: 0) || oldBand != newBand || !moved.isEmpty
        }
    }

    public private(set) var rows: [Row] = []
    public let roles: Roles

    /// Rows for every subject in either list; `old` and `new` pair by subject.
    public init(old: [Record], new: [Record], schema: Schema) {
        let roles = schema.roles
        self.roles = roles
        func bySubject(_ reports: [Record]) -> [String: Record] {
            Dictionary(reports.compactMap { r in r.text(at: roles.subject.path).map { ($0, r) } }, uniquingKeysWith: { a, _ in a })
        }
        let before = bySubject(old), after = bySubject(new)
        func scale(_ r: Record?) -> String? { roles.scale.flatMap { r?.text(at: $0.path) } }
        for subject in Set(before.keys).union(after.keys) {
            let o = before[subject], n = after[subject]
            var row = Row(subject: subject, oldEdition: o?.text(at: roles.edition.path).flatMap { Int($0) }, newEdition: n?.text(at: roles.edition.path).flatMap { Int($0) },
                          oldValue: o?.text(at: roles.headline.path), newValue: n?.text(at: roles.headline.path), difference: nil,
                          oldBand: o?.text(at: roles.band.path), newBand: n?.text(at: roles.band.path),
                          oldScale: scale(o), newScale: scale(n), moved: [])
            let comparable = scale(o) == scale(n)
            if comparable, let a = row.oldValue.flatMap({ ExactDecimal($0) }), let b = row.newValue.flatMap({ ExactDecimal($0) }) {
                row.difference = Self.signed(b.minus(a))
            }
            if comparable, let o, let n {
                func ratings(_ r: Record) -> [String: ExactDecimal] {
                    Dictionary(roles.ratings(of: r).compactMap { k, v in ExactDecimal(v).map { (k, $0) } }, uniquingKeysWith: { a, _ in a })
                }
                let (ro, rn) = (ratings(o), ratings(n))
                for key in schema.itemOrder(roles.ratings(of: n).map(\.key) + roles.ratings(of: o).map(\.key)) {
                    if let a = ro[key], let b = rn[key], a != b { row.moved.append("\(key) \(Self.signed(b.minus(a)))") }
                }
            }
            rows.append(row)
        }
        // Largest change first; subjects without both figures last; then by name.
        rows.sort { a, b in
            let x = a.difference.flatMap { ExactDecimal($0.replacingOccurrences("+", "")) }, y = b.difference.flatMap { ExactDecimal($0.replacingOccurrences("+", "")) }
            switch (x, y) {
            case let (x?, y?):
                let (mx, my) = (x < ExactDecimal(units: 0, scale: 0) ? ExactDecimal(units: 0, scale: 0).minus(x) : x,
                                y < ExactDecimal(units: 0, scale: 0) ? ExactDecimal(units: 0, scale: 0).minus(y) : y)
                return mx != my ? mx > my : a.subject < b.subject
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.subject < b.subject
            }
        }
    }

    static func signed(_ d: ExactDecimal) -> String {
        d < ExactDecimal(units: 0, scale: 0) ? d.description : "+" + d.description
    }

    /// A figure with its scale marked when it is the inverted one.
    private func figure(_ value: String?, _ scale: String?) -> String {
        guard let value, let inverted = roles.scale?.inverted, scale == inverted else { return value ?? "–" }
        return value + " (\(inverted) scale)"
    }

    /// `old → new` when the band changed, else empty.
    public func bandChange(_ r: Row) -> String {
        r.oldBand == r.newBand ? "" : "\(r.oldBand ?? "none") → \(r.newBand ?? "none")"
    }

    /// The headings of the markdown and HTML tables.
    public var headings: [String] {
        [roles.subject.label, roles.headline.short, "Change", roles.band.label, (roles.items?.label ?? "Items") + " that moved"]
    }

    /// The data keys of the CSV and JSON forms.
    private var keys: (subject: String, scale: String?, value: String, band: String) {
        (Roles.key(roles.subject.short), roles.scale.map { Roles.key($0.path.names.last!) }, Roles.key(roles.headline.short), Roles.key(roles.band.short))
    }

    public var text: String {
        var out = ""
        for r in rows {
            out += "\(r.subject): \(figure(r.oldValue, r.oldScale)) → \(figure(r.newValue, r.newScale)) (\(r.difference ?? "–"))"
            let s = bandChange(r)
            if !s.isEmpty { out += "; \(roles.band.label.lowercased()) \(s)" }
            if !r.moved.isEmpty { out += "; " + r.moved.joined(separator: ", ") }
            out += "\n"
        }
        return out
    }

    public var markdown: String {
        var out = "| " + headings.joined(separator: " | ") + " |\n|---|---|---|---|---|\n"
        for r in rows {
            out += "| \(r.subject) | \(figure(r.oldValue, r.oldScale)) → \(figure(r.newValue, r.newScale)) | \(r.difference ?? "–") | \(bandChange(r)) | \(r.moved.joined(separator: "; ")) |\n"
        }
        return out
    }

    public var csv: String {
        func field(_ s: String?) -> String {
            guard let s else { return "" }
            return s.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A } ? "\"" + s.replacingOccurrences("\"", "\"\"") + "\"" : s
        }
        let k = keys
        // A family with one scale has no scale columns.
        let scale = k.scale.map { ["old_\($0)", "new_\($0)"] } ?? []
        var out = ([k.subject, "old_edition", "new_edition"] + scale + ["old_\(k.value)", "new_\(k.value)", "difference", "old_\(k.band)", "new_\(k.band)", "moved"]).joined(separator: ",") + "\n"
        for r in rows {
            let scales = k.scale == nil ? [] : [r.oldScale, r.newScale]
            out += ([r.subject, r.oldEdition.map(String.init), r.newEdition.map(String.init)] + scales + [r.oldValue, r.newValue, r.difference,
                    r.oldBand, r.newBand, r.moved.joined(separator: "; ")]).map(field).joined(separator: ",") + "\n"
        }
        return out
    }

    public var json: String {
        func q(_ s: String?) -> String { s.map { JSONWriter.quoted($0) } ?? "null" }
        let k = keys
        let items = rows.map { r in
            "  {\"\(k.subject)\": \(q(r.subject)), \"old_edition\": \(r.oldEdition.map(String.init) ?? "null"), \"new_edition\": \(r.newEdition.map(String.init) ?? "null"), "
                + (k.scale.map { "\"old_\($0)\": \(q(r.oldScale)), \"new_\($0)\": \(q(r.newScale)), " } ?? "")
                + "\"old_\(k.value)\": \(r.oldValue ?? "null"), \"new_\(k.value)\": \(r.newValue ?? "null"), \"difference\": \(r.difference.map { $0.replacingOccurrences("+", "") } ?? "null"), "
                + "\"old_\(k.band)\": \(q(r.oldBand)), \"new_\(k.band)\": \(q(r.newBand)), \"moved\": [\(r.moved.map { q($0) }.joined(separator: ", "))]}"
        }
        return items.isEmpty ? "[]\n" : "[\n" + items.joined(separator: ",\n") + "\n]\n"
    }
}
