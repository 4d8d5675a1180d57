import Foundation
import Testing
import TransitKit

/// Nothing lost, nothing mixed, one verdict in every format: one test per class of what real use
/// and the public conformance suites found.
struct NothingLostTests {
    static let samples = CLI.root + "/Samples/"

    private func write(_ dir: String, _ name: String, _ text: String) throws {
        let path = dir + "/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    private func sample(_ name: String) throws -> String {
        try String(contentsOfFile: Self.samples + name, encoding: .utf8)
    }

    private func files(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    // MARK: 1. Never lose data silently

    @Test func pageTextRefusesWhatItsLayoutCannotCarryAndWritesNothing() throws {
        let dir = try CLI.scratch()
        let yaml = try sample("kyrgyzstan-2022.yaml")
        // A line feed in a one-line field, from YAML.
        try write(dir, "lf.yaml", yaml.replacingOccurrences(of: "\n- Aigul Sample\n", with: "\n- \"Aigul\\nSample\"\n"))
        var r = try CLI.run(["convert", "lf.yaml", "-o", "lf.txt"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr == "lf.yaml:32:3: error: page text cannot carry /authors/0: it holds a line feed, and the field is one line of the page; nothing written to lf.txt\n", "\(r.stderr)")
        // A leading combining mark and a NUL, from JSON.
        let json = try sample("kyrgyzstan-2022.json")
        try write(dir, "mark.json", json.replacingOccurrences(of: "\"Aigul Sample\"", with: "\"\\u0301Aigul\""))
        r = try CLI.run(["convert", "mark.json", "--to", "text", "-o", "mark.txt"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("mark.json:") && r.stderr.contains("page text cannot carry /authors/0: it starts with a combining mark (U+301)"), "\(r.stderr)")
        try write(dir, "nul.json", json.replacingOccurrences(of: "\"Aigul Sample\"", with: "\"Aigul\\u0000Sample\""))
        r = try CLI.run(["convert", "nul.json", "--to", "text", "-o", "nul.txt"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("page text cannot carry /authors/0: it holds a NUL character"), "\(r.stderr)")
        #expect(files(dir) == ["lf.yaml", "mark.json", "nul.json"], "nothing written")
        // What page text can carry still converts, byte for byte back.
        r = try CLI.run(["convert", Self.samples + "kyrgyzstan-2022.yaml", "--to", "text"])
        #expect(r.status == 0)
        #expect(r.stdout == (try sample("kyrgyzstan-2022.txt")))
    }

    @Test func aNullInAListIsAnErrorInEveryFormatThatCanWriteOne() throws {
        let dir = try CLI.scratch()
        try write(dir, "n.json", "{\"country\": \"Kyrgyzstan\", \"edition\": 2022, \"authors\": [null]}")
        try write(dir, "n.yaml", "country: Kyrgyzstan\nedition: 2022\nauthors: [~, Someone]\n")
        let j = try CLI.run(["convert", "n.json", "--to", "json"], in: dir)
        #expect(j.status == 2)
        #expect(j.stderr == "n.json:1:56: error: an item of 'authors' is null; a list holds values only (remove the item or give it a value)\n", "\(j.stderr)")
        let y = try CLI.run(["convert", "n.yaml", "--to", "json"], in: dir)
        #expect(y.status == 2)
        #expect(y.stderr == "n.yaml:3:11: error: an item of 'authors' is null; a list holds values only (remove the item or give it a value)\n", "\(y.stderr)")
    }

    @Test func twoInputsForOneOutputStopTheRunBeforeAnythingIsWritten() throws {
        let dir = try CLI.scratch()
        try write(dir, "mix/k-2022.txt", try sample("kyrgyzstan-2022.txt"))
        try write(dir, "mix/k-2022.yaml", try sample("kyrgyzstan-2022.yaml"))
        try write(dir, "mix/estonia-2022.txt", try sample("estonia-2022.txt"))
        let r = try CLI.run(["convert", "mix/", "--to", "json", "-o", "out/"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("out/k-2022.json: error: both mix/k-2022.txt and mix/k-2022.yaml would be written here"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"), "nothing written, not even the other file")
        // Converting into the input folder would overwrite an input: refused too.
        let inPlace = try CLI.run(["convert", "mix", "--to", "yaml", "-o", "mix"], in: dir)
        #expect(inPlace.status == 2)
        #expect(inPlace.stderr.contains("would overwrite this input"), "\(inPlace.stderr)")
        #expect(files(dir + "/mix") == ["estonia-2022.txt", "k-2022.txt", "k-2022.yaml"])
    }

    @Test func anUnknownOutputExtensionIsAnErrorAndADirectoryReceivesTheFile() throws {
        let dir = try CLI.scratch()
        let r = try CLI.run(["convert", Self.samples + "estonia-2022.txt", "-o", "out.html"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("out.html: error: cannot tell the output format from the file name"), "\(r.stderr)")
        #expect(files(dir).isEmpty)
        #expect(try CLI.run(["convert", Self.samples + "estonia-2022.txt", "-o", "out.html", "--to", "json"], in: dir).status == 0)
        try FileManager.default.createDirectory(atPath: dir + "/into", withIntermediateDirectories: true)
        #expect(try CLI.run(["convert", Self.samples + "estonia-2022.txt", "-o", "into", "--to", "xml"], in: dir).status == 0)
        #expect(files(dir + "/into") == ["estonia-2022.xml"])
    }

    // MARK: 2. Batch commands do not mix reports

    @Test func tableGivesOneRowPerReportAndRefusesCopiesThatDisagree() throws {
        let all = try CLI.run(["table", Self.samples])
        #expect(all.status == 0, "\(all.stderr)")
        // 15 reports, each in four formats: 15 rows, each report once.
        let rows = all.stdout.split(separator: "\n")
        #expect(rows.count == 16)
        #expect(Set(rows.dropFirst().map { $0.split(separator: ",").prefix(2).joined(separator: ",") }).count == 15)
        #expect(rows[0].hasPrefix("country,edition,scale,status,"))

        let dir = try CLI.scratch()
        try write(dir, "a/kyrgyzstan-2022.txt", try sample("kyrgyzstan-2022.txt"))
        try write(dir, "a/kyrgyzstan-2022.yaml", try sample("kyrgyzstan-2022.yaml").replacingOccurrences(of: "democracy_score: 1.68", with: "democracy_score: 1.70"))
        let r = try CLI.run(["table", "a", "-o", "t.csv"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("a/kyrgyzstan-2022.txt and a/kyrgyzstan-2022.yaml are both Kyrgyzstan 2022 but disagree on democracy_score: 1.68 and 1.70"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/t.csv"))
    }

    @Test func oldScaleFiguresAreMarkedOrRestatedNeverMixed() throws {
        let page = Self.samples + "north-macedonia-2019.txt"
        let printed = try CLI.run(["table", page])
        #expect(printed.stdout.contains("\nNorth Macedonia,2019,inverted,Transitional or Hybrid Regime,3.89,"), "\(printed.stdout)")
        let restated = try CLI.run(["table", page, "--to-current-scale"])
        #expect(restated.stdout.contains("\nNorth Macedonia,2019,current,Semi-Consolidated Democracy,4.11,51.79,"), "\(restated.stdout)")
        // diff says when two scales meet, and compares like with like: both restated.
        let mixed = try CLI.run(["diff", page, Self.samples + "series/ukraine-2020.txt"])
        #expect(mixed.stderr.contains("warning: OLD is a report on North Macedonia and NEW on Ukraine"))
        #expect(mixed.stderr.contains("warning: OLD is printed on the inverted scale and NEW on the current one: both are compared restated on the current scale"), "\(mixed.stderr)")
        #expect(!mixed.stdout.contains("~ scale:") && !mixed.stdout.contains("/scale"), "no figure of the inverted scale is compared: \(mixed.stdout)")
    }

    @Test func changesNeedsOneCountryAndConsecutiveEditions() throws {
        let s = Self.samples + "series/"
        let countries = try CLI.run(["changes", Self.samples + "estonia-2022.txt", s + "ukraine-2023.txt"])
        #expect(countries.status == 2)
        #expect(countries.stderr.contains("OLD is a report on Estonia and NEW on Ukraine"), "\(countries.stderr)")
        let reversed = try CLI.run(["changes", s + "ukraine-2023.txt", s + "ukraine-2022.txt"])
        #expect(reversed.status == 2)
        #expect(reversed.stderr.contains("OLD is the 2023 edition, but the edition before 2022 is 2021 (--force to compare anyway)"), "\(reversed.stderr)")
        let gap = try CLI.run(["changes", s + "ukraine-2021.txt", s + "ukraine-2023.txt"])
        #expect(gap.status == 2)
        #expect(try CLI.run(["changes", s + "ukraine-2021.txt", s + "ukraine-2023.txt", "--force"]).status == 0)
        #expect(try CLI.run(["changes", s + "ukraine-2022.txt", s + "ukraine-2023.txt"]).status == 0)
    }

    @Test func anArchiveEditionWithNoReportIsAnError() throws {
        let r = try CLI.run(["diff", "--archive", Self.samples, "--from", "2031", "--to", "2032"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("error: the archive has no report of the 2031 edition"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    // MARK: 3. One verdict for one mistake, whatever the format

    /// The mistake made in page text, then the same page converted to each format with the
    /// mistake carried over by hand: the same rule, severity and exit status, each located.
    private func verdicts(_ name: String, page: String, replace: (String) -> String) throws -> [Format: (status: Int32, findings: [[String: Any]])] {
        let dir = try CLI.scratch(name)
        var out: [Format: (Int32, [[String: Any]])] = [:]
        for format in Format.allCases {
            let converted = try CLI.run(["convert", Self.samples + page, "--to", format.rawValue])
            try write(dir, "\(name)/" + page.replacingOccurrences(of: ".txt", with: "." + format.fileExtension), replace(converted.stdout))
            let r = try CLI.run(["validate", "--format", "json", dir + "/\(name)/" + page.replacingOccurrences(of: ".txt", with: "." + format.fileExtension)])
            let findings = (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]) ?? []
            out[format] = (r.status, findings)
        }
        return out
    }

    @Test(arguments: [
        ("status", "Consolidated Authoritarian Regime", "Consolidated Autoritarian Regime", "read", "did you mean 'Consolidated Authoritarian Regime'?"),
        ("verb", "rating declined from 1.50", "rating declind from 1.50", "read", "did you mean 'declined'?"),
        ("category", "National Democratic Governance rating declined", "National Democratik Governance rating declined", "statement-category", "did you mean 'National Democratic Governance'?"),
    ])
    func aMisspellingGivesOneVerdictInEveryFormat(_ what: String, _ right: String, _ wrong: String, _ rule: String, _ hint: String) throws {
        // The mistake, made in each format's own spelling of the value.
        let results = try verdicts(what, page: "kyrgyzstan-2022.txt") { text in
            switch what {
            case "status": (text.hasPrefix("Consolidated Authoritarian Regime\n") ? "Consolidated Autoritarian Regime\n" + text.dropFirst(34) : text)
                .replacingOccurrences(of: "status: Consolidated Authoritarian Regime\ndemocracy_percentage", with: "status: Consolidated Autoritarian Regime\ndemocracy_percentage")
                .replacingOccurrences(of: "<status>Consolidated Authoritarian Regime</status>", with: "<status>Consolidated Autoritarian Regime</status>")
                .replacingOccurrences(of: "\"status\": \"Consolidated Authoritarian Regime\",\n  \"democracy_percentage\"", with: "\"status\": \"Consolidated Autoritarian Regime\",\n  \"democracy_percentage\"")
            case "verb": text.replacingOccurrences(of: right, with: wrong)
                .replacingOccurrences(of: "verb: declined\n    from: 1.50", with: "verb: declind\n    from: 1.50")
                .replacingOccurrences(of: "verb=\"declined\" from=\"1.50\"", with: "verb=\"declind\" from=\"1.50\"")
                .replacingOccurrences(of: "\"verb\": \"declined\",\n        \"from\": 1.50", with: "\"verb\": \"declind\",\n        \"from\": 1.50")
            default: text.replacingOccurrences(of: right, with: wrong)
                .replacingOccurrences(of: "- category: National Democratic Governance", with: "- category: National Democratik Governance")
                .replacingOccurrences(of: "category=\"National Democratic Governance\"", with: "category=\"National Democratik Governance\"")
                .replacingOccurrences(of: "\"category\": \"National Democratic Governance\"", with: "\"category\": \"National Democratik Governance\"")
            }
        }
        let statuses = Set(results.values.map(\.status))
        #expect(statuses.count == 1, "\(what): exit statuses \(results.mapValues(\.status))")
        for (format, result) in results {
            let mine = result.findings.filter { ($0["message"] as? String)?.contains(hint) == true }
            #expect(mine.count == 1, "\(what) in \(format): \(result.findings)")
            guard let f = mine.first else { continue }
            #expect(f["rule"] as? String == rule, "\(format)")
            #expect(f["severity"] as? String == "error", "\(format)")
            #expect((f["line"] as? Int ?? 0) >= 1 && (f["column"] as? Int ?? 0) >= 1, "\(format): located")
        }
    }

    @Test func misDecodedTextIsFoundInEveryFormat() throws {
        let dir = try CLI.scratch()
        let page = try sample("kyrgyzstan-2022.txt").replacingOccurrences(of: "Kyrgyzstan’s", with: "Kyrgyzstanâ€™s")
        try write(dir, "kyrgyzstan-2022.txt", page)
        for format in [Format.yaml, .xml, .json] {
            #expect(try CLI.run(["convert", "-q", "kyrgyzstan-2022.txt", "-o", "kyrgyzstan-2022.\(format.fileExtension)"], in: dir).status == 0)
        }
        let r = try CLI.run(["validate", "--format", "json", "."], in: dir)
        let findings = (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]) ?? []
        let found = findings.filter { ($0["message"] as? String)?.hasPrefix("mis-decoded text ('â€™'") == true }
        #expect(Set(found.compactMap { $0["file"] as? String }) == ["./kyrgyzstan-2022.txt", "./kyrgyzstan-2022.yaml", "./kyrgyzstan-2022.xml", "./kyrgyzstan-2022.json"], "\(findings)")
        #expect(found.allSatisfy { $0["severity"] as? String == "warning" })
    }

    // MARK: 4. Readers exact on the grammar, honest about their libraries

    @Test(arguments: [
        ("{\"country\": \"Kyrgyzstan\", \"x\": {1: 1}}", "j.json:1:33: error: malformed JSON: expected a key in quotes (found '1')"),
        ("{\"country\": \"Kyrgyzstan\", \"x\": {\"a\", 1}}", "j.json:1:36: error: malformed JSON: expected ':' after the key (found ',')"),
        ("{\"country\": \"Kyrgyzstan\", \"x\": {\"a\"}}", "j.json:1:36: error: malformed JSON: expected ':' after the key (found '}')"),
        ("{\"country\": \"Kyrgyzstan\", \"x\": [1, {\"a\": 1,}]}", "j.json:1:44: error: malformed JSON: expected a key in quotes (found '}')"),
        ("[1, 2]", "j.json:1:1: error: a report must be a JSON object (found an array)"),
        ("\n  null", "j.json:2:3: error: a report must be a JSON object (found null)"),
    ])
    func jsonSyntaxErrorsAreFoundAtTheirByteEvenInSkippedValues(_ json: String, _ expected: String) throws {
        let r = try convertAlone("j.json", json)
        #expect(r.status == 2)
        #expect(r.stderr.split(separator: "\n").first.map(String.init) == expected, "\(r.stderr)")
    }

    /// `text` written as `name` in a scratch folder of its own, converted to JSON there.
    private func convertAlone(_ name: String, _ text: String) throws -> CLI.Result {
        let dir = try CLI.scratch("alone\(abs(text.hashValue))")
        try write(dir, name, text)
        return try CLI.run(["convert", name, "--to", "json"], in: dir)
    }

    @Test func libxml2WarningsAreWarnings() throws {
        let dir = try CLI.scratch()
        let xml = try sample("estonia-2022.xml")
        try write(dir, "v11.xml", xml.replacingOccurrences(of: "<?xml version=\"1.0\"", with: "<?xml version=\"1.1\""))
        try write(dir, "pi.xml", xml.replacingOccurrences(of: "?>\n<report", with: "?>\n<?xml-foo bar?>\n<report"))
        for name in ["v11.xml", "pi.xml"] {
            let r = try CLI.run(["convert", name, "--to", "json"], in: dir)
            #expect(r.status == 0, "\(name): \(r.stderr)")
            #expect(r.stderr.contains("\(name):") && r.stderr.contains(": warning: XML: "), "\(r.stderr)")
            #expect(r.stdout == (try sample("estonia-2022.json")))
        }
    }

    @Test(arguments: [
        ("country: Estonia\nauthor_bio: \"value\"# comment\n", "y.yaml:2:20: error: a comment must be separated from what precedes it by white space"),
        ("country: Estonia\nauthors: [a, b,# comment\n  ]\n", "y.yaml:2:16: error: a comment must be separated from what precedes it by white space"),
        ("country: Estonia\nauthors: [a, b]# comment\n", "y.yaml:2:16: error: a comment must be separated from what precedes it by white space"),
        // Characters before the value that are not ASCII (columns count characters, not bytes),
        // and a long ASCII line.
        ("country: Estonia\nauthors: [\"Tõnu Ülo\", \"Ärni\"]# comment\n", "y.yaml:2:30: error: a comment must be separated from what precedes it by white space"),
        ("country: Estonia\nauthor_bio: \"Written by the 2022 team of researchers at the institute\"# comment\n",
         "y.yaml:2:71: error: a comment must be separated from what precedes it by white space"),
        ("country: Estonia\nlast_year:\n  status: \"Consolidated\nDemocracy\"\n", "y.yaml:4:1: error: a continuation line of a quoted value must be indented more than its key 'status'"),
        ("country: &c Estonia\n", "y.yaml:1:10: error: YAML anchors are not supported in reports (&c)"),
        // Issue 28's three: a block scalar's indicator glued to a comment; a folded value whose
        // leading blank lines have more spaces than its first line; a flow sequence whose
        // continuation lines stand at column 0 in a block mapping.
        ("country: Estonia\nauthor_bio: ># comment\n  text\n", "y.yaml:2:14: error: a comment must be separated from what precedes it by white space"),
        ("country: Estonia\nauthor_bio: >\n \n   \n  text\n", "y.yaml:4:1: error: a leading blank line of a block scalar has more spaces (3) than its first line's indentation (2)"),
        ("country: Estonia\nauthors: [a,\nb]\n", "y.yaml:3:1: error: a continuation line of a flow collection must be indented more than the block it stands in"),
        ("country: Estonia\nauthors: [-]\n", "y.yaml:2:11: error: a plain '-' in a flow collection is not a value (quote it)"),
        // The first syntax error is the truth, before an anchor (or an unknown field) found first.
        ("country: &c Estonia\nauthors: [a, b]# comment\n", "y.yaml:2:16: error: a comment must be separated from what precedes it by white space"),
        ("country: &c Estonia\nauthors: [a, b\n", "y.yaml:3:1: error: did not find expected ',' or ']' (while parsing a flow sequence at line 2, column 10)"),
    ])
    func malformedYAMLThatLibyamlAcceptsIsRefused(_ yaml: String, _ expected: String) throws {
        let r = try convertAlone("y.yaml", yaml)
        #expect(r.status == 2)
        #expect(r.stderr == expected + "\n", "\(r.stderr)")
    }

    @Test func messagesPrintInputSafely() throws {
        let dir = try CLI.scratch()
        try write(dir, "forge.json", "{\"country\": \"Estonia\", \"a\\nforge.json:1:1: error: forged\": 1}")
        for args in [["validate", "forge.json"], ["convert", "forge.json"]] {
            let r = try CLI.run(args, in: dir)
            let text = r.stdout + r.stderr
            #expect(!text.contains("\nforge.json:1:1: error: forged"), "a key forged a line: \(text)")
            #expect(text.contains("unknown field 'a\\nforge.json:1:1: error: forged'"), "\(text)")
        }
        // XML cannot carry U+0001: the field and the input are named, not '-'.
        try write(dir, "c.json", "{\"country\": \"Estonia\", \"author_bio\": \"a\\u0001b\"}")
        let r = try CLI.run(["convert", "c.json", "--to", "xml"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr == "c.json:1:38: error: /author_bio holds the character U+1, which XML 1.0 cannot carry; nothing written to -\n", "\(r.stderr)")
    }

    // MARK: 5. Exports carry the rules they can express

    @Test(.enabled(if: Python.has("jsonschema") || Python.inCI, "the Python module jsonschema is missing (make test-deps installs it)"))
    func eachFaultPageFailsTheExportsWhereTheConstraintIsExpressible() throws {
        let dir = try CLI.scratch()
        let faults = CLI.root + "/Tests/transitTests/Faults/"
        // Which exports can state each fault (JSON Schema, XSD).
        let expressible: [String: (json: Bool, xsd: Bool)] = [
            "rating-7.25": (true, true), "rating-4.10": (true, true), "category-twice": (true, true), "category-missing": (true, false),
        ]
        let validator = try XMLSchemaValidator(xsd: Array(try Data(contentsOf: URL(fileURLWithPath: CLI.root + "/Schemas/nit.xsd"))), file: "nit.xsd")
        let names = try FileManager.default.contentsOfDirectory(atPath: faults).filter { $0.hasSuffix(".txt") }.sorted()
        #expect(names.count == 12)
        for name in names {
            let fault = String(name.dropFirst("kyrgyzstan-2022-".count).dropLast(4))
            let stem = dir + "/" + String(name.dropLast(4))
            #expect(try CLI.run(["convert", "-q", faults + name, "-o", stem + ".json"]).status == 0)
            #expect(try CLI.run(["convert", "-q", faults + name, "-o", stem + ".xml"]).status == 0)
            let json = try Python.run(["Tests/consumers/check_json_schema.py", "Schemas/nit.schema.json", stem + ".json"])
            #expect(!json.stderr.contains("ModuleNotFoundError"), "\(json.stderr)")
            let xsd = validator.validate(Array(try Data(contentsOf: URL(fileURLWithPath: stem + ".xml"))), file: stem + ".xml")
            let want = expressible[fault] ?? (false, false)
            #expect((json.status != 0) == want.json, "\(fault): JSON Schema \(want.json ? "should fail" : "should pass"): \(json.stdout)")
            #expect(!xsd.isEmpty == want.xsd, "\(fault): XSD \(want.xsd ? "should fail" : "should pass"): \(xsd)")
        }
    }

    // MARK: 6. Conventions of the command line

    @Test func usageErrorsExit2WithTheClosestCommand() throws {
        let typo = try CLI.run(["conver", "x"])
        #expect(typo.status == 2)
        #expect(typo.stderr.hasPrefix("transit: error: unknown command 'conver'; did you mean 'convert'?"), "\(typo.stderr)")
        let help = try CLI.run(["help", "nope"])
        #expect(help.status == 2)
        #expect(help.stderr.hasPrefix("transit: error: no help on 'nope'"), "\(help.stderr)")
        let option = try CLI.run(["convert", "--to", "html", "x.txt"])
        #expect(option.status == 2)
        #expect(try CLI.run(["help", "convert"]).status == 0)
        #expect(try CLI.run(["--version"]).status == 0)
    }

    @Test func colourFollowsTheOptionAndTheEnvironment() throws {
        let fault = CLI.root + "/Tests/transitTests/Faults/kyrgyzstan-2022-score-off.txt"
        let always = try CLI.run(["validate", fault, "--color", "always"])
        #expect(always.stdout.contains("\u{1B}["))
        let never = try CLI.run(["validate", fault, "--color", "never"])
        #expect(!never.stdout.contains("\u{1B}["))
        // Not a terminal: no colour by default.
        #expect(!(try CLI.run(["validate", fault])).stdout.contains("\u{1B}["))
    }

    /// On a terminal (a pseudo-terminal `script` makes), `--color auto` colours unless NO_COLOR
    /// is set to something or TERM is dumb; an empty NO_COLOR is as if unset (no-color.org).
    @Test(arguments: [(["TERM": "xterm"], true), (["TERM": "xterm", "NO_COLOR": "1"], false),
                      (["TERM": "xterm", "NO_COLOR": ""], true), (["TERM": "dumb"], false)] as [([String: String], Bool)])
    func autoColourOnATerminalFollowsTheEnvironment(_ environment: [String: String], _ coloured: Bool) throws {
        let script = "/usr/bin/script"
        guard FileManager.default.isExecutableFile(atPath: script) else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("\(script) (util-linux) is needed to run transit on a terminal") }
            return
        }
        let fault = CLI.root + "/Tests/transitTests/Faults/kyrgyzstan-2022-score-off.txt"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: script)
        process.arguments = ["-q", "-e", "-c", "'\(CLI.executable)' validate '\(fault)' --color auto", "/dev/null"]
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(text.contains("score-off.txt:"), "\(text)")
        #expect(text.contains("\u{1B}[") == coloured, "\(environment): \(text)")
    }

    @Test func standardInputWorksForEveryReadingCommand() throws {
        let yaml = Data(try sample("estonia-2022.yaml").utf8)
        let validate = try CLI.run(["validate", "-", "--from", "yaml"], stdin: yaml)
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
        let table = try CLI.run(["table", "-", "--from", "yaml"], stdin: yaml)
        #expect(table.stdout.contains("\nEstonia,2022,current,"), "\(table.stderr)")
        let diff = try CLI.run(["diff", "-", Self.samples + "estonia-2022.txt", "--from", "yaml"], stdin: yaml)
        #expect(diff.status == 0, "\(diff.stdout)\(diff.stderr)")
        let changes = try CLI.run(["changes", Self.samples + "series/ukraine-2022.txt", "-", "--from", "yaml"], stdin: Data(try sample("series/ukraine-2023.yaml").utf8))
        #expect(changes.status == 0, "\(changes.stderr)")
        let unsaid = try CLI.run(["validate", "-"], stdin: yaml)
        #expect(unsaid.status == 2)
        #expect(unsaid.stdout.contains("<stdin>:1:1: error: the format of standard input is not known (say it with --from)"), "\(unsaid.stdout)")
    }

    @Test func pathsAndWriteErrorsAreWrittenPlainly() throws {
        let dir = try CLI.scratch()
        try write(dir, "in/estonia-2022.txt", try sample("estonia-2022.txt"))
        let r = try CLI.run(["validate", "in/", "--format", "json"], in: dir)
        #expect(r.stdout.contains("\"in/estonia-2022.txt\"") || r.stdout == "[]\n", "\(r.stdout)")
        let bad = try CLI.run(["validate", "in//", "missing.txt"], in: dir)
        #expect(!bad.stdout.contains("//"))
        #expect(bad.stdout.contains("missing.txt:1:1: error: cannot read: No such file or directory [read]\n2 files"), "no empty caret line: \(bad.stdout)")
        let unwritable = try CLI.run(["convert", dir + "/in/estonia-2022.txt", "-o", "/proc/x.yaml"])
        #expect(unwritable.stderr.hasPrefix("/proc/x.yaml: error: cannot write: "), "\(unwritable.stderr)")
        let helpText = try CLI.run(["schema", "--help"]).stdout
        #expect(!helpText.contains("--max-depth") && !helpText.contains("--max-bytes"))
        let validateHelp = try CLI.run(["validate", "--help"]).stdout
        #expect(!validateHelp.contains("(default 64)"), "a default said once")
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsNameEveryCommand(_ shell: String) throws {
        let r = try CLI.run(["--generate-completion-script", shell])
        #expect(r.status == 0)
        for command in ["convert", "validate", "diff", "changes", "trends", "table", "schema"] {
            #expect(r.stdout.contains(command), "\(shell) completion lacks \(command)")
        }
    }

    // MARK: 8. Where the page names no country or edition

    @Test(arguments: [
        ("kazakhstan-2021-draft.txt", "the file name", "the file name"),
        ("uzbekistan-2011-nochange.txt", "the file name", "the file name"),
        ("kazakhstan_2021.txt", "the file name", "the file name"),
        ("2021/kazakhstan.txt", "the file name", "the folder '2021'"),
        ("nit-2021/kazakhstan.txt", "the file name", "the folder 'nit-2021'"),
        ("kazakhstan/2021.txt", "the folder 'kazakhstan'", "the file name"),
        ("north-macedonia-2019.txt", "the file name", "the file name"),
    ])
    func countryAndEditionComeFromTheFileNameAndFoldersAndSaySo(_ path: String, _ countryFrom: String, _ editionFrom: String) throws {
        let dir = try CLI.scratch("names\(abs(path.hashValue))")
        try write(dir, path, "Consolidated Democracy\n")
        let r = try CLI.run(["convert", path, "--to", "json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let country = path.contains("uzbekistan") ? "Uzbekistan" : path.contains("macedonia") ? "North Macedonia" : "Kazakhstan"
        let edition = path.contains("2011") ? 2011 : path.contains("2019") ? 2019 : 2021
        #expect(json?["country"] as? String == country)
        #expect(json?["edition"] as? Int == edition)
        // Said only where a folder gave it: a file name that names them is the convention, and
        // a note on every page converted is one no user can act on.
        for (what, value, from) in [("country", "\(country)", countryFrom), ("edition", "\(edition)", editionFrom)] {
            let note = "note: the page does not name its \(what): \(value), from \(from)"
            #expect(r.stderr.contains(note) == from.hasPrefix("the folder"), "\(r.stderr)")
            if !from.hasPrefix("the folder") { #expect(!r.stderr.contains("does not name its \(what)"), "\(r.stderr)") }
        }
    }

    // MARK: 9. The percentage on every page that prints one

    @Test func aPercentageOffByOneHundredthIsFoundBefore2020Too() throws {
        let dir = try CLI.scratch()
        try write(dir, "ukraine-2019.yaml", try sample("series/ukraine-2019.yaml").replacingOccurrences(of: "democracy_percentage: 39.88", with: "democracy_percentage: 39.89"))
        let r = try CLI.run(["validate", "ukraine-2019.yaml"], in: dir)
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("ukraine-2019.yaml:5:23: error: the Democracy Percentage 39.89 does not follow from the ratings: (mean - 1) / 6 x 100 = 39.88 [percentage-from-mean]"), "\(r.stdout)")
        #expect(try CLI.run(["validate", Self.samples + "series/ukraine-2019.yaml"]).status == 0)
    }

    // MARK: 10. Diff output a person reads

    @Test func markdownShowsFiguresPlainlyWithASignedDelta() throws {
        let r = try CLI.run(["diff", Self.samples + "series/ukraine-2022.txt", Self.samples + "series/ukraine-2023.yaml", "--format", "markdown"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("| | Old | New | Δ | Change |\n"))
        #expect(r.stdout.contains("| Democracy Score | 3.43 | 3.54 | +0.11 | improved |\n"), "\(r.stdout)")
        // A line of figures is said whole, old and new (no word diff of its numbers).
        #expect(r.stdout.contains("| \"As a result\" line | Ukraine’s Democracy Score improved from 3.39 to 3.43 | Ukraine’s Democracy Score improved from 3.43 to 3.54 |  | changed |\n"), "\(r.stdout)")
        #expect(!r.stdout.contains("~~3.39 to~~"))
    }
}

/// Cases in the manner of JSONTestSuite, each as the value of an unknown field, which transit
/// skips: the skipping must follow the full grammar — a malformed value is "malformed JSON" at
/// its byte, a well-formed one only an unknown field.
struct JSONSkippingConformanceTests {
    static let malformed = [
        "{\"id\":0,}", "[\"\",]", "[012]", "[-01]", "[.1]", "[2.e3]", "[+1]", "[0x1]", "['single quote']", "{a: \"b\"}",
        "{\"a\":}", "{\"a\" \"b\"}", "{\"a\":\"b\",,\"c\":1}", "[1,,2]", "[,1]", "[1 2]", "[\"\\x00\"]", "[\"\\uD800\\u\"]",
        "[\"a\tb\"]", "[tru]", "[nul]", "[True]", "{\"a\":1", "[1", "[\"abc", "{1:1}", "{\"a\",1}", "[1e]", "[1e+]", "[-]",
        "[\"\\\"]", "[1.]", "{\"a\":1}}", "[[1]]]",
    ]
    static let wellFormed = [
        "{}", "[]", "{\"a\":[1,2,{\"b\":null}]}", "[1e10, -0.5, 0, 1E-2]", "\"\\u00e9\\n\\\\\"", "true", "null",
        "[[[[[]]]]]", "{\"\":\"\"}", "[\"\\uD83D\\uDE00\"]",
    ]

    @Test(arguments: malformed)
    func aMalformedSkippedValueIsASyntaxError(_ value: String) throws {
        let dir = try CLI.scratch("skip\(abs(value.hashValue))")
        let json = "{\"country\": \"Estonia\", \"x\": \(value), \"edition\": 2022}"
        try json.write(toFile: dir + "/j.json", atomically: true, encoding: .utf8)
        let r = try CLI.run(["convert", "j.json", "--to", "yaml"], in: dir)
        #expect(r.status == 2)
        let first = r.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix("j.json:1:") && first.contains(": error: malformed JSON: "), "\(value): \(r.stderr)")
    }

    @Test(arguments: wellFormed)
    func aWellFormedSkippedValueIsOnlyAnUnknownField(_ value: String) throws {
        let dir = try CLI.scratch("skip\(abs(value.hashValue))")
        let json = "{\"country\": \"Estonia\", \"x\": \(value), \"edition\": 2022}"
        try json.write(toFile: dir + "/j.json", atomically: true, encoding: .utf8)
        let r = try CLI.run(["convert", "j.json", "--to", "yaml"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("j.json:1:24: error: unknown field 'x' in report"), "\(value): \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(value): \(r.stderr)")
    }
}
