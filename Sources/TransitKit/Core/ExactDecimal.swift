/// An exact decimal number as printed: an integer count of units of 10^-scale.
/// Used wherever figures are compared or rounded; never binary floating point.
public struct ExactDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The value times 10^scale.
    public let units: Int64
    /// Digits after the decimal point.
    public let scale: Int

    /// The number `units` × 10^-`scale`, printed with `scale` digits after the point.
    public init(units: Int64, scale: Int) {
        self.units = units
        self.scale = scale
    }

    /// Parses `-?digits(.digits)?`; nil for anything else or more than 15 significant digits.
    public init?(_ text: some StringProtocol) {
        var units: Int64 = 0
        var scale = 0, digits = 0
        var negative = false, seenPoint = false, any = false
        var first = true
        for b in text.utf8 {
            defer { first = false }
            switch b {
            case UInt8(ascii: "-") where first: negative = true
            case UInt8(ascii: "."):
                if seenPoint || !any { return nil }
                seenPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits += 1
                if digits > 15 { return nil }
                units = units * 10 + Int64(b - UInt8(ascii: "0"))
                if seenPoint { scale += 1 }
                any = true
            default: return nil
            }
        }
        if !any || (seenPoint && scale == 0) { return nil }
        self.units = negative ? -units : units
        self.scale = scale
    }

    /// The same value with `places` digits after the point, rounded half away from zero
    /// ("half-up" as the publisher rounds).
    public func rounded(places: Int) -> ExactDecimal {
        if places >= scale {
            var u = units
            for _ in scale..<places { u *= 10 }
            return ExactDecimal(units: u, scale: places)
        }
        var divisor: Int64 = 1
        for _ in places..<scale { divisor *= 10 }
        let q = units / divisor, r = units % divisor
        let bump: Int64 = abs(r) * 2 >= divisor ? (units < 0 ? -1 : 1) : 0
        return ExactDecimal(units: q + bump, scale: places)
    }

    private static func aligned(_ a: ExactDecimal, _ b: ExactDecimal) -> (Int64, Int64) {
        let s = max(a.scale, b.scale)
        return (a.rounded(places: s).units, b.rounded(places: s).units)
    }

    public static func < (a: ExactDecimal, b: ExactDecimal) -> Bool {
        let (x, y) = aligned(a, b)
        return x < y
    }

    /// Equal in value (`1.5` == `1.50`).
    public static func == (a: ExactDecimal, b: ExactDecimal) -> Bool {
        let (x, y) = aligned(a, b)
        return x == y
    }

    public func hash(into hasher: inout Hasher) {
        var u = units, s = scale
        while s > 0 && u % 10 == 0 { u /= 10; s -= 1 }
        hasher.combine(u)
        hasher.combine(s)
    }

    public var description: String {
        let negative = units < 0
        var digits = String(abs(units))
        if scale == 0 { return (negative ? "-" : "") + digits }
        while digits.count <= scale { digits = "0" + digits }
        let cut = digits.index(digits.endIndex, offsetBy: -scale)
        return (negative ? "-" : "") + digits[..<cut] + "." + digits[cut...]
    }
}

extension ExactDecimal {
    /// `self − other`, exactly, at the larger scale of the two.
    func minus(_ other: ExactDecimal) -> ExactDecimal {
        let scale = Swift.max(self.scale, other.scale)
        return ExactDecimal(units: rounded(places: scale).units - other.rounded(places: scale).units, scale: scale)
    }

    /// `self + other`, exactly, at the larger scale of the two.
    func plus(_ other: ExactDecimal) -> ExactDecimal {
        let scale = Swift.max(self.scale, other.scale)
        return ExactDecimal(units: rounded(places: scale).units + other.rounded(places: scale).units, scale: scale)
    }
}

/// Numbers printed as changes: the one formatter of a signed figure in transit's outputs.
enum NumberText {
    /// A change as printed, `+` before a positive one: `+0.25`, `-1`, `0` (zero has no sign).
    static func signed(_ text: String, positive: Bool) -> String {
        positive && !text.hasPrefix("+") ? "+" + text : text
    }
}

extension ExactDecimal {
    /// The number as a change: `+0.25`, `-1.00`, `0.00`.
    public var signed: String { NumberText.signed(description, positive: units > 0) }
}
