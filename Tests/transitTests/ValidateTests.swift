import Foundation
import Testing

/// `transit validate` end to end: a dozen single-fault reports in every input and output format,
/// archives across editions, schema variants, exit codes, and outside consumers of the output.
struct ValidateTests {
    struct Fault: CustomStringConvertible {
        var name: String
        var rule: String
        var severity: String
        /// line:column of the finding by input format.
        var at: [String: String]
        var description: String { name }
    }

    static let faultsDir = CLI.root + "/Tests/transitTests/Faults"

    static let faults: [Fault] = {
        let table = (try? String(contentsOfFile: faultsDir + "/expected.tsv", encoding: .utf8)) ?? ""
        return table.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let c = line.split(separator: "\t").map(String.init)
            return Fault(name: c[0], rule: c[1], severity: c[2], at: ["txt": c[3], "yaml": c[4], "xml": c[5], "json": c[6]])
        }
    }()

    /// The fault's page text and its YAML, XML and JSON conversions, in a scratch directory.
    static func inputs(_ fault: Fault) throws -> [String: String] {
        let dir = try CLI.scratch("fault-" + fault.name)
        let txt = dir + "/kyrgyzstan-2022.txt"
        try FileManager.default.copyItem(atPath: faultsDir + "/kyrgyzstan-2022-\(fault.name).txt", toPath: txt)
        var paths = ["txt": txt]
        for ext in ["yaml", "xml", "json"] {
            let out = dir + "/kyrgyzstan-2022." + ext
            let r = try CLI.run(["convert", "-q", txt, "-o", out])
            #expect(r.status == 0, "\(r.stderr)")
            paths[ext] = out
        }
        return paths
    }

    static func json(_ text: String) throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] ?? []
    }

    @Test func thereAreAtLeastADozenFaults() {
        #expect(Self.faults.count >= 12)
    }

    static let fixture = CLI.root + "/../shared/fixtures/kazakhstan-2021.txt"

    @Test func theSamplesValidateWithoutErrors() throws {
        let r = try CLI.run(["validate", CLI.root + "/Samples", "--format", "json"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let errors = try Self.json(r.stdout).filter { $0["severity"] as? String == "error" }
        #expect(errors.isEmpty, "\(errors)")
    }

    /// The publisher's real page (skipped, and said, where ../shared is not beside the project).
    @Test(.enabled(if: FileManager.default.fileExists(atPath: ValidateTests.fixture),
                   "../shared/fixtures is not beside the project (it is in CI and development sessions only)"))
    func theRealFixtureValidatesWithoutErrors() throws {
        let r = try CLI.run(["validate", Self.fixture, "--format", "json"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let errors = try Self.json(r.stdout).filter { $0["severity"] as? String == "error" }
        #expect(errors.isEmpty, "\(errors)")
    }

    @Test(arguments: faults)
    func eachFaultIsFoundOnceAtItsValueInEveryInputFormat(_ fault: Fault) throws {
        for (format, path) in try Self.inputs(fault).sorted(by: { $0.key < $1.key }) {
            let r = try CLI.run(["validate", path, "--format", "json"])
            #expect(r.status == (fault.severity == "error" ? 1 : 0), "\(format): \(r.stderr)")
            let findings = try Self.json(r.stdout)
            #expect(findings.count == 1, "\(format): \(findings)")
            guard let f = findings.first else { continue }
            #expect(f["rule"] as? String == fault.rule, "\(format)")
            #expect(f["severity"] as? String == fault.severity, "\(format)")
            #expect("\(f["line"] ?? ""):\(f["column"] ?? "")" == fault.at[format], "\(format)")
            #expect(f["file"] as? String == path)
            #expect((f["path"] as? String)?.hasPrefix("/") == true, "\(format): a JSON Pointer into the model")
        }
    }

    @Test(arguments: faults)
    func eachFaultIsReportedInEveryOutputFormat(_ fault: Fault) throws {
        let path = try Self.inputs(fault)["txt"]!
        let at = fault.at["txt"]!.split(separator: ":")
        let (line, column) = (String(at[0]), String(at[1]))

        let human = try CLI.run(["validate", path]).stdout
        #expect(human.contains("\(path):\(line):\(column): \(fault.severity): "), "\(human)")
        #expect(human.contains("[\(fault.rule)]\n"))
        // The source line, then a caret under the column.
        let shown = human.split(separator: "\n", omittingEmptySubsequences: false)
        if let i = shown.firstIndex(where: { $0.hasPrefix(path + ":") }) {
            #expect(shown[i + 2].hasSuffix("^") && shown[i + 2].count == Int(column)!, "\(shown[i + 2])")
        }

        let github = try CLI.run(["validate", path, "--format", "github"]).stdout
        let command = fault.severity == "error" ? "error" : "warning"
        #expect(github.hasPrefix("::\(command) file=\(path),line=\(line),col=\(column),title=\(fault.rule)::"), "\(github)")

        let sarif = try CLI.run(["validate", path, "--format", "sarif"]).stdout
        let log = try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any]
        let run = (log?["runs"] as? [[String: Any]])?.first
        let result = (run?["results"] as? [[String: Any]])?.first
        #expect(result?["ruleId"] as? String == fault.rule)
        #expect(result?["level"] as? String == fault.severity)
        let region = ((result?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any]
        #expect("\(region?["startLine"] ?? ""):\(region?["startColumn"] ?? "")" == fault.at["txt"])

        let junit = try CLI.run(["validate", path, "--format", "junit", "--strict"]).stdout
        #expect(junit.contains("<failure message=\"1 finding\" type=\"validation\">\(path):\(line):\(column): \(fault.severity): "), "\(junit)")
    }

    // MARK: - Expected output, each format

    /// Two faulty files (an error and a warning), run from the Faults directory.
    func output(_ format: String, strict: Bool = false) throws -> CLI.Result {
        try CLI.run(["validate", "kyrgyzstan-2022-rating-7.25.txt", "kyrgyzstan-2022-footnote-gap.txt", "--format", format] + (strict ? ["--strict"] : []),
                    in: Self.faultsDir)
    }

    @Test(arguments: ["human", "json", "github", "sarif", "junit"])
    func outputMatchesTheExpectedFile(_ format: String) throws {
        let r = try output(format)
        #expect(r.status == 1)
        #expect(r.stdout == (try CLI.expected("validate.\(format)")), "\(r.stdout)")
    }

    @Test(.enabled(if: Python.has("sarif") || Python.inCI, "the Python module sarif-tools is missing (make test-deps installs it)"))
    func sarifToolsReadsTheSARIF() throws {
        let dir = try CLI.scratch()
        let r = try CLI.run(["validate", "kyrgyzstan-2022-rating-7.25.txt", "kyrgyzstan-2022-footnote-gap.txt", "--format", "sarif", "-o", dir + "/out.sarif"],
                            in: Self.faultsDir)
        #expect(r.status == 1)
        let read = try Python.run(["Tests/consumers/read_sarif.py", dir + "/out.sarif"])
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdout == """
            rating-range\terror\tkyrgyzstan-2022-rating-7.25.txt\t33
            footnotes-summary\twarning\tkyrgyzstan-2022-footnote-gap.txt\t20

            """)
    }

    @Test(.enabled(if: Python.has("junitparser") || Python.inCI, "the Python module junitparser is missing (make test-deps installs it)"))
    func junitparserReadsTheJUnit() throws {
        let dir = try CLI.scratch()
        for strict in [false, true] {
            let r = try CLI.run(["validate", "kyrgyzstan-2022-rating-7.25.txt", "kyrgyzstan-2022-footnote-gap.txt", "--format", "junit", "-o", dir + "/out.xml"] + (strict ? ["--strict"] : []),
                                in: Self.faultsDir)
            #expect(r.status == 1)
            let read = try Python.run(["Tests/consumers/read_junit.py", dir + "/out.xml"])
            #expect(read.status == 0, "\(read.stderr)")
            #expect(read.stdout == """
                kyrgyzstan-2022-rating-7.25.txt\tfailure\t1 finding
                kyrgyzstan-2022-footnote-gap.txt\t\(strict ? "failure\t1 finding" : "passed\t")

                """)
        }
    }

    // MARK: - Archives

    static let series = CLI.root + "/Samples/series"

    @Test func aSeriesOfEditionsValidatesCleanAsAnArchive() throws {
        let r = try CLI.run(["validate", Self.series, "--format", "json"])
        #expect(r.status == 0, "\(r.stdout)")
        #expect(try Self.json(r.stdout).isEmpty)
    }

    @Test func changingARatingInTheMiddleEditionIsFoundThereAndInTheNext() throws {
        let dir = try CLI.scratch()
        for edition in 2020...2024 {
            try FileManager.default.copyItem(atPath: Self.series + "/ukraine-\(edition).txt", toPath: dir + "/ukraine-\(edition).txt")
        }
        // Civil Society 5.25 becomes 5.50 in 2022 (and nothing else changes).
        let middle = dir + "/ukraine-2022.txt"
        let page = try String(contentsOfFile: middle, encoding: .utf8)
        let changed = page.replacingOccurrences(of: "civic activism. 5.255 7.007", with: "civic activism. 5.506 7.007")
        #expect(changed != page)
        try changed.write(toFile: middle, atomically: true, encoding: .utf8)

        let r = try CLI.run(["validate", dir, "--format", "json"])
        #expect(r.status == 1)
        let findings = try Self.json(r.stdout).map { "\(CLI.relative($0["file"] as! String, dir)) \($0["rule"]!)" }.sorted()
        #expect(findings == [
            "ukraine-2022.txt percentage-from-mean",        // nor the percentage
            "ukraine-2022.txt previous-statement-missing",  // moved since 2021, no statement says so
            "ukraine-2022.txt score-is-mean",               // the score no longer is the mean
            "ukraine-2023.txt previous-statement-from",     // 2023 says Civil Society went from 5.25
        ], "\(r.stdout)")
        // Checked against the archive only: alone, 2023 is consistent.
        let alone = try CLI.run(["validate", dir + "/ukraine-2023.txt"])
        #expect(alone.status == 0, "\(alone.stdout)")
        let withArchive = try CLI.run(["validate", dir + "/ukraine-2023.txt", "--archive", dir, "--format", "json"])
        #expect(try Self.json(withArchive.stdout).map { $0["rule"] as? String } == ["previous-statement-from"])
    }

    @Test func archiveFilesThatCannotBeUsedAreSaid() throws {
        let dir = try CLI.scratch()
        try FileManager.default.copyItem(atPath: Self.series + "/ukraine-2022.txt", toPath: dir + "/ukraine-2022.txt")
        try Data("not: [valid\n".utf8).write(to: URL(fileURLWithPath: dir + "/notes.yaml"))
        try Data("{\"country\": ".utf8).write(to: URL(fileURLWithPath: dir + "/ukraine-2021.json"))
        let r = try CLI.run(["validate", Self.series + "/ukraine-2022.txt", "--archive", dir, "--format", "json"])
        #expect(r.status == 0, "\(r.stdout)")  // warnings only
        let findings = try Self.json(r.stdout).map { "\(CLI.relative($0["file"] as! String, dir)) \($0["severity"]!) \($0["rule"]!)" }
        #expect(findings == [
            "notes.yaml note read",                                      // not named as a report: said, never a failure
            "\(Self.series)/ukraine-2022.txt warning read",              // its previous edition is unreadable
        ], "\(r.stdout)")
    }

    /// Two copies of the previous edition that differ: neither is taken, and the error names
    /// both and where they differ; copies that agree (the series holds each edition in four
    /// formats) are one report.
    @Test func twoCopiesOfThePreviousEditionThatDifferAreAnErrorNamingBoth() throws {
        let dir = try CLI.scratch()
        try CLI.copy(["Samples/series/ukraine-2022.txt", "Samples/series/ukraine-2022.yaml"], into: dir)
        let agree = try CLI.run(["validate", Self.series + "/ukraine-2023.txt", "--archive", dir, "--format", "json"])
        #expect(agree.status == 0, "\(agree.stdout)")
        #expect(try Self.json(agree.stdout).isEmpty)

        let json = try String(contentsOfFile: Self.series + "/ukraine-2022.json", encoding: .utf8)
        let doctored = json.replacingOccurrences(of: "\"democracy_percentage\": 40.48", with: "\"democracy_percentage\": 41.48")
        #expect(doctored != json)
        try doctored.write(toFile: dir + "/ukraine-2022.json", atomically: true, encoding: .utf8)
        let r = try CLI.run(["validate", Self.series + "/ukraine-2023.txt", "--archive", dir, "--format", "json"])
        #expect(r.status == 1, "\(r.stdout)")
        let findings = try Self.json(r.stdout)
        #expect(findings.map { "\($0["severity"]!) \($0["rule"]!)" } == ["error archive"], "\(r.stdout)")
        let message = findings.first?["message"] as? String ?? ""
        #expect(message.contains("ukraine-2022.json") && message.contains("differ at /democracy_percentage: ") && message.contains("40.48") && message.contains("41.48"), "\(message)")
        #expect(message.contains("ukraine-2022.txt") || message.contains("ukraine-2022.yaml"), "\(message)")
        // In SARIF the finding has a rule of its own.
        let sarif = try CLI.run(["validate", Self.series + "/ukraine-2023.txt", "--archive", dir, "--format", "sarif"])
        #expect(sarif.stdout.contains("\"id\": \"archive\""))
        // Every command that looks editions up refuses to pick one of them.
        try CLI.copy(["Samples/series/ukraine-2023.txt"], into: dir)
        for command in [["diff", "--archive", dir, "--from", "2022", "--to", "2023"], ["trends", dir, "-o", dir + "/t.html"]] {
            let refused = try CLI.run(command)
            #expect(refused.status == 2, "\(command[0]): \(refused.stderr)")
            #expect(refused.stderr.contains("ukraine-2022.json") && refused.stderr.contains("differ at /democracy_percentage: "),
                    "\(command[0]): \(refused.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/t.html"))
    }

    @Test func oneThreadOrManyGiveTheSameFindingsInTheSameOrder() throws {
        let args = ["validate", Self.faultsDir, CLI.root + "/Samples", "--format", "json"]
        let one = try CLI.run(args + ["--jobs", "1"]), many = try CLI.run(args + ["--jobs", "4"])
        #expect(one.status == 1 && many.status == 1)
        #expect(!one.stdout.isEmpty)
        #expect(one.stdout == many.stdout)
    }

    // MARK: - Schema variants, exit codes

    @Test func aSchemaVariantChangesTheRulesWithoutRecompiling() throws {
        let dir = try CLI.scratch()
        let standard = try String(contentsOfFile: CLI.root + "/Schemas/nit.schema.yaml", encoding: .utf8)
        // Ratings capped at 2.50 instead of 7.00, and the lowest band raised to 2.00-3.00's end.
        let variant = standard
            .replacingOccurrences(of: "check: c.rating >= 1 and c.rating <= 7", with: "check: c.rating >= 1 and c.rating <= 2.5")
        #expect(variant != standard)
        try variant.write(toFile: dir + "/variant.yaml", atomically: true, encoding: .utf8)
        let sample = CLI.root + "/Samples/kyrgyzstan-2022.txt"
        #expect(try CLI.run(["validate", sample]).status == 0)
        let r = try CLI.run(["validate", sample, "--schema", dir + "/variant.yaml", "--format", "json"])
        #expect(r.status == 1)
        #expect(try Self.json(r.stdout).map { "\($0["rule"]!) \($0["line"]!)" } == ["rating-range 33"])  // Civil Society, 2.75
    }

    @Test func aBandVariantChangesTheStatus() throws {
        let dir = try CLI.scratch()
        let standard = try String(contentsOfFile: CLI.root + "/Schemas/nit.schema.yaml", encoding: .utf8)
        let variant = standard
            .replacingOccurrences(of: "{value: Consolidated Authoritarian Regime, min: \"1.00\", max: \"2.00\"}", with: "{value: Consolidated Authoritarian Regime, min: \"1.00\", max: \"1.50\"}")
            .replacingOccurrences(of: "{value: Semi-Consolidated Authoritarian Regime, min: \"2.01\", max: \"3.00\"}", with: "{value: Semi-Consolidated Authoritarian Regime, min: \"1.51\", max: \"3.00\"}")
        #expect(variant != standard)
        try variant.write(toFile: dir + "/variant.yaml", atomically: true, encoding: .utf8)
        let r = try CLI.run(["validate", CLI.root + "/Samples/kyrgyzstan-2022.txt", "--schema", dir + "/variant.yaml", "--format", "json"])
        let rules = try Self.json(r.stdout).map { $0["rule"] as? String }
        // 1.68 now falls in the second band, and so does last year's 13 percent (above 8.33).
        #expect(rules == ["status-band", "last-year-status-fits"], "\(r.stdout)")
    }

    @Test func aBrokenRuleIsReportedInTheSchemaFile() throws {
        let dir = try CLI.scratch()
        let standard = try String(contentsOfFile: CLI.root + "/Schemas/nit.schema.yaml", encoding: .utf8)
        let variant = standard.replacingOccurrences(of: "check: c.rating >= 1 and c.rating <= 7", with: "check: c.ratings >= 1 and c.rating <= 7")
        try variant.write(toFile: dir + "/broken.yaml", atomically: true, encoding: .utf8)
        let line = variant.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("c.ratings >= 1") }! + 1
        let r = try CLI.run(["validate", CLI.root + "/Samples/kyrgyzstan-2022.txt", "--schema", dir + "/broken.yaml"])
        #expect(r.status == 2)
        #expect(CLI.relative(r.stderr, dir).hasPrefix("broken.yaml:\(line):14: error: rule 'rating-range': 'category' has no field 'ratings'"), "\(r.stderr)")
    }

    @Test func anUnreadableFileExitsTwoAndTheOthersAreStillChecked() throws {
        let r = try CLI.run(["validate", CLI.root + "/Samples/no-such-file.yaml", Self.faultsDir + "/kyrgyzstan-2022-score-off.txt", "--format", "json"])
        #expect(r.status == 2)
        let rules = try Self.json(r.stdout).map { $0["rule"] as? String }
        #expect(rules == ["read", "score-is-mean"])
    }

    @Test func strictMakesWarningsFail() throws {
        let warning = Self.faultsDir + "/kyrgyzstan-2022-footnote-gap.txt"
        #expect(try CLI.run(["validate", warning]).status == 0)
        #expect(try CLI.run(["validate", warning, "--strict"]).status == 1)
    }

    // MARK: - Outside validators

    @Test(.enabled(if: Python.has("jsonschema") || Python.inCI, "the Python module jsonschema is missing (make test-deps installs it)"))
    func everySampleJSONIsValidUnderTheExportedJSONSchema() throws {
        let files = FileManager.default.enumerator(atPath: CLI.root + "/Samples")!.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".json") }.map { CLI.root + "/Samples/" + $0 }
        #expect(files.count >= 14)
        let r = try Python.run(["Tests/consumers/check_json_schema.py", "Schemas/nit.schema.json"] + files)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    }
}

/// Runs the Python consumers in Tests/consumers (installed by `make test-deps`).
/// Python consumers of transit's output. A test that needs a module the machine lacks is
/// skipped, naming it; under CI=true it runs, and fails, so CI never passes without the check.
enum Python {
    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    static func has(_ module: String) -> Bool {
        (try? run(["-c", "import " + module]).status) == 0
    }

    static func run(_ args: [String]) throws -> CLI.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + args
        process.currentDirectoryURL = URL(fileURLWithPath: CLI.root)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var stderr = String(decoding: e, as: UTF8.self)
        if stderr.contains("ModuleNotFoundError") { stderr += "\n(run `make test-deps` to install the Python consumers)" }
        return CLI.Result(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: stderr, stdoutBytes: o)
    }
}
