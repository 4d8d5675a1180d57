/// Archive-wide comparison of two editions (or two directories): one row per subject (the
/// schema's `subject` role) with the headline figure old → new, the difference, the band change
/// and the rated items that moved, sorted by the size of the change.
public struct ArchiveDiff: Sendable {
    /// One subject's line of the comparison.
    public struct Row: Sendable, Equatable {
        /// The subject, as its reports name it (the schema's `subject` role).
        public var subject: String
        /// The edition of the old side's report (nil: the subject is only on the new side).
        public var oldEdition: Int?
        /// The edition of the new side's report (nil: the subject is only on the old side).
        public var newEdition: Int?
        /// The headline figure of each side, as printed.
        public var oldValue: String?
        /// The new side's headline figure, as printed.
        public var newValue: String?
        /// new − old, with its sign (`+0.04`), when both figures are known.
        public var difference: String?
        /// The old side's band (the band role's value).
        public var oldBand: String?
        /// The new side's band.
        public var newBand: String?
        /// The scale each side is printed on. Figures on two scales are not subtracted: the
        /// difference and the moves are left out.
        public var oldScale: String?
        /// The scale the new side's figures are printed on.
        public var newScale: String?
        /// `Clarity +2`, in the schema's order of the items.
        public var moved: [String]

        /// Anything moved: the figure (or it is missing on a side), the band, an item.
        public var changed: Bool {
            difference.flatMap { ExactDecimal($0.replacingOccurrences("+", "")) } != ExactDecimal(units: 0, scale: 0) || oldBand != newBand || !moved.isEmpty
        }
    }

    /// One row per subject on either side, the largest change first.
    public private(set) var rows: [Row] = []
    /// The roles the rows were compared by (their labels head the table's columns).
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
                row.difference = b.minus(a).signed
            }
            if comparable, let o, let n {
                func ratings(_ r: Record) -> [String: ExactDecimal] {
                    Dictionary(roles.ratings(of: r).compactMap { k, v in ExactDecimal(v).map { (k, $0) } }, uniquingKeysWith: { a, _ in a })
                }
                let (ro, rn) = (ratings(o), ratings(n))
                for key in schema.itemOrder(roles.ratings(of: n).map(\.key) + roles.ratings(of: o).map(\.key)) {
                    if let a = ro[key], let b = rn[key], a != b { row.moved.append("\(key) \(b.minus(a).signed)") }
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
}
