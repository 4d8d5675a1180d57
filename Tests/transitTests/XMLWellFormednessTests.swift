import Foundation
import Testing
import TransitKit

/// The XML reader against an independent judge of well-formedness: `xmllint --noout` (the
/// libxml2 tree parser, with none of transit's handlers or options). Cases in the manner of the
/// W3C XML conformance suite, each inside a report: transit refuses as malformed XML exactly
/// the documents xmllint refuses, reads the rest, and reads text, attributes and references
/// to the same characters. Skipped when xmllint is missing; under CI=true a missing xmllint fails.
struct XMLWellFormednessTests {
    static let xmllint: Bool = (try? Shell.run("xmllint", ["--version"]))?.status == 0
    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    static let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    static let open = "<report xmlns=\"urn:transit:report:1\" country=\"Estonia\" edition=\"2022\" scale=\"current\">\n"

    /// The body of a report (after its start tag), or a whole document when it starts with `<?`
    /// or `\u{FEFF}`.
    static let cases: [String] = [
        // Well formed.
        "<methodology>a &amp; b &lt; c &gt; d &quot; &apos;</methodology>\n</report>\n",
        "<methodology>&#233;&#x263A;&#10;x</methodology>\n</report>\n",
        "<methodology><![CDATA[a <b> & c]]> tail</methodology>\n</report>\n",
        "<methodology>a<!-- note -->b<?pi data?>c</methodology>\n</report>\n",
        "<methodology>élément — “quoted”</methodology>\n</report>\n",
        "<x:unknown xmlns:x=\"urn:x\" x:a='1'/>\n</report>\n",
        "<unknown a = \"1\"\tb='2'\n c=\"3\"/>\n</report>\n",
        "<unknown a=\"x&#9;y&#10;z &amp; &lt;\"/>\n</report>\n",
        "<unknown><deeper><deepest/></deeper></unknown>\n</report>\n",
        "<methodology>]]</methodology>\n</report>\n",
        "<methodology>a]b</methodology>\r\n</report>\r\n",
        "<?xml version=\"1.0\" standalone=\"yes\"?>\n" + open + "</report>\n",
        "\u{FEFF}" + head + open + "</report>\n",
        "<?xml version=\"1.0\"?><!-- before --><?pi before?>" + open + "</report><!-- after -->\n",
        // Not well formed.
        "<methodology>a</methodolog>\n</report>\n",
        "<methodology>a\n</report>\n",
        "<unknown a=\"1\" a=\"2\"/>\n</report>\n",
        "<unknown a=\"<\"/>\n</report>\n",
        "<unknown a=1/>\n</report>\n",
        "<unknown a/>\n</report>\n",
        "<methodology>a & b</methodology>\n</report>\n",
        "<methodology>&undefined;</methodology>\n</report>\n",
        "<methodology>&#0;</methodology>\n</report>\n",
        "<methodology>&#xD800;</methodology>\n</report>\n",
        "<methodology>a ]]> b</methodology>\n</report>\n",
        "<methodology><!-- a -- b --></methodology>\n</report>\n",
        "<methodology><?xml bad?></methodology>\n</report>\n",
        "<x:unknown/>\n</report>\n",  // namespace errors
        "<unknown xmlns:x=\"\"/>\n</report>\n",
        "<1bad/>\n</report>\n",
        "</report>\n<report/>\n",
        "</report>\ntrailing text\n",
        "<methodology>a</methodology>\n",
        "\n" + head + open + "</report>\n",
    ]

    @Test(.enabled(if: xmllint || inCI, "xmllint is missing (make test-deps installs libxml2-utils)"))
    func theReaderRefusesExactlyWhatXmllintRefuses() throws {
        try #require(Self.xmllint, "CI=true: xmllint must be installed (make test-deps)")
        let dir = try CLI.scratch()
        let transit = Transit()
        for (k, body) in Self.cases.enumerated() {
            let text = body.hasPrefix("<?") || body.hasPrefix("\u{FEFF}") || body.hasPrefix("\n") ? body : Self.head + Self.open + body
            let path = dir + "/case-\(k).xml"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            let judge = try Shell.run("xmllint", ["--noout", "--nonet", path])
            var malformed = false
            var message = ""
            do {
                _ = try transit.read(Array(text.utf8), format: .xml, file: path)
            } catch {
                message = "\(error)"
                malformed = message.contains("malformed XML")
            }
            // A namespace error (an undeclared prefix, an empty prefixed namespace) leaves the
            // document well formed XML 1.0, which xmllint reads with the error printed; a
            // report must be namespace-well-formed, so transit refuses it.
            let namespaceError = judge.stderr.contains("namespace error")
            #expect(malformed == (judge.status != 0 || namespaceError), "case \(k): transit \(malformed ? "refused" : "read") it (\(message)), xmllint \(judge.status != 0 ? "refused" : "read") it: \(text.debugDescription)")
        }
    }

    /// Text and attribute values read to the characters xmllint's canonical form holds.
    @Test(.enabled(if: xmllint || inCI, "xmllint is missing (make test-deps installs libxml2-utils)"))
    func referencesAndSectionsReadToTheirCharacters() throws {
        try #require(Self.xmllint, "CI=true: xmllint must be installed (make test-deps)")
        let transit = Transit()
        let cases: [(body: String, text: String)] = [
            ("a &amp; b &lt; c &gt; d &quot; &apos;", "a & b < c > d \" '"),
            ("&#233;&#x263A;&#9;x", "é☺\tx"),
            ("<![CDATA[a <b> & c]]> tail", "a <b> & c tail"),
            ("a<!-- note -->b<?pi data?>c", "abc"),
            // Line ends: the parser hands the text around a carriage return it drops in pieces
            // (the reader points into the file where it can, and must join them).
            ("a\r\nb\rc\r\n\r\nd", "a\nb\nc\n\nd"),
            ("x&#13;\r\ny&#10;z", "x\r\ny\nz"),
            // Longer than the parser's pieces of text (300 bytes), with a reference and a line
            // end among them.
            (String(repeating: "word ", count: 90) + "&amp;\r\n" + String(repeating: "more ", count: 90) + "<![CDATA[<x>]]>" + String(repeating: "é ", count: 200),
             String(repeating: "word ", count: 90) + "&\n" + String(repeating: "more ", count: 90) + "<x>" + String(repeating: "é ", count: 200)),
        ]
        // Inside a whole sample, so that the report is complete.
        let sample = try String(contentsOfFile: CLI.root + "/Samples/estonia-2022.xml", encoding: .utf8)
        let methodology = try #require(sample.range(of: #"<methodology>[^<]*</methodology>"#, options: .regularExpression))
        func read(_ text: String) throws -> String {
            let report = try transit.read(Array(text.utf8), format: .xml, file: "in.xml").report
            return String(decoding: try transit.write(report, format: .json, file: "out.json", source: "in.xml"), as: UTF8.self)
        }
        for c in cases {
            let json = try read(sample.replacingCharacters(in: methodology, with: "<methodology>\(c.body)</methodology>"))
            #expect(json.contains("\"methodology\": \(jsonString(c.text))"), "\(c.body)")
        }
        let renamed = sample.replacingOccurrences(of: "country=\"Estonia\"", with: "country=\"Bosnia &#97;nd Herzegovina\"")
        #expect(try read(renamed).contains("\"country\": \"Bosnia and Herzegovina\""))
        let ampersand = sample.replacingOccurrences(of: "country=\"Estonia\"", with: "country=\"A &amp; B\"")
        #expect(throws: ReadError.self) { try read(ampersand) }
        do { _ = try read(ampersand) } catch { #expect("\(error)".contains("'country': 'A & B' is not a valid country"), "\(error)") }
    }

    private func jsonString(_ s: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: s, options: [.fragmentsAllowed, .withoutEscapingSlashes]), as: UTF8.self)
    }
}
