/// A failure to evaluate an expression on a report (a type mismatch, an overflow): reported as
/// a finding of the rule, never a crash.
struct EvaluationError: Error {
    var message: String
}

/// The names an expression sees: variables, and the scope whose fields bare names reach.
/// Variables form a linked list, so binding one (per loop item) copies nothing. A rule's `let`
/// values are computed when first read, so a `when` that fails spares them.
struct Environment {
    private var variables: Binding?
    var scope: RuleValue

    init(scope: RuleValue) { self.scope = scope }

    private final class Binding {
        let name: String
        var value: RuleValue?
        var pending: (expression: Expression, environment: Environment)?
        let next: Binding?

        init(_ name: String, _ value: RuleValue?, _ next: Binding?) {
            self.name = name
            self.value = value
            self.next = next
        }
    }

    /// The variable's value (computing a pending `let` on first use), or nil.
    func lookup(_ name: String, _ evaluator: Evaluator) throws(EvaluationError) -> RuleValue? {
        var b = variables
        while let binding = b {
            if binding.name == name {
                if let v = binding.value { return v }
                guard let (e, env) = binding.pending else { return nil }
                binding.pending = nil  // a let that reads itself finds nothing, not a loop
                let v = try evaluator.evaluate(e, env)
                binding.value = v
                return v
            }
            b = binding.next
        }
        return nil
    }

    /// A computed value already at hand (loop items), or nil.
    func value(_ name: String) -> RuleValue? {
        var b = variables
        while let binding = b {
            if binding.name == name { return binding.value }
            b = binding.next
        }
        return nil
    }

    mutating func bind(_ name: String, _ value: RuleValue) { variables = Binding(name, value, variables) }

    /// Binds `name` to `expression`, evaluated in the environment as it is now, when first read.
    mutating func bindLazily(_ name: String, _ expression: Expression) {
        let binding = Binding(name, nil, variables)
        binding.pending = (expression, self)
        variables = binding
    }
}

/// The values of a report's `cached` expressions, each computed on first use.
final class EvaluationCache {
    var slots: [RuleValue?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
}

/// Evaluates expressions over report values, in exact arithmetic.
struct Evaluator {
    let schema: Schema
    /// Per report: expressions that read only the report are evaluated once.
    var cache: EvaluationCache?

    init(schema: Schema, cache: EvaluationCache? = nil) {
        self.schema = schema
        self.cache = cache
    }

    func evaluate(_ e: Expression, _ env: Environment) throws(EvaluationError) -> RuleValue {
        switch e {
        case .literal(let v):
            return v
        case .list(let items):
            var out: [RuleValue] = []
            for item in items { out.append(try evaluate(item, env)) }
            return .list(out, nil)
        case .name(let name, _):
            if let v = try env.lookup(name, self) { return v }
            return member(env.scope, name)
        case .member(let base, let name, _):
            return member(try evaluate(base, env), name)
        case .all(let base):
            let v = try evaluate(base, env)
            if case .list = v { return v }
            return .list(v.items, v.location)
        case .index(let base, let index):
            let items = try evaluate(base, env).items
            guard case .number(let n, _) = try evaluate(index, env), n.value.denominator == 1 else {
                throw EvaluationError(message: "a list index must be a whole number")
            }
            let i = Int(n.value.numerator) < 0 ? items.count + Int(n.value.numerator) : Int(n.value.numerator)
            return items.indices.contains(i) ? items[i] : .null
        case .slice(let base, let from, let to):
            let v = try evaluate(base, env)
            let items = v.items
            func bound(_ e: Expression?, _ fallback: Int) throws(EvaluationError) -> Int {
                guard let e else { return fallback }
                guard case .number(let n, _) = try evaluate(e, env), n.value.denominator == 1 else {
                    throw EvaluationError(message: "a slice bound must be a whole number")
                }
                return min(max(Int(n.value.numerator), 0), items.count)
            }
            let a = try bound(from, 0), b = try bound(to, items.count)
            return .list(a < b ? Array(items[a..<b]) : [], v.location)
        case .filter(let base, let condition):
            let v = try evaluate(base, env)
            var out: [RuleValue] = []
            var inner = env
            for item in v.items {
                inner.scope = item
                if case .bool(true, _) = try evaluate(condition, inner) { out.append(item) }
            }
            return .list(out, v.location)
        case .call(let name, let args, _):
            var values: [RuleValue] = []
            for a in args { values.append(try evaluate(a, env)) }
            return try call(name, values)
        case .unary(let op, let operand):
            let v = try evaluate(operand, env)
            switch (op, v) {
            case (_, .null): return .null
            case ("not", .bool(let b, _)): return .bool(!b, nil)
            case ("-", .number(let n, _)):
                guard let r = n.value.negated() else { throw EvaluationError(message: "arithmetic overflow") }
                return .number(Number(r, places: n.places ?? n.text.flatMap { ExactDecimal($0)?.scale }), nil)
            default: throw EvaluationError(message: "'\(op)' cannot apply to \(v.display)")
            }
        case .binary(let op, let l, let r):
            return try binary(op, l, r, env)
        case .field(let base, let id, _):
            guard let base else { return member(env.scope, id: id) }
            return member(try evaluate(base, env), id: id)
        case .cached(let slot, let inner):
            guard let cache else { return try evaluate(inner, env) }
            if let v = cache.slots[slot] { return v }
            let v = try evaluate(inner, env)
            cache.slots[slot] = v
            return v
        case .conditional(let c, let a, let b):
            switch try evaluate(c, env) {
            case .bool(true, _): return try evaluate(a, env)
            case .bool(false, _): return try evaluate(b, env)
            default: return .null
            }
        }
    }

    /// A field of a record; of a list, the field of each item (lists of lists flattened).
    func member(_ base: RuleValue, _ name: String) -> RuleValue {
        member(base) { $0.lookup(name) }
    }

    /// `member` by the field's schema-wide id (see `Expression.field`).
    func member(_ base: RuleValue, id: Int) -> RuleValue {
        member(base) { type in
            let slots = type.fieldSlots
            return id < slots.count && slots[id] >= 0 ? slots[id] : nil
        }
    }

    private func member(_ base: RuleValue, _ index: (RecordType) -> Int?) -> RuleValue {
        switch base {
        case .record(let r, let loc):
            guard let i = index(r.type), let value = r.fields[i] else { return .null }
            let field = r.type.fields[i]
            let at = (loc ?? Location(mark: r.mark, pointer: "")).appending(field.key, mark: value.mark)
            return RuleValue.from(value, kind: field.kind, at: at)
        case .list(let items, let loc):
            var out: [RuleValue] = []
            for item in items {
                let v = member(item, index)
                if case .list(let inner, _) = v { out += inner } else if !v.isNull { out.append(v) }
            }
            return .list(out, loc)
        default:
            return .null
        }
    }

    private func binary(_ op: String, _ le: Expression, _ re: Expression, _ env: Environment) throws(EvaluationError) -> RuleValue {
        let l = try evaluate(le, env)
        // Three-valued logic: false and unknown is false, true or unknown is true.
        if op == "and" || op == "or" {
            let lb: Bool? = if case .bool(let b, _) = l { b } else { nil }
            if op == "and" && lb == false { return .bool(false, nil) }
            if op == "or" && lb == true { return .bool(true, nil) }
            let r = try evaluate(re, env)
            let rb: Bool? = if case .bool(let b, _) = r { b } else { nil }
            if op == "and" { return rb == false ? .bool(false, nil) : (lb == true && rb == true ? .bool(true, nil) : .null) }
            return rb == true ? .bool(true, nil) : (lb == false && rb == false ? .bool(false, nil) : .null)
        }
        let r = try evaluate(re, env)
        if op == "in" {
            if l.isNull { return .null }
            return .bool(r.items.contains { Self.equal(l, $0) == true }, nil)
        }
        if op == "==" || op == "!=" {
            // An absent value equals only null: `scale == 'inverted'` is false where no scale is given.
            guard let eq = Self.equal(l, r) else { throw EvaluationError(message: "cannot compare \(l.display) with \(r.display)") }
            return .bool(op == "==" ? eq : !eq, nil)
        }
        if l.isNull || r.isNull { return .null }
        if op == "+", case .string(let a, _) = l, case .string(let b, _) = r { return .string(a + b, nil) }
        switch op {
        case "<", "<=", ">", ">=":
            guard case .number(let a, _) = l, case .number(let b, _) = r else {
                throw EvaluationError(message: "'\(op)' compares numbers, not \(l.display) and \(r.display)")
            }
            let result = switch op {
            case "<": a.value < b.value
            case "<=": a.value <= b.value
            case ">": a.value > b.value
            default: a.value >= b.value
            }
            return .bool(result, nil)
        default:
            guard case .number(let a, _) = l, case .number(let b, _) = r else {
                throw EvaluationError(message: "'\(op)' needs numbers, not \(l.display) and \(r.display)")
            }
            let v: Rational? = switch op {
            case "+": a.value.adding(b.value)
            case "-": a.value.subtracting(b.value)
            case "*": a.value.multiplied(by: b.value)
            default: b.value.numerator == 0 ? nil : a.value.divided(by: b.value)
            }
            guard let v else { throw EvaluationError(message: op == "/" ? "division by zero" : "arithmetic overflow") }
            return .number(Number(v), nil)
        }
    }

    /// Equality by value: numbers exactly (`1.5` = `1.50`), strings and booleans as they are.
    static func equal(_ a: RuleValue, _ b: RuleValue) -> Bool? {
        switch (a, b) {
        case (.null, .null): true
        case (.number(let x, _), .number(let y, _)): x.value == y.value
        case (.string(let x, _), .string(let y, _)): x == y
        case (.bool(let x, _), .bool(let y, _)): x == y
        case (.list(let x, _), .list(let y, _)):
            x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) == true }
        case (.null, _), (_, .null): false
        default: nil
        }
    }

    // MARK: - Functions

    /// Every function: its name and how many arguments it takes.
    static let functions: [String: ClosedRange<Int>] = [
        "mean": 1...1, "sum": 1...1, "count": 1...1, "min": 1...1, "max": 1...1,
        "round": 2...2, "abs": 1...1, "exists": 1...1, "first": 1...1, "last": 1...1,
        "band": 1...1, "band_exact": 1...1, "items_for": 1...1,
        "editions": 0...0, "previous_edition": 1...1, "recover_mean": 2...2, "range": 2...2,
        "breaks": 1...1, "pick": 3...3, "did_you_mean": 2...2, "lookup": 2...2, "starts_with": 2...2,
        "signed": 1...1, "join": 2...3,
    ]

    private func numbers(_ v: RuleValue, _ function: String) throws(EvaluationError) -> [Rational] {
        var out: [Rational] = []
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

    private func call(_ name: String, _ args: [RuleValue]) throws(EvaluationError) -> RuleValue {
        func sum(_ values: [Rational]) throws(EvaluationError) -> Rational {
            var total = Rational(0)
            for v in values {
                guard let t = total.adding(v) else { throw EvaluationError(message: "arithmetic overflow") }
                total = t
            }
            return total
        }
        switch name {
        case "count":
            return .number(Number(Rational(Int64(args[0].items.count))), nil)
        case "exists":
            return .bool(!args[0].items.isEmpty, nil)
        case "first":
            return args[0].items.first ?? .null
        case "last":
            return args[0].items.last ?? .null
        case "sum":
            return .number(Number(try sum(try numbers(args[0], name))), nil)
        case "mean":
            let values = try numbers(args[0], name)
            if values.isEmpty { return .null }
            guard let mean = try sum(values).divided(by: Rational(Int64(values.count))) else { throw EvaluationError(message: "arithmetic overflow") }
            return .number(Number(mean), nil)
        case "min", "max":
            let values = try numbers(args[0], name)
            guard let m = name == "min" ? values.min() : values.max() else { return .null }
            return .number(Number(m), nil)
        case "abs":
            guard let x = try number(args[0], name) else { return .null }
            guard let r = x < Rational(0) ? x.negated() : x else { throw EvaluationError(message: "arithmetic overflow") }
            return .number(Number(r), nil)
        case "round":
            guard let x = try number(args[0], name), let places = try whole(args[1], name) else { return .null }
            guard (0...9).contains(places), let d = x.rounded(places: places) else { throw EvaluationError(message: "round() cannot round to \(places) places") }
            return .number(Number(Rational(d), places: places), nil)
        case "band":
            guard let x = try number(args[0], name) else { return .null }
            guard let status = schema.band(of: x) else { return .null }
            return .string(status, nil)
        case "band_exact":
            // The band of an unrounded figure: the first whose upper end it does not pass.
            guard let x = try number(args[0], name) else { return .null }
            return schema.bands.first(where: { x <= Rational($0.max) }).map { .string($0.value, nil) } ?? .null
        case "items_for":
            guard let edition = try whole(args[0], name) else { return .null }
            return .list(schema.items(forEdition: edition).map { .string($0.name, nil) }, nil)
        case "editions":
            return .list(schema.editions.map { .number(Number(Rational(Int64($0))), nil) }, nil)
        case "previous_edition":
            guard let e = try whole(args[0], name), let p = schema.previousEdition(e) else { return .null }
            return .number(Number(Rational(Int64(p))), nil)
        case "recover_mean":
            // The one multiple of 1/denominator that rounds (half-up, two places) to the score.
            guard let score = try number(args[0], name), let d = try whole(args[1], name), d > 0 else { return .null }
            guard let target = score.rounded(places: 2), let low = score.subtracting(Rational(1, 100)!),
                  let start = low.multiplied(by: Rational(Int64(d))) else { return .null }
            var found: Rational?
            var k = start.numerator / start.denominator
            while let candidate = Rational(k, Int64(d)), candidate <= score.adding(Rational(1, 100)!)! {
                if candidate.rounded(places: 2) == target {
                    if found != nil { return .null }
                    found = candidate
                }
                k += 1
            }
            return found.map { .number(Number($0), nil) } ?? .null
        case "pick":
            // The value paired with `key`: values[i] for the first i where keys[i] == key.
            let keys = args[0].items, values = args[1].items
            for (i, k) in keys.enumerated() where i < values.count && Self.equal(k, args[2]) == true { return values[i] }
            return .null
        case "breaks":
            // Where a numbering 1, 2, 3… breaks: each index whose number is not one more than
            // the one before it (or, first, not 1).
            var out: [RuleValue] = []
            var expected = Rational(1)
            for (i, n) in try numbers(args[0], name).enumerated() {
                if n != expected { out.append(.number(Number(Rational(Int64(i))), nil)) }
                guard let next = n.adding(Rational(1)) else { throw EvaluationError(message: "arithmetic overflow") }
                expected = next
            }
            return .list(out, nil)
        case "did_you_mean":
            // For messages: "; did you mean 'X'?" when the text is a near miss of one of the
            // names, else nothing.
            guard case .string(let text, _) = args[0] else { return .string("", nil) }
            let names = args[1].items.compactMap { if case .string(let s, _) = $0 { s } else { nil } }
            return .string(Spelling.closest(to: text, among: names).map { "; did you mean '\($0)'?" } ?? "", nil)
        case "lookup":
            // The value of the named table's row that holds the number.
            guard case .string(let table, _) = args[0], let t = schema.lookupTables[table] else {
                throw EvaluationError(message: "lookup(): no table named \(args[0].display)")
            }
            guard let x = try number(args[1], name) else { return .null }
            return t.value(of: x)
        case "signed":
            // A number as printed, with "+" before a positive one (a change: +0.25, -1, 0).
            guard let x = try number(args[0], name), case .number(let n, _) = args[0] else { return .null }
            let text = n.description
            return .string(x > Rational(0) && !text.hasPrefix("+") ? "+" + text : text, nil)
        case "join":
            // The items as one text: join(names, ', ') or, with a last separator,
            // join(names, ', ', ' and ') -> "A, B and C".
            guard case .string(let separator, _) = args[1] else { throw EvaluationError(message: "join() takes the separator as text") }
            var last = separator
            if args.count == 3 {
                guard case .string(let l, _) = args[2] else { throw EvaluationError(message: "join() takes the last separator as text") }
                last = l
            }
            let parts = args[0].items.map(\.display)
            guard parts.count > 1 else { return .string(parts.first ?? "", nil) }
            return .string(parts.dropLast().joined(separator: separator) + last + parts.last!, nil)
        case "starts_with":
            guard case .string(let text, _) = args[0], case .string(let prefix, _) = args[1] else { return .null }
            return .bool(text.hasPrefix(prefix), nil)
        case "range":
            guard let a = try whole(args[0], name), let b = try whole(args[1], name) else { return .null }
            guard b - a <= 100_000 else { throw EvaluationError(message: "range() is limited to 100000 items") }
            return .list(a <= b ? (a...b).map { .number(Number(Rational(Int64($0))), nil) } : [], nil)
        default:
            throw EvaluationError(message: "unknown function \(name)()")
        }
    }
}
