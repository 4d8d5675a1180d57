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
    public let id: String
    public let severity: Severity
    /// What the rule checks, in a sentence (for SARIF's rule descriptions and the docs).
    public let doc: String
    /// Where the rule is declared in the schema file.
    public let mark: Mark

    /// A step of `each`: a loop over a list (`n at k in list`), or a name bound once at that
    /// level (`notes = c.findings[*].notes[*]`) for the steps after it.
    struct Loop: Sendable {
        var name: String
        var index: String?
        var over: Expression
        var binds = false
    }

    let loops: [Loop]
    let lets: [(name: String, value: Expression)]
    let when: Expression?
    let check: Expression?
    let actual: Expression?
    let expect: Expression?
    let at: Expression?
    let message: [MessagePart]

    enum MessagePart: Sendable {
        case text(String)
        case value(Expression)
    }
}

/// The `rules:` section of a schema, compiled: the rules in the order they run, and how many
/// expressions of the schema's sections are evaluated once per report.
struct RuleSet: Sendable {
    let rules: [Rule]
    let cacheSlots: Int
}

extension Schema {
    /// The rules reports are validated against, in the order they run.
    public var rules: [Rule] { sections[RuleSet.self]?.rules ?? [] }
    /// How many expressions are evaluated once per report (the evaluation cache's size).
    var cacheSlots: Int { sections[RuleSet.self]?.cacheSlots ?? 0 }
    /// The rule with this id.
    public func rule(_ id: String) -> Rule? { rules.first { $0.id == id } }
}

/// Runs the schema's rules over reports.
public struct Validator: Sendable {
    public let schema: Schema
    private let rules: [Rule]
    private let cacheSlots: Int

    public init(schema: Schema) {
        self.schema = schema
        rules = schema.rules
        cacheSlots = schema.cacheSlots
    }

    /// Every finding of every rule on `report` (read from `file`); `previous` is the previous
    /// edition's report of the same country, when at hand.
    public func validate(_ report: Record, previous: Record? = nil, file: String, only: Set<String>? = nil) -> [Diagnostic] {
        let evaluator = Evaluator(schema: schema, cache: EvaluationCache(count: cacheSlots))
        let root = RuleValue.record(report, Location(mark: report.mark, pointer: ""))
        var env = Environment(scope: root)
        env.bind("report", root)
        env.bind("previous", previous.map { .record($0, Location(mark: $0.mark, pointer: "")) } ?? .null)
        var findings: [Diagnostic] = []
        for rule in rules where only?.contains(rule.id) ?? true {
            run(rule, loop: 0, env, evaluator, file: file, root: report.mark, into: &findings)
        }
        return findings
    }

    private func run(_ rule: Rule, loop: Int, _ env: Environment, _ evaluator: Evaluator, file: String, root: Mark, into findings: inout [Diagnostic]) {
        do throws(EvaluationError) {
            if loop < rule.loops.count {
                let l = rule.loops[loop]
                if l.binds {
                    var inner = env
                    inner.bind(l.name, try evaluator.evaluate(l.over, env))
                    run(rule, loop: loop + 1, inner, evaluator, file: file, root: root, into: &findings)
                    return
                }
                for (i, item) in try evaluator.evaluate(l.over, env).items.enumerated() {
                    var inner = env
                    inner.bind(l.name, item)
                    if let index = l.index { inner.bind(index, .number(Number(Rational(Int64(i))), nil)) }
                    run(rule, loop: loop + 1, inner, evaluator, file: file, root: root, into: &findings)
                }
                return
            }
            var env = env
            for (name, value) in rule.lets { env.bindLazily(name, value) }
            if let when = rule.when {
                guard case .bool(true, _) = try evaluator.evaluate(when, env) else { return }  // false or undecided
            }
            var located: RuleValue = .null
            if let check = rule.check {
                guard case .bool(false, _) = try evaluator.evaluate(check, env) else { return }
            }
            if let actualExpression = rule.actual, let expectExpression = rule.expect {
                let actual = try evaluator.evaluate(actualExpression, env)
                let expect = try evaluator.evaluate(expectExpression, env)
                if actual.isNull || expect.isNull || Evaluator.equal(actual, expect) == true { return }
                env.bind("actual", actual)
                env.bind("expect", expect)
                located = actual
            }
            if let at = rule.at { located = try evaluator.evaluate(at, env) }
            let location = located.findingLocation
                ?? rule.loops.last(where: { !$0.binds }).flatMap { env.value($0.name)?.findingLocation }
                ?? Location(mark: root, pointer: "")
            var message = ""
            for part in rule.message {
                switch part {
                case .text(let s): message += s
                case .value(let e): message += try evaluator.evaluate(e, env).display
                }
            }
            var d = Diagnostic(rule.severity, file: file, mark: location.mark, message)
            d.rule = rule.id
            d.pointer = location.pointer
            findings.append(d)
        } catch {
            var d = Diagnostic(.error, file: file, mark: root, "rule '\(rule.id)' could not be evaluated: \(error.message)")
            d.rule = rule.id
            d.pointer = ""
            findings.append(d)
        }
    }
}
