import Foundation
import Testing

/// `transit changes`: the score-change section of each edition, from the ratings, as written.
struct ChangesTests {
    static let series = CLI.root + "/Samples/series"
    static let editions = Array(2020...2024)

    /// The bullets of a page's score-change section, with the reason text after the figures cut.
    static func writtenSection(_ page: String) -> [String] {
        var lines: [String] = []
        var inSection = false
        for line in page.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("header") { inSection = line.contains("Score changes"); continue }
            guard inSection, line.hasPrefix("  • ") else { continue }
            if let reason = line.range(of: " due to ") { lines.append(String(line[..<reason.lowerBound]) + ".") } else { lines.append(line) }
        }
        return lines
    }

    @Test(arguments: editions)
    func reproducesEachEditionsWrittenSection(_ edition: Int) throws {
        let new = Self.series + "/ukraine-\(edition).txt"
        let r = try CLI.run(["changes", Self.series + "/ukraine-\(edition - 1).txt", new])
        #expect(r.status == 0, "\(r.stderr)")
        let written = Self.writtenSection(try String(contentsOfFile: new, encoding: .utf8))
        #expect(!written.isEmpty)
        #expect(r.stdout == written.joined(separator: "\n") + "\n")
    }

    @Test(arguments: editions)
    func checkPassesOnEveryEditionInAnyFormat(_ edition: Int) throws {
        for (old, new) in [("txt", "txt"), ("yaml", "xml"), ("json", "yaml")] {
            let r = try CLI.run(["changes", "--check", Self.series + "/ukraine-\(edition - 1).\(old)", Self.series + "/ukraine-\(edition).\(new)"])
            #expect(r.status == 0, "\(old) → \(new): \(r.stdout)\(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
    }

    @Test func noScoreChangesIsWrittenAsTheOnlyBullet() throws {
        let r = try CLI.run(["changes", Self.series + "/ukraine-2023.yaml", Self.series + "/ukraine-2024.json"])
        #expect(r.stdout == "  • No score changes.\n")
    }

    @Test func alteringOneStatementFailsTheCheckAtItsLine() throws {
        let dir = try CLI.scratch()
        let page = try String(contentsOfFile: Self.series + "/ukraine-2023.txt", encoding: .utf8)
        let altered = page.replacingOccurrences(of: "Civil Society rating improved from 5.25 to 5.50", with: "Civil Society rating improved from 5.00 to 5.50")
        #expect(altered != page)
        try altered.write(toFile: dir + "/ukraine-2023.txt", atomically: true, encoding: .utf8)
        let lines = altered.split(separator: "\n", omittingEmptySubsequences: false)
        let line = lines.firstIndex { $0.contains("from 5.00 to 5.50") }! + 1
        // The finding points at the figure it is about, counted in characters (the bullet is one).
        let text = lines[line - 1], column = text.distance(from: text.startIndex, to: text.range(of: "5.00")!.lowerBound) + 1
        let r = try CLI.run(["changes", "--check", Self.series + "/ukraine-2022.txt", dir + "/ukraine-2023.txt"])
        #expect(r.status == 1)
        #expect(CLI.relative(r.stdout, dir) == """
            ukraine-2023.txt:\(line):\(column): error: the statement on Civil Society says its rating went from 5.00, but the 2022 edition rates it 5.25 [previous-statement-from]

            """)
    }

    @Test func aMissingStatementAndAWrongResultAreFound() throws {
        let dir = try CLI.scratch()
        let page = try String(contentsOfFile: Self.series + "/ukraine-2023.txt", encoding: .utf8)
        var lines = page.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeAll { $0.hasPrefix("  • Electoral Process rating improved") }
        let altered = lines.joined(separator: "\n").replacingOccurrences(of: "Democracy Score improved from 3.43 to 3.54", with: "Democracy Score declined from 3.43 to 3.54")
        try altered.write(toFile: dir + "/ukraine-2023.txt", atomically: true, encoding: .utf8)
        let r = try CLI.run(["changes", "--check", Self.series + "/ukraine-2022.txt", dir + "/ukraine-2023.txt"])
        #expect(r.status == 1)
        let found = CLI.relative(r.stdout, dir).split(separator: "\n").map { $0.split(separator: " ", maxSplits: 1)[1] }
        #expect(found == [
            "error: the \"As a result\" line says 'declined', but 3.43 to 3.54 is an improvement [result-verb]",
            "error: the Electoral Process rating moved from 4.25 to 4.50 since the 2022 edition, but no score-change statement says so [previous-statement-missing]",
        ], "\(r.stdout)")
    }

    @Test func unreadableInputExitsTwo() throws {
        let r = try CLI.run(["changes", Self.series + "/no-such-2022.txt", Self.series + "/ukraine-2023.txt"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no-such-2022.txt:1:1: error: cannot read"))
    }
}
