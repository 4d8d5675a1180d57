/// Compiles the rule language's expressions into `Code` when a schema loads: names to slots or
/// fields, operators and functions to their cases.

/// The variables an expression sees, by slot: `report` 0 and `previous` 1, then its context's
/// own (loop items and indexes, `let`s, `actual`, `expect`), each bound before the expression.
struct Names {
    private(set) var slots: [String: Int] = ["report": 0, "previous": 1]
    private(set) var lets: Set<Int> = []
    private(set) var count = 2

    /// A new variable's slot (a name bound again gets a new slot; the later binding wins).
    @discardableResult
    mutating func bind(_ name: String, isLet: Bool = false) -> Int {
        slots[name] = count
        if isLet { lets.insert(count) }
        count += 1
        return count - 1
    }

    func contains(_ name: String) -> Bool { slots[name] != nil }
}

/// Compiles expressions: names to slots or fields, operators and functions to their cases.
struct Compiler {
    /// Schema-wide ids of field names (see `Expression.field`); a name without one is a field
    /// of no type.
    var fieldIDs: [String: Int] = [:]

    init(fieldIDs: [String: Int]) { self.fieldIDs = fieldIDs }

    /// The ids of a loaded schema's fields, as each type maps them.
    init(schema: Schema) {
        for type in schema.types {
            for (id, i) in type.fieldSlots.enumerated() where i >= 0 { fieldIDs[type.fields[i].name] = id }
        }
    }

    /// `e` compiled with the variables `names` binds; its other names are fields of the scope.
    func compile(_ e: Expression, _ names: Names) -> Code {
        func c(_ x: Expression) -> Code { compile(x, names) }
        switch e {
        case .literal(let v):
            return Code.Constant(v)
        case .list(let items):
            if let values = Self.constants(items) { return Code.Constant(.list(values, nil)) }
            return Code.MakeList(items.map(c))
        case .name(let n, _):
            if let slot = names.slots[n] { return names.lets.contains(slot) ? Code.LetVariable(slot) : Code.Variable(slot) }
            if let id = fieldIDs[n] { return Code.ScopeField(id) }
            return Code.Constant(.null)  // a field no type has: absent everywhere
        case .member(let b, let n, _):
            if let id = fieldIDs[n] { return Self.field(c(b), id) }
            return Code.Constant(.null)
        case .field(let b, let id, let n):
            _ = n
            guard let b else { return Code.ScopeField(id) }
            return Self.field(c(b), id)
        case .all(let b): return Code.All(c(b))
        case .index(let a, let b): return Code.Index(c(a), c(b))
        case .slice(let a, let b, let d): return Code.Slice(c(a), b.map(c), d.map(c))
        case .filter(let a, let b): return Code.Filter(c(a), c(b))
        case .call(let function, let args, _): return Code.Call(function, args.map(c))
        case .unary(let op, let a): return op == .not ? Code.Not(c(a)) : Code.Negate(c(a))
        case .logic(let op, let a, let b): return Code.Logic(isAnd: op == .and, c(a), c(b))
        case .binary(let op, let a, let b): return Code.Binary(op, c(a), c(b))
        case .conditional(let x, let y, let z): return Code.Conditional(c(x), c(y), c(z))
        case .cached(let slot, let inner): return Code.Cached(slot, c(inner))
        }
    }

    /// Field `id` of `base`'s value; of a variable's, read in place.
    private static func field(_ base: Code, _ id: Int) -> Code {
        if let v = base as? Code.Variable { return Code.VariableField(v.slot, id) }
        if let v = base as? Code.LetVariable { return Code.LetField(v, id) }
        return Code.FieldOf(base, id)
    }

    /// The values of a list of literals, or nil when an item is not one.
    private static func constants(_ items: [Expression]) -> [RuleValue]? {
        var out: [RuleValue] = []
        for item in items {
            guard case .literal(let v) = item else { return nil }
            out.append(v)
        }
        return out
    }

    func compile(_ parts: [Rule.MessagePart], _ names: Names) -> TextTemplate {
        TextTemplate(parts: parts.map { part in
            switch part {
            case .text(let s): .text(s)
            case .value(let e): .value(compile(e, names))
            }
        })
    }
}

extension SchemaLoader {
    var compiler: Compiler { Compiler(fieldIDs: fieldIDs) }
}

/// A message or a line of prose, compiled: text, and values shown as they print.
struct TextTemplate: Sendable {
    enum Part: Sendable {
        case text(String)
        case value(Code)
    }

    let parts: [Part]

    func render(_ f: Frame) throws(EvaluationError) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let s): out += s
            case .value(let c): out += try c.run(f).display
            }
        }
        return out
    }
}
