/// What the commands need to know of a report beyond its fields, declared by the schema's
/// `roles:` section: whom a report is about and which edition it is (a report's place in an
/// archive), the scale its figures are printed on, the headline figure and the band it falls in,
/// and the rated items paired across editions. The engine reads these roles and never a field
/// by its name.
public struct Roles: Sendable {
    /// The family's name, for titles ("… by country").
    public var family: String
    /// Whom a report is about: pairs reports across editions, names rows and charts.
    public var subject: Role
    /// Orders one subject's reports; the schema's `editions` list says which comes before which.
    public var edition: Role
    /// The field naming the scale the figures are printed on, if the family has two.
    public var scale: ScaleRole?
    /// The figure `table`, `diff --archive` and `trends` lead with; `axis` is its range.
    public var headline: Role
    /// The range the headline figure's axis is drawn on (from the field's `minimum` and `maximum`).
    public var axis: (low: ExactDecimal, high: ExactDecimal)
    /// The classification of the headline figure (an enumeration whose values the bands name).
    public var band: Role
    /// The rated items: a list of records paired by `key`, each rated by `value`.
    public var items: ItemsRole?
    /// The transform that computes what follows from the items (and from the previous edition):
    /// the figures of a generated archive.
    public var derive: String?

    /// A field with the names people read for it.
    public struct Role: Sendable {
        /// The field's path in the model (`last.band`).
        public var path: ModelPath
        /// Its name in a sentence or a table heading ("Water Index", "Station").
        public var label: String
        /// A short name for narrow columns and data keys ("Score", "score").
        public var short: String
    }

    /// The field naming the scale a report's figures are printed on, and its two values.
    public struct ScaleRole: Sendable {
        /// The field's path in the model.
        public var path: ModelPath
        /// The value of the scale every comparison is made on, and of the other one.
        public var current: String
        /// The value of the older, inverted scale (its figures are restated before comparing).
        public var inverted: String
        /// The transform that restates a report printed on the other scale on the current one.
        public var restate: String
    }

    /// The rated items: which list holds them, paired by which field, rated by which.
    public struct ItemsRole: Sendable {
        /// The list's path in the model.
        public var list: ModelPath
        /// The field pairing an item across editions (its code or name).
        public var key: String
        /// The field holding the item's rating.
        public var value: String
        /// The items as a group ("Measures").
        public var label: String
    }

    /// A name as a data key: lower case, spaces as `_` ("Score" → `score`).
    public static func key(_ name: String) -> String { name.lowercased().replacingOccurrences(" ", "_") }

    /// Whether `report` is printed on the other (inverted) scale.
    public func isInverted(_ report: Record) -> Bool {
        guard let scale else { return false }
        return report.text(at: scale.path) == scale.inverted
    }

    /// The subject and edition of a report, when it names both.
    public func identity(of report: Record) -> (subject: String, edition: Int)? {
        guard let s = report.text(at: subject.path), let e = report.text(at: edition.path).flatMap({ Int($0) }) else { return nil }
        return (s, e)
    }

    /// The rated items of `report` by key: the value each is rated, as printed.
    public func ratings(of report: Record) -> [(key: String, value: String)] {
        guard let items else { return [] }
        return report.value(at: items.list)?.items?.compactMap { item in
            guard let r = item.record, let k = r.text(items.key), let v = r.text(items.value) else { return nil }
            return (k, v)
        } ?? []
    }
}

/// A path of field names from a record (`last.band`), resolved against a type once.
public struct ModelPath: Sendable, CustomStringConvertible {
    /// The field names, outermost first.
    public let names: [String]

    /// The path written with dots (`last.band`).
    public init(_ text: String) { names = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init) }

    public var description: String { names.joined(separator: ".") }

    /// The JSON Pointer of the path from the root (keys as the type spells them).
    public func pointer(in type: RecordType) -> String {
        var t: RecordType? = type, out = ""
        for name in names {
            guard let i = t?.lookup(name), let field = t?.fields[i] else { return out + "/" + JSONPointer.escape(name) }
            out += "/" + JSONPointer.escape(field.key)
            if case .record(let r) = field.kind { t = r } else { t = nil }
        }
        return out
    }

    /// The field the path ends at, if every step names a field of a record type.
    public func field(in type: RecordType) -> Field? {
        var t = type
        for (k, name) in names.enumerated() {
            guard let i = t.lookup(name) else { return nil }
            let f = t.fields[i]
            if k == names.count - 1 { return f }
            guard case .record(let r) = f.kind else { return nil }
            t = r
        }
        return nil
    }
}

extension Record {
    /// The value at `path`, or nil when a step is absent.
    public func value(at path: ModelPath) -> Value? {
        var record = self
        for (k, name) in path.names.enumerated() {
            guard let i = record.type.lookup(name), let v = record.fields[i] else { return nil }
            if k == path.names.count - 1 { return v }
            guard let r = v.record else { return nil }
            record = r
        }
        return nil
    }

    /// The scalar text at `path`, or nil.
    public func text(at path: ModelPath) -> String? { value(at: path)?.text }
}
