/// The rule language compiled: every expression of a schema becomes a tree of `Code` nodes when
/// the schema loads. Names are resolved then, not while reports are checked: a variable is a
/// slot of the `Frame`, a field is an index into its record, an operator or a function is a
/// case of an enumeration. Values found in the report point at their place through the frame's
/// `PathArena`, so reading a field allocates nothing; a JSON Pointer is spelled out only for a
/// finding.
///
/// What costs while rules run is counting references: every count is an atomic operation (a
/// frame's values never leave its thread, but the runtime cannot know). So a record of the
/// report is a rule value as its node in the frame (`RecordRef`: copied once from the report,
/// then passed about as an index), and what the schema keeps alive for the frame's life (record
/// types, fields, a `let`'s code) is held unretained.

/// Code held unretained (a `let` waiting in a frame), run without counting a reference to it.
extension Unmanaged where Instance == Code {
    @inline(__always)
    func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
        let result: Result<RuleValue, EvaluationError> = _withUnsafeGuaranteedRef { code in
            do throws(EvaluationError) { return .success(try code.run(f)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    @inline(__always)
    func records(_ f: Frame, _ body: RecordVisit) throws(EvaluationError) -> Bool {
        let result: Result<Bool, EvaluationError> = _withUnsafeGuaranteedRef { code in
            do throws(EvaluationError) { return .success(try code.records(f, body)) } catch { return .failure(error) }
        }
        return try result.get()
    }
}

/// A compiled expression.
class Code: @unchecked Sendable {
    func run(_ f: Frame) throws(EvaluationError) -> RuleValue { .null }

    /// How many items the value holds (`RuleValue.count`): what `count()` and `exists()` ask.
    /// A field read says it from the report without making the value (no number parsed, no
    /// list of records made).
    func count(_ f: Frame) throws(EvaluationError) -> Int { try run(f).count }

    /// The value's items as numbers, read from the report without making the values, where
    /// that is sure to give what `run` would give to a function of numbers; nil: run it.
    func numbers(_ f: Frame) throws(EvaluationError) -> [Rational]? { nil }

    /// Visits the records a field of the value is read from (`Frame.records(of:)` of what `run`
    /// gives), read from the report without making the values; false where the code cannot
    /// say without running (`run` it then). A field read, a variable, a `let` not yet computed
    /// and `[*]` say it, so `count(a.b[*].c)` and `sum(xs[*].n)` make no values.
    func records(_ f: Frame, _ body: RecordVisit) throws(EvaluationError) -> Bool { false }
}

extension Code {
    /// `count` of field `id` of this code's value, from the report, or nil: run it.
    final func fieldCount(_ f: Frame, id: Int) throws(EvaluationError) -> Int? {
        var n = 0
        guard try records(f, { r in n += Frame.fieldCount(r, id: id) }) else { return nil }
        return n
    }

    /// The numbers of field `id` of this code's value, from the report, or nil: run it.
    final func fieldNumbers(_ f: Frame, id: Int) throws(EvaluationError) -> [Rational]? {
        var out: [Rational] = []
        out.reserveCapacity(16)
        var ok = true
        guard try records(f, { r in if ok { ok = f.appendNumbers(r, id: id, into: &out) } }) else { return nil }
        return ok ? out : nil
    }

    /// The records of field `id` of this code's value, from the report; false: run it.
    final func fieldRecords(_ f: Frame, id: Int, _ body: RecordVisit) throws(EvaluationError) -> Bool {
        var ok = true
        guard try records(f, { r in if ok { ok = Frame.fieldRecords(r, id: id, body) } }) else { return false }
        return ok
    }
}

/// The kinds of compiled code, nested in `Code` so that none takes a name the standard library
/// or the rest of the module uses (`Index`, `Slice`, `Filter`).
extension Code {
    final class Constant: Code, @unchecked Sendable {
        let value: RuleValue
        init(_ value: RuleValue) { self.value = value }
        override func run(_ f: Frame) throws(EvaluationError) -> RuleValue { value }
    }

    final class MakeList: Code, @unchecked Sendable {
        let items: [Code]
        init(_ items: [Code]) { self.items = items }
        override func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
            var out: [RuleValue] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try item.run(f)) }
            return .list(out, nil)
        }
    }

    /// A variable: a loop's item or index, `report`, `previous`, `actual`, `expect`.
    final class Variable: Code, @unchecked Sendable {
        let slot: Int
        init(_ slot: Int) { self.slot = slot }
        override func run(_ f: Frame) throws(EvaluationError) -> RuleValue { f.slots[slot] }
        override func records(_ f: Frame, _ body: RecordVisit) throws(EvaluationError) -> Bool {
            f.records(at: f.slots.pointer(at: slot), body)
            return true
        }
    }

    /// A field of a variable (`m.value`), read where the variable's value stands: no copy of it.
    final class VariableField: Code, @unchecked Sendable {
        let slot: Int, id: Int
        init(_ slot: Int, _ id: Int) { self.slot = slot; self.id = id }
        override func run(_ f: Frame) throws(EvaluationError) -> RuleValue { f.member(at: f.slots.pointer(at: slot), id: id) }
        override func count(_ f: Frame) throws(EvaluationError) -> Int { f.memberCount(at: f.slots.pointer(at: slot), id: id) }
        override func numbers(_ f: Frame) throws(EvaluationError) -> [Rational]? { f.memberNumbers(at: f.slots.pointer(at: slot), id: id) }
        override func records(_ f: Frame, _ body: RecordVisit) throws(EvaluationError) -> Bool {
            f.fieldRecords(at: f.slots.pointer(at: slot), id: id, body)
        }
    }

    /// A `let`: computed on first read, in the report's scope, then kept.
    final class LetVariable: Code, @unchecked Sendable {
        let slot: Int
        init(_ slot: Int) { self.slot = slot }
        override func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
            try compute(f)
            return f.slots[slot]
        }

        /// Computes the value into its slot, if not yet done.
        @inline(__always)
        func compute(_ f: Frame) throws(EvaluationError) {
            guard let code = f.pending[slot] else { return }
            f.pending[slot] = nil
            f.slots[slot] = try f.inReportScope { () throws(EvaluationError) in try code.run(f) }
        }

        /// Not yet computed: its code's records, without computing it.
        override func records(_ f: Frame, _ body: RecordVisit) throws(EvaluationError) -> Bool {
            guard let code = f.pending[slot] else {
                f.records(at: f.slots.pointer(at: slot), body)
                return true
            }
            return try f.inReportScope { () throws(EvaluationError) in try code.records(f, body) }
        }
    }

    /// A field of a `let` (`t.total`), computed first if need be, then read in place.
    final class LetField: Code, @unchecked Sendable {
        let variable: LetVariable, id: Int
        init(_ variable: LetVariable, _ id: Int) { self.variable = variable; self.id = id }
        override func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
            try variable.compute(f)
            return f.member(at: f.slots.pointer(at: variable.slot), id: id)
        }
        override func count(_ f: Frame) throws(EvaluationError) -> Int {
            try variable.compute(f)
            return f.memberCount(at: f.slots.pointer(at: variable.slot), id: id)
        }
        override func numbers(_ f: Frame) throws(EvaluationError) -> [Rational]? {
            if let numbers = try variable.fieldNumbers(f, id: id) { return numbers }
            try variable.compute(f)
            return f.memberNumbers(at: f.slots.pointer(at: variable.slot), id: id)
        }
        override func records(_ f: Frame, _ body: RecordVisit) throws(EvaluationError) -> Bool {
            try variable.fieldRecords(f, id: id, body)
        }
    }

    /// A field of the scope, by the schema-wide id of its name.
    final class ScopeField: Code, @unchecked Sendable {
        let id: Int
        init(_ id: Int) { self.id = id }
        override func run(_ f: Frame) throws(EvaluationError) -> RuleValue { f.member(at: f.scopeCell, id: id) }
        override func count(_ f: Frame) throws(EvaluationError) -> Int { f.memberCount(at: f.scopeCell, id: id) }
        override func numbers(_ f: Frame) throws(EvaluationError) -> [Rational]? { f.memberNumbers(at: f.scopeCell, id: id) }
        override func records(_ f: Frame, _ body: RecordVisit) throws(EvaluationError) -> Bool {
            f.fieldRecords(at: f.scopeCell, id: id, body)
        }
    }

    final class FieldOf: Code, @unchecked Sendable {
        let base: Code, id: Int
        init(_ base: Code, _ id: Int) { self.base = base; self.id = id }
        override func run(_ f: Frame) throws(EvaluationError) -> RuleValue { f.member(try base.run(f), id: id) }
        override func count(_ f: Frame) throws(EvaluationError) -> Int {
            if let n = try base.fieldCount(f, id: id) { return n }
            return f.memberCount(try base.run(f), id: id)
        }
        override func numbers(_ f: Frame) throws(EvaluationError) -> [Rational]? {
            if let numbers = try base.fieldNumbers(f, id: id) { return numbers }
            return f.memberNumbers(try base.run(f), id: id)
        }
        override func records(_ f: Frame, _ body: RecordVisit) throws(EvaluationError) -> Bool {
            try base.fieldRecords(f, id: id, body)
        }
    }

    final class All: Code, @unchecked Sendable {
        let base: Code
        init(_ base: Code) { self.base = base }
        override func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
            let v = try base.run(f)
            if case .list = v { return v }
            return .list(v.items, v.location)
        }
        override func count(_ f: Frame) throws(EvaluationError) -> Int { try base.count(f) }
        override func records(_ f: Frame, _ body: RecordVisit) throws(EvaluationError) -> Bool { try base.records(f, body) }
    }

    final class Index: Code, @unchecked Sendable {
        let base: Code, index: Code
        init(_ base: Code, _ index: Code) { self.base = base; self.index = index }
        override func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
            let items = try base.run(f).items
            guard case .number(let n, _) = try index.run(f), n.value.denominator == 1 else {
                throw EvaluationError(message: "a list index must be a whole number")
            }
            let i = Int(n.value.numerator) < 0 ? items.count + Int(n.value.numerator) : Int(n.value.numerator)
            return items.indices.contains(i) ? items[i] : .null
        }
    }

    final class Slice: Code, @unchecked Sendable {
        let base: Code, from: Code?, to: Code?
        init(_ base: Code, _ from: Code?, _ to: Code?) { self.base = base; self.from = from; self.to = to }
        override func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
            let (items, range, location) = try parts(f)
            return .list(range.isEmpty ? [] : Array(items[range]), location)
        }

        /// The list and the range the slice takes of it, without making the slice (`x in xs[:i]`
        /// looks through the range).
        func parts(_ f: Frame) throws(EvaluationError) -> (items: [RuleValue], range: Range<Int>, location: Location?) {
            let v = try base.run(f)
            let items = v.items
            func bound(_ c: Code?, _ fallback: Int) throws(EvaluationError) -> Int {
                guard let c else { return fallback }
                guard case .number(let n, _) = try c.run(f), n.value.denominator == 1 else {
                    throw EvaluationError(message: "a slice bound must be a whole number")
                }
                return min(max(Int(n.value.numerator), 0), items.count)
            }
            let a = try bound(from, 0), b = try bound(to, items.count)
            return (items, a < b ? a..<b : 0..<0, v.location)
        }
    }

    /// `list[? condition]`: the condition runs with each item as the scope.
    final class Filter: Code, @unchecked Sendable {
        let base: Code, condition: Code
        init(_ base: Code, _ condition: Code) { self.base = base; self.condition = condition }
        override func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
            let v = try base.run(f)
            var out: [RuleValue] = []
            let saved = f.scope
            defer { f.scope = saved }
            for item in v.items {
                f.scope = item
                if case .bool(true, _) = try condition.run(f) { out.append(item) }
            }
            return .list(out, v.location)
        }
    }

    final class Call: Code, @unchecked Sendable {
        let function: Function
        /// The arguments one by one (a function takes at most three), and how many: a property is
        /// read without counting a reference, an array's element is not.
        private let a0: Code?, a1: Code?, a2: Code?, argumentCount: Int
        /// `count(x)` or `exists(x)`: the argument's count is all it needs.
        let counts: Bool
        /// `sum(x)`, `mean(x)`, `min(x)`, `max(x)`, `breaks(x)`: the argument's numbers are.
        let takesNumbers: Bool
        init(_ function: Function, _ args: [Code]) {
            self.function = function
            argumentCount = args.count
            a0 = args.count > 0 ? args[0] : nil
            a1 = args.count > 1 ? args[1] : nil
            a2 = args.count > 2 ? args[2] : nil
            counts = (function == .count || function == .exists) && args.count == 1
            takesNumbers = function.takesNumbers && args.count == 1
        }
        override func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
            if counts, let a0 {
                let n = try a0.count(f)
                return function == .count ? .number(Number(Rational(Int64(n))), nil) : .bool(n > 0, nil)
            }
            if takesNumbers, let a0, let values = try a0.numbers(f) { return try function.call(numbers: values) }
            // Every function takes at most three arguments: no list is made for them.
            let v0 = try a0?.run(f) ?? .null
            let v1 = try a1?.run(f) ?? .null
            let v2 = try a2?.run(f) ?? .null
            return try function.call(v0, v1, v2, count: argumentCount, f.schema)
        }
    }

    final class Not: Code, @unchecked Sendable {
        let operand: Code
        init(_ operand: Code) { self.operand = operand }
        override func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
            switch try operand.run(f) {
            case .null: return .null
            case .bool(let b, _): return .bool(!b, nil)
            case let v: throw EvaluationError(message: "'not' cannot apply to \(v.display)")
            }
        }
    }

    final class Negate: Code, @unchecked Sendable {
        let operand: Code
        init(_ operand: Code) { self.operand = operand }
        override func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
            switch try operand.run(f) {
            case .null: return .null
            case .number(let n, _):
                guard let r = n.value.negated() else { throw EvaluationError(message: "arithmetic overflow") }
                return .number(Number(r, places: n.places ?? n.readPlaces), nil)
            case let v: throw EvaluationError(message: "'-' cannot apply to \(v.display)")
            }
        }
    }

    /// `and`, `or` in three-valued logic: false and unknown is false, true or unknown is true.
    final class Logic: Code, @unchecked Sendable {
        let isAnd: Bool, left: Code, right: Code
        init(isAnd: Bool, _ left: Code, _ right: Code) { self.isAnd = isAnd; self.left = left; self.right = right }
        override func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
            let lb: Bool? = if case .bool(let b, _) = try left.run(f) { b } else { nil }
            if isAnd && lb == false { return .bool(false, nil) }
            if !isAnd && lb == true { return .bool(true, nil) }
            let rb: Bool? = if case .bool(let b, _) = try right.run(f) { b } else { nil }
            if isAnd { return rb == false ? .bool(false, nil) : (lb == true && rb == true ? .bool(true, nil) : .null) }
            return rb == true ? .bool(true, nil) : (lb == false && rb == false ? .bool(false, nil) : .null)
        }
    }

    final class Binary: Code, @unchecked Sendable {
        typealias Op = BinaryOperator
        let op: Op, left: Code, right: Code
        /// `x in xs[a:b]`: the slice is looked through, not made (held unretained, and read
        /// without counting a reference: `right` keeps it).
        private let rightSlice: Unmanaged<Slice>?
        /// `x >= 1`, `s == 'inverted'`: the constant, read where it stands (not copied, and its
        /// code not retained) when `constantRight`.
        private let constantRight: Bool
        private let rightValue: RuleValue
        init(_ op: Op, _ left: Code, _ right: Code) {
            self.op = op
            self.left = left
            self.right = right
            rightSlice = op == .among ? (right as? Slice).map { .passUnretained($0) } : nil
            let constant = right as? Constant
            constantRight = constant != nil
            rightValue = constant?.value ?? .null
        }

        var spelling: String { op.rawValue }

        override func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
            let l = try left.run(f)
            if let rightSlice {
                let (items, range, _) = try rightSlice.takeUnretainedValue().parts(f)
                return Self.among(l, items, range)
            }
            if constantRight { return try apply(l, rightValue) }
            return try apply(l, try right.run(f))
        }

        /// `l in items[range]`: null where `l` is.
        @inline(__always)
        private static func among(_ l: RuleValue, _ items: [RuleValue], _ range: Range<Int>) -> RuleValue {
            if l.isNull { return .null }
            for k in range where RuleValue.equal(l, items[k]) == true { return .bool(true, nil) }
            return .bool(false, nil)
        }

        @inline(__always)
        private func apply(_ l: RuleValue, _ r: RuleValue) throws(EvaluationError) -> RuleValue {
            switch op {
            case .among:
                if case .list(let items, _) = r { return Self.among(l, items, items.indices) }
                if l.isNull { return .null }
                return .bool(RuleValue.equal(l, r) == true, nil)
            case .equal, .notEqual:
                // An absent value equals only null: `scale == 'inverted'` is false where no scale is given.
                guard let eq = RuleValue.equal(l, r) else { throw EvaluationError(message: "cannot compare \(l.display) with \(r.display)") }
                return .bool(op == .equal ? eq : !eq, nil)
            default:
                break
            }
            if l.isNull || r.isNull { return .null }
            if op == .plus, case .string(let a, _) = l, case .string(let b, _) = r { return .string(a + b, nil) }
            switch op {
            case .less, .lessOrEqual, .greater, .greaterOrEqual:
                guard case .number(let a, _) = l, case .number(let b, _) = r else {
                    throw EvaluationError(message: "'\(spelling)' compares numbers, not \(l.display) and \(r.display)")
                }
                let result = switch op {
                case .less: a.value < b.value
                case .lessOrEqual: a.value <= b.value
                case .greater: a.value > b.value
                default: a.value >= b.value
                }
                return .bool(result, nil)
            default:
                guard case .number(let a, _) = l, case .number(let b, _) = r else {
                    throw EvaluationError(message: "'\(spelling)' needs numbers, not \(l.display) and \(r.display)")
                }
                let v: Rational? = switch op {
                case .plus: a.value.adding(b.value)
                case .minus: a.value.subtracting(b.value)
                case .times: a.value.multiplied(by: b.value)
                default: b.value.numerator == 0 ? nil : a.value.divided(by: b.value)
                }
                guard let v else { throw EvaluationError(message: op == .divided ? "division by zero" : "arithmetic overflow") }
                return .number(Number(v), nil)
            }
        }
    }

    /// An expression that reads only the report, computed once per report.
    final class Cached: Code, @unchecked Sendable {
        let slot: Int, inner: Code
        init(_ slot: Int, _ inner: Code) { self.slot = slot; self.inner = inner }
        override func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
            guard f.caches(slot) else { return try inner.run(f) }
            if let v = f.cached(slot) { return v }
            let v = try inner.run(f)
            f.cache(slot, v)
            return v
        }

        // Not yet computed, what only counts the value, takes its numbers or visits its records
        // reads the report as the code would (`count(parts)`, `breaks(parts[*].n)` make no list of
        // parts); computed, the value kept is read.

        override func count(_ f: Frame) throws(EvaluationError) -> Int {
            if f.caches(slot), let v = f.cached(slot) { return v.count }
            return try inner.count(f)
        }

        override func numbers(_ f: Frame) throws(EvaluationError) -> [Rational]? {
            if f.caches(slot), f.cached(slot) != nil { return nil }
            return try inner.numbers(f)
        }

        override func records(_ f: Frame, _ body: RecordVisit) throws(EvaluationError) -> Bool {
            if f.caches(slot), let v = f.cached(slot) {
                f.records(of: v, body)
                return true
            }
            return try inner.records(f, body)  // false: the caller runs it (and so keeps it)
        }
    }

    final class Conditional: Code, @unchecked Sendable {
        let condition: Code, then: Code, otherwise: Code
        init(_ condition: Code, _ then: Code, _ otherwise: Code) { self.condition = condition; self.then = then; self.otherwise = otherwise }
        override func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
            switch try condition.run(f) {
            case .bool(true, _): return try then.run(f)
            case .bool(false, _): return try otherwise.run(f)
            default: return .null
            }
        }
    }
}
