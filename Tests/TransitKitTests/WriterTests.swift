import Testing
@testable import TransitKit

/// The one writer of each output language: JSON (`JSONValue`, and the report writer streaming the
/// same bytes), CSV, markdown tables, XHTML/SVG (`Markup`), XML (`XMLDocumentWriter`), and the
/// one signed-number formatter.
struct WriterTests {
    @Test(arguments: SamplesTests.samples)
    func theReportWriterWritesTheBytesOfTheJSONValue(_ name: String) throws {
        let transit = SamplesTests.engine(name)
        let report = try transit.read(try Support.read(Support.root + "/" + name), format: .text, file: name).report
        let streamed = try transit.write(report, format: .json)
        #expect(String(decoding: streamed, as: UTF8.self) == JSONValue(report).serialized())
    }

    @Test func jsonLayout() {
        let v: JSONValue = .object([
            "a": 1, "b": [1, 2, "x"], "c": .array([.object(["d": .null])]), "e": .inline(.object(["f": [true, false], "g": .object([:] as KeyValuePairs<String, JSONValue?>)])),
            "h": .array([]), "i": .number("1.50"), "left out": nil,
        ])
        #expect(v.serialized() == """
            {
              "a": 1,
              "b": [1, 2, "x"],
              "c": [
                {
                  "d": null
                }
              ],
              "e": {"f": [true, false], "g": {}},
              "h": [],
              "i": 1.50
            }

            """)
    }

    @Test func jsonStringsEscapeQuotesBackslashesAndControls() {
        #expect(JSONValue.string("a\"b\\c\n\r\t\u{1}\u{7F}é</script>").serialized() == "\"a\\\"b\\\\c\\n\\r\\t\\u0001\\u007fé</script>\"\n")
    }

    @Test func jsonEqualityIgnoresLayout() {
        #expect(JSONValue.inline(.array([1])) == .array([1]))
        #expect(JSONValue.number("1.5") != .number("1.50"))  // numbers keep their printed form
    }

    @Test func csvQuotesWhatWouldSplitACell() {
        #expect(CSVWriter.field("plain") == "plain")
        #expect(CSVWriter.field("a,b") == "\"a,b\"")
        #expect(CSVWriter.field("say \"x\"") == "\"say \"\"x\"\"\"")
        #expect(CSVWriter.field("cr\r") == "\"cr\r\"")
        #expect(CSVWriter.field("lf\n") == "\"lf\n\"")
        #expect(CSVWriter.field(nil) == "")
        var w = CSVWriter(newline: "\r\n")
        w.row(["a", nil, "b,c"])
        #expect(w.text == "a,,\"b,c\"\r\n")
    }

    @Test func markdownCellsNeitherSplitNorEndTheirRow() {
        #expect(MarkdownText.table(["", "B"], [["x|y", "line\r\nbreak"]]) == "| | B |\n|---|---|\n| x\\|y | line break |\n")
    }

    @Test func markupEscapesByConstruction() {
        let name = "a\"b</style><x>&\u{1}"
        let m: Markup = .element("p", ["title": name, "class": nil], "\(name)") + .element("br") + .element("rect") + .element("td")
        #expect(m.serialized == "<p title=\"a&quot;b&lt;/style&gt;&lt;x&gt;&amp;\\u{1}\">a&quot;b&lt;/style&gt;&lt;x&gt;&amp;\\u{1}</p><br/><rect/><td></td>")
    }

    @Test func xmlDocumentsCarryWhatXMLCannotAsEscapes() throws {
        let w = XMLDocumentWriter()
        w.start("a")
        w.attribute("name", "q\"<&\u{1}")
        w.text("]]> \u{FFFE} ok")
        let out = String(decoding: w.finish(), as: UTF8.self)
        #expect(out == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a name=\"q&quot;&lt;&amp;\\u{1}\">]]&gt; \\u{FFFE} ok</a>\n")
    }

    @Test func signedFigures() {
        #expect(ExactDecimal("0.25")!.signed == "+0.25")
        #expect(ExactDecimal("-1.00")!.signed == "-1.00")
        #expect(ExactDecimal("0.00")!.signed == "0.00")
        #expect(NumberText.signed("+2", positive: true) == "+2")
    }
}
