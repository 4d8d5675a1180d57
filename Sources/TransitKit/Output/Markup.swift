/// XHTML and SVG written by transit: every page (trends, summary) is built of `Markup` values,
/// and no tag is spelled in a string anywhere else. Text and attribute values are escaped when
/// a value is made — `&`, `<`, `>`, `"`, and what XML 1.0 cannot carry spelled `\u{…}` — so
/// text from a report can never open a tag, close a `</style>`, or end an attribute. Element
/// and attribute names are `StaticString`s: only the code names them.
///
/// A string literal or interpolation is text (escaped): `"\(name): \(figure)"`.
struct Markup: Sendable, ExpressibleByStringInterpolation {
    /// The serialised form.
    private(set) var serialized: String

    private init(raw: String) { serialized = raw }

    init(stringLiteral s: String) { self = Markup.text(s) }

    init(stringInterpolation: DefaultStringInterpolation) { self = Markup.text(String(stringInterpolation: stringInterpolation)) }

    static let empty = Markup(raw: "")
    /// A line break between elements (for whoever reads the source).
    static let newline = Markup(raw: "\n")

    /// Text, escaped.
    static func text(_ s: String) -> Markup { Markup(raw: escape(s)) }

    /// An element. An attribute whose value is nil is left out. Empty SVG shapes and HTML's
    /// void elements close themselves (`<rect …/>`, `<br/>`); any other element is closed by
    /// its end tag even when empty, as an HTML parser needs.
    static func element(_ name: StaticString, _ attributes: KeyValuePairs<StaticString, String?> = [:], _ content: Markup = .empty) -> Markup {
        var out = "<" + name.description
        for (key, value) in attributes {
            guard let value else { continue }
            out += " " + key.description + "=\"" + escape(value) + "\""
        }
        if content.serialized.isEmpty, selfClosing.contains(name.description) { return Markup(raw: out + "/>") }
        return Markup(raw: out + ">" + content.serialized + "</" + name.description + ">")
    }

    /// A style sheet: only text the code holds (a report's text never reaches CSS).
    static func style(_ css: StaticString) -> Markup {
        Markup(raw: "<style>\n" + css.description + "\n</style>")
    }

    /// A document: the HTML doctype, then `root`.
    static func document(_ root: Markup) -> String { "<!DOCTYPE html>\n" + root.serialized + "\n" }

    static func + (a: Markup, b: Markup) -> Markup { Markup(raw: a.serialized + b.serialized) }

    static func += (a: inout Markup, b: Markup) { a.serialized += b.serialized }

    /// The parts in order.
    static func joined(_ parts: [Markup], separator: Markup = .empty) -> Markup {
        Markup(raw: parts.map(\.serialized).joined(separator: separator.serialized))
    }

    /// Elements written `<x/>` when empty: HTML's void elements and SVG's shapes.
    private static let selfClosing: Set<String> = ["br", "meta", "link", "img", "hr", "col", "wbr",
                                                  "rect", "circle", "line", "polyline", "polygon", "path", "ellipse"]

    /// `&`, `<`, `>` and `"` as entities, after what XML cannot carry is spelled as the XML
    /// writer spells it (`XMLDocumentWriter.carried`).
    static func escape(_ s: String) -> String {
        let carried = XMLDocumentWriter.carried(s)
        guard carried.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) else { return carried }
        var out = ""
        for c in carried.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
