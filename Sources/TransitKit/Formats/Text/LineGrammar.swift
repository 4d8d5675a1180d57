/// A sentence of the page as a template of literal text and fields of one record type, read and
/// written by the same template: `{subject} status {verb} from {from} to {to}{rest}`.
///
/// `[…]` is an optional part, written when every field in it has a value and read when the line
/// has it (`{category}[ {term}] {verb} from …`). What a field matches is its kind's: an
/// enumeration one of its values (the longest first), a number a decimal as printed, text any
/// run of characters (the shortest that lets the rest of the line match; the last part takes
/// the rest of the line, and nothing there leaves the field absent), or one of the values a
/// layout gives it. What a field read is what it writes, so a line read and written again is the
/// same bytes (GetPut), and a record written and read again the same record (PutGet).
struct LineGrammar: Sendable {
    indirect enum Part: Sendable {
        case literal([UInt8])
        /// A field of `type` (its index) and what it matches.
        case field(Int, Matcher)
        case optional([Part])
    }

    enum Matcher: Sendable {
        /// One of these, tried longest first.
        case values([[UInt8]])
        /// A decimal as printed: digits, and a point followed by digits.
        case number
        case text
    }

    let type: RecordType
    let parts: [Part]
    /// The template as the schema writes it, for messages.
    let template: String

    /// The fields' values of `line` (field index → its bytes), or nil when the line is not one
    /// this template reads.
    func read(_ line: ArraySlice<UInt8>) -> [(field: Int, value: ArraySlice<UInt8>)]? {
        var found: [(Int, ArraySlice<UInt8>)] = []
        return Self.match(parts[...], [], line, line.startIndex, &found) ? found : nil
    }

    /// The record `line` reads as, or nil: the record marked where the line starts, each field
    /// where its value does (`mark` gives the place of a byte offset into `line`).
    func record(_ line: ArraySlice<UInt8>, mark: (Int) -> Mark) -> Record? {
        guard let values = read(line) else { return nil }
        var r = Record(type, mark: mark(0))
        for (k, v) in values where !v.isEmpty { r.fields[k] = .scalar(String(decoding: v, as: UTF8.self), mark(v.startIndex - line.startIndex)) }
        return r
    }

    /// The line of `r`: every literal, each field's text (nothing for an absent one), an
    /// optional part only where all its fields have values.
    func write(_ r: Record) -> String {
        var out: [UInt8] = []
        Self.write(parts, r, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The field indexes outside the optional parts: the line is written only with each of them.
    var required: [Int] { parts.compactMap { if case .field(let k, _) = $0 { k } else { nil } } }

    /// The field indexes the template names, in order.
    var fields: [Int] { Self.fields(parts) }

    static func fields(_ parts: [Part]) -> [Int] {
        parts.flatMap { part -> [Int] in
            switch part {
            case .literal: []
            case .field(let k, _): [k]
            case .optional(let inner): fields(inner)
            }
        }
    }

    private static func write(_ parts: [Part], _ r: Record, into out: inout [UInt8]) {
        for part in parts {
            switch part {
            case .literal(let bytes): out.append(contentsOf: bytes)
            case .field(let k, _): if let t = r.fields[k]?.text { out.append(contentsOf: t.utf8) }
            case .optional(let inner):
                if fields(inner).allSatisfy({ r.fields[$0]?.text != nil }) { write(inner, r, into: &out) }
            }
        }
    }

    /// Matches `parts` then `after` (the parts that follow an optional group) against `s` from
    /// `pos` to its end, appending what the fields matched; backtracks over text lengths,
    /// values and optional groups.
    private static func match(_ parts: ArraySlice<Part>, _ after: [ArraySlice<Part>], _ s: ArraySlice<UInt8>, _ pos: Int,
                              _ found: inout [(Int, ArraySlice<UInt8>)]) -> Bool {
        guard let part = parts.first else {
            guard let next = after.last else { return pos == s.endIndex }
            return match(next, after.dropLast(), s, pos, &found)
        }
        let rest = parts.dropFirst()
        switch part {
        case .literal(let bytes):
            return s[pos...].starts(with: bytes) && match(rest, after, s, pos + bytes.count, &found)
        case .optional(let inner):
            let kept = found.count
            if match(inner[...], after + [rest], s, pos, &found) { return true }
            found.removeSubrange(kept...)
            return match(rest, after, s, pos, &found)
        case .field(let k, let matcher):
            return matchField(k, matcher, rest, after, s, pos, &found)
        }
    }

    private static func matchField(_ k: Int, _ matcher: Matcher, _ rest: ArraySlice<Part>, _ after: [ArraySlice<Part>],
                                   _ s: ArraySlice<UInt8>, _ pos: Int, _ found: inout [(Int, ArraySlice<UInt8>)]) -> Bool {
        let kept = found.count
        func attempt(_ end: Int) -> Bool {
            found.append((k, s[pos..<end]))
            if match(rest, after, s, end, &found) { return true }
            found.removeSubrange(kept...)
            return false
        }
        switch matcher {
        case .values(let values):
            return values.contains { s[pos...].starts(with: $0) && attempt(pos + $0.count) }
        case .number:
            guard let end = numberEnd(s, pos), ScalarCheck.isDecimal(String(decoding: s[pos..<end], as: UTF8.self)) else { return false }
            return attempt(end)
        case .text:
            // The last part of the line takes the rest of it.
            if rest.isEmpty && after.allSatisfy(\.isEmpty) { return attempt(s.endIndex) }
            // Else the shortest run (one character at least) the rest of the line matches after;
            // where a literal follows, only the places it stands are tried.
            let next: [UInt8]? = if case .literal(let l)? = rest.first { l } else { nil }
            var end = pos + 1
            while end <= s.endIndex {
                if let next {
                    guard let at = firstIndex(of: next, in: s, from: end) else { return false }
                    end = at
                }
                if attempt(end) { return true }
                end += 1
            }
            return false
        }
    }

    /// The end of the decimal at `pos`: digits, then a point and digits (a point with no digit
    /// after it ends the number before it), or nil when no digit stands there.
    static func numberEnd(_ s: ArraySlice<UInt8>, _ pos: Int) -> Int? {
        var end = pos
        while end < s.endIndex, s[end] >= 0x30 && s[end] <= 0x39 { end += 1 }
        guard end > pos else { return nil }
        if end + 1 < s.endIndex, s[end] == 0x2E, s[end + 1] >= 0x30 && s[end + 1] <= 0x39 {
            end += 1
            while end < s.endIndex, s[end] >= 0x30 && s[end] <= 0x39 { end += 1 }
        }
        return end
    }

    private static func firstIndex(of needle: [UInt8], in s: ArraySlice<UInt8>, from: Int) -> Int? {
        guard let first = needle.first else { return from }
        var k = from
        while k + needle.count <= s.endIndex {
            if s[k] == first && s[k..<(k + needle.count)].elementsEqual(needle) { return k }
            k += 1
        }
        return nil
    }
}

extension LayoutLoader {
    /// The sentence `parent[key]` writes: a template of `type`'s scalar fields (see
    /// ``LineGrammar``); `values` gives text fields the values they take on the page. Every
    /// problem is an error at its column: a name that is no field, a field that is no scalar or
    /// is named twice, two text fields with nothing between them, a `[` never closed.
    mutating func lineGrammar(_ parent: YAMLNode?, _ key: String, in type: RecordType, values: [String: [String]] = [:]) -> LineGrammar? {
        guard let n = entry(parent, key) else { return nil }
        return lineGrammar(template: n, key, in: type, values: values, valuesAt: parent?.mark(of: "values"))
    }

    /// The line template `n` (a value of `key`), as ``lineGrammar(_:_:in:values:)`` reads it.
    /// `filling` gives names that are no field their literal text (an item's own attributes).
    mutating func lineGrammar(template n: YAMLNode, _ key: String, in type: RecordType, values: [String: [String]] = [:], valuesAt: Mark? = nil,
                              filling: [String: String] = [:]) -> LineGrammar? {
        guard let template = n.string else { fail(n.mark, "'\(key)' is a line of text with {fields} of '\(type.name)'"); return nil }
        let chars = Array(template)
        var stack: [[LineGrammar.Part]] = [[]], open: [Int] = [], literal = "", seen: Set<String> = [], problems = false
        func flush() {
            if !literal.isEmpty { stack[stack.count - 1].append(.literal(Array(literal.utf8))) }
            literal = ""
        }
        var k = 0
        while k < chars.count {
            let c = chars[k]
            if c == "{", let close = chars[(k + 1)...].firstIndex(of: "}") {
                let name = String(chars[(k + 1)..<close])
                if type.lookup(name) == nil, let text = filling[name] {
                    literal += text
                    k = close + 1
                    continue
                }
                flush()
                if let part = linePart(name, n, at: k, in: type, values: values, after: stack[stack.count - 1].last, seen: &seen) {
                    stack[stack.count - 1].append(part)
                } else {
                    problems = true
                }
                k = close + 1
                continue
            }
            if c == "[" {
                flush()
                stack.append([])
                open.append(k)
            } else if c == "]" {
                guard stack.count > 1 else { fail(n.mark(at: k), "'\(key)': ']' closes no '['"); return nil }
                flush()
                let inner = stack.removeLast()
                open.removeLast()
                if LineGrammar.fields(inner).isEmpty {
                    fail(n.mark(at: k), "'\(key)': an optional part '[…]' holds a {field}: it is written when the field has a value")
                    problems = true
                }
                stack[stack.count - 1].append(.optional(inner))
            } else {
                literal.append(c)
            }
            k += 1
        }
        flush()
        if let o = open.last { fail(n.mark(at: o), "'\(key)': this '[' is never closed"); return nil }
        let grammar = LineGrammar(type: type, parts: stack[0], template: template)
        if grammar.fields.isEmpty { fail(n.mark, "'\(key)' is a line with {fields} of '\(type.name)', not '\(template)'"); return nil }
        // `values:` names text fields of this line, or it would be silently idle.
        func isText(_ name: String) -> Bool { if let i = type.lookup(name), case .string = type.fields[i].kind { true } else { false } }
        for name in values.keys.sorted() where !seen.contains(name) || !isText(name) {
            fail(valuesAt ?? n.mark, "'values': '\(name)' is not a text field of the line '\(template)'")
            problems = true
        }
        return problems ? nil : grammar
    }

    /// The part `{name}` stands for, or nil (said).
    private mutating func linePart(_ name: String, _ n: YAMLNode, at offset: Int, in type: RecordType, values: [String: [String]],
                                   after previous: LineGrammar.Part?, seen: inout Set<String>) -> LineGrammar.Part? {
        guard let i = type.lookup(name) else {
            fail(n.mark(at: offset), "'{\(name)}' is not a field of '\(type.name)'\(loader.suggestion(ModelPath(name), in: type))")
            return nil
        }
        guard seen.insert(name).inserted else { fail(n.mark(at: offset), "'{\(name)}' is named twice: a field stands once in a line"); return nil }
        let matcher: LineGrammar.Matcher
        switch type.fields[i].kind {
        case .enumeration(let e): matcher = .values(e.values.sorted { $0.utf8.count > $1.utf8.count }.map { Array($0.utf8) })
        case .decimal, .integer: matcher = .number
        case .string:
            if let given = values[name] { matcher = .values(given.sorted { $0.utf8.count > $1.utf8.count }.map { Array($0.utf8) }) } else { matcher = .text }
        default:
            fail(n.mark(at: offset), "'{\(name)}' of '\(type.name)' is \(type.fields[i].kind.name); a line prints text, numbers and enumerations")
            return nil
        }
        if case .text = matcher, case .field(_, .text)? = previous {
            fail(n.mark(at: offset), "'{\(name)}' follows another text field with nothing between them: where one ends could not be told")
            return nil
        }
        return .field(i, matcher)
    }
}
