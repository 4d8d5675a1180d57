import Foundation
import Testing

/// The README's examples run as written: every `transit …` line of its `sh` blocks, in a
/// folder laid out as the examples assume (the samples; an `archive/` of reports; the
/// publisher's sheet where ../shared is beside the project), in README order, so that a file one
/// example writes is there for the next. Placeholders (OLD, NEW, $R) and files the README only
/// names (report.json, submissions/) are left out. An example may find things (exit 1 for
/// validate, diff and changes); none may fail to run (exit 2) or crash.
struct ReadmeExamplesTests {
    static func examples() throws -> [String] {
        let readme = try String(contentsOfFile: CLI.root + "/README.md", encoding: .utf8)
        var out: [String] = [], inside = false
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inside = line == "```sh"; continue }
            guard inside else { continue }
            var command = String(line)
            if let comment = command.range(of: "  #") ?? command.range(of: " # ") { command = String(command[..<comment.lowerBound]) }
            command = command.trimmingCharacters(in: .whitespaces)
            if command.hasPrefix("transit ") { out.append(command) }
        }
        return out
    }

    @Test func everyExampleRunsAsWritten() throws {
        let dir = try CLI.scratch()
        let fm = FileManager.default
        for name in ["Samples", "Samples-FIW", "Samples-FOTN"] { try fm.createSymbolicLink(atPath: dir + "/" + name, withDestinationPath: CLI.root + "/" + name) }
        try fm.createDirectory(atPath: dir + "/archive", withIntermediateDirectories: true)
        for f in try fm.contentsOfDirectory(atPath: CLI.root + "/Samples/series") where f.hasSuffix(".txt") {
            try fm.copyItem(atPath: CLI.root + "/Samples/series/" + f, toPath: dir + "/archive/" + f)
        }
        let sheet = CLI.root + "/../shared/data/fiw-all-data-2013-2024.csv"
        let haveSheet = fm.fileExists(atPath: sheet)
        if haveSheet { try fm.createSymbolicLink(atPath: dir + "/fiw-all-data-2013-2024.csv", withDestinationPath: sheet) }
        let book = CLI.root + "/../shared/data/All_data_FIW_2013-2024.xlsx"
        let haveBook = fm.fileExists(atPath: book)
        if haveBook { try fm.createSymbolicLink(atPath: dir + "/All_data_FIW_2013-2024.xlsx", withDestinationPath: book) }
        let ratings = CLI.root + "/../shared/data/Country_and_Territory_Ratings_and_Statuses_FIW_1973-2024.xlsx"
        let haveRatings = fm.fileExists(atPath: ratings)
        if haveRatings { try fm.createSymbolicLink(atPath: dir + "/Country_and_Territory_Ratings_and_Statuses_FIW_1973-2024.xlsx", withDestinationPath: ratings) }
        let examples = try Self.examples()
        #expect(examples.count > 25, "\(examples)")
        let placeholders = ["OLD", "NEW", "$", "report.json", "submissions/", "new/"]
        var ran = 0
        let bin = (CLI.executable as NSString).deletingLastPathComponent
        for command in examples {
            if placeholders.contains(where: { command.contains($0) }) { continue }
            if command.contains("fiw-all-data") && !haveSheet { continue }
            if command.contains("All_data_FIW") && !haveBook { continue }
            if command.contains("Country_and_Territory") && !haveRatings { continue }
            if command.contains("rows/") && !haveSheet { continue }
            let r = try Shell.run("/bin/sh", ["-c", command], in: dir, environment: ["PATH": bin + ":/usr/bin:/bin", "HOME": dir])
            let verb = command.split(separator: " ")[1]
            let findings = ["validate", "diff", "changes"].contains(String(verb)) && r.status == 1
            #expect(r.status == 0 || findings, "README example `\(command)` exited \(r.status): \(r.stderr.prefix(600))")
            ran += 1
        }
        #expect(ran >= (haveSheet ? 26 : 19), "\(ran) examples ran")
    }
}
