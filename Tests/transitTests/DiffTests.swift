import Foundation
import Testing

/// `transit diff`: changes on the model, in every form, and a JSON Patch that really applies.
struct DiffTests {
    static let series = CLI.root + "/Samples/series"

    static func samples() -> [String] {
        (FileManager.default.enumerator(atPath: CLI.root + "/Samples")?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".txt") }.sorted()
    }

    @Test func aReportAndItsConversionsHaveNoDifferences() throws {
        for name in Self.samples() {
            let txt = CLI.root + "/Samples/" + name
            for ext in ["yaml", "xml", "json"] {
                let r = try CLI.run(["diff", txt, String(txt.dropLast(3)) + ext])
                #expect(r.status == 0, "\(name) vs \(ext): \(r.stdout)\(r.stderr)")
                #expect(r.stdout.isEmpty)
            }
        }
    }

    @Test func ratingsScoresAndStatementsBetweenEditions() throws {
        let r = try CLI.run(["diff", Self.series + "/ukraine-2022.txt", Self.series + "/ukraine-2023.yaml", "--format", "json"])
        #expect(r.status == 1)
        let changes = (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])?["changes"] as? [[String: Any]] ?? []
        func change(_ path: String) -> [String: Any]? { changes.first { $0["path"] as? String == path } }
        #expect(change("/categories/2/rating")?["old"] as? String == "5.25")
        #expect(change("/categories/2/rating")?["new"] as? String == "5.50")
        #expect(change("/categories/2/rating")?["direction"] as? String == "improved")
        #expect(change("/democracy_score")?["direction"] as? String == "improved")
        #expect(change("/categories/0/rating") == nil)  // unchanged: 2.75 both years
        #expect(change("/executive_summary/0/text")?["words"] as? String
                == "[-2021-] {+2022+} tested the institutions built after the reforms of the previous decade. The government kept a working majority in parliament, and the opposition used committee hearings to question ministers.")
        #expect(changes.allSatisfy { $0["path"] != nil && $0["kind"] != nil && $0["old"] != nil && $0["new"] != nil })
    }

    @Test func numbersCompareByValueAndRenumberedFootnotesAreNoChange() throws {
        let dir = try CLI.scratch()
        let yaml = try String(contentsOfFile: CLI.root + "/Samples/kyrgyzstan-2022.yaml", encoding: .utf8)
        let variant = yaml.replacingOccurrences(of: "democracy_score: 1.68", with: "democracy_score: 1.680")
            .replacingOccurrences(of: "{number: 1, offset: ", with: "{number: 11, offset: ")
        #expect(variant != yaml)
        try variant.write(toFile: dir + "/variant.yaml", atomically: true, encoding: .utf8)
        let r = try CLI.run(["diff", CLI.root + "/Samples/kyrgyzstan-2022.yaml", dir + "/variant.yaml"])
        #expect(r.status == 0, "\(r.stdout)")
    }

    @Test func aMovedParagraphIsMovedAndAChangedOneIsShownWordByWord() throws {
        let dir = try CLI.scratch()
        // In YAML the footnotes travel with their paragraph: swap the two summary paragraphs
        // and change one word of a finding.
        let yaml = try String(contentsOfFile: Self.series + "/ukraine-2023.yaml", encoding: .utf8)
        var lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = lines.firstIndex(of: "executive_summary:")! + 1, end = lines.firstIndex(of: "categories:")!
        let block = Array(lines[start..<end])
        let second = block.indices.dropFirst().first { block[$0].hasPrefix("- text:") }!
        lines.replaceSubrange(start..<end, with: Array(block[second...]) + Array(block[..<second]))
        let variant = lines.joined(separator: "\n").replacingOccurrences(of: "the record on corruption was mixed", with: "the record on corruption was poor")
        try variant.write(toFile: dir + "/ukraine-2023.yaml", atomically: true, encoding: .utf8)
        let r = try CLI.run(["diff", Self.series + "/ukraine-2023.yaml", dir + "/ukraine-2023.yaml"])
        #expect(r.status == 1)
        #expect(CLI.relative(r.stdout, dir).split(separator: "\n").dropFirst(2).joined(separator: "\n") == """
            ~ Corruption finding 1: changed  /categories/6/findings/0/text
                In 2022 the record on corruption was [-mixed,-] {+poor,+} with progress in law and slower change in practice.
            ↕ executive summary paragraph 2: moved from /executive_summary/0  /executive_summary/1
            """, "\(r.stdout)")
    }

    @Test func markdownHasATableThenTheNarrative() throws {
        let r = try CLI.run(["diff", Self.series + "/ukraine-2023.txt", Self.series + "/ukraine-2024.txt", "--format", "markdown"])
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("### `\(Self.series)/ukraine-2023.txt` → `\(Self.series)/ukraine-2024.txt`\n\n| | Old | New | Δ | Change |\n|---|---|---|---|---|\n| edition | 2023 | 2024 | +1 | changed |\n"), "\(r.stdout)")
        #expect(r.stdout.contains("\n#### Narrative\n\n"))
    }

    @Test(.enabled(if: Python.has("jsonpatch") || Python.inCI, "the Python module jsonpatch is missing (make test-deps installs it)"))
    func theJSONPatchTurnsOldIntoNew() throws {
        let dir = try CLI.scratch()
        var pairs = (2020...2024).map { (Self.series + "/ukraine-\($0 - 1).json", Self.series + "/ukraine-\($0).json") }
        pairs.append((CLI.root + "/Samples/kyrgyzstan-2022.json", CLI.root + "/Samples/armenia-2023.json"))
        pairs.append((CLI.root + "/Samples/north-macedonia-2019.json", CLI.root + "/Samples/georgia-2024.json"))
        for (old, new) in pairs {
            let r = try CLI.run(["diff", old, new, "--format", "patch"])
            #expect(r.status == 1)
            try r.stdoutBytes.write(to: URL(fileURLWithPath: dir + "/patch.json"))
            let applied = try Python.run(["Tests/consumers/apply_patch.py", old, dir + "/patch.json", new])
            #expect(applied.status == 0 && applied.stdout == "equal\n", "\(old) → \(new): \(applied.stdout)\(applied.stderr)")
        }
    }

    @Test func noDifferenceIsAnEmptyPatch() throws {
        let json = CLI.root + "/Samples/estonia-2022.json"
        let r = try CLI.run(["diff", json, CLI.root + "/Samples/estonia-2022.txt", "--format", "patch"])
        #expect(r.status == 0)
        #expect(r.stdout == "[]\n")
    }

    @Test func archiveWideRowsPerCountryLargestChangeFirst() throws {
        let r = try CLI.run(["diff", "--archive", CLI.root + "/Samples", "--from", "2022", "--to", "2023", "--format", "csv"])
        #expect(r.status == 1)
        #expect(r.stdout == """
            country,old_edition,new_edition,old_scale,new_scale,old_score,new_score,difference,old_status,new_status,moved
            Ukraine,2022,2023,current,current,3.43,3.54,+0.11,Transitional or Hybrid Regime,Transitional or Hybrid Regime,Electoral Process +0.25; Civil Society +0.25; Judicial Framework and Independence +0.25
            Armenia,,2023,,current,,3.96,,,Transitional or Hybrid Regime,
            Estonia,2022,,current,,6.00,,,Consolidated Democracy,,
            Kyrgyzstan,2022,,current,,1.68,,,Consolidated Authoritarian Regime,,
            Moldova,2022,,current,,3.46,,,Transitional or Hybrid Regime,,
            Poland,,2023,,current,,4.39,,,Semi-Consolidated Democracy,

            """, "\(r.stdout)")
    }

    @Test func twoDirectoriesCompareEachCountrysReports() throws {
        let dir = try CLI.scratch()
        for (sub, edition) in [("a", 2020), ("b", 2021)] {
            try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Self.series + "/ukraine-\(edition).yaml", toPath: dir + "/\(sub)/ukraine-\(edition).yaml")
        }
        let r = try CLI.run(["diff", dir + "/a", dir + "/b", "--format", "markdown"])
        #expect(r.status == 1)
        #expect(r.stdout == """
            | Country | Score | Change | Status | Categories that moved |
            |---|---|---|---|---|
            | Ukraine | 3.36 → 3.39 | +0.03 |  | Independent Media +0.25 |

            """, "\(r.stdout)")
        let same = try CLI.run(["diff", dir + "/a", dir + "/a"])
        #expect(same.status == 0)
    }

    @Test func unreadableInputExitsTwo() throws {
        let r = try CLI.run(["diff", CLI.root + "/Samples/missing.yaml", CLI.root + "/Samples/estonia-2022.txt"])
        #expect(r.status == 2)
    }
}
