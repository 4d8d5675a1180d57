/// A rule of the schema: a check over the report, with an id, a severity and a message.
///
///     - id: index-is-sum
///       severity: error
///       doc: The index is the sum of the measures.
///       when: count(measures) > 0
///       actual: water_index
///       expect: sum(measures[*].value)
///       message: "the index {actual} is not the sum of the measures ({expect})"
///
/// `each: m in measures` (or `n at k in …`, or a list of them for nested loops) runs the rule
/// once per item; `let` names intermediate values; `when` says where the rule applies; then
/// either `check` must hold, or `actual` must equal `expect` (numbers by value). A rule that
/// cannot decide (a value it needs is absent) finds nothing. `at` says which value a finding
/// points at (default: `actual`, else the innermost `each` item). `{expression}` in the message
/// shows a value; `{actual}` and `{expect}` are the compared values.
public struct Rule: Sendable {
    /// The rule's id (`score-total`): findings carry it, and `--rule`, `--skip-rule` and SARIF name it.
    public let id: String
    /// How serious a finding of the rule is.
    public let severity: Severity
    /// What the rule checks, in a sentence (for SARIF's rule descriptions and the docs).
    public let doc: String
    /// Where the rule is declared in the schema file.
    public let mark: Mark

    /// A step of `each` as written: a loop over a list (`n at k in list`), or a name bound once
    /// at that level (`xs = item.parts[*].xs[*]`) for the steps after it.
    struct Loop: Sendable {
        var name: String
        var index: String?
        var over: Expression
        var binds = false
    }

    /// A part of a message as written: text, or `{expression}`.
    enum MessagePart: Sendable {
        case text(String)
        case value(Expression)
    }

    /// The rule compiled: every name a slot of the frame.
    let body: Body

    /// The code is run unretained (`Unmanaged.run`): a rule runs once per item of its loops,
    /// and counting a reference to each part of it at each run cost two atomic operations a
    /// part. `code` owns every part for the body's life.
    final class Body: @unchecked Sendable {
        struct Loop {
            let slot: Int
            let index: Int?
            let over: Unmanaged<Code>
            let binds: Bool
        }

        let loops: [Loop]
        let lets: [(slot: Int, value: Unmanaged<Code>)]
        let when: Unmanaged<Code>?
        let check: Unmanaged<Code>?
        let actual: Unmanaged<Code>?
        let expect: Unmanaged<Code>?
        let actualSlot: Int
        let expectSlot: Int
        let at: Unmanaged<Code>?
        let message: TextTemplate
        /// The frame slots the rule uses.
        let slots: Int
        /// Every part above, kept alive.
        private let code: [Code]

        init(loops: [(slot: Int, index: Int?, over: Code, binds: Bool)], lets: [(slot: Int, value: Code)], when: Code?, check: Code?,
             actual: Code?, expect: Code?, actualSlot: Int, expectSlot: Int, at: Code?, message: TextTemplate, slots: Int) {
            func unretained(_ c: Code?) -> Unmanaged<Code>? { c.map { .passUnretained($0) } }
            self.loops = loops.map { Loop(slot: $0.slot, index: $0.index, over: .passUnretained($0.over), binds: $0.binds) }
            self.lets = lets.map { ($0.slot, .passUnretained($0.value)) }
            self.when = unretained(when)
            self.check = unretained(check)
            self.actual = unretained(actual)
            self.expect = unretained(expect)
            self.actualSlot = actualSlot
            self.expectSlot = expectSlot
            self.at = unretained(at)
            self.message = message
            self.slots = slots
            code = loops.map(\.over) + lets.map(\.value) + [when, check, actual, expect, at].compactMap { $0 }
        }
    }
}

/// The `rules:` section of a schema, compiled: the rules in the order they run, and how many
/// expressions of the schema's sections are evaluated once per report.
struct RuleSet: SchemaSection {
    static var absent: RuleSet { RuleSet(rules: [], cacheSlots: 0) }
    let rules: [Rule]
    let cacheSlots: Int
}

extension Schema {
    /// The rules reports are validated against, in the order they run.
    public var rules: [Rule] { sections[RuleSet.self].rules }
    /// How many expressions are evaluated once per report (the evaluation cache's size).
    var cacheSlots: Int { sections[RuleSet.self].cacheSlots }
    /// The rule with this id.
    public func rule(_ id: String) -> Rule? { rules.first { $0.id == id } }
}

/// Runs the schema's rules over reports.
public struct Validator: Sendable {
    /// The schema whose rules run.
    public let schema: Schema
    private let rules: [Rule]
    private let cacheSlots: Int
    private let slots: Int

    /// A validator running every rule of `schema`.
    public init(schema: Schema) {
        self.init(schema: schema, rules: nil)
    }

    /// A validator of the rules with these ids only (chosen once, not per report).
    public init(schema: Schema, rules ids: Set<String>?) {
        self.schema = schema
        rules = ids.map { ids in schema.rules.filter { ids.contains($0.id) } } ?? schema.rules
        cacheSlots = schema.cacheSlots
        slots = rules.reduce(2) { max($0, $1.body.slots) }
    }

    /// Every finding of every rule on `report` (read from `file`); `previous` is the previous
    /// edition's report of the same country, when at hand.
    public func validate(_ report: Record, previous: Record? = nil, file: String, only: Set<String>? = nil) -> [Diagnostic] {
        let frame = Frame(schema: schema, report: report, previous: previous, slots: slots, cache: cacheSlots)
        var findings: [Diagnostic] = []
        for k in rules.indices where only?.contains(rules[k].id) ?? true {
            run(k, rules[k].body, loop: 0, frame, file: file, into: &findings)
        }
        return findings
    }

    /// Rule `k` (compiled as `body`, handed down so that each step counts no reference to it)
    /// from its loop `loop` on.
    private func run(_ k: Int, _ body: Rule.Body, loop: Int, _ f: Frame, file: String, into findings: inout [Diagnostic]) {
        do throws(EvaluationError) {
            if loop < body.loops.count {
                let l = body.loops[loop]
                if l.binds {
                    // Computed when first read: what only counts it, or takes its numbers,
                    // reads them from the report without making its values.
                    f.pending[l.slot] = l.over
                    f.slots[l.slot] = .null
                    run(k, body, loop: loop + 1, f, file: file, into: &findings)
                    return
                }
                let items = try l.over.run(f).items
                for i in items.indices {
                    f.slots[l.slot] = items[i]
                    if let index = l.index { f.slots[index] = .number(Number(Rational(Int64(i))), nil) }
                    run(k, body, loop: loop + 1, f, file: file, into: &findings)
                }
                return
            }
            for (slot, value) in body.lets {
                f.pending[slot] = value
                f.slots[slot] = .null
            }
            if let when = body.when {
                guard case .bool(true, _) = try when.run(f) else { return }  // false or undecided
            }
            var located: RuleValue = .null
            if let check = body.check {
                guard case .bool(false, _) = try check.run(f) else { return }
            }
            if let actualCode = body.actual, let expectCode = body.expect {
                let actual = try actualCode.run(f)
                let expect = try expectCode.run(f)
                if actual.isNull || expect.isNull || RuleValue.equal(actual, expect) == true { return }
                f.slots[body.actualSlot] = actual
                f.slots[body.expectSlot] = expect
                located = actual
            }
            if let at = body.at { located = try at.run(f) }
            let location = located.findingLocation
                ?? body.loops.last(where: { !$0.binds }).flatMap { f.slots[$0.slot].findingLocation }
                ?? f.root.location!
            var d = Diagnostic(rules[k].severity, file: file, mark: location.mark, try body.message.render(f))
            d.rule = rules[k].id
            d.pointer = f.pointer(location)
            findings.append(d)
        } catch {
            var d = Diagnostic(.error, file: file, mark: f.root.location!.mark, "rule '\(rules[k].id)' could not be evaluated: \(error.message)")
            d.rule = rules[k].id
            d.pointer = ""
            findings.append(d)
        }
    }
}
