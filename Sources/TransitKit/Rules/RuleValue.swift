/// An exact number in a rule, with the form to print it in: the report's own text (`1.50`), or
/// the places a `round` gave it, or its exact decimal form.
///
/// Plain data, no string: a number is copied wherever a rule value is, and a string in it
/// would count a reference at each copy. The text it was read from is kept as its shape
/// (sign, digits, digits after the point), which with the value gives the text back byte for
/// byte: every text a number is read from is `-?digits(.digits)?` of at most 15 digits.
struct Number: Sendable {
    var value: Rational
    /// The read text's digit count (1…15), 0 when the number was not read from a text.
    private var readDigits: Int8 = 0
    /// The read text's digits after the point.
    private var readScale: Int8 = 0
    /// The read text began with `-` (which `-0` needs: its value has no sign).
    private var readNegative = false
    /// The places a `round` gave it (0…9), or -1.
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
        guard let read = Self.read(text) else { return nil }
        value = read.value
        readDigits = Int8(read.digits)
        readScale = Int8(read.scale)
        readNegative = read.negative
    }

    /// The digits after the point of the text it was read from, nil when not read from one.
    var readPlaces: Int? { readDigits == 0 ? nil : Int(readScale) }

    /// The text it was read from, nil when not read from one.
    var text: String? {
        guard readDigits > 0 else { return nil }
        // value = ±units / 10^scale exactly, and the denominator divides 10^scale.
        var power: Int64 = 1
        for _ in 0..<readScale { power *= 10 }
        let units = value.numerator.magnitude * UInt64(power / value.denominator)
        var digits = Array(String(units).utf8)
        if digits.count < Int(readDigits) { digits.insert(contentsOf: repeatElement(UInt8(ascii: "0"), count: Int(readDigits) - digits.count), at: 0) }
        if readScale > 0 { digits.insert(UInt8(ascii: "."), at: digits.count - Int(readScale)) }
        if readNegative { digits.insert(UInt8(ascii: "-"), at: 0) }
        return String(decoding: digits, as: UTF8.self)
    }

    /// The value of a number's text, or nil when it is not one.
    static func value(_ text: String) -> Rational? { read(text)?.value }

    /// A number's text read: its value and its shape; nil when it is not `-?digits(.digits)?`
    /// of at most 15 digits.
    private static func read(_ text: String) -> (value: Rational, digits: Int, scale: Int, negative: Bool)? {
        // One pass over the bytes in place (a copy of the string is made only where it has no
        // contiguous storage).
        func parse(_ bytes: some Collection<UInt8>) -> (value: Rational, digits: Int, scale: Int, negative: Bool)? {
            var units: Int64 = 0, digits = 0, scale = 0
            var point = false
            let negative = bytes.first == UInt8(ascii: "-")
            for b in bytes.dropFirst(negative ? 1 : 0) {
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
            guard digits > 0 && (!point || scale > 0) else { return nil }
            return (Rational(decimalUnits: units, scale: scale, negative: negative), digits, scale, negative)
        }
        if let read = text.utf8.withContiguousStorageIfAvailable({ parse($0) }) { return read }
        return parse(text.utf8)
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

extension InPlace {
    /// The number a scalar at `p` reads as, or nil (not a scalar, or not a number).
    @inline(__always)
    static func number(_ p: UnsafePointer<Value?>) -> Rational? {
        if case .scalar(let text, _)? = p.pointee { return Number.value(text) }
        return nil
    }

    @inline(__always)
    static func number(_ p: UnsafePointer<Value>) -> Rational? {
        if case .scalar(let text, _) = p.pointee { return Number.value(text) }
        return nil
    }
}
