/// The schema's rule expressions: a small language over the report model.
///
///     round(mean(measures[*].value), 2)
///     m.code == 'Clarity'
///     first(measures[? code == c.code].value)
///     if scale == 'inverted' then top - x else x
///
/// - literals: decimals (`1.00`, exact), strings (`'…'` or `"…"`), `true`, `false`, `null`,
///   lists (`[1, 2]`);
/// - names: a variable (`report`, `previous`, a rule's `each` and `let` names), else a field of
///   the scope (the report; inside a filter, the item being filtered);
/// - paths: `a.b`, `list[*]` (every item), `list[0]` (one item), `list[? cond]` (the items for
///   which `cond` holds, with the item as scope), `list[a:b]` (a slice); a field of a list is the
///   list of that field of its items;
/// - arithmetic `+ - * /`, comparisons `== != < <= > >=`, `in`, `and or not`,
///   `if … then … else …`;
/// - functions: see `Function` (in Evaluator.swift).
indirect enum Expression: Sendable {
    case literal(RuleValue)
    case list([Expression])
    case name(String, offset: Int)
    case member(Expression, String, offset: Int)
    case all(Expression)
    case index(Expression, Expression)
    case slice(Expression, Expression?, Expression?)
    case filter(Expression, Expression)
    case call(Function, [Expression], offset: Int)
    case unary(PrefixOperator, Expression)
    case binary(BinaryOperator, Expression, Expression)
    case logic(LogicOperator, Expression, Expression)
    case conditional(Expression, Expression, Expression)
    /// An expression that reads only the report (no variable of its rule), evaluated once per
    /// report and kept in slot `Int` of the evaluation cache: `measures`, `mean(…value)`.
    case cached(Int, Expression)
    /// A field resolved when the schema loads: of `base`, or (nil) of the scope; `id` indexes
    /// every record type's `fieldSlots`, so no name is hashed while reports are checked.
    case field(Expression?, id: Int, name: String)

    /// The names of variables the expression reads (bare names: a field when no variable has
    /// the name). Names inside a filter's condition count too.
    func names(into set: inout Set<String>) {
        switch self {
        case .literal: break
        case .list(let items): for i in items { i.names(into: &set) }
        case .name(let n, _): set.insert(n)
        case .member(let b, _, _), .all(let b): b.names(into: &set)
        case .index(let a, let b), .filter(let a, let b), .binary(_, let a, let b), .logic(_, let a, let b): a.names(into: &set); b.names(into: &set)
        case .slice(let a, let b, let c): a.names(into: &set); b?.names(into: &set); c?.names(into: &set)
        case .call(_, let args, _): for a in args { a.names(into: &set) }
        case .unary(_, let a): a.names(into: &set)
        case .conditional(let a, let b, let c): a.names(into: &set); b.names(into: &set); c.names(into: &set)
        case .cached(_, let e): e.names(into: &set)
        case .field(let b, _, _): b?.names(into: &set)
        }
    }

    /// A canonical spelling, the same for expressions that mean the same.
    var key: String {
        switch self {
        case .literal(let v): "lit(\(v.display))"
        case .list(let items): "[" + items.map(\.key).joined(separator: ",") + "]"
        case .name(let n, _): n
        case .member(let b, let n, _): "(\(b.key)).\(n)"
        case .all(let b): "(\(b.key))[*]"
        case .index(let a, let b): "(\(a.key))[\(b.key)]"
        case .slice(let a, let b, let c): "(\(a.key))[\(b?.key ?? ""):\(c?.key ?? "")]"
        case .filter(let a, let b): "(\(a.key))[?\(b.key)]"
        case .call(let f, let args, _): f.rawValue + "(" + args.map(\.key).joined(separator: ",") + ")"
        case .unary(let op, let a): "\(op.rawValue)(\(a.key))"
        case .binary(let op, let a, let b): "(\(a.key))\(op.rawValue)(\(b.key))"
        case .logic(let op, let a, let b): "(\(a.key))\(op.rawValue)(\(b.key))"
        case .conditional(let a, let b, let c): "if(\(a.key),\(b.key),\(c.key))"
        case .cached(_, let e): e.key
        case .field(let b, _, let n): b.map { "(\($0.key)).\(n)" } ?? n
        }
    }
}

/// An operator between two values, as the language spells it: the parser, the shape check and
/// the compiled code all name operators by these cases (no table of spellings elsewhere).
enum BinaryOperator: String, Sendable, CaseIterable {
    case equal = "==", notEqual = "!=", lessOrEqual = "<=", greaterOrEqual = ">=", less = "<", greater = ">", among = "in"
    case plus = "+", minus = "-", times = "*", divided = "/"

    /// The comparisons, longest spelling first (`<=` before `<`), as the parser tries them.
    static let comparisons: [BinaryOperator] = [.equal, .notEqual, .lessOrEqual, .greaterOrEqual, .less, .greater, .among]

    var isArithmetic: Bool { self == .plus || self == .minus || self == .times || self == .divided }
}

/// `and`, `or`.
enum LogicOperator: String, Sendable {
    case and, or
}

/// `not x`, `-x`.
enum PrefixOperator: String, Sendable {
    case not, negate = "-"
}

/// A syntax error in an expression: what, and the byte offset into the expression's text.
struct ExpressionError: Error {
    var offset: Int
    var message: String
}

/// Parses expression text into an `Expression`.
struct ExpressionParser {
    private enum Token: Equatable {
        case number(String), string(String), ident(String), symbol(String), end
    }

    private var tokens: [(token: Token, offset: Int)] = []
    private var k = 0

    static func parse(_ text: String) throws(ExpressionError) -> Expression {
        var parser = ExpressionParser()
        try parser.lex(Array(text.utf8))
        let e = try parser.expression()
        guard parser.peek == .end else { throw ExpressionError(offset: parser.offset, message: "unexpected \(parser.describe(parser.peek))") }
        return e
    }

    // MARK: Lexing

    private mutating func lex(_ b: [UInt8]) throws(ExpressionError) {
        var i = 0
        func isIdent(_ c: UInt8) -> Bool { (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == 0x5F || (c >= 0x30 && c <= 0x39) }
        while i < b.count {
            let c = b[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1; continue }
            let start = i
            if c >= 0x30 && c <= 0x39 {
                while i < b.count && (b[i] >= 0x30 && b[i] <= 0x39) { i += 1 }
                if i + 1 < b.count && b[i] == 0x2E && b[i + 1] >= 0x30 && b[i + 1] <= 0x39 {
                    i += 1
                    while i < b.count && (b[i] >= 0x30 && b[i] <= 0x39) { i += 1 }
                }
                tokens.append((.number(String(decoding: b[start..<i], as: UTF8.self)), start))
            } else if isIdent(c) {
                while i < b.count && isIdent(b[i]) { i += 1 }
                tokens.append((.ident(String(decoding: b[start..<i], as: UTF8.self)), start))
            } else if c == 0x27 || c == 0x22 {
                i += 1
                while i < b.count && b[i] != c { i += 1 }
                guard i < b.count else { throw ExpressionError(offset: start, message: "unterminated string") }
                tokens.append((.string(String(decoding: b[(start + 1)..<i], as: UTF8.self)), start))
                i += 1
            } else {
                let two = i + 1 < b.count ? String(decoding: b[i...(i + 1)], as: UTF8.self) : ""
                if ["==", "!=", "<=", ">="].contains(two) {
                    tokens.append((.symbol(two), start))
                    i += 2
                } else if "+-*/<>()[],.?:".utf8.contains(c) {
                    tokens.append((.symbol(String(UnicodeScalar(c))), start))
                    i += 1
                } else {
                    throw ExpressionError(offset: start, message: "unexpected character '\(String(decoding: [c], as: UTF8.self))'")
                }
            }
        }
        tokens.append((.end, b.count))
    }

    // MARK: Parsing

    private var peek: Token { tokens[k].token }
    private var offset: Int { tokens[k].offset }

    private func describe(_ t: Token) -> String {
        switch t {
        case .number(let s), .ident(let s): "'\(s)'"
        case .string(let s): "'\(s)'"
        case .symbol(let s): "'\(s)'"
        case .end: "end of expression"
        }
    }

    private mutating func take(_ symbol: String) -> Bool {
        if peek == .symbol(symbol) || peek == .ident(symbol) { k += 1; return true }
        return false
    }

    private mutating func expect(_ symbol: String) throws(ExpressionError) {
        guard take(symbol) else { throw ExpressionError(offset: offset, message: "expected '\(symbol)', found \(describe(peek))") }
    }

    private mutating func expression() throws(ExpressionError) -> Expression {
        if take("if") {
            let c = try expression()
            try expect("then")
            let a = try expression()
            try expect("else")
            let b = try expression()
            return .conditional(c, a, b)
        }
        return try or()
    }

    private mutating func or() throws(ExpressionError) -> Expression {
        var e = try and()
        while take("or") { e = .logic(.or, e, try and()) }
        return e
    }

    private mutating func and() throws(ExpressionError) -> Expression {
        var e = try not()
        while take("and") { e = .logic(.and, e, try not()) }
        return e
    }

    private mutating func not() throws(ExpressionError) -> Expression {
        if take("not") { return .unary(.not, try not()) }
        return try comparison()
    }

    private mutating func comparison() throws(ExpressionError) -> Expression {
        let e = try additive()
        for op in BinaryOperator.comparisons where take(op.rawValue) {
            return .binary(op, e, try additive())
        }
        return e
    }

    private mutating func additive() throws(ExpressionError) -> Expression {
        var e = try multiplicative()
        while true {
            if take("+") { e = .binary(.plus, e, try multiplicative()) } else if take("-") { e = .binary(.minus, e, try multiplicative()) } else { return e }
        }
    }

    private mutating func multiplicative() throws(ExpressionError) -> Expression {
        var e = try unary()
        while true {
            if take("*") { e = .binary(.times, e, try unary()) } else if take("/") { e = .binary(.divided, e, try unary()) } else { return e }
        }
    }

    private mutating func unary() throws(ExpressionError) -> Expression {
        if take("-") { return .unary(.negate, try unary()) }
        return try postfix()
    }

    private mutating func postfix() throws(ExpressionError) -> Expression {
        var e = try primary()
        while true {
            if take(".") {
                let at = offset
                guard case .ident(let name) = peek else { throw ExpressionError(offset: at, message: "expected a field name after '.'") }
                k += 1
                e = .member(e, name, offset: at)
            } else if take("[") {
                if take("*") {
                    e = .all(e)
                } else if take("?") {
                    e = .filter(e, try expression())
                } else if take(":") {
                    e = .slice(e, nil, peek == .symbol("]") ? nil : try expression())
                } else {
                    let first = try expression()
                    if take(":") {
                        e = .slice(e, first, peek == .symbol("]") ? nil : try expression())
                    } else {
                        e = .index(e, first)
                    }
                }
                try expect("]")
            } else {
                return e
            }
        }
    }

    private mutating func primary() throws(ExpressionError) -> Expression {
        let at = offset
        switch peek {
        case .number(let text):
            k += 1
            guard let number = Number(text: text) else { throw ExpressionError(offset: at, message: "the number \(text) has more than 15 digits") }
            return .literal(.number(number, nil))
        case .string(let s):
            k += 1
            return .literal(.string(s, nil))
        case .ident(let name):
            k += 1
            switch name {
            case "true": return .literal(.bool(true, nil))
            case "false": return .literal(.bool(false, nil))
            case "null": return .literal(.null)
            case "if", "then", "else", "and", "or", "not", "in":
                throw ExpressionError(offset: at, message: "unexpected '\(name)'")
            default: break
            }
            if take("(") {
                var args: [Expression] = []
                if !take(")") {
                    repeat { args.append(try expression()) } while take(",")
                    try expect(")")
                }
                guard let function = Function(rawValue: name) else {
                    throw ExpressionError(offset: at, message: "unknown function '\(name)' (known: \(Function.allCases.map(\.rawValue).sorted().joined(separator: ", ")))")
                }
                let arity = function.arity
                guard arity.contains(args.count) else {
                    let takes = arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)"
                    throw ExpressionError(offset: at, message: "\(name)() takes \(takes) argument\(arity.upperBound == 1 ? "" : "s"), not \(args.count)")
                }
                return .call(function, args, offset: at)
            }
            return .name(name, offset: at)
        case .symbol("("):
            k += 1
            let e = try expression()
            try expect(")")
            return e
        case .symbol("["):
            k += 1
            var items: [Expression] = []
            if !take("]") {
                repeat { items.append(try expression()) } while take(",")
                try expect("]")
            }
            return .list(items)
        default:
            throw ExpressionError(offset: at, message: "unexpected \(describe(peek))")
        }
    }
}
