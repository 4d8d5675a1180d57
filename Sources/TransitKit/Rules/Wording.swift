/// The schema's `wording:` section: the publisher's phrases for changes and statements, checked
/// against the rules they name.

extension Schema {
    /// The prose transit writes (the changes section of `transit changes`).
    public var wording: Wording { sections[Wording.self] }
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
public struct Wording: SchemaSection {
    static var absent: Wording { Wording(changes: nil) }
    /// A line, compiled: `report` and `previous` are slots 0 and 1, the loop's item and the
    /// `let`s follow.
    public struct Template: Sendable {
        let loop: (slot: Int, over: Code)?
        let lets: [(slot: Int, value: Code)]
        let when: Code?
        let line: TextTemplate
        let slots: Int
    }

    /// A section of the changes' wording: its sentences, and the rules that check a report's own section.
    public struct Section: Sendable {
        let lines: [Template]
        let otherwise: TextTemplate?
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
        try Wording.render(lines, otherwise: otherwise, root: report, previous: previous, schema: schema)
    }
}

extension Wording {
    /// The lines of `templates` over the record `root` (also bound as `report`), with the record
    /// `previous` bound by that name; `otherwise` when no line is written.
    static func render(_ templates: [Template], otherwise: TextTemplate?, root: Record, previous: Record? = nil,
                       schema: Schema) throws(EvaluationError) -> [String] {
        let f = Frame(schema: schema, report: root, previous: previous, slots: templates.reduce(2) { max($0, $1.slots) })
        var out: [String] = []
        for template in templates {
            let items: [RuleValue?] = if let loop = template.loop { try loop.over.run(f).items } else { [nil] }
            for item in items {
                if let item, let loop = template.loop { f.slots[loop.slot] = item }
                for (slot, value) in template.lets {
                    f.pending[slot] = .passUnretained(value)
                    f.slots[slot] = .null
                }
                if let when = template.when { guard case .bool(true, _) = try when.run(f) else { continue } }
                out.append(try template.line.render(f))
            }
        }
        if out.isEmpty, let otherwise { out.append(try otherwise.render(f)) }
        return out
    }

    /// One template over the record `root`.
    static func render(_ template: TextTemplate, root: Record, schema: Schema) throws(EvaluationError) -> String {
        try template.render(Frame(schema: schema, report: root, slots: 2))
    }
}

extension SchemaLoader {
    /// Template lines (`each`, `let`, `when`, `line`) over records of `root`; nil when one is wrong
    /// (said at its line and column).
    mutating func loadTemplates(_ node: YAMLNode?, root: RecordType, context: String) -> [Wording.Template]? {
        var templates: [Wording.Template] = []
        var ok = true
        for entry in node?.sequence ?? [] {
            checkKeys(entry, .templateLine, in: "a line of \(context)")
            var checker = ExpressionChecker(root: root, tables: tableKinds, attributes: attributeKinds)
            let compiler = self.compiler
            var names = Names()
            var loop: (slot: Int, over: Code)?
            if let eachNode = entry["each"] {
                guard let l = singleLoop(eachNode, &checker, context: context) else { ok = false; continue }
                let over = compiler.compile(l.over, names)
                loop = (names.bind(l.name), over)
            }
            var lets: [(slot: Int, value: Code)] = []
            for (name, _, valueNode) in entry["let"]?.mapping ?? [] {
                guard let e = checked(valueNode, &checker, rule: context) else { ok = false; continue }
                if case .success(let shape) = checker.shape(of: e) { checker.variables[name] = shape }
                let code = compiler.compile(e, names)
                lets.append((names.bind(name, isLet: true), code))
            }
            var when: Code?
            if let w = entry["when"] {
                guard let e = checked(w, &checker, rule: context) else { ok = false; continue }
                when = compiler.compile(e, names)
            }
            guard let lineNode = entry["line"], let text = lineNode.string else {
                sink.error(entry.mark, "a line of \(context) needs 'line': the template it writes")
                ok = false
                continue
            }
            guard let line = parseMessage(text, lineNode, &checker, rule: context) else { ok = false; continue }
            templates.append(Wording.Template(loop: loop, lets: lets, when: when, line: compiler.compile(line, names), slots: names.count))
        }
        return ok ? templates : nil
    }

    /// One template (`{expression}` in text) over a record of `root`.
    mutating func loadTemplate(_ node: YAMLNode, root: RecordType, context: String) -> TextTemplate? {
        var checker = ExpressionChecker(root: root, tables: tableKinds, attributes: attributeKinds)
        guard let text = node.string else {
            sink.error(node.mark, "\(context) is a template")
            return nil
        }
        return parseMessage(text, node, &checker, rule: context).map { compiler.compile($0, Names()) }
    }
}

extension SchemaLoader {
    mutating func loadWording(_ node: YAMLNode?, root: RecordType, rules: [Rule]) -> Wording {
        guard let node else { return Wording(changes: nil) }
        // A rule that did not load is said already: its id is not looked for.
        let rulesComplete = !sink.hasErrors
        checkKeys(node, .wording)
        var changes: Wording.Section?
        if let section = node["changes"] {
            let context = "wording 'changes'"
            checkKeys(section, .wordingSection, in: context)
            let templates = loadTemplates(section["lines"], root: root, context: context)
            var ok = templates != nil
            var otherwise: TextTemplate?
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
