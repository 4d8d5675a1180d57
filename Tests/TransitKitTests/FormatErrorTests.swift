import Testing
@testable import TransitKit

/// Bad input in every format: one located error per problem, never a crash or a silent repair.
struct FormatErrorTests {
    private func problems(_ text: String, _ format: Format, file: String = "in") -> [String] {
        Support.errors { _ = try Support.transit.read(Array(text.utf8), format: format, file: file) }.map(\.description)
    }

    @Test func emptyFilesAreErrors() {
        for format in Format.allCases {
            #expect(problems("", format) == ["in:1:1: error: the file is empty"], "\(format)")
        }
    }

    @Test func yamlAliasesAndAnchorsAreRefused() {
        // The anchor is refused where it stands, before any alias could use it.
        let yaml = "country: &c Kazakhstan\nauthors: [*c]\n"
        #expect(problems(yaml, .yaml) == ["in:1:10: error: YAML anchors are not supported in reports (&c)"])
        #expect(problems("country: Kazakhstan\nauthors: [*c]\n", .yaml) == ["in:2:11: error: YAML aliases are not supported in reports"])
    }

    /// Found by the fuzzer: `number: !` (a tag on nothing, the empty text) was read as no
    /// value and the required number silently went. A tag changes what a scalar is, so tags are
    /// refused where they stand, as anchors are.
    @Test func yamlTagsAreRefused() {
        #expect(problems("edition: !!str 2021\n", .yaml) == ["in:1:10: error: YAML tags are not supported in reports (!!str)"])
        #expect(problems("authors: !seq [a]\n", .yaml) == ["in:1:10: error: YAML tags are not supported in reports (!seq)"])
        #expect(problems("country: !\n", .yaml) == ["in:1:10: error: YAML tags are not supported in reports (!)"])
    }

    @Test func yamlDuplicateKeysAreErrors() {
        #expect(problems("edition: 2021\nedition: 2022\n", .yaml) == ["in:2:1: error: duplicate key 'edition'"])
    }

    @Test func xmlDTDsAndEntitiesAreRefused() {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE report [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <report xmlns="urn:transit:report:1"><methodology>&x;</methodology></report>
            """
        let p = problems(xml, .xml)
        #expect(p.count == 1)
        #expect(p == ["in:2:1: error: DTDs are not allowed in reports (no entity is expanded or fetched)"])
    }

    @Test func xmlWithAnotherRootOrNamespace() {
        #expect(problems("<page/>", .xml) == ["in:1:1: error: expected the root element <report>, found <page>"])
        #expect(problems("<report xmlns=\"urn:other\"/>", .xml) == ["in:1:1: error: unknown namespace 'urn:other' (expected 'urn:transit:report:1')"])
    }

    @Test func xmlColumnsOfElementsAndAttributesOnOneLine() {
        // Two notes on one line: each error points at its own element or attribute.
        let xml = """
            <report xmlns="urn:transit:report:1"><executive-summary><p><text>A.</text><note number="x" offset="1"/><note number="2" offset="y"/></p></executive-summary></report>
            """
        let p = problems(xml, .xml).filter { !$0.contains("lacks") }
        #expect(p == [
            "in:1:81: error: 'number': expected a whole number, found 'x'",
            "in:1:121: error: 'offset': expected a whole number, found 'y'",
        ])
    }

    @Test func xmlWithThousandsOfDistinctUnknownElements() {
        // More distinct names than the reader caches: every one still named right.
        let names = (0..<1500).map { "unknown-\($0)" }
        let xml = "<report xmlns=\"urn:transit:report:1\">\n" + names.map { "<\($0)/>\n" }.joined() + "</report>\n"
        let p = problems(xml, .xml).filter { $0.contains("unknown element") }
        #expect(p.count == names.count)
        #expect(p.first?.hasPrefix("in:2:1: error: unknown element <unknown-0> in <report>") == true)
        #expect(p.last?.hasPrefix("in:1501:1: error: unknown element <unknown-1499> in <report>") == true)
    }

    @Test func xmlLocationsInAStartTagOverSeveralLines() {
        // Each error at its own line: the element at its `<`, an attribute at its name (an
        // attribute whose value holds a reference is found by scanning the tag).
        let xml = "<report xmlns=\"urn:transit:report:1\"\n  country=\"Est&#111;nia\"\n\tedition = 'x'\n  scale=\"current\">\n  <bogus\n    a=\"1\"/>\n</report>\n"
        let p = problems(xml, .xml).filter { !$0.contains("lacks") }
        #expect(p.count == 2, "\(p)")
        #expect(p.first == "in:3:2: error: 'edition': expected a whole number, found 'x'", "\(p)")
        #expect(p.last?.hasPrefix("in:5:3: error: unknown element <bogus> in <report>") == true, "\(p)")
    }

    @Test func xmlInUTF16ReadsAsItsUTF8() throws {
        let sample = try String(contentsOfFile: Support.root + "/Samples/estonia-2022.xml", encoding: .utf8)
        let utf8 = try Support.transit.read(Array(sample.utf8), format: .xml, file: "in.xml").report
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in sample.replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"UTF-16\"").utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let read = try Support.transit.read(utf16, format: .xml, file: "in.xml").report
        #expect(read == utf8)
        // Its errors keep their lines.
        let bad = sample.replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"UTF-16\"").replacingOccurrences(of: "edition=\"2022\"", with: "edition=\"x\"")
        var badUTF16: [UInt8] = [0xFF, 0xFE]
        for unit in bad.utf16 { badUTF16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let p = problems16(badUTF16)
        #expect(p.first?.hasPrefix("in:2:") == true && p.first?.hasSuffix("'edition': expected a whole number, found 'x'") == true, "\(p)")
    }

    private func problems16(_ bytes: [UInt8]) -> [String] {
        Support.errors { _ = try Support.transit.read(bytes, format: .xml, file: "in") }.map(\.description)
    }

    @Test func jsonThatIsNotAnObject() {
        // Valid JSON of another kind is named; invalid JSON is a syntax error at its byte.
        #expect(problems("[1, 2]", .json) == ["in:1:1: error: a report must be a JSON object (found an array)"])
        #expect(problems(" \"text\"", .json) == ["in:1:2: error: a report must be a JSON object (found a string)"])
        #expect(problems("[1, 2", .json) == ["in:1:6: error: malformed JSON: expected ',' or ']' (found the end of the file)"])
        #expect(problems("{\"edition\": 2021} x", .json) == ["in:1:19: error: malformed JSON: unexpected text after the report (found 'x')"])
    }

    @Test func jsonNumbersWithExponentsAreNotDecimals() {
        #expect(problems("{\"democracy_score\": 1.32e0}", .json) == ["in:1:21: error: 'democracy_score': expected a decimal number such as 1.50, found '1.32e0'"])
    }

    @Test func invalidUTF8InPageTextIsLocated() {
        var bytes = Array("Consolidated Democracy\nDemocracy Score 5".utf8)
        bytes += [0xFF]
        let errors = Support.errors { _ = try Support.transit.read(bytes, format: .text, file: "p.txt") }
        #expect(errors.map(\.description) == ["p.txt:2:18: error: invalid UTF-8 (byte 0xFF)"])
    }

    @Test func aNULByteInPageTextIsAnError() {
        let errors = Support.errors { _ = try Support.transit.read(Array("Consolidated Democracy\n\u{0}".utf8), format: .text, file: "p.txt") }
        #expect(errors.map(\.description) == ["p.txt:2:1: error: the text contains a NUL byte"])
    }

    @Test func aLayoutThatDropsAValueIsRefused() throws {
        var report = try Support.page("Consolidated Democracy\nDemocracy Score 5.93 / 7", file: "estonia-2022.txt").report
        report.set("author_bio", "Someone.")
        let errors = Support.errors { _ = try Support.transit.write(report, format: .text, file: "out.txt") }
        #expect(errors.map(\.message) == ["the page's own layout (page.layout) has no place for author_bio; remove page.layout to write the standard layout"])
    }

    @Test func aReportWithoutLayoutGetsTheStandardPage() throws {
        let yaml = """
            country: Estonia
            edition: 2022
            status: Consolidated Democracy
            democracy_score: 6.00
            categories:
            - name: Corruption
              rating: 5.25
              description: Graft and its remedies.
              findings:
              - text: A finding.
                notes: [{number: 1, offset: 10}]
            """
        let report = try Support.transit.read(Array(yaml.utf8), format: .yaml, file: "e.yaml").report
        let page = String(decoding: try Support.transit.write(report, format: .text), as: UTF8.self)
        #expect(page == """
            Consolidated Democracy
            DEMOCRACY-SCORE Democracy Score 6.00 7

            Corruption 1.00-7.00 pts0-7 pts
            Graft and its remedies. 5.255 7.007
              • A finding.1
            """)
    }

    @Test func xmlCannotCarryControlCharacters() throws {
        var report = try Support.page("Consolidated Democracy", file: "estonia-2022.txt").report
        report.set("methodology", "a\u{1}b", at: Mark(line: 4, column: 2))
        // Located in the input the value came from, named by its pointer; the output is named too.
        let errors = Support.errors { _ = try Support.transit.write(report, format: .xml, file: "out.xml", source: "in.yaml") }
        #expect(errors.map(\.description) == ["in.yaml:4:2: error: /methodology holds the character U+1, which XML 1.0 cannot carry; nothing written to out.xml"])
    }
}

/// The schema loader checks the schema itself, with positions.
struct SchemaTests {
    @Test func theStandardSchemaLoads() {
        let s = Schema.standard
        #expect(s.root.name == "report")
        #expect(s.items(forEdition: 2021).map(\.name) == ["National Democratic Governance", "Electoral Process", "Civil Society",
                                                               "Independent Media", "Local Democratic Governance",
                                                               "Judicial Framework and Independence", "Corruption"])
        #expect(s.items(forEdition: 2003).count == 6)
        #expect(s.enums["country"]!.values.count == 29)
    }

    @Test(arguments: [("1.00", "Consolidated Authoritarian Regime"), ("2.00", "Consolidated Authoritarian Regime"),
                      ("2.01", "Semi-Consolidated Authoritarian Regime"), ("3.00", "Semi-Consolidated Authoritarian Regime"),
                      ("4.00", "Transitional or Hybrid Regime"), ("4.01", "Semi-Consolidated Democracy"),
                      ("5.04", "Consolidated Democracy"), ("7.00", "Consolidated Democracy")])
    func aBoundaryScoreBelongsToTheLowerBand(_ score: String, _ status: String) {
        #expect(Schema.standard.band(of: ExactDecimal(score)!) == status)
    }

    @Test func statusSpellingsNormalise() {
        let status = Schema.standard.enums["status"]!
        #expect(status.canonical("SEMI - CONSOLIDATED DEMOCRACY") == "Semi-Consolidated Democracy")
        #expect(status.canonical("semi-consolidated  democracy") == "Semi-Consolidated Democracy")
        #expect(status.canonical("Transitional Governments") == "Transitional or Hybrid Regime")
        #expect(status.canonical("Free") == nil)
    }

    @Test func schemaProblemsAreLocated() {
        let text = """
            schema: s
            version: 1
            xml-namespace: urn:s
            root: report
            types:
              report:
                fields:
                  - {name: a, type: string, attribute: true}
                  - {name: b, type: "note[]", attribute: true}
                  - {name: a, type: integer}
                  - {name: c, type: "string[][]"}
                  - {name: status, type: status}
                  - {name: score, type: decimal}
            enums:
              status: {values: [Low, High]}
              country: {values: [X]}
            roles:
              subject: {field: a}
              edition: {field: a}
              headline: {field: score}
              band: {field: status}
            bands:
              - {value: Low, min: "1.00", max: "3.00"}
              - {value: High, min: "2.50", max: "7.00"}
              - {value: Middle, min: "7.01", max: "8.00"}
            """
        let errors = Support.errors { _ = try Schema.load(bytes: Array(text.utf8), file: "s.yaml") }.map(\.description)
        #expect(errors == [
            "s.yaml:9:25: error: field 'b' of 'report': unknown type 'note[]'",
            "s.yaml:10:9: error: type 'report' has two fields with the key 'a'",
            "s.yaml:11:25: error: field 'c' of 'report': lists of lists are not supported ('string[][]'); make the items a type with a list field",
            "s.yaml:18:20: error: role 'subject': 'a' is integer; the role needs a string or an enumeration",
            "s.yaml:24:24: error: band 'High' overlaps the band of 'Low'",
            "s.yaml:25:13: error: a band's 'value' must be one of the enumeration 'status' (Low, High)",
        ])
    }
}

/// Exact decimals: compared by value, rounded half-up, printed as they were.
struct ExactDecimalTests {
    @Test func comparesByValueAndKeepsItsPrintedForm() {
        #expect(ExactDecimal("1.5")! == ExactDecimal("1.50")!)
        #expect(ExactDecimal("1.50")!.description == "1.50")
        #expect(ExactDecimal("2.01")! > ExactDecimal("2.00")!)
    }

    @Test(arguments: [("1.325", 2, "1.33"), ("1.324", 2, "1.32"), ("62.50", 0, "63"), ("5.36", 0, "5"), ("5.95", 0, "6"), ("-1.5", 0, "-2")])
    func roundsHalfUp(_ value: String, _ places: Int, _ expected: String) {
        #expect(ExactDecimal(value)!.rounded(places: places).description == expected)
    }

    @Test func refusesWhatIsNotADecimal() {
        for text in ["", ".5", "1.", "1e3", "1,5", "--1", "1234567890123456"] { #expect(ExactDecimal(text) == nil, "\(text)") }
    }
}

/// The structured readers' verdict on a model another reader built (the page reader): a scalar
/// its field's kind does not allow, and a required field missing, each located.
struct ModelCheckTests {
    @Test func whatAStructuredReaderWouldRefuseIsFound() throws {
        let text = try Support.read(Support.root + "/Samples/kyrgyzstan-2022.txt")
        var report = try Support.transit.read(text, format: .text, file: "kyrgyzstan-2022.txt").report
        var clean = DiagnosticSink(file: "k")
        ModelCheck.problems(in: report, into: &clean)
        #expect(clean.diagnostics.isEmpty, "\(clean.diagnostics)")

        report.set("democracy_score", "1.6x", at: Mark(line: 3, column: 7))
        var changes = try #require(report["score_changes"]?.record)
        var statements = try #require(changes["statements"]?.items)
        var first = try #require(statements.first?.record)
        first["verb"] = nil
        first.mark = Mark(line: 9, column: 5)
        statements[0] = .record(first)
        changes["statements"] = .list(statements, .unknown)
        report["score_changes"] = .record(changes)
        var sink = DiagnosticSink(file: "k")
        ModelCheck.problems(in: report, into: &sink)
        #expect(sink.diagnostics.map(\.description) == [
            "k:3:7: error: 'democracy_score': expected a decimal number such as 1.50, found '1.6x'",
            "k:9:5: error: statement lacks the required field 'verb'",
        ])
    }
}
