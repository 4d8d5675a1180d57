/// Loading and checking the `transforms:` section: every expression is checked against the model
/// like a rule's, and every `set` must name a field of the record it reaches.
extension SchemaLoader {
    mutating func loadTransforms(_ node: YAMLNode?, root: RecordType) -> [Transform] {
        var out: [Transform] = []
        for (id, keyMark, entry) in node?.mapping ?? [] {
            let context = "transform '\(id)'"
            checkKeys(entry, .transform, in: context)
            var checker = ExpressionChecker(root: root, tables: tableKinds, attributes: attributeKinds)
            var ok = true
            let compiler = self.compiler
            let names = Names()
            var when: Code?
            if let w = entry["when"] {
                let e = checked(w, &checker, rule: context)
                when = e.map { compiler.compile($0, names) }
                ok = ok && when != nil
            }
            var steps: [Transform.Step] = []
            let stepNodes = entry["steps"]?.sequence ?? []
            if stepNodes.isEmpty { sink.error(entry.mark, "\(context) has no steps"); ok = false }
            for stepNode in stepNodes {
                guard let step = transformStep(stepNode, checker, names, root: root, context: context) else { ok = false; continue }
                steps.append(step)
            }
            if ok { out.append(Transform(id: id, doc: entry["doc"]?.string, mark: keyMark, when: when, steps: steps)) }
        }
        return out
    }

    /// One step of a transform, checked and compiled (with `checker`'s and `names`' variables);
    /// nil where it is wrong (said in `sink`).
    private mutating func transformStep(_ stepNode: YAMLNode, _ checker: ExpressionChecker, _ names: Names, root: RecordType, context: String) -> Transform.Step? {
        let compiler = self.compiler
        checkKeys(stepNode, .transformStep, in: "a step of \(context)")
        var inner = checker
        var stepNames = names
        var loop: Rule.Loop?
        if let eachNode = stepNode["each"] {
            guard let l = singleLoop(eachNode, &inner, context: context) else { return nil }
            loop = l
            stepNames.bind(l.name)  // slot 2
        }
        var stepWhen: Expression?
        if let w = stepNode["when"] {
            stepWhen = checked(w, &inner, rule: context)
            if stepWhen == nil { return nil }
        }
        if let itemNode = stepNode["item"] {
            return keyedStep(stepNode, itemNode, loop: loop, inner, outer: names, stepNames, root: root, context: context)
        }
        guard let setNode = stepNode["set"], let target = checked(setNode, &inner, rule: context) else {
            if stepNode["set"] == nil { sink.error(stepNode.mark, "a step of \(context) needs 'set': the field it sets") }
            return nil
        }
        let base: Expression?, field: String
        switch target {
        case .name(let n, _) where inner.variables[n] == nil: (base, field) = (nil, n)
        case .member(let b, let n, _): (base, field) = (b, n)
        default:
            sink.error(setNode.mark, "\(context): 'set' names a field of the report or of the loop's item (such as total or m.value), not '\(setNode.string ?? "")'")
            return nil
        }
        if let b = base, case .success(let shape) = inner.shape(of: b), case .record = shape {} else if base != nil {
            sink.error(setNode.mark, "\(context): '\(setNode.string ?? "")' is not a field of one record (a list's items are set with 'each')")
            return nil
        }
        var to: Expression?
        guard let toNode = stepNode["to"] else {
            sink.error(stepNode.mark, "a step of \(context) needs 'to': the new value, or null to remove the field")
            return nil
        }
        if toNode.string != nil, !(toNode.isPlainNull) {
            to = checked(toNode, &inner, rule: context)
            if to == nil { return nil }
        }
        var create: [String]?
        if let createNode = stepNode["create"] {
            switch createNode.string {
            case "true":
                guard loop == nil, let b = base, let path = Self.fieldPath(b, variables: inner.variables) else {
                    sink.error(createNode.mark, "\(context): 'create' needs 'set' to be a path of fields from the report (such as summary.total), without 'each'")
                    return nil
                }
                create = path
            case "false": break
            default:
                sink.error(createNode.mark, "\(context): 'create' is true or false")
                return nil
            }
        }
        func code(_ e: Expression?) -> Code? { e.map { compiler.compile($0, stepNames) } }
        return Transform.Step(loop: loop.map { compiler.compile($0.over, names) }, when: code(stepWhen), base: code(base), field: field,
                              to: code(to), create: create, mark: stepNode.mark)
    }
}

extension SchemaLoader {
    /// A step that sets a field of the record of a list whose key is the loop's item, the
    /// record made when the list has none (`item: groups, key: code, set: score`).
    private mutating func keyedStep(_ stepNode: YAMLNode, _ itemNode: YAMLNode, loop: Rule.Loop?, _ checker: ExpressionChecker,
                                    outer: Names, _ names: Names, root: RecordType, context: String) -> Transform.Step? {
        var inner = checker
        guard let loop else {
            sink.error(itemNode.mark, "\(context): 'item' needs 'each': the loop's items are the keys of the records set")
            return nil
        }
        let path = ModelPath(itemNode.string ?? "")
        guard case .list(.record(let type))? = path.field(in: root)?.kind else {
            sink.error(itemNode.mark, "\(context): 'item': '\(itemNode.string ?? "")' is not a list of records of the report")
            return nil
        }
        guard let keyName = stepNode["key"]?.string, let key = type.lookup(keyName), type.fields[key].kind.isScalar else {
            sink.error(stepNode.mark(of: "key"), "\(context): 'item' needs 'key': a scalar field of '\(type.name)' naming a record")
            return nil
        }
        guard let field = stepNode["set"]?.string, let f = type.lookup(field), type.fields[f].kind.isScalar else {
            sink.error(stepNode.mark(of: "set"), "\(context): with 'item', 'set' is a scalar field of '\(type.name)'")
            return nil
        }
        if stepNode["create"] != nil { sink.error(stepNode.mark(of: "create"), "\(context): with 'item', the record is made when absent: no 'create'") }
        var when: Expression?
        if let w = stepNode["when"] {
            when = checked(w, &inner, rule: context)
            if when == nil { return nil }
        }
        guard let toNode = stepNode["to"], let to = checked(toNode, &inner, rule: context) else {
            if stepNode["to"] == nil { sink.error(stepNode.mark, "a step of \(context) needs 'to': the new value") }
            return nil
        }
        let compiler = self.compiler
        return Transform.Step(loop: compiler.compile(loop.over, outer), when: when.map { compiler.compile($0, names) }, base: nil, field: field,
                              to: compiler.compile(to, names), create: nil, mark: stepNode.mark,
                              keyed: Transform.Keyed(list: path, type: type, key: key))
    }

    /// The field names of a path from the report (`last.band`), or nil for any other expression.
    static func fieldPath(_ e: Expression, variables: [String: Shape]) -> [String]? {
        switch e {
        case .name(let n, _) where variables[n] == nil && n != "report" && n != "previous": return [n]
        case .member(let b, let n, _): return fieldPath(b, variables: variables).map { $0 + [n] }
        default: return nil
        }
    }

    /// `each: NAME in EXPRESSION` of a transform step or a wording line: the loop, its item's
    /// shape given to `checker`; nil (the error said) when it does not read so or does not check.
    mutating func singleLoop(_ node: YAMLNode, _ checker: inout ExpressionChecker, context: String) -> Rule.Loop? {
        guard let text = node.string, let parsed = parseLoop(text), parsed.index == nil else {
            sink.error(node.mark, "\(context): 'each' must read 'NAME in EXPRESSION'")
            return nil
        }
        guard let over = expression(parsed.expression, node, offset: parsed.offset, rule: context) else { return nil }
        switch checker.shape(of: over) {
        case .failure(let e):
            report(e, node, offset: parsed.offset, rule: context)
            return nil
        case .success(let shape):
            checker.variables[parsed.name] = shape.element
            return Rule.Loop(name: parsed.name, index: nil, over: over)
        }
    }
}

extension YAMLNode {
    /// A plain `null`, `~` or empty scalar.
    var isPlainNull: Bool {
        if case .scalar(let s, let plain, _) = self { return plain && (s == "null" || s == "~" || s.isEmpty || s == "Null" || s == "NULL") }
        return false
    }
}
