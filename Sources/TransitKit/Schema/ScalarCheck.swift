/// Checks that a scalar's text fits its field's kind; the structured readers share it.
enum ScalarCheck {
    /// nil when `text` is a valid value of `kind`, else what is wrong.
    static func problem(_ text: String, _ kind: Kind) -> String? {
        switch kind {
        case .string:
            return nil
        case .decimal:
            return isDecimal(text) ? nil : "expected a decimal number such as 1.50, found '\(text)'"
        case .integer:
            return isInteger(text) ? nil : "expected a whole number, found '\(text)'"
        case .boolean:
            return text == "true" || text == "false" ? nil : "expected true or false, found '\(text)'"
        case .enumeration(let e):
            if e.values.contains(text) { return nil }
            if let c = e.canonical(text) { return "'\(text)' is written '\(c)' here" }
            if let guess = e.suggestion(for: text) { return "'\(text)' is not a valid \(e.name); did you mean '\(guess)'?" }
            let shown = e.values.count > 6 ? e.values.prefix(6).joined(separator: ", ") + ", …" : e.values.joined(separator: ", ")
            return "'\(text)' is not a valid \(e.name) (expected one of: \(shown))"
        case .record(let r):
            return "expected a \(r.name) record, found the scalar '\(text)'"
        case .list:
            return "expected a list, found the scalar '\(text)'"
        }
    }

    /// `-?digits(.digits)?`, at most 15 digits (a rating has three), without leading zeros
    /// (`0.25`, not `00.25`): every value must also be a JSON number.
    static func isDecimal(_ text: String) -> Bool { isPlainNumber(text, point: true) }

    /// `-?digits`, at most 15 digits, without leading zeros.
    static func isInteger(_ text: String) -> Bool { isPlainNumber(text, point: false) }

    /// One pass over the bytes: what `ExactDecimal` reads (an integer when `point` is false)
    /// and `noLeadingZero` allows. Every scalar of a report passes here, so it reads no
    /// `Character`.
    private static func isPlainNumber(_ text: String, point: Bool) -> Bool {
        var text = text
        return text.withUTF8 { u in
            var k = 0
            if k < u.count && u[k] == UInt8(ascii: "-") { k += 1 }
            let whole = k
            while k < u.count && u[k] &- UInt8(ascii: "0") < 10 { k += 1 }
            guard k > whole, k - whole == 1 || u[whole] != UInt8(ascii: "0") else { return false }
            var digits = k - whole
            if k < u.count {
                guard point, u[k] == UInt8(ascii: ".") else { return false }
                k += 1
                let fraction = k
                while k < u.count && u[k] &- UInt8(ascii: "0") < 10 { k += 1 }
                guard k == u.count, k > fraction else { return false }
                digits += k - fraction
            }
            return digits <= 15
        }
    }

    /// No `0` before other digits of the whole part (`0`, `0.5` and `10` are fine, `05` is not).
    static func noLeadingZero(_ text: some StringProtocol) -> Bool {
        var digits = text.utf8.drop { $0 == UInt8(ascii: "-") }.prefix { $0 != UInt8(ascii: ".") }[...]
        if digits.first == UInt8(ascii: "0") { digits = digits.dropFirst() ; return digits.isEmpty }
        return true
    }

    /// What a value of `kind` is called in messages.
    static func describe(_ kind: Kind) -> String {
        switch kind {
        case .record(let r): "a \(r.name) record (a mapping)"
        case .list(let k): "a list of \(k.name)"
        case .string: "a string"
        case .decimal: "a decimal number"
        case .integer: "a whole number"
        case .boolean: "true or false"
        case .enumeration(let e): "a \(e.name) (a string)"
        }
    }
}
