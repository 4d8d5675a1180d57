/// Reads a report from JSON, straight into the model as the schema shapes it: no generic
/// document tree. Numbers keep their text; every value keeps its line and column.
struct JSONReader {
    let schema: Schema
    let file: String
    /// The deepest nesting accepted (a report is far shallower).
    var maxDepth = 64

    func read(_ bytes: [UInt8]) throws(ReadError) -> ReadResult {
        var p = JSONParser(bytes: bytes, file: file, maxDepth: maxDepth)
        p.skipBOM()
        p.skipSpace()
        if p.atEnd { throw ReadError(file: file, mark: p.mark, "the file is empty") }
        if p.peek != UInt8(ascii: "{") {
            // Valid JSON of another kind is no malformation: say what it is.
            let at = p.mark, kind = p.kindHere
            try p.skipValue(depth: 0)
            p.skipSpace()
            if !p.atEnd { throw p.syntax("unexpected text after the value") }
            throw ReadError(file: file, mark: at, "a report must be a JSON object (found \(kind))")
        }
        let report = try p.record(schema.root, depth: 0)
        p.skipSpace()
        if !p.atEnd { throw p.syntax("unexpected text after the report") }
        try p.sink.throwIfErrors()
        return ReadResult(report: report, diagnostics: p.sink.diagnostics)
    }
}

private struct JSONParser {
    let bytes: [UInt8]
    let file: String
    let maxDepth: Int
    var sink: DiagnosticSink
    var pos = 0
    var line = 1
    var lineStart = 0

    init(bytes: [UInt8], file: String, maxDepth: Int) {
        self.bytes = bytes
        self.file = file
        self.maxDepth = maxDepth
        self.sink = DiagnosticSink(file: file)
    }

    var atEnd: Bool { pos >= bytes.count }
    var peek: UInt8 { bytes[pos] }

    /// The current position (column in Unicode scalars).
    var mark: Mark {
        var column = 1
        var k = lineStart
        while k < pos && k < bytes.count {
            if bytes[k] & 0xC0 != 0x80 { column += 1 }
            k += 1
        }
        return Mark(line: line, column: column)
    }

    func syntax(_ message: String) -> ReadError {
        var m = message
        if pos < bytes.count {
            let b = bytes[pos]
            if b >= 0x20 && b < 0x7F { m += " (found '\(Character(Unicode.Scalar(b)))')" }
        } else {
            m += " (found the end of the file)"
        }
        return ReadError(file: file, mark: mark, "malformed JSON: " + m)
    }

    mutating func skipBOM() {
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { pos = 3; lineStart = 3 }
    }

    mutating func skipSpace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x09, 0x0D: pos += 1
            case 0x0A:
                pos += 1
                line += 1
                lineStart = pos
            default: return
            }
        }
    }

    mutating func expect(_ c: UInt8, _ what: String) throws(ReadError) {
        skipSpace()
        guard pos < bytes.count, bytes[pos] == c else { throw syntax("expected \(what)") }
        pos += 1
    }

    // MARK: Schema-driven values

    mutating func record(_ type: RecordType, depth: Int) throws(ReadError) -> Record {
        if depth > maxDepth { throw ReadError(file: file, mark: mark, "nesting deeper than \(maxDepth) levels") }
        var r = Record(type, mark: mark)
        // Keys given (a null value too: it is no licence to give the key again), and those
        // given a value that had its error (not missing too).
        var given: UInt64 = 0, bad: UInt64 = 0
        try expect(UInt8(ascii: "{"), "'{'")
        skipSpace()
        if pos < bytes.count && bytes[pos] == UInt8(ascii: "}") { pos += 1; return checked(r, bad: bad) }
        while true {
            skipSpace()
            let keyMark = mark
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw syntax("expected a key in quotes") }
            let key = try string()
            try expect(UInt8(ascii: ":"), "':' after the key")
            skipSpace()
            if let i = type.keyIndex[key] {
                if r.fields[i] != nil || (i < 64 && given & (1 << i) != 0) {
                    sink.error(keyMark, "duplicate key '\(key)'")
                    try skipValue(depth: depth + 1)
                } else {
                    if i < 64 { given |= 1 << i }
                    let null = pos < bytes.count && bytes[pos] == UInt8(ascii: "n")
                    if null && type.fields[i].required {
                        // Null is no value: written out, the field would be missing.
                        _ = try literal("null")
                        sink.error(keyMark, "\(type.name) lacks the required field '\(key)' (it is null)")
                        if i < 64 { bad |= 1 << i }
                    } else {
                        r.fields[i] = try value(type.fields[i], type, depth: depth + 1)
                        if r.fields[i] == nil && !null && i < 64 { bad |= 1 << i }
                    }
                }
            } else {
                sink.error(keyMark, "unknown field '\(key)' in \(type.name) (expected one of: \(type.fields.map(\.key).joined(separator: ", ")))")
                try skipValue(depth: depth + 1)
            }
            skipSpace()
            guard pos < bytes.count else { throw syntax("expected ',' or '}'") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "}") { pos += 1; break }
            throw syntax("expected ',' or '}'")
        }
        return checked(r, bad: bad)
    }

    /// Reports required fields that are missing (a field given with a bad value has had its
    /// error already).
    mutating func checked(_ r: Record, bad: UInt64) -> Record {
        for (i, (f, v)) in zip(r.type.fields, r.fields).enumerated() where f.required && v == nil && (i >= 64 || bad & (1 << i) == 0) {
            sink.error(r.mark, "\(r.type.name) lacks the required field '\(f.key)'")
        }
        return r
    }

    mutating func value(_ field: Field, _ parent: RecordType, depth: Int) throws(ReadError) -> Value? {
        try value(kind: field.kind, name: "'\(field.key)'", depth: depth)
    }

    mutating func value(kind: Kind, name: String, depth: Int) throws(ReadError) -> Value? {
        skipSpace()
        guard pos < bytes.count else { throw syntax("expected a value") }
        let at = mark
        let c = bytes[pos]
        switch kind {
        case .record(let type):
            if c == UInt8(ascii: "{") { return .record(try record(type, depth: depth)) }
        case .list(let itemKind):
            if c == UInt8(ascii: "[") {
                if depth > maxDepth { throw ReadError(file: file, mark: at, "nesting deeper than \(maxDepth) levels") }
                pos += 1
                var items: [Value] = []
                skipSpace()
                if pos < bytes.count && bytes[pos] == UInt8(ascii: "]") { pos += 1; return .list(items, at) }
                while true {
                    skipSpace()
                    if pos < bytes.count && bytes[pos] == UInt8(ascii: "n") {
                        // A list has no holes: a null item would vanish on writing.
                        let at = mark
                        _ = try literal("null")
                        sink.error(at, "an item of \(name) is null; a list holds values only (remove the item or give it a value)")
                    } else if let v = try value(kind: itemKind, name: "an item of \(name)", depth: depth + 1) { items.append(v) }
                    skipSpace()
                    guard pos < bytes.count else { throw syntax("expected ',' or ']'") }
                    if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
                    if bytes[pos] == UInt8(ascii: "]") { pos += 1; break }
                    throw syntax("expected ',' or ']'")
                }
                return .list(items, at)
            }
        default:
            var text: String?
            var typeOK = true
            if c == UInt8(ascii: "\"") {
                text = try string()
                if case .decimal = kind { typeOK = false } else if case .integer = kind { typeOK = false } else if case .boolean = kind { typeOK = false }
            } else if c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39) {
                text = try number()
                if case .decimal = kind {} else if case .integer = kind {} else { typeOK = false }
            } else if c == UInt8(ascii: "t") || c == UInt8(ascii: "f") {
                text = try literal(c == UInt8(ascii: "t") ? "true" : "false")
                if case .boolean = kind {} else { typeOK = false }
            }
            if let text {
                if !typeOK {
                    let found = c == UInt8(ascii: "\"") ? "the string \"\(text)\"" : text
                    sink.error(at, "\(name) must be \(ScalarCheck.describe(kind)), found \(found)")
                    return nil
                }
                if let problem = ScalarCheck.problem(text, kind) {
                    sink.error(at, "\(name): \(problem)")
                    return nil
                }
                return .scalar(text, at)
            }
        }
        if c == UInt8(ascii: "n") {
            _ = try literal("null")
            return nil
        }
        sink.error(at, "\(name) must be \(ScalarCheck.describe(kind))")
        try skipValue(depth: depth)
        return nil
    }

    // MARK: Tokens

    mutating func literal(_ word: String) throws(ReadError) -> String {
        let w = Array(word.utf8)
        guard pos + w.count <= bytes.count, bytes[pos..<(pos + w.count)].elementsEqual(w) else { throw syntax("invalid literal") }
        pos += w.count
        return word
    }

    mutating func number() throws(ReadError) -> String {
        let start = pos
        if bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        func digits(_ p: inout JSONParser) -> Int {
            let s = p.pos
            while p.pos < p.bytes.count && p.bytes[p.pos] >= 0x30 && p.bytes[p.pos] <= 0x39 { p.pos += 1 }
            return p.pos - s
        }
        let intStart = pos
        guard digits(&self) > 0 else { throw syntax("invalid number") }
        if bytes[intStart] == 0x30 && pos - intStart > 1 { pos = intStart; throw syntax("a number may not start with 0") }
        if pos < bytes.count && bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            guard digits(&self) > 0 else { throw syntax("invalid number: digits must follow '.'") }
        }
        if pos < bytes.count && (bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E")) {
            pos += 1
            if pos < bytes.count && (bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-")) { pos += 1 }
            guard digits(&self) > 0 else { throw syntax("invalid number exponent") }
        }
        return String(decoding: bytes[start..<pos], as: UTF8.self)
    }

    mutating func string() throws(ReadError) -> String {
        pos += 1  // opening quote
        // Most strings have no escapes: they are made straight from the input bytes.
        var out: [UInt8] = []
        var escaped = false
        let start = pos
        var runStart = pos
        while true {
            // Plain ASCII (no quote, backslash or control character) is most of a string: skipped
            // in one pass over the buffer.
            pos = plainRunEnd(from: pos)
            guard pos < bytes.count else { throw syntax("unterminated string") }
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                if !escaped {
                    pos += 1
                    return String(decoding: bytes[start..<(pos - 1)], as: UTF8.self)
                }
                out.append(contentsOf: bytes[runStart..<pos])
                pos += 1
                break
            }
            if b < 0x20 { throw syntax("control character in a string (write it as \\u00\(String(b, radix: 16, uppercase: true).leftPadded(2)))") }
            if b == 0x5C {
                escaped = true
                out.append(contentsOf: bytes[runStart..<pos])
                pos += 1
                guard pos < bytes.count else { throw syntax("unterminated escape") }
                try unescape(into: &out)
                runStart = pos
                continue
            }
            if b >= 0x80 {
                // Validate the sequence so that invalid UTF-8 is an error, not a silent repair.
                guard let len = UTF8Check.sequenceLength(bytes, at: pos) else { throw syntax("invalid UTF-8") }
                pos += len
                continue
            }
            pos += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Where the run of plain ASCII (no quote, backslash or control character) starting at
    /// `start` ends: most of a string, skipped in one pass over the buffer.
    @inline(__always)
    func plainRunEnd(from start: Int) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            var p = start
            // Eight bytes at a time while none is special (SWAR: a byte of the word is
            // 0x22 or 0x5C, below 0x20, or 0x80 and above).
            if let base = buffer.baseAddress {
                let raw = UnsafeRawPointer(base)
                let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
                while p + 8 <= buffer.count {
                    let w = raw.loadUnaligned(fromByteOffset: p, as: UInt64.self)
                    let quote = w ^ (ones &* 0x22), backslash = w ^ (ones &* 0x5C)
                    let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((w &- ones &* 0x20) & ~w) | w
                    if special & highs != 0 { break }
                    p += 8
                }
            }
            while p < buffer.count {
                let c = buffer[p]
                if c == 0x22 || c == 0x5C || c < 0x20 || c >= 0x80 { break }
                p += 1
            }
            return p
        }
    }

    /// The escape after a backslash (at `pos`), appended to `out` as UTF-8.
    @inline(__always)
    mutating func unescape(into out: inout [UInt8]) throws(ReadError) {
        let e = bytes[pos]
        pos += 1
        switch e {
        case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
        case 0x5C: out.append(0x5C)
        case UInt8(ascii: "/"): out.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var code = try hex4()
            if (0xD800...0xDBFF).contains(code) {
                guard pos + 1 < bytes.count, bytes[pos] == 0x5C, bytes[pos + 1] == UInt8(ascii: "u") else {
                    throw syntax("unpaired surrogate in \\u escape")
                }
                pos += 2
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw syntax("unpaired surrogate in \\u escape") }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(code) {
                throw syntax("unpaired surrogate in \\u escape")
            }
            out.append(contentsOf: String(Character(Unicode.Scalar(code)!)).utf8)
        default:
            pos -= 1
            throw syntax("invalid escape")
        }
    }

    mutating func hex4() throws(ReadError) -> UInt32 {
        guard pos + 4 <= bytes.count else { throw syntax("invalid \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[pos]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw syntax("invalid \\u escape")
            }
            v = v << 4 | d
            pos += 1
        }
        return v
    }

    /// Skips any JSON value without recursion (unknown fields may nest arbitrarily deep),
    /// following the full grammar: keys are strings, `:` follows a key and `,` a member, so a
    /// syntax error is reported at its byte, never swallowed.
    mutating func skipValue(depth: Int) throws(ReadError) {
        var stack: [Bool] = []  // true: an object, false: an array
        while true {
            skipSpace()
            guard pos < bytes.count else { throw syntax("expected a value") }
            let c = bytes[pos]
            var opened = false
            switch c {
            case UInt8(ascii: "{"):
                pos += 1
                skipSpace()
                if pos < bytes.count && bytes[pos] == UInt8(ascii: "}") {
                    pos += 1
                } else {
                    stack.append(true)
                    try skipKey()
                    opened = true
                }
            case UInt8(ascii: "["):
                pos += 1
                skipSpace()
                if pos < bytes.count && bytes[pos] == UInt8(ascii: "]") {
                    pos += 1
                } else {
                    stack.append(false)
                    opened = true
                }
            case UInt8(ascii: "\""): _ = try string()
            case UInt8(ascii: "t"): _ = try literal("true")
            case UInt8(ascii: "f"): _ = try literal("false")
            case UInt8(ascii: "n"): _ = try literal("null")
            case UInt8(ascii: "-"), 0x30...0x39: _ = try number()
            default: throw syntax("expected a value")
            }
            if opened { continue }
            // A value is complete: close what it completes, or move on to the next member.
            while let isObject = stack.last {
                skipSpace()
                let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                guard pos < bytes.count else { throw syntax("expected ',' or '\(Character(Unicode.Scalar(close)))'") }
                if bytes[pos] == close { pos += 1; stack.removeLast(); continue }
                if bytes[pos] == UInt8(ascii: ",") {
                    pos += 1
                    if isObject { try skipKey() }
                    break
                }
                throw syntax("expected ',' or '\(Character(Unicode.Scalar(close)))'")
            }
            if stack.isEmpty { return }
        }
    }

    /// A member's key and its colon.
    private mutating func skipKey() throws(ReadError) {
        skipSpace()
        guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw syntax("expected a key in quotes") }
        _ = try string()
        try expect(UInt8(ascii: ":"), "':' after the key")
    }

    /// What kind of JSON value starts here (for messages).
    var kindHere: String {
        guard pos < bytes.count else { return "nothing" }
        switch bytes[pos] {
        case UInt8(ascii: "["): return "an array"
        case UInt8(ascii: "\""): return "a string"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "a boolean"
        case UInt8(ascii: "n"): return "null"
        default: return "a number"
        }
    }
}
