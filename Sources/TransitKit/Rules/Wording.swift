extension Schema {
    /// The prose transit writes (the changes section of `transit changes`).
    public var wording: Wording { sections[Wording.self] ?? Wording(changes: nil) }
}

/// Prose transit writes, declared by the schema's `wording:` section as templates in the rule
/// language. `changes` is the section a report should carry given the previous edition:
///
///     wording:
///       changes:
///         lines:
///           - each: name in items_for(edition)
///             let: {old: "pick(previous.items[*].name, previous.items[*].score, name)"}
///             when: exists(old) and old != pick(items[*].name, items[*].score, name)
///             line: "  • {name} moved from {old}."
///         otherwise: "  • No changes."
///         check: [item-from-previous]
///
/// Each line is written once, or once per item of `each`, where `when` holds; `otherwise` is
/// written when no line is. `check` lists the rules that say whether a report's own section
/// agrees with its ratings and the previous edition's.
public struct Wording: Sendable {
    public struct Template: Sendable {
        let loop: Rule.Loop?
        let lets: [(name: String, value: Expression)]
        let when: Expression?
        let line: [Rule.MessagePart]
    }

    public struct Section: Sendable {
        let lines: [Template]
        let otherwise: [Rule.MessagePart]?
        /// The rules that check a report's own section.
        public let check: [String]
    }

    /// The changes section (`transit changes`), if the family has one.
    public let changes: Section?
}

extension Wording.Section {
    /// The lines of the section `report` should carry, given `previous` (already restated on the
    /// scale the section is written on).
    func lines(report: Record, previous: Record, schema: Schema) throws(EvaluationError) -> [String] {
        try Wording.render(lines, otherwise: otherwise, root: report, bindings: [("previous", previous)], schema: schema)
    }
}

extension Wording {
    /// The lines of `templates` over the record `root` (also bound as `report`), with more
    /// records bound by name; `otherwise` when no line is written.
    static func render(_ templates: [Template], otherwise: [Rule.MessagePart]?, root: Record, bindings: [(String, Record)] = [],
                       schema: Schema) throws(EvaluationError) -> [String] {
        let evaluator = Evaluator(schema: schema)
        let scope = RuleValue.record(root, Location(mark: root.mark, pointer: ""))
        var env = Environment(scope: scope)
        env.bind("report", scope)
        for (name, record) in bindings { env.bind(name, .record(record, Location(mark: record.mark, pointer: ""))) }
        func render(_ parts: [Rule.MessagePart], _ env: Environment) throws(EvaluationError) -> String {
            var out = ""
            for part in parts {
                switch part {
                case .text(let s): out += s
                case .value(let e): out += try evaluator.evaluate(e, env).display
                }
            }
            return out
        }
        var out: [String] = []
        for template in templates {
            for var scope in try evaluator.scopes(template.loop, env) {
                for (name, value) in template.lets { scope.bindLazily(name, value) }
                if let when = template.when { guard case .bool(true, _) = try evaluator.evaluate(when, scope) else { continue } }
                out.append(try render(template.line, scope))
            }
        }
        if out.isEmpty, let otherwise { out.append(try render(otherwise, env)) }
        return out
    }
}

extension SchemaLoader {
    /// Template lines (`each`, `let`, `when`, `line`) over records of `root`; nil when one is wrong
    /// (said at its line and column).
    mutating func loadTemplates(_ node: YAMLNode?, root: RecordType, context: String) -> [Wording.Template]? {
        var templates: [Wording.Template] = []
        var ok = true
        for entry in node?.sequence ?? [] {
            checkKeys(entry.mapping ?? [], allowed: ["each", "let", "when", "line"], in: "a line of \(context)")
            var checker = ExpressionChecker(root: root, tables: tableKinds)
            var loop: Rule.Loop?
            if let eachNode = entry["each"] {
                guard let l = singleLoop(eachNode, &checker, context: context) else { ok = false; continue }
                loop = l
            }
            var lets: [(name: String, value: Expression)] = []
            for (name, _, valueNode) in entry["let"]?.mapping ?? [] {
                guard let e = checked(valueNode, &checker, rule: context) else { ok = false; continue }
                if case .success(let shape) = checker.shape(of: e) { checker.variables[name] = shape }
                lets.append((name, e))
            }
            var when: Expression?
            if let w = entry["when"] {
                when = checked(w, &checker, rule: context)
                if when == nil { ok = false; continue }
            }
            guard let lineNode = entry["line"], let text = lineNode.string else {
                sink.error(entry.mark, "a line of \(context) needs 'line': the template it writes")
                ok = false
                continue
            }
            guard let line = parseMessage(text, lineNode, &checker, rule: context) else { ok = false; continue }
            templates.append(Wording.Template(loop: loop, lets: lets, when: when, line: line))
        }
        return ok ? templates : nil
    }

    /// One template (`{expression}` in text) over a record of `root`.
    mutating func loadTemplate(_ node: YAMLNode, root: RecordType, context: String) -> [Rule.MessagePart]? {
        var checker = ExpressionChecker(root: root, tables: tableKinds)
        guard let text = node.string else {
            sink.error(node.mark, "\(context) is a template")
            return nil
        }
        return parseMessage(text, node, &checker, rule: context)
    }
}

extension SchemaLoader {
    mutating func loadWording(_ node: YAMLNode?, root: RecordType, rules: [Rule]) -> Wording {
        guard let node else { return Wording(changes: nil) }
        // A rule that did not load is said already: its id is not looked for.
        let rulesComplete = !sink.hasErrors
        checkKeys(node.mapping ?? [], allowed: ["changes"], in: "wording")
        var changes: Wording.Section?
        if let section = node["changes"] {
            let context = "wording 'changes'"
            checkKeys(section.mapping ?? [], allowed: ["lines", "otherwise", "check"], in: context)
            let templates = loadTemplates(section["lines"], root: root, context: context)
            var ok = templates != nil
            var otherwise: [Rule.MessagePart]?
            if let o = section["otherwise"] {
                otherwise = loadTemplate(o, root: root, context: "\(context): 'otherwise'")
                if otherwise == nil { ok = false }
            }
            var check: [String] = []
            for idNode in section["check"]?.sequence ?? [] {
                guard let id = idNode.string, rules.contains(where: { $0.id == id }) || !rulesComplete else {
                    let name = idNode.string ?? ""
                    sink.error(idNode.mark, "\(context): 'check' names '\(name)', which is not a rule\(Spelling.closest(to: name, among: rules.map(\.id)).map { " (did you mean '\($0)'?)" } ?? "")")
                    ok = false
                    continue
                }
                check.append(id)
            }
            if ok, let templates { changes = Wording.Section(lines: templates, otherwise: otherwise, check: check) }
        }
        return Wording(changes: changes)
    }
}
