/// An archive read as year-over-year series: per subject (the schema's `subject` role), its
/// reports in edition order, each restated on the current scale, and each edition set against the
/// subject's *own* previous edition in the archive (not a global pair of years). `trends` and
/// `summary` read this; everything they name comes from the schema's roles.
public struct ArchiveSeries: Sendable {
    /// A rated item whose value moved between two editions of a subject.
    public struct ItemMove: Sendable, Equatable {
        /// The item's key (the items role's `key` field: `A1`, `Clarity`).
        public var key: String
        /// The item's value in the earlier edition.
        public var from: ExactDecimal
        /// The item's value in this edition.
        public var to: ExactDecimal
        /// to − from, exact.
        public var change: ExactDecimal
        /// The move in the better direction (the schema's `compare:` says which is better).
        public var improved: Bool
    }

    /// One edition of a subject.
    public struct Entry: Sendable {
        /// The edition's year (the edition role's value).
        public var edition: Int
        /// The report on the current scale.
        public var report: Record
        /// Restated from the inverted scale by the schema's transform.
        public var converted: Bool
        /// The headline figure and band, as printed (on the current scale).
        public var headline: ExactDecimal?
        /// The band the headline falls in, as the report names it.
        public var band: String?
        /// The subject's edition before this one in the archive, and what changed since it.
        public var previous: Int?
        /// The previous edition's headline figure, on the current scale.
        public var previousHeadline: ExactDecimal?
        /// The previous edition's band.
        public var previousBand: String?
        /// The headline's change since the previous edition, exact (nil: no previous edition, or a figure missing).
        public var change: ExactDecimal?
        /// The rated items whose value moved since the previous edition, in the schema's order.
        public var moved: [ItemMove]

        /// The band differs from the previous edition's (both known).
        public var bandChanged: Bool { previous != nil && band != nil && previousBand != nil && band != previousBand }
    }

    /// One subject's reports, oldest edition first.
    public struct Subject: Sendable {
        /// The subject's name, as its latest report spells it.
        public var name: String
        /// The group the schema's `trends:` places it in, if any.
        public var group: String?
        /// The subject's editions in the archive, oldest first (never empty).
        public var entries: [Entry]
        /// The subject's latest edition in the archive.
        public var latest: Entry { entries[entries.count - 1] }
    }

    /// The schema whose roles the series was built by.
    public let schema: Schema
    /// Every subject, in the order of `order` (groups first when the schema declares them).
    public private(set) var subjects: [Subject]
    /// Every edition of the archive, oldest first.
    public let editions: [Int]
    /// Whether the headline is better higher (the schema's `compare:`; higher when it is silent).
    public let higherIsBetter: Bool
    /// Whether an item's value is better higher (the items role's value field in `compare:`).
    public let itemHigherIsBetter: Bool

    /// How the subjects are ordered.
    public enum Order: String, Sendable, CaseIterable {
        /// The schema's groups in its order (its regions), then by name.
        case group
        /// The latest headline figure, best first.
        case latest
        /// By name.
        case name
    }

    /// The series of `reports` (one per subject and edition; the archive has removed copies).
    public init(reports: [Record], schema: Schema, order: Order = .group) throws(ReadError) {
        self.schema = schema
        let roles = schema.roles
        higherIsBetter = schema.better(roles.headline.path) != .lower
        itemHigherIsBetter = roles.items.map { schema.better(ModelPath($0.list.description + "." + $0.value)) != .lower } ?? true
        var bySubject: [String: [Entry]] = [:]
        var editions: Set<Int> = []
        for r in reports {
            guard let (subject, edition) = roles.identity(of: r) else { continue }
            let current = try schema.restated(r, file: "\(subject) \(edition)")
            let entry = Entry(edition: edition, report: current, converted: roles.isInverted(r),
                              headline: current.text(at: roles.headline.path).flatMap { ExactDecimal($0) },
                              band: current.text(at: roles.band.path), previous: nil, previousHeadline: nil, previousBand: nil, change: nil, moved: [])
            bySubject[subject, default: []].append(entry)
            editions.insert(edition)
        }
        self.editions = editions.sorted()
        let trends = schema.trends
        var subjects: [Subject] = []
        for (name, var entries) in bySubject {
            entries.sort { $0.edition < $1.edition }
            for k in entries.indices.dropFirst() {
                let before = entries[k - 1]
                entries[k].previous = before.edition
                entries[k].previousHeadline = before.headline
                entries[k].previousBand = before.band
                if let a = before.headline, let b = entries[k].headline { entries[k].change = b.minus(a) }
                entries[k].moved = Self.moves(from: before.report, to: entries[k].report, schema: schema, higherIsBetter: itemHigherIsBetter)
            }
            subjects.append(Subject(name: name, group: trends.group(of: entries.last!.report, schema: schema), entries: entries))
        }
        self.subjects = subjects
        sort(order)
    }

    /// Orders the subjects.
    public mutating func sort(_ order: Order) {
        let better = higherIsBetter
        let groupOrder = schema.trends.groupOrder(schema: schema)
        subjects.sort { a, b in
            switch order {
            case .group:
                let (ga, gb) = (a.group.flatMap { groupOrder[$0] } ?? Int.max, b.group.flatMap { groupOrder[$0] } ?? Int.max)
                if ga != gb { return ga < gb }
            case .latest:
                switch (a.latest.headline, b.latest.headline) {
                case let (x?, y?) where x != y: return better ? x > y : x < y
                case (_?, nil): return true
                case (nil, _?): return false
                default: break
                }
            case .name: break
            }
            return a.name < b.name
        }
    }

    /// The items whose value moved between two reports of a subject, in the schema's item order.
    static func moves(from old: Record, to new: Record, schema: Schema, higherIsBetter: Bool) -> [ItemMove] {
        let roles = schema.roles
        func ratings(_ r: Record) -> [String: ExactDecimal] {
            Dictionary(roles.ratings(of: r).compactMap { k, v in ExactDecimal(v).map { (k, $0) } }, uniquingKeysWith: { a, _ in a })
        }
        let (a, b) = (ratings(old), ratings(new))
        var out: [ItemMove] = []
        for key in schema.itemOrder(roles.ratings(of: new).map(\.key) + roles.ratings(of: old).map(\.key)) {
            guard let x = a[key], let y = b[key], x != y else { continue }
            out.append(ItemMove(key: key, from: x, to: y, change: y.minus(x), improved: (y > x) == higherIsBetter))
        }
        return out
    }

    /// The band role's values in the schema's order: its bands by value, or else the band
    /// field's enumeration.
    public var bandNames: [String] {
        if !schema.bands.isEmpty { return schema.bands.map(\.value) }
        if case .enumeration(let e)? = schema.roles.band.path.field(in: schema.root)?.kind { return e.values }
        return []
    }

    /// A band's rank, better higher: its place among the bands (or the band field's values), the
    /// order reversed when the schema's `compare:` says lower is better.
    public func bandRank(_ band: String?) -> Int? {
        let names = bandNames
        guard let band, let k = names.firstIndex(of: band) else { return nil }
        return schema.better(schema.roles.band.path) == .lower ? names.count - 1 - k : k
    }

    /// Whether a change is an improvement, a decline or none.
    public func direction(_ change: ExactDecimal) -> Int {
        let zero = ExactDecimal(units: 0, scale: 0)
        if change == zero { return 0 }
        return (change > zero) == higherIsBetter ? 1 : -1
    }
}

extension ArchiveSeries.ItemMove {
    /// `Clarity +2`.
    public var text: String { "\(key) \(change.signed)" }
}

extension Schema {
    /// Which direction of the field at `path` the schema's `compare:` calls better, if it says.
    func better(_ path: ModelPath) -> CompareSpec.Better? {
        guard let compare else { return nil }
        func find(_ entries: [CompareSpec.Entry], prefix: [String]) -> CompareSpec.Better? {
            for entry in entries {
                switch entry {
                case .scalar(let p, _, let better) where prefix + p.names == path.names: return better
                case .items(let items):
                    if let b = find(items.fields, prefix: prefix + items.path.names) { return b }
                default: continue
                }
            }
            return nil
        }
        return find(compare.entries, prefix: [])
    }
}
