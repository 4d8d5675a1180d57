/// JSON written by transit: every JSON document transit writes is a `JSONValue` serialised
/// here, or — a report's own JSON form, streamed from the model for speed — written by
/// `JSONWriter` with the same escaping and the same layout (a test holds the two to the same bytes).
public indirect enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number as printed (`1.50` stays `1.50`): the text must be a JSON number.
    case number(String)
    /// A string, escaped when written.
    case string(String)
    /// An array, one element a line unless inside `inline`.
    case array([JSONValue])
    /// An object, its members in the order given (never sorted).
    case object([JSONMember])
    /// The value on one line, however deep (a finding, a patch operation, a table row).
    case inline(JSONValue)

    /// Values are equal as JSON: `inline` is how a value is laid out, not what it is.
    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.inline(let x), _): x == b
        case (_, .inline(let y)): a == y
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.number(let x), .number(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)): x == y
        default: false
        }
    }

    /// An integer.
    public static func int(_ n: Int) -> JSONValue { .number(String(n)) }

    /// A string, or null.
    public static func string(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }

    /// An object from its members in order; members whose value is nil are left out.
    public static func object(_ members: KeyValuePairs<String, JSONValue?>) -> JSONValue {
        .object(members.compactMap { key, value in value.map { JSONMember(key, $0) } })
    }

    /// The document: two-space indentation, one member or item a line, an array of scalars and
    /// an `inline` value on one line (`", "` and `": "` between their parts); a final newline.
    public func serialized() -> String {
        var out: [UInt8] = []
        write(into: &out, indent: 0, inline: false)
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }

    /// The value itself, without its `inline` layout.
    public var content: JSONValue {
        if case .inline(let v) = self { v.content } else { self }
    }

    var isScalar: Bool {
        switch self {
        case .array, .object: false
        case .inline(let v): v.isScalar
        default: true
        }
    }

    func write(into out: inout [UInt8], indent: Int, inline: Bool) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let text): out.append(contentsOf: text.utf8)
        case .string(let s): JSONText.string(s, into: &out)
        case .inline(let v): v.write(into: &out, indent: indent, inline: true)
        case .array(let items):
            let flat = inline || items.allSatisfy(\.isScalar)
            out.append(UInt8(ascii: "["))
            for (k, item) in items.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")); if flat { out.append(0x20) } }
                if !flat { JSONText.newline(indent + 2, &out) }
                item.write(into: &out, indent: indent + 2, inline: flat)
            }
            if !flat && !items.isEmpty { JSONText.newline(indent, &out) }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (k, member) in members.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")); if inline { out.append(0x20) } }
                if !inline { JSONText.newline(indent + 2, &out) }
                JSONText.string(member.key, into: &out)
                out.append(contentsOf: [UInt8(ascii: ":"), 0x20])
                member.value.write(into: &out, indent: indent + 2, inline: inline)
            }
            if !inline && !members.isEmpty { JSONText.newline(indent, &out) }
            out.append(UInt8(ascii: "}"))
        }
    }
}

/// A member of a JSON object.
public struct JSONMember: Sendable, Equatable {
    /// The member's name.
    public var key: String
    /// The member's value.
    public var value: JSONValue

    /// The member `key`: `value`.
    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral {
    public init(stringLiteral s: String) { self = .string(s) }
    public init(integerLiteral n: Int) { self = .number(String(n)) }
    public init(booleanLiteral b: Bool) { self = .bool(b) }
    public init(arrayLiteral items: JSONValue...) { self = .array(items) }
}

/// JSON's text: string literals and line breaks, shared by `JSONValue` and `JSONWriter`.
enum JSONText {
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// A JSON string literal of `s`: quote, backslash and the C0 controls and DEL escaped
    /// (`\n`, `\r`, `\t`, else `\u00XX`), every other character as it is, in UTF-8.
    static func string(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, UInt8(ascii: "\"")])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20, 0x7F:
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A line break and `indent` spaces.
    static func newline(_ indent: Int, _ out: inout [UInt8]) {
        out.append(0x0A)
        for _ in 0..<indent { out.append(0x20) }
    }
}
