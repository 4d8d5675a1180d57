/// Loading and checking the `rules:` section of a schema file. Every expression
/// is parsed and checked against the record types before any report is read: an unknown field,
/// function or variable, or a rule that looks at nothing of the report, is an error at its line
/// and column in the schema file.
extension SchemaLoader {
    mutating func loadRules(_ node: YAMLNode?, root: RecordType) -> [Rule] {
        var rules: [Rule] = []
        for entry in node?.sequence ?? [] {
            if let rule = loadRule(entry, root: root, taken: rules) { rules.append(rule) }
        }
        return rules
    }

    /// One rule of the section, checked and compiled; nil where it is wrong (said in `sink`).
    private mutating func loadRule(_ entry: YAMLNode, root: RecordType, taken: [Rule]) -> Rule? {
        checkKeys(entry, .rule)
        guard let id = entry["id"]?.string, !id.isEmpty else {
            sink.error(entry.mark, "a rule needs an 'id'")
            return nil
        }
        if taken.contains(where: { $0.id == id }) { sink.error(entry.mark(of: "id"), "rule id '\(id)' is used twice") }
        let severityText = entry["severity"]?.string ?? "error"
        guard let severity = Severity(rawValue: severityText) else {
            sink.error(entry.mark(of: "severity"), "rule '\(id)': severity must be error, warning or note, not '\(severityText)'")
            return nil
        }
        var checker = ExpressionChecker(root: root, tables: tableKinds, attributes: attributeKinds)
        var ok = true
        let loops = ruleLoops(entry, &checker, id: id, ok: &ok)
        var lets: [(name: String, value: Expression)] = []
        for (name, _, valueNode) in entry["let"]?.mapping ?? [] {
            guard let e = checked(valueNode, &checker, rule: "rule '\(id)'") else { ok = false; continue }
            if case .success(let shape) = checker.shape(of: e) { checker.variables[name] = shape }
            lets.append((name, e))
        }
        var failed: Set<String> = []
        func optional(_ key: String) -> Expression? {
            guard let n = entry[key] else { return nil }
            guard let e = checked(n, &checker, rule: "rule '\(id)'") else { ok = false; failed.insert(key); return nil }
            return e
        }
        let when = optional("when"), check = optional("check"), actual = optional("actual"), expect = optional("expect")
        if check == nil && (actual == nil || expect == nil) && failed.isDisjoint(with: ["check", "actual", "expect"]) {
            sink.error(entry.mark, "rule '\(id)' needs 'check', or 'actual' and 'expect'")
            ok = false
        }
        if check != nil && (actual != nil || expect != nil) {
            sink.error(entry.mark, "rule '\(id)' has both 'check' and 'actual'/'expect': give one or the other")
            ok = false
        }
        if actual != nil {
            checker.variables["actual"] = .any
            checker.variables["expect"] = .any
        }
        let at = optional("at")
        if !checker.touched && ok {
            sink.error(entry.mark, "rule '\(id)' looks at nothing of the report: its expressions name no field")
            ok = false
        }
        guard let messageNode = entry["message"], let template = messageNode.string else {
            sink.error(entry.mark, "rule '\(id)' needs a 'message'")
            return nil
        }
        guard let message = parseMessage(template, messageNode, &checker, rule: "rule '\(id)'"), ok else { return nil }
        let body = compileRule(loops: loops, lets: lets, when: when, check: check, actual: actual, expect: expect, at: at, message: message)
        return Rule(id: id, severity: severity, doc: entry["doc"]?.string ?? template, mark: entry.mark, body: body)
    }

    /// A rule's loops: `name in expr`, `name at index in expr` or `name = expr`, one or a list;
    /// each binds its names for the expressions after it.
    private mutating func ruleLoops(_ entry: YAMLNode, _ checker: inout ExpressionChecker, id: String, ok: inout Bool) -> [Rule.Loop] {
        var loops: [Rule.Loop] = []
        let eachNodes: [YAMLNode] = entry["each"].map { $0.sequence ?? [$0] } ?? []
        for eachNode in eachNodes {
            if let text = eachNode.string, let binding = parseBinding(text) {
                guard let value = expression(binding.expression, eachNode, offset: binding.offset, rule: "rule '\(id)'") else { ok = false; continue }
                switch checker.shape(of: value) {
                case .failure(let e): report(e, eachNode, offset: binding.offset, rule: "rule '\(id)'"); ok = false
                case .success(let shape): checker.variables[binding.name] = shape
                }
                loops.append(Rule.Loop(name: binding.name, index: nil, over: value, binds: true))
                continue
            }
            guard let text = eachNode.string, let parsed = parseLoop(text) else {
                sink.error(eachNode.mark, "rule '\(id)': 'each' must read 'NAME in EXPRESSION', 'NAME at INDEX in EXPRESSION' or 'NAME = EXPRESSION'")
                ok = false
                continue
            }
            guard let over = expression(parsed.expression, eachNode, offset: parsed.offset, rule: "rule '\(id)'") else { ok = false; continue }
            switch checker.shape(of: over) {
            case .failure(let e): report(e, eachNode, offset: parsed.offset, rule: "rule '\(id)'"); ok = false
            case .success(let shape):
                checker.variables[parsed.name] = shape.element
                if let index = parsed.index { checker.variables[index] = .number }
            }
            loops.append(Rule.Loop(name: parsed.name, index: parsed.index, over: over))
        }
        return loops
    }

    /// A checked rule compiled, in order: each expression sees the variables bound before it;
    /// what reads only the report is evaluated once per report, whichever rule asks.
    private mutating func compileRule(loops: [Rule.Loop], lets: [(name: String, value: Expression)], when: Expression?, check: Expression?,
                                      actual: Expression?, expect: Expression?, at: Expression?, message: [Rule.MessagePart]) -> Rule.Body {
        var variables = Set(loops.map(\.name) + loops.compactMap(\.index) + lets.map(\.name) + ["actual", "expect"])
        variables.remove("report")
        variables.remove("previous")
        func c(_ e: Expression) -> Expression { cacheable(resolve(e, variables), variables) }
        let compiler = self.compiler
        var names = Names()
        var compiledLoops: [(slot: Int, index: Int?, over: Code, binds: Bool)] = []
        for l in loops {
            let over = compiler.compile(c(l.over), names)
            // A binding (`NAME = EXPRESSION`) is computed when first read, as a `let` is.
            let slot = names.bind(l.name, isLet: l.binds)
            compiledLoops.append((slot, l.index.map { names.bind($0) }, over, l.binds))
        }
        var compiledLets: [(slot: Int, value: Code)] = []
        for (name, value) in lets {
            let code = compiler.compile(c(value), names)
            compiledLets.append((names.bind(name, isLet: true), code))
        }
        func code(_ e: Expression?) -> Code? { e.map { compiler.compile(c($0), names) } }
        let whenCode = code(when), checkCode = code(check), actualCode = code(actual), expectCode = code(expect)
        let actualSlot = names.bind("actual"), expectSlot = names.bind("expect")
        return Rule.Body(loops: compiledLoops, lets: compiledLets, when: whenCode, check: checkCode, actual: actualCode, expect: expectCode,
                         actualSlot: actualSlot, expectSlot: expectSlot, at: code(at),
                         message: compiler.compile(message.map { part in
                             if case .value(let e) = part { return .value(c(e)) }
                             return part
                         }, names),
                         slots: names.count)
    }

    /// `NAME = EXPRESSION` (a single `=`, not `==`).
    func parseBinding(_ text: String) -> (name: String, expression: String, offset: Int)? {
        let bytes = Array(text.utf8)
        var k = 0
        while k < bytes.count && bytes[k] == 0x20 { k += 1 }
        let start = k
        while k < bytes.count && (bytes[k] == 0x5F || (bytes[k] | 0x20 >= 0x61 && bytes[k] | 0x20 <= 0x7A) || (bytes[k] >= 0x30 && bytes[k] <= 0x39)) { k += 1 }
        guard k > start else { return nil }
        let name = String(decoding: bytes[start..<k], as: UTF8.self)
        while k < bytes.count && bytes[k] == 0x20 { k += 1 }
        guard k < bytes.count, bytes[k] == UInt8(ascii: "="), k + 1 >= bytes.count || bytes[k + 1] != UInt8(ascii: "=") else { return nil }
        k += 1
        while k < bytes.count && bytes[k] == 0x20 { k += 1 }
        return (name, String(decoding: bytes[k...], as: UTF8.self), k)
    }

    /// `e` with its field names resolved to ids (names that are not variables of the rule).
    func resolve(_ e: Expression, _ variables: Set<String>) -> Expression {
        func r(_ x: Expression) -> Expression { resolve(x, variables) }
        switch e {
        case .name(let n, _):
            guard !variables.contains(n), n != "report", n != "previous", let id = fieldIDs[n] else { return e }
            return .field(nil, id: id, name: n)
        case .member(let b, let n, _):
            guard let id = fieldIDs[n] else { return .member(r(b), n, offset: 0) }
            return .field(r(b), id: id, name: n)
        case .literal, .cached, .field: return e
        case .list(let items): return .list(items.map(r))
        case .all(let b): return .all(r(b))
        case .index(let a, let b): return .index(r(a), r(b))
        case .slice(let a, let b, let c): return .slice(r(a), b.map(r), c.map(r))
        case .filter(let a, let b): return .filter(r(a), r(b))
        case .call(let n, let args, let o): return .call(n, args.map(r), offset: o)
        case .unary(let op, let a): return .unary(op, r(a))
        case .binary(let op, let a, let b): return .binary(op, r(a), r(b))
        case .logic(let op, let a, let b): return .logic(op, r(a), r(b))
        case .conditional(let a, let b, let c): return .conditional(r(a), r(b), r(c))
        }
    }

    /// `e` with its largest subexpressions that read no variable of the rule marked `cached`.
    mutating func cacheable(_ e: Expression, _ variables: Set<String>) -> Expression {
        var names = Set<String>()
        e.names(into: &names)
        if names.isDisjoint(with: variables) {
            switch e {
            case .literal, .cached: return e
            default:
                let key = e.key
                if let slot = cacheSlots[key] { return .cached(slot, e) }
                cacheSlots[key] = cacheSlots.count
                return .cached(cacheSlots.count - 1, e)
            }
        }
        func r(_ x: Expression) -> Expression { cacheable(x, variables) }
        switch e {
        case .literal, .name, .cached: return e
        case .field(let b, let id, let n): return .field(b.map { cacheable($0, variables) }, id: id, name: n)
        case .list(let items): return .list(items.map { cacheable($0, variables) })
        case .member(let b, let n, let o): return .member(cacheable(b, variables), n, offset: o)
        case .all(let b): return .all(cacheable(b, variables))
        case .index(let a, let b): return .index(cacheable(a, variables), cacheable(b, variables))
        case .slice(let a, let b, let c): return .slice(cacheable(a, variables), b.map { cacheable($0, variables) }, c.map { cacheable($0, variables) })
        // A filter's condition runs with each item as scope: only its base can be cached.
        case .filter(let a, let b): return .filter(cacheable(a, variables), b)
        case .call(let n, let args, let o): return .call(n, args.map { cacheable($0, variables) }, offset: o)
        case .unary(let op, let a): return .unary(op, cacheable(a, variables))
        case .binary(let op, let a, let b): return .binary(op, cacheable(a, variables), cacheable(b, variables))
        case .logic(let op, let a, let b): return .logic(op, cacheable(a, variables), cacheable(b, variables))
        case .conditional(let a, let b, let c): return .conditional(cacheable(a, variables), cacheable(b, variables), cacheable(c, variables))
        }
    }

    func parseLoop(_ text: String) -> (name: String, index: String?, expression: String, offset: Int)? {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count >= 3 else { return nil }
        var index: String?
        var inAt = 1
        if words[1] == "at" {
            guard words.count >= 5, words[3] == "in" else { return nil }
            index = String(words[2])
            inAt = 3
        }
        guard words[inAt] == "in" else { return nil }
        let expressionStart = words[inAt + 1].startIndex
        let offset = text.utf8.distance(from: text.startIndex, to: expressionStart)
        return (String(words[0]), index, String(text[expressionStart...]), offset)
    }

    /// The position in the schema file of byte `offset` of a scalar's text.
    func mark(_ node: YAMLNode, offset: Int) -> Mark { node.mark(at: offset) }

    mutating func report(_ e: ExpressionError, _ node: YAMLNode, offset: Int, rule: String) {
        sink.error(mark(node, offset: offset + e.offset), "\(rule): \(e.message)")
    }

    mutating func expression(_ text: String, _ node: YAMLNode, offset: Int, rule: String) -> Expression? {
        do {
            return try ExpressionParser.parse(text)
        } catch {
            report(error, node, offset: offset, rule: rule)
            return nil
        }
    }

    mutating func checked(_ node: YAMLNode, _ checker: inout ExpressionChecker, rule: String) -> Expression? {
        guard let text = node.string else {
            sink.error(node.mark, "\(rule): an expression must be a string")
            return nil
        }
        guard let e = expression(text, node, offset: 0, rule: rule) else { return nil }
        if case .failure(let error) = checker.shape(of: e) {
            report(error, node, offset: 0, rule: rule)
            return nil
        }
        return e
    }

    /// `text {expression} text`: `{{` and `}}` stand for braces.
    mutating func parseMessage(_ template: String, _ node: YAMLNode, _ checker: inout ExpressionChecker, rule: String) -> [Rule.MessagePart]? {
        var parts: [Rule.MessagePart] = []
        let bytes = Array(template.utf8)
        var text: [UInt8] = []
        var k = 0
        while k < bytes.count {
            let b = bytes[k]
            if (b == UInt8(ascii: "{") || b == UInt8(ascii: "}")) && k + 1 < bytes.count && bytes[k + 1] == b {
                text.append(b)
                k += 2
            } else if b == UInt8(ascii: "{") {
                guard let close = bytes[k...].firstIndex(of: UInt8(ascii: "}")) else {
                    sink.error(mark(node, offset: k), "\(rule): '{' without '}' in the message")
                    return nil
                }
                if !text.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))) }
                text = []
                let source = String(decoding: bytes[(k + 1)..<close], as: UTF8.self)
                guard let e = expression(source, node, offset: k + 1, rule: rule) else { return nil }
                if case .failure(let error) = checker.shape(of: e) {
                    report(error, node, offset: k + 1, rule: rule)
                    return nil
                }
                parts.append(.value(e))
                k = close + 1
            } else {
                text.append(b)
                k += 1
            }
        }
        if !text.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))) }
        return parts
    }
}

/// What an expression yields, as far as the schema tells before any report is read.
indirect enum Shape {
    case record(RecordType), list(Shape), number, string, bool, null, any

    /// The shape of one item (a list's item; anything else stands for itself).
    var element: Shape {
        if case .list(let s) = self { return s }
        return self
    }

    init(_ kind: Kind) {
        switch kind {
        case .decimal, .integer: self = .number
        case .boolean: self = .bool
        case .string, .enumeration: self = .string
        case .record(let r): self = .record(r)
        case .list(let k): self = .list(Shape(k))
        }
    }
}

/// Checks an expression against the record types: names, fields and functions must exist.
struct ExpressionChecker {
    let root: RecordType
    var variables: [String: Shape] = [:]
    var scope: Shape
    /// Whether any expression checked so far reads a field of the report.
    var touched = false

    /// The lookup tables `lookup()` may name, and whether each gives numbers.
    var tables: [String: Bool] = [:]
    /// The item attributes `attribute()` may name, and whether each is a number.
    var attributes: [String: Bool] = [:]

    init(root: RecordType, tables: [String: Bool] = [:], attributes: [String: Bool] = [:]) {
        self.root = root
        self.tables = tables
        self.attributes = attributes
        self.scope = .record(root)
        variables["report"] = .record(root)
        variables["previous"] = .record(root)
    }

    mutating func shape(of e: Expression) -> Result<Shape, ExpressionError> {
        do throws(ExpressionError) { return .success(try check(e)) } catch { return .failure(error) }
    }

    private mutating func check(_ e: Expression) throws(ExpressionError) -> Shape {
        switch e {
        case .literal(let v):
            switch v {
            case .number: return .number
            case .string: return .string
            case .bool: return .bool
            default: return .null
            }
        case .list(let items):
            var s: Shape = .any
            for item in items { s = try check(item) }
            return .list(s)
        case .name(let name, let offset):
            if let v = variables[name] {
                if name == "report" || name == "previous" { touched = true }
                return v
            }
            return try member(scope, name, offset)
        case .member(let base, let name, let offset):
            return try member(try check(base), name, offset)
        case .all(let base):
            let s = try check(base)
            if case .list = s { return s }
            return .list(s)
        case .index(let base, let index):
            _ = try check(index)
            return try check(base).element
        case .slice(let base, let a, let b):
            if let a { _ = try check(a) }
            if let b { _ = try check(b) }
            let s = try check(base)
            if case .list = s { return s }
            return .list(s)
        case .filter(let base, let condition):
            let s = try check(base)
            let saved = scope
            scope = s.element
            _ = try check(condition)
            scope = saved
            if case .list = s { return s }
            return .list(s)
        case .call(let function, let args, let offset):
            return try checkCall(function, args, offset)
        case .unary(let op, let operand):
            let s = try check(operand)
            return op == .not ? .bool : s
        case .binary(let op, let l, let r):
            let a = try check(l)
            let b = try check(r)
            if op == .plus, case .string = a, case .string = b { return .string }
            return op.isArithmetic ? .number : .bool
        case .logic(_, let l, let r):
            _ = try check(l)
            _ = try check(r)
            return .bool
        case .cached(_, let inner):
            return try check(inner)
        case .field(let base, _, let name):
            guard let base else { return try member(scope, name, 0) }
            return try member(try check(base), name, 0)
        case .conditional(let c, let a, let b):
            _ = try check(c)
            let sa = try check(a)
            _ = try check(b)
            return sa
        }
    }

    /// A call's arguments checked, and the shape of what the function gives.
    private mutating func checkCall(_ function: Function, _ args: [Expression], _ offset: Int) throws(ExpressionError) -> Shape {
        var shapes: [Shape] = []
        for a in args { shapes.append(try check(a)) }
        if function == .attribute {
            guard args.count == 2, case .literal(.string(let name, _)) = args[1], let numeric = attributes[name] else {
                throw ExpressionError(offset: offset, message: "attribute() takes an item and the name of a declared item attribute in quotes (attributes: \(attributes.keys.sorted().joined(separator: ", ")))")
            }
            return numeric ? .number : .string
        }
        if function == .matches, case .literal(.string(let pattern, _)) = args[1], Function.regex(pattern) == nil {
            throw ExpressionError(offset: offset, message: "matches(): '\(pattern)' is not a regular expression")
        }
        if function == .lookup {
            guard case .literal(.string(let table, _)) = args[0], let numeric = tables[table] else {
                throw ExpressionError(offset: offset, message: "lookup() takes the name of a table in quotes first (tables: \(tables.keys.sorted().joined(separator: ", ")))")
            }
            return numeric ? .number : .string
        }
        switch function {
        case .exists, .starts_with, .matches: return .bool
        case .words: return .list(.string)
        case .first, .last: return shapes[0].element
        case .pick: return shapes[1].element
        case .band, .band_exact, .did_you_mean, .signed, .join: return .string
        case .items_for: return .list(.string)
        case .editions, .range, .breaks: return .list(.number)
        case .mean, .sum, .count, .min, .max, .round, .abs, .previous_edition, .recover_mean, .lookup, .attribute: return .number
        }
    }

    private mutating func member(_ base: Shape, _ name: String, _ offset: Int) throws(ExpressionError) -> Shape {
        switch base {
        case .record(let type):
            guard let i = type.lookup(name) else {
                throw ExpressionError(offset: offset, message: "'\(type.name)' has no field '\(name)' (fields: \(type.fields.map(\.name).joined(separator: ", ")))")
            }
            touched = true
            return Shape(type.fields[i].kind)
        case .list(let s):
            let inner = try member(s, name, offset)
            if case .list = inner { return inner }
            return .list(inner)
        case .any, .null:
            return .any
        case .number, .string, .bool:
            throw ExpressionError(offset: offset, message: "'\(name)' is not a field: the value there is a \(base.describe)")
        }
    }
}

extension Shape {
    var describe: String {
        switch self {
        case .record(let t): "'\(t.name)' record"
        case .list: "list"
        case .number: "number"
        case .string: "string"
        case .bool: "boolean"
        case .null: "null"
        case .any: "value"
        }
    }
}
