/// Where a value of the report stands: in its input file, and in the model (a JSON Pointer over
/// the report's JSON form, such as `/measures/2/value`). The pointer is kept as a chain of
/// components and spelled out only when a finding needs it.
public struct Location: Sendable, Equatable {
    public var mark: Mark
    /// The pointer is `parent` followed by `last` (when `last` is nil, `parent` is the whole
    /// pointer). Scalars keep their last step unmade, so reading a field allocates nothing;
    /// records and lists, whose children need it, are made whole (`materialized`).
    private let parent: PointerPath?
    private let last: String?

    public init(mark: Mark, pointer: String) {
        self.mark = mark
        self.parent = pointer.isEmpty ? nil : PointerPath(parent: nil, component: String(pointer.dropFirst()), escaped: true)
        self.last = nil
    }

    private init(mark: Mark, parent: PointerPath?, last: String?) {
        self.mark = mark
        self.parent = parent
        self.last = last
    }

    /// The JSON Pointer (RFC 6901): `""` for the whole report.
    public var pointer: String {
        var components: [String] = last.map { [JSONPointer.escape($0)] } ?? []
        var node = parent
        while let n = node {
            components.append(n.escaped ? n.component : JSONPointer.escape(n.component))
            node = n.parent
        }
        return components.reversed().map { "/" + $0 }.joined()
    }

    /// The same location with its whole pointer made (for a value whose children are read).
    var materialized: Location {
        guard let last else { return self }
        return Location(mark: mark, parent: PointerPath(parent: parent, component: last, escaped: false), last: nil)
    }

    /// A child of this (materialized) location.
    func appending(_ component: String, mark: Mark) -> Location {
        let base = materialized
        return Location(mark: mark, parent: base.parent, last: component)
    }

    public static func == (a: Location, b: Location) -> Bool { a.mark == b.mark && a.pointer == b.pointer }
}

/// One step of a JSON Pointer, linked to its parent.
private final class PointerPath: Sendable {
    let parent: PointerPath?
    let component: String
    let escaped: Bool

    init(parent: PointerPath?, component: String, escaped: Bool) {
        self.parent = parent
        self.component = component
        self.escaped = escaped
    }
}

/// An exact number in a rule, with the form to print it in: the report's own text (`1.50`), or
/// the places a `round` gave it, or its exact decimal form.
struct Number: Sendable {
    var value: Rational
    var text: String?
    var places: Int?

    init(_ value: Rational, places: Int? = nil) {
        self.value = value
        self.places = places
    }

    init?(text: String) {
        // Whole numbers (footnote numbers, offsets, editions) skip the decimal parser.
        var n: Int64 = 0, digits = 0
        for b in text.utf8 {
            guard b >= 0x30 && b <= 0x39, digits < 15 else { digits = -1; break }
            n = n * 10 + Int64(b - 0x30)
            digits += 1
        }
        if digits > 0 {
            value = Rational(n)
        } else {
            guard let d = ExactDecimal(text) else { return nil }
            value = Rational(d)
        }
        self.text = text
    }

    var description: String {
        if let text { return text }
        if let places, let d = value.rounded(places: places) { return d.description }
        return value.description
    }
}

/// A value while rules are evaluated. Values taken from the report carry their location.
enum RuleValue: Sendable {
    case null
    case bool(Bool, Location?)
    case number(Number, Location?)
    case string(String, Location?)
    case list([RuleValue], Location?)
    case record(Record, Location?)

    var location: Location? {
        switch self {
        case .null: nil
        case .bool(_, let l), .number(_, let l), .string(_, let l), .list(_, let l), .record(_, let l): l
        }
    }

    /// The location to report a finding at: the value's own, else its first item's.
    var findingLocation: Location? {
        if let l = location { return l }
        if case .list(let items, _) = self { return items.lazy.compactMap(\.findingLocation).first }
        return nil
    }

    var isNull: Bool { if case .null = self { true } else { false } }

    /// The items of a list; a single value is a list of one, null an empty list.
    var items: [RuleValue] {
        switch self {
        case .null: []
        case .list(let items, _): items
        default: [self]
        }
    }

    /// How a value reads in a finding's message.
    var display: String {
        switch self {
        case .null: "none"
        case .bool(let b, _): b ? "true" : "false"
        case .number(let n, _): n.description
        case .string(let s, _): s
        case .list(let items, _): items.map(\.display).joined(separator: ", ")
        case .record(let r, _): r.type.name
        }
    }

    /// A scalar of the report as a rule value, typed by its field's kind.
    static func from(_ value: Value, kind: Kind, at location: Location) -> RuleValue {
        switch value {
        case .scalar(let text, _):
            switch kind {
            case .decimal, .integer:
                if let n = Number(text: text) { return .number(n, location) }
                return .string(text, location)
            case .boolean:
                return .bool(text == "true", location)
            default:
                return .string(text, location)
            }
        case .record(let r):
            return .record(r, location.materialized)
        case .list(let items, _):
            let itemKind: Kind = if case .list(let k) = kind { k } else { kind }
            let list = location.materialized
            return .list(items.enumerated().map { i, item in
                from(item, kind: itemKind, at: list.appending(String(i), mark: item.mark))
            }, list)
        }
    }
}
