/// An exact rational number, for the rules' arithmetic: a mean of seven figures of two places is
/// a multiple of 1/700, which no decimal of fixed places holds exactly. Never binary floating point.
/// Operations that would overflow 64 bits return nil (the rule reports it, never a wrong answer).
public struct Rational: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The numerator, in lowest terms with ``denominator`` (it carries the sign).
    public let numerator: Int64
    /// The denominator: positive, in lowest terms with ``numerator``.
    public let denominator: Int64

    /// `numerator`/`denominator` in lowest terms; nil when `denominator` is 0, or
    /// when moving the sign to the numerator would overflow (`Int64.min`).
    public init?(_ numerator: Int64, _ denominator: Int64) {
        guard denominator != 0 else { return nil }
        let g = Self.gcd(numerator.magnitude, denominator.magnitude)
        var n = numerator / Int64(g), d = denominator / Int64(g)
        if d < 0 {
            guard n != .min, d != .min else { return nil }
            n = -n
            d = -d
        }
        self.numerator = n
        self.denominator = d
    }

    /// `units / 10^scale` (units ≥ 0, scale 0…18; negated if `negative`) in lowest terms: the
    /// common factors are twos and fives, taken out by shifts and division by a constant (no
    /// greatest common divisor).
    init(decimalUnits units: Int64, scale: Int, negative: Bool = false) {
        var n = units, twos = scale, fives = scale
        if n == 0 {
            numerator = 0
            denominator = 1
            return
        }
        let shift = min(n.trailingZeroBitCount, twos)
        n >>= shift
        twos -= shift
        while fives > 0 && n % 5 == 0 {
            n /= 5
            fives -= 1
        }
        var d: Int64 = 1
        for _ in 0..<fives { d &*= 5 }
        numerator = negative ? -n : n
        denominator = d << twos
    }

    /// A fraction already in lowest terms with a positive denominator (no divisor sought).
    private init(reduced numerator: Int64, _ denominator: Int64) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The whole number `integer`.
    public init(_ integer: Int64) {
        numerator = integer
        denominator = 1
    }

    /// The exact value of `decimal`.
    public init(_ decimal: ExactDecimal) {
        var d: Int64 = 1
        for _ in 0..<decimal.scale { d *= 10 }
        self = Rational(decimal.units, d)!
    }

    /// The greatest common divisor (1 for two zeros), by Stein's binary method: shifts and
    /// subtractions, no division (a rule reads a decimal like `4.25` as 425/100 and reduces it
    /// to 17/4 every time).
    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        if a == 0 { return max(b, 1) }
        if b == 0 { return a }
        let shift = (a | b).trailingZeroBitCount
        var a = a >> a.trailingZeroBitCount, b = b
        repeat {
            b >>= b.trailingZeroBitCount
            if a > b { swap(&a, &b) }
            b -= a
        } while b != 0
        return a << shift
    }

    private static func mul(_ a: Int64, _ b: Int64) -> Int64? {
        let (r, o) = a.multipliedReportingOverflow(by: b)
        return o ? nil : r
    }

    private static func add(_ a: Int64, _ b: Int64) -> Int64? {
        let (r, o) = a.addingReportingOverflow(b)
        return o ? nil : r
    }

    /// The sum, or nil if it overflows 64 bits.
    public func adding(_ o: Rational) -> Rational? {
        // Whole numbers (a count plus one): their sum is whole, nothing to reduce.
        if denominator == 1 && o.denominator == 1 { return Self.add(numerator, o.numerator).map { Rational(reduced: $0, 1) } }
        guard let a = Self.mul(numerator, o.denominator), let b = Self.mul(o.numerator, denominator),
              let n = Self.add(a, b), let d = Self.mul(denominator, o.denominator) else { return nil }
        return Rational(n, d)
    }

    /// The negation, or nil if it overflows 64 bits.
    public func negated() -> Rational? { numerator == .min ? nil : Rational(reduced: -numerator, denominator) }

    /// The difference `self` − `o`, or nil if it overflows 64 bits.
    public func subtracting(_ o: Rational) -> Rational? { o.negated().flatMap { adding($0) } }

    /// The product, or nil if it overflows 64 bits.
    public func multiplied(by o: Rational) -> Rational? {
        if denominator == 1 && o.denominator == 1 { return Self.mul(numerator, o.numerator).map { Rational(reduced: $0, 1) } }
        // Cross-reduce first to keep the products small.
        let g1 = Int64(Self.gcd(numerator.magnitude, o.denominator.magnitude))
        let g2 = Int64(Self.gcd(o.numerator.magnitude, denominator.magnitude))
        guard let n = Self.mul(numerator / g1, o.numerator / g2), let d = Self.mul(denominator / g2, o.denominator / g1) else { return nil }
        return Rational(n, d)
    }

    /// The quotient `self` / `o`, or nil when `o` is zero or it overflows 64 bits.
    public func divided(by o: Rational) -> Rational? {
        guard o.numerator != 0, let inverse = Rational(o.denominator, o.numerator) else { return nil }
        return multiplied(by: inverse)
    }

    /// Rounded to `places` decimals, half away from zero ("half-up" as the publisher rounds).
    public func rounded(places: Int) -> ExactDecimal? {
        var scale: Int64 = 1
        for _ in 0..<places { guard let s = Self.mul(scale, 10) else { return nil }; scale = s }
        guard let scaled = Self.mul(numerator, scale) else { return nil }
        let q = scaled / denominator, r = scaled % denominator
        let bump: Int64 = r.magnitude * 2 >= denominator.magnitude ? (scaled < 0 ? -1 : 1) : 0
        return ExactDecimal(units: q + bump, scale: places)
    }

    public static func < (a: Rational, b: Rational) -> Bool {
        // a/b < c/d with positive denominators; compare in 128 bits to avoid overflow.
        let l = a.numerator.multipliedFullWidth(by: b.denominator)
        let r = b.numerator.multipliedFullWidth(by: a.denominator)
        return l.high < r.high || (l.high == r.high && l.low < r.low)
    }

    /// Exact decimal form when the value has one within 6 places, else rounded to 4 with "…".
    public var description: String {
        for places in 0...6 {
            if let d = rounded(places: places), Rational(d) == self { return d.description }
        }
        return (rounded(places: 4)?.description ?? "\(numerator)/\(denominator)") + "…"
    }
}
