import Foundation
import Testing

/// Hostile input, one case a test: a clear located error and exit status 2, in bounded time and
/// memory — or, for what is merely unusual (CRLF, a byte-order mark), a faithful round trip.
struct HostileTests {
    /// Writes `bytes` as `name` in a scratch directory and converts it to JSON.
    private func convert(_ name: String, _ bytes: [UInt8], extra: [String] = [], seconds: Double = 10, test: String = #function) throws -> CLI.Result {
        let dir = try CLI.scratch(test)
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/" + name))
        let start = Date()
        let r = try CLI.run(["convert", name, "--to", "json", "-q"] + extra, in: dir)
        // A few seconds; sanitizer builds (make test-sanitize) run several times slower.
        let scale = ProcessInfo.processInfo.environment["TRANSIT_TIME_SCALE"].flatMap { Double($0) } ?? 1
        #expect(Date().timeIntervalSince(start) < seconds * scale, "took too long")
        return r
    }

    private func expectError(_ r: CLI.Result, _ first: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == 2, sourceLocation: sourceLocation)
        #expect(r.stderr.split(separator: "\n").first.map(String.init) == first, "\(r.stderr)", sourceLocation: sourceLocation)
    }

    private func utf8(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test func yamlBillionLaughs() throws {
        let laughs = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\ncountry: *c\n"
        let r = try convert("laughs.yaml", utf8(laughs))
        #expect(r.status == 2)
        // Refused at the first anchor: nothing is expanded.
        #expect(r.stderr.split(separator: "\n").last == "laughs.yaml:1:4: error: YAML anchors are not supported in reports (&a)", "\(r.stderr)")
    }

    @Test func yamlAliasCycle() throws {
        let r = try convert("cycle.yaml", utf8("country: &x [*x]\n"))
        #expect(r.status == 2)
        #expect(r.stderr == "cycle.yaml:1:10: error: YAML anchors are not supported in reports (&x)\n", "\(r.stderr)")
    }

    @Test func xmlEntityExpansion() throws {
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n<report xmlns=\"urn:transit:report:1\"><methodology>&b;</methodology></report>\n"
        expectError(try convert("laughs.xml", utf8(xml)), "laughs.xml:2:1: error: DTDs are not allowed in reports (no entity is expanded or fetched)")
    }

    /// UTF-16 with a lone surrogate: libxml2's decoder reports it through the thread's error
    /// handler; it is the located error, and libxml2 prints nothing of its own.
    @Test func xmlThatBreaksItsEncodingIsMalformed() throws {
        let r = try convert("enc.xml", [0xFF, 0xFE, 0x3C, 0x00, 0x72, 0x00, 0x00, 0xD8, 0x00, 0x00])
        expectError(r, "enc.xml:1:1: error: malformed XML: input conversion failed due to input error, bytes 0x00 0xD8 0x00 0x00")
        #expect(!r.stderr.contains("encoding error :") && !r.stderr.contains("I/O error"), "\(r.stderr)")
    }

    @Test func xmlExternalEntitiesAreNeverFetched() throws {
        for target in ["file:///etc/passwd", "http://127.0.0.1:9/x"] {
            let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE report SYSTEM \"\(target)\">\n<report xmlns=\"urn:transit:report:1\"/>\n"
            expectError(try convert("external.xml", utf8(xml)), "external.xml:2:1: error: DTDs are not allowed in reports (no entity is expanded or fetched)")
        }
    }

    @Test func nestingAHundredThousandDeep() throws {
        let n = 100_000
        expectError(try convert("deep.yaml", utf8("authors: " + String(repeating: "[", count: n) + String(repeating: "]", count: n) + "\n")),
                    "deep.yaml:1:11: error: an item of 'authors' must be a string")
        expectError(try convert("deep.json", utf8("{\"authors\": " + String(repeating: "[", count: n) + String(repeating: "]", count: n) + "}\n")),
                    "deep.json:1:14: error: an item of 'authors' must be a string")
        let xml = try convert("deep.xml", utf8("<report xmlns=\"urn:transit:report:1\">" + String(repeating: "<a>", count: n) + String(repeating: "</a>", count: n) + "</report>\n"))
        #expect(xml.status == 2)
        #expect(xml.stderr.hasPrefix("deep.xml:1:"), "\(xml.stderr)")
        #expect(xml.stderr.contains("Excessive depth"))
        let records = "{\"last_year\": " + String(repeating: "{\"percentage\": ", count: n) + "1" + String(repeating: "}", count: n) + "}\n"
        expectError(try convert("records.json", utf8(records)), "records.json:1:30: error: 'percentage' must be a whole number")
    }

    @Test func aHundredMegabyteLineIsReadInBoundedTime() throws {
        var page = utf8("Consolidated Democracy\n")
        page += [UInt8](repeating: UInt8(ascii: "x"), count: 100_000_000)
        page += [0x0A]
        // A debug build (make test) takes about 11 s here, a release build about 1 s.
        let r = try convert("estonia-2022.txt", page, seconds: 40)
        #expect(r.status == 0)
        #expect(r.stdoutBytes.count > 100_000_000)
        expectError(try convert("estonia-2022.txt", page, extra: ["--max-bytes", "1000000"]),
                    "estonia-2022.txt:1:1: error: the file is 100000024 bytes, over the limit of 1000000 (--max-bytes)")
    }

    @Test func invalidUTF8() throws {
        expectError(try convert("bad.txt", utf8("Consolidated Democracy\nDemocracy Score ") + [0xC3, 0x28]), "bad.txt:2:17: error: invalid UTF-8 (byte 0xC3)")
        expectError(try convert("bad.json", utf8("{\"country\": \"Est") + [0xFF] + utf8("onia\"}")), "bad.json:1:17: error: malformed JSON: invalid UTF-8")
    }

    @Test func utf16IsRefusedWithAdvice() throws {
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in "Consolidated Democracy\n".utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        expectError(try convert("page.txt", utf16),
                    "page.txt:1:1: error: the file is UTF-16 (it starts with the byte-order mark 0xFFFE); transit reads page text as UTF-8: convert it first (iconv -f UTF-16 -t UTF-8)")
    }

    @Test func aByteOrderMarkAndCRLFAndCRComeBackAsTheyCame() throws {
        let page = try [UInt8](Data(contentsOf: URL(fileURLWithPath: CLI.root + "/Samples/estonia-2022.txt")))
        let crlf = page.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init).joined(separator: [0x0D, 0x0A])
        let cr = page.map { $0 == 0x0A ? UInt8(0x0D) : $0 }
        for (name, bytes) in [("bom", [0xEF, 0xBB, 0xBF] + page), ("crlf", Array(crlf)), ("cr", cr), ("bom-crlf", [0xEF, 0xBB, 0xBF] + Array(crlf))] {
            let dir = try CLI.scratch("round-" + name)
            try Data(bytes).write(to: URL(fileURLWithPath: dir + "/estonia-2022.txt"))
            #expect(try CLI.run(["convert", "estonia-2022.txt", "-o", "estonia-2022.yaml", "-q"], in: dir).status == 0)
            #expect(try CLI.run(["convert", "estonia-2022.yaml", "-o", "back.txt"], in: dir).status == 0)
            let back = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/back.txt")))
            #expect(back == bytes, "\(name)")
        }
    }

    @Test func nulBytes() throws {
        expectError(try convert("nul.txt", utf8("Consolidated Democracy\nEst") + [0] + utf8("onia\n")), "nul.txt:2:1: error: the text contains a NUL byte")
        expectError(try convert("nul.yaml", utf8("country: Est") + [0] + utf8("onia\n")), "nul.yaml:1:13: error: control characters are not allowed (byte 0x00)")
        expectError(try convert("nul.json", utf8("{\"country\": \"Est") + [0] + utf8("onia\"}")), "nul.json:1:17: error: malformed JSON: control character in a string (write it as \\u0000)")
        expectError(try convert("nul.xml", utf8("<report xmlns=\"urn:transit:report:1\" country=\"Est") + [0] + utf8("onia\"/>")), "nul.xml:1:50: error: malformed XML: Char 0x0 out of allowed range")
    }

    @Test func duplicateKeysAreErrorsNotLastWins() throws {
        expectError(try convert("dupe.yaml", utf8("edition: 2021\nedition: 2022\n")), "dupe.yaml:2:1: error: duplicate key 'edition'")
        expectError(try convert("dupe.json", utf8("{\"edition\": 2021, \"edition\": 2022}")), "dupe.json:1:19: error: duplicate key 'edition'")
    }

    @Test func numbersWithMoreDigitsThanARatingCanHave() throws {
        expectError(try convert("digits.yaml", utf8("democracy_score: 1.25000000000000000000001\n")),
                    "digits.yaml:1:18: error: 'democracy_score': expected a decimal number such as 1.50, found '1.25000000000000000000001'")
        expectError(try convert("digits.json", utf8("{\"democracy_score\": 12345678901234567890}")),
                    "digits.json:1:21: error: 'democracy_score': expected a decimal number such as 1.50, found '12345678901234567890'")
    }

    @Test func emptyFiles() throws {
        for ext in ["txt", "yaml", "xml", "json"] {
            expectError(try convert("empty.\(ext)", []), "empty.\(ext):1:1: error: the file is empty")
        }
    }

    @Test func aDirectoryGivenAsAFile() throws {
        let dir = try CLI.scratch()
        try FileManager.default.createDirectory(atPath: dir + "/report.yaml", withIntermediateDirectories: true)
        let r = try CLI.run(["changes", "report.yaml", CLI.root + "/Samples/series/ukraine-2021.yaml"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr == "report.yaml:1:1: error: cannot read: it is a directory\n", "\(r.stderr)")
    }
}
