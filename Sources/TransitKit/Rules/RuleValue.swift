/// An exact number in a rule, with the form to print it in: the report's own text (`1.50`), or
/// the places a `round` gave it, or its exact decimal form.
struct Number: Sendable {
    var value: Rational
    var text: String?
    /// The places a `round` gave it (0…9), or -1: one byte, as a number is copied often.
    private var placesStore: Int8 = -1
    var places: Int? {
        get { placesStore < 0 ? nil : Int(placesStore) }
        set { placesStore = newValue.map { Int8(clamping: $0) } ?? -1 }
    }

    init(_ value: Rational, places: Int? = nil) {
        self.value = value
        self.places = places
    }

    init?(text: String) {
        guard let value = Self.value(text) else { return nil }
        self.value = value
        self.text = text
    }

    /// The value of a number's text, or nil when it is not one.
    static func value(_ text: String) -> Rational? {
        // Plain decimals, the common case: one pass over the bytes in place,
        // `digits(.digits)?` up to 15 digits; anything else goes to the decimal parser.
        let plain: (units: Int64, scale: Int)?? = text.utf8.withContiguousStorageIfAvailable { bytes in
            var units: Int64 = 0, digits = 0, scale = 0
            var point = false
            for b in bytes {
                if b &- 0x30 < 10 && digits < 15 {
                    units = units &* 10 &+ Int64(b &- 0x30)
                    digits += 1
                    if point { scale += 1 }
                } else if b == UInt8(ascii: ".") && !point && digits > 0 {
                    point = true
                } else {
                    return nil
                }
            }
            return digits > 0 && (!point || scale > 0) ? (units, scale) : nil
        }
        if let plain = plain ?? nil { return Rational(decimalUnits: plain.units, scale: plain.scale) }
        return ExactDecimal(text).map { Rational($0) }
    }

    var description: String {
        if let text { return text }
        if let places, let d = value.rounded(places: places) { return d.description }
        return value.description
    }
}

/// A record of the report while one report is evaluated: its node in the frame (`Frame.record`)
/// and its type. Plain data: the frame keeps the record, and the schema its type.
struct RecordRef: @unchecked Sendable {
    let node: Int32
    /// Unretained: reading it through `_withUnsafeGuaranteedRef` counts no reference.
    let type: Unmanaged<RecordType>

    init(node: Int32, type: RecordType) {
        self.node = node
        self.type = .passUnretained(type)
    }
}

/// A value while rules are evaluated. Values taken from the report carry their location.
enum RuleValue: Sendable {
    case null
    case bool(Bool, Location?)
    case number(Number, Location?)
    case string(String, Location?)
    case list([RuleValue], Location?)
    case record(RecordRef, Location?)

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

    /// How many items `items` holds, without making the list.
    var count: Int {
        switch self {
        case .null: 0
        case .list(let items, _): items.count
        default: 1
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
        case .record(let r, _): r.type.takeUnretainedValue().name
        }
    }
}
