/// transit's self-contained pages (trends, summary): well-formed XHTML, laid out for the
/// device's width, and a Content-Security-Policy that forbids loading anything (styles are
/// inline; there is no script).
enum HTMLPage {
    /// The whole page: head (title, style), then the body's content.
    static func page(title: String, style: Markup, body: Markup) -> String {
        let head: Markup = .element("head", [:], .newline
            + .element("meta", ["charset": "utf-8"]) + .newline
            + .element("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"]) + .newline
            + .element("meta", ["http-equiv": "Content-Security-Policy", "content": "default-src 'none'; style-src 'unsafe-inline'"]) + .newline
            + .element("title", [:], .text(title)) + .newline
            + style + .newline)
        return Markup.document(.element("html", ["xmlns": "http://www.w3.org/1999/xhtml", "lang": "en"], .newline + head + .newline
            + .element("body", [:], .newline + body) + .newline))
    }
}
