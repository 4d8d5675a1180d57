/// A failure to evaluate an expression on a report (a type mismatch, an overflow): reported as
/// a finding of the rule, never a crash.
struct EvaluationError: Error {
    var message: String
}

extension RuleValue {
    /// Equality by value: numbers exactly (`1.5` = `1.50`), strings and booleans as they are.
    static func equal(_ a: RuleValue, _ b: RuleValue) -> Bool? {
        // Case by case, not a switch over the pair: a pair is a copy of both values.
        switch a {
        case .null:
            return b.isNull
        case .number(let x, _):
            if case .number(let y, _) = b { return x.value == y.value }
        case .string(let x, _):
            if case .string(let y, _) = b { return x == y }
        case .bool(let x, _):
            if case .bool(let y, _) = b { return x == y }
        case .list(let x, _):
            if case .list(let y, _) = b { return x.count == y.count && x.indices.allSatisfy { equal(x[$0], y[$0]) == true } }
        case .record:
            break
        }
        return b.isNull ? false : nil
    }
}

/// Evaluating an expression outside a schema's sections (tests, tools): compiled on the spot,
/// over `root` as the report.
enum Evaluator {
    static func evaluate(_ e: Expression, on root: Record, schema: Schema) throws(EvaluationError) -> RuleValue {
        try located(e, on: root, schema: schema).value
    }

    /// The value, and the JSON Pointer of where it stands in `root` (nil for a computed value).
    static func located(_ e: Expression, on root: Record, schema: Schema) throws(EvaluationError) -> (value: RuleValue, pointer: String?) {
        let f = Frame(schema: schema, report: root, slots: 2)
        let v = try Compiler(schema: schema).compile(e, Names()).run(f)
        return (v, v.location.map(f.pointer))
    }
}

/// The functions of the rule language.
enum Function: String, CaseIterable, Sendable {
    case mean, sum, count, min, max, round, abs, exists, first, last, band, band_exact, items_for, editions,
         previous_edition, recover_mean, range, breaks, pick, did_you_mean, lookup, starts_with, signed, join, attribute, words, matches

    /// How many arguments the function takes.
    var arity: ClosedRange<Int> {
        switch self {
        case .round, .recover_mean, .range, .did_you_mean, .lookup, .starts_with, .attribute, .matches: 2...2
        case .editions: 0...0
        case .pick: 3...3
        case .join: 2...3
        default: 1...1
        }
    }

    private func numbers(_ v: RuleValue, _ function: String) throws(EvaluationError) -> [Rational] {
        var out: [Rational] = []
        out.reserveCapacity(v.count)
        for item in v.items {
            guard case .number(let n, _) = item else { throw EvaluationError(message: "\(function)() takes numbers, not \(item.display)") }
            out.append(n.value)
        }
        return out
    }

    private func number(_ v: RuleValue, _ function: String) throws(EvaluationError) -> Rational? {
        if v.isNull { return nil }
        guard case .number(let n, _) = v else { throw EvaluationError(message: "\(function)() takes a number, not \(v.display)") }
        return n.value
    }

    private func whole(_ v: RuleValue, _ function: String) throws(EvaluationError) -> Int? {
        guard let r = try number(v, function) else { return nil }
        guard r.denominator == 1 else { throw EvaluationError(message: "\(function)() takes a whole number, not \(v.display)") }
        return Int(r.numerator)
    }

    /// Whether the function reads its one argument only as numbers (`sum`, `mean`, `min`,
    /// `max`, `breaks`): then it is given them without the values being made.
    var takesNumbers: Bool {
        switch self {
        case .sum, .mean, .min, .max, .breaks: true
        default: false
        }
    }

    /// A function that takes numbers (`takesNumbers`), of these.
    func call(numbers values: [Rational]) throws(EvaluationError) -> RuleValue {
        func sum(_ values: [Rational]) throws(EvaluationError) -> Rational {
            var total = Rational(0)
            for v in values {
                guard let t = total.adding(v) else { throw EvaluationError(message: "arithmetic overflow") }
                total = t
            }
            return total
        }
        switch self {
        case .sum:
            return .number(Number(try sum(values)), nil)
        case .mean:
            if values.isEmpty { return .null }
            guard let mean = try sum(values).divided(by: Rational(Int64(values.count))) else { throw EvaluationError(message: "arithmetic overflow") }
            return .number(Number(mean), nil)
        case .min, .max:
            guard let m = self == .min ? values.min() : values.max() else { return .null }
            return .number(Number(m), nil)
        case .breaks:
            // Where a numbering 1, 2, 3… breaks: each index whose number is not one more than
            // the one before it (or, first, not 1).
            var out: [RuleValue] = []
            var expected = Rational(1)
            for (i, n) in values.enumerated() {
                if n != expected { out.append(.number(Number(Rational(Int64(i))), nil)) }
                guard let next = n.adding(Rational(1)) else { throw EvaluationError(message: "arithmetic overflow") }
                expected = next
            }
            return .list(out, nil)
        default:
            preconditionFailure("\(rawValue)() does not take numbers")
        }
    }

    /// The one multiple of 1/denominator that rounds (half-up, two places) to the score, or nil
    /// when none or several do.
    static func recoverMean(_ score: Rational, denominator d: Int) -> Rational? {
        guard let target = score.rounded(places: 2), let low = score.subtracting(Rational(1, 100)!),
              let start = low.multiplied(by: Rational(Int64(d))), let high = score.adding(Rational(1, 100)!) else { return nil }
        var found: Rational?
        var k = start.numerator / start.denominator
        while let candidate = Rational(k, Int64(d)), candidate <= high {
            if candidate.rounded(places: 2) == target {
                if found != nil { return nil }
                found = candidate
            }
            k += 1
        }
        return found
    }

    /// The regular expressions `matches()` is given, each compiled once (a schema names a few;
    /// a rule asks for one per word it checks).
    private static let patterns = Locked<[String: Regex<AnyRegexOutput>]>([:])

    static func regex(_ pattern: String) -> Regex<AnyRegexOutput>? {
        if let r = patterns.withLock({ $0[pattern] }) { return r }
        guard let r = try? Regex(pattern) else { return nil }
        patterns.withLock { $0[pattern] = r }
        return r
    }

    /// The functions that make text for messages: did_you_mean, signed, join and starts_with.
    func callText(_ a0: RuleValue, _ a1: RuleValue, _ a2: RuleValue, count: Int) throws(EvaluationError) -> RuleValue {
        switch self {
        case .did_you_mean:
            // For messages: "; did you mean 'X'?" when the text is a near miss of one of the
            // names, else nothing.
            guard case .string(let text, _) = a0 else { return .string("", nil) }
            let names = a1.items.compactMap { if case .string(let s, _) = $0 { s } else { nil } }
            return .string(Spelling.closest(to: text, among: names).map { "; did you mean '\($0)'?" } ?? "", nil)
        case .signed:
            // A number as printed, with "+" before a positive one (a change: +0.25, -1, 0).
            guard let x = try number(a0, rawValue), case .number(let n, _) = a0 else { return .null }
            return .string(NumberText.signed(n.description, positive: x > Rational(0)), nil)
        case .join:
            // The items as one text: join(names, ', ') or, with a last separator,
            // join(names, ', ', ' and ') -> "A, B and C".
            guard case .string(let separator, _) = a1 else { throw EvaluationError(message: "join() takes the separator as text") }
            var last = separator
            if count == 3 {
                guard case .string(let l, _) = a2 else { throw EvaluationError(message: "join() takes the last separator as text") }
                last = l
            }
            let parts = a0.items.map(\.display)
            guard parts.count > 1 else { return .string(parts.first ?? "", nil) }
            return .string(parts.dropLast().joined(separator: separator) + last + parts.last!, nil)
        case .starts_with:
            guard case .string(let text, _) = a0, case .string(let prefix, _) = a1 else { return .null }
            return .bool(text.hasPrefix(prefix), nil)
        case .words:
            // The runs of letters and digits of a text, in order: words(d.text).
            guard case .string(let text, _) = a0 else { return .null }
            return .list(text.split { !($0.isLetter || $0.isNumber) }.map { .string(String($0), nil) }, nil)
        case .matches:
            // Whether the whole text matches a regular expression: matches(w, '[A-C][0-9]+').
            guard case .string(let text, _) = a0, case .string(let pattern, _) = a1 else { return .null }
            guard let regex = Self.regex(pattern) else { throw EvaluationError(message: "matches(): '\(pattern)' is not a regular expression") }
            return .bool((try? regex.wholeMatch(in: text)) != nil, nil)
        default:
            preconditionFailure("\(rawValue)() is not a text function")
        }
    }

    /// The function of up to three arguments (`count` of them given; the others null).
    func call(_ a0: RuleValue, _ a1: RuleValue, _ a2: RuleValue, count: Int, _ schema: Schema) throws(EvaluationError) -> RuleValue {
        let name = rawValue
        switch self {
        case .count:
            return .number(Number(Rational(Int64(a0.count))), nil)
        case .exists:
            return .bool(a0.count > 0, nil)
        case .first:
            if case .list(let items, _) = a0 { return items.first ?? .null }
            return a0
        case .last:
            if case .list(let items, _) = a0 { return items.last ?? .null }
            return a0
        case .sum, .mean, .min, .max, .breaks:
            return try call(numbers: try numbers(a0, name))
        case .abs:
            guard let x = try number(a0, name) else { return .null }
            guard let r = x < Rational(0) ? x.negated() : x else { throw EvaluationError(message: "arithmetic overflow") }
            return .number(Number(r), nil)
        case .round:
            guard let x = try number(a0, name), let places = try whole(a1, name) else { return .null }
            guard (0...9).contains(places), let d = x.rounded(places: places) else { throw EvaluationError(message: "round() cannot round to \(places) places") }
            return .number(Number(Rational(d), places: places), nil)
        case .band:
            guard let x = try number(a0, name) else { return .null }
            guard let status = schema.band(of: x) else { return .null }
            return .string(status, nil)
        case .band_exact:
            // The band of an unrounded figure: the first whose upper end it does not pass.
            guard let x = try number(a0, name) else { return .null }
            return schema.bands.first(where: { x <= Rational($0.max) }).map { .string($0.value, nil) } ?? .null
        case .items_for:
            guard let edition = try whole(a0, name) else { return .null }
            return .list(schema.items(forEdition: edition).map { .string($0.name, nil) }, nil)
        case .editions:
            return .list(schema.editions.map { .number(Number(Rational(Int64($0))), nil) }, nil)
        case .previous_edition:
            guard let e = try whole(a0, name), let p = schema.previousEdition(e) else { return .null }
            return .number(Number(Rational(Int64(p))), nil)
        case .recover_mean:
            guard let score = try number(a0, name), let d = try whole(a1, name), d > 0 else { return .null }
            return Self.recoverMean(score, denominator: d).map { .number(Number($0), nil) } ?? .null
        case .pick:
            // The value paired with `key`: values[i] for the first i where keys[i] == key.
            let keys = a0.items, values = a1.items
            for i in keys.indices where i < values.count && RuleValue.equal(keys[i], a2) == true { return values[i] }
            return .null
        case .did_you_mean, .signed, .join, .starts_with, .words, .matches:
            return try callText(a0, a1, a2, count: count)
        case .attribute:
            // An item's declared attribute: attribute('A2', 'max') -> 3, null where it has none.
            guard case .string(let code, _) = a0, case .string(let name, _) = a1, let item = schema.item(named: code),
                  let text = item.attributes[name] else { return .null }
            guard schema.itemAttributes.first(where: { $0.name == name })?.isNumeric == true else { return .string(text, nil) }
            return Number(text: text).map { .number($0, nil) } ?? .null
        case .lookup:
            // The value of the named table's row that holds the number.
            guard case .string(let table, _) = a0, let t = schema.lookupTables[table] else {
                throw EvaluationError(message: "lookup(): no table named \(a0.display)")
            }
            guard let x = try number(a1, name) else { return .null }
            return t.value(of: x)
        case .range:
            guard let a = try whole(a0, name), let b = try whole(a1, name) else { return .null }
            guard b - a <= 100_000 else { throw EvaluationError(message: "range() is limited to 100000 items") }
            return .list(a <= b ? (a...b).map { .number(Number(Rational(Int64($0))), nil) } : [], nil)
        }
    }
}
