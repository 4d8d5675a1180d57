import Foundation
import Testing

/// The pre-commit hooks of `.pre-commit-hooks.yaml`, run by the real `pre-commit` (pip) in a
/// throwaway git repository: a broken report blocks the commit, configuration files and notes
/// are not checked, and a wrong "last year" figure is caught against the previous edition.
/// Skipped when pre-commit or git is missing; under CI=true a missing tool fails.
struct PreCommitTests {
    static let available: Bool = {
        let python = (try? Shell.run("python3", ["-c", "import pre_commit"]))?.status == 0
        let git = (try? Shell.run("git", ["--version"]))?.status == 0
        return python && git
    }()

    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    @Test(.enabled(if: available || inCI, "pre-commit (pip) or git is missing"))
    func theHookChecksReportsOnlyAndBlocksBrokenOnes() throws {
        try #require(Self.available, "CI=true: pre-commit (pip) and git must be installed (make test-deps)")
        // The hooks as committed in this repository (a clean clone in CI).
        let rev = try Shell.run("git", ["-C", CLI.root, "rev-parse", "HEAD"])
        try #require(rev.status == 0, "transit's sources are not a git repository: \(rev.stderr)")
        let dir = try CLI.scratch()
        let env = [
            "PATH": (CLI.executable as NSString).deletingLastPathComponent + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
            "PRE_COMMIT_HOME": dir + "-cache", "HOME": dir + "-home",
            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
        ]
        try FileManager.default.createDirectory(atPath: dir + "-home", withIntermediateDirectories: true)
        func git(_ args: String...) throws -> Shell.Result { try Shell.run("git", ["-C", dir] + args, environment: env) }
        func write(_ path: String, _ text: String) throws {
            let full = dir + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        func commit(_ message: String, _ files: String...) throws -> Shell.Result {
            _ = try Shell.run("git", ["-C", dir, "add"] + files, environment: env)
            let r = try git("commit", "-q", "-m", message)
            if r.status != 0 { _ = try git("reset", "-q") }
            return r
        }
        let series = CLI.root + "/Samples/series/"
        let good2022 = try String(contentsOfFile: series + "ukraine-2022.txt", encoding: .utf8)
        let good2023 = try String(contentsOfFile: series + "ukraine-2023.txt", encoding: .utf8)

        #expect(try git("init", "-q").status == 0)
        try write(".pre-commit-config.yaml", """
            repos:
              - repo: \(CLI.root)
                rev: \(rev.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
                hooks:
                  - id: transit-validate

            """)
        try write("NOTES.txt", "Not a report: nothing to check here.\n")
        try write("package.json", "{\"name\": \"reports\", \"version\": \"1.0.0\"}\n")
        let install = try Shell.run("python3", ["-m", "pre_commit", "install"], in: dir, environment: env)
        try #require(install.status == 0, "\(install.stdout)\(install.stderr)")

        // Configuration, notes and package files are no reports: the first commit passes.
        let first = try commit("configuration", ".pre-commit-config.yaml", "NOTES.txt", "package.json")
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")

        // A good report passes.
        try write("reports/ukraine-2022.txt", good2022)
        let second = try commit("2022", "reports/ukraine-2022.txt")
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")

        // A rating out of range blocks the commit.
        try write("reports/ukraine-2023.txt", good2023.replacingOccurrences(of: "civic activism. 5.506 7.007", with: "civic activism. 7.257 7.007"))
        let broken = try commit("broken 2023", "reports/ukraine-2023.txt")
        #expect(broken.status != 0)
        #expect((broken.stdout + broken.stderr).contains("[rating-range]"), "\(broken.stdout)\(broken.stderr)")

        // A wrong "last year" figure is caught against the 2022 report in the repository.
        try write("reports/ukraine-2023.txt", good2023.replacingOccurrences(of: "\n40 100 ", with: "\n41 100 "))
        let lastYear = try commit("wrong last year", "reports/ukraine-2023.txt")
        #expect(lastYear.status != 0)
        #expect((lastYear.stdout + lastYear.stderr).contains("[previous-last-year-percentage]"), "\(lastYear.stdout)\(lastYear.stderr)")

        // The good 2023 report passes.
        try write("reports/ukraine-2023.txt", good2023)
        let good = try commit("2023", "reports/ukraine-2023.txt")
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")

        // Freedom in the World: a PR score that is not the sum of its indicators blocks the
        // commit (the hook watched one family's countries only); the good page passes.
        let fiw = try String(contentsOfFile: CLI.root + "/Samples-FIW/hong-kong-2024.txt", encoding: .utf8)
        try write("fiw/hong-kong-2024.txt", fiw.replacingOccurrences(of: "PR Political Rights 9 40", with: "PR Political Rights 19 40"))
        let brokenFIW = try commit("broken FIW", "fiw/hong-kong-2024.txt")
        #expect(brokenFIW.status != 0, "\(brokenFIW.stdout)\(brokenFIW.stderr)")
        #expect(!(brokenFIW.stdout + brokenFIW.stderr).contains("Skipped"), "\(brokenFIW.stdout)\(brokenFIW.stderr)")
        try write("fiw/hong-kong-2024.txt", fiw)
        let goodFIW = try commit("FIW", "fiw/hong-kong-2024.txt")
        #expect(goodFIW.status == 0, "\(goodFIW.stdout)\(goodFIW.stderr)")

        // Freedom on the Net: a category that is not the sum of its questions blocks the commit.
        let fotn = try String(contentsOfFile: CLI.root + "/Samples-FOTN/russia-2025.txt", encoding: .utf8)
        try write("fotn/russia-2025.txt", fotn.replacingOccurrences(of: "A Obstacles to Access 10 25", with: "A Obstacles to Access 11 25"))
        let brokenFOTN = try commit("broken FOTN", "fotn/russia-2025.txt")
        #expect(brokenFOTN.status != 0 && (brokenFOTN.stdout + brokenFOTN.stderr).contains("access-is-sum"), "\(brokenFOTN.stdout)\(brokenFOTN.stderr)")
        try write("fotn/russia-2025.txt", fotn)
        let goodFOTN = try commit("FOTN", "fotn/russia-2025.txt")
        #expect(goodFOTN.status == 0, "\(goodFOTN.stdout)\(goodFOTN.stderr)")

        // A sheet of the publisher's with a broken cell blocks the commit too.
        let table = try CLI.run(["table", CLI.root + "/Samples-FIW"])
        try #require(table.status == 0, "\(table.stderr)")
        // (The table's rows end in CRLF, as RFC 4180 has them.)
        var rows = table.stdout.components(separatedBy: "\r\n")
        try #require(rows.count > 2, "the table of the samples: \(table.stdout)")
        var cells = rows[1].components(separatedBy: ",")
        cells[cells.count - 1] = "101"
        rows[1] = cells.joined(separator: ",")
        try write("data/fiw-2013-2024.csv", rows.joined(separator: "\r\n"))
        let brokenSheet = try commit("broken sheet", "data/fiw-2013-2024.csv")
        #expect(brokenSheet.status != 0, "\(brokenSheet.stdout)\(brokenSheet.stderr)")
    }

    /// The hooks' file pattern is made from the schema's countries: report-named paths match,
    /// others do not.
    @Test func theFilePatternMatchesReportNamesOnly() throws {
        let hooks = try String(contentsOfFile: CLI.root + "/.pre-commit-hooks.yaml", encoding: .utf8)
        let patterns = hooks.split(separator: "\n").filter { $0.hasPrefix("  files: '") }.map { line in
            String(line.dropFirst("  files: '".count).dropLast()).replacingOccurrences(of: "''", with: "'")
        }
        #expect(patterns.count == 2)
        let pattern = try #require(patterns.first)
        let regex = try NSRegularExpression(pattern: pattern)
        func matches(_ path: String) -> Bool { regex.firstMatch(in: path, range: NSRange(path.startIndex..., in: path)) != nil }
        for path in ["reports/kazakhstan-2021.txt", "kazakhstan-2021-draft.txt", "uzbekistan-2011-nochange.txt", "kazakhstan_2021.yaml",
                     "2021/kazakhstan.txt", "nit-2021/kazakhstan.json", "kazakhstan/2021.txt", "north-macedonia-2019.xml",
                     "Bosnia_and_Herzegovina-2020.json", "archive/czech-republic-2005.yml",
                     "hong-kong-2024.txt", "fiw/2024/nicaragua.yaml", "Burkina_Faso-2023.xml", "All_data_FIW_2013-2024.csv", "fiw-2013-2024.csv"] {
            #expect(matches(path), "\(path) should be checked")
        }
        for path in [".pre-commit-config.yaml", "NOTES.txt", "package.json", "docs/kazakhstan.md", "config.yaml", "kazakhstan.txt", "data/2021.json",
                     "notes.csv", "hong-kong.txt"] {
            #expect(!matches(path), "\(path) should not be checked")
        }
        // The pattern is the one the schemas make (make hooks regenerates it).
        let made = try CLI.run(["schema", "--format", "file-pattern"])
        #expect(made.stdout.trimmingCharacters(in: .newlines) == pattern, "the hooks' pattern is stale: run make hooks")
        #expect(patterns.allSatisfy { $0 == pattern })
        // Every country of the schema is in the pattern.
        let schema = try String(contentsOfFile: CLI.root + "/Schemas/nit.schema.yaml", encoding: .utf8)
        let countries = schema.components(separatedBy: "\n  country:\n    values:\n")[1].components(separatedBy: "\n    aliases:")[0]
            .split(separator: "\n").compactMap { $0.hasPrefix("      - ") ? String($0.dropFirst(8)) : nil }
        #expect(countries.count > 20)
        for country in countries {
            let name = country.lowercased().replacingOccurrences(of: " ", with: "-")
            #expect(matches("reports/\(name)-2024.txt"), "\(country) is missing from the hooks' pattern: regenerate it")
        }
    }
}

/// Runs a program found on PATH.
enum Shell {
    struct Result { var status: Int32; var stdout: String; var stderr: String }

    /// Whether a command is on PATH.
    static func has(_ command: String) -> Bool {
        (try? run("sh", ["-c", "command -v \(command)"]).status) == 0
    }

    static func run(_ program: String, _ args: [String], in directory: String? = nil, environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + args
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}
