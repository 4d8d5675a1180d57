import Foundation
import Testing

/// `transit summary`: one edition against each subject's own previous edition, in the schema's
/// wording, with exact figures.
struct SummaryTests {
    @Test func theSeriesSummaryReadsAsExpected() throws {
        let r = try CLI.run(["summary", CLI.root + "/Samples/series", "--edition", "2023"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == (try CLI.expected("summary-series-2023.md")))
    }

    @Test func theLatestEditionIsTheDefault() throws {
        let r = try CLI.run(["summary", CLI.root + "/Samples/series"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("# Nations in Transit 2024: the year over year\n"))
        #expect(r.stdout.contains("| Ukraine | 2023 | 3.54 → 3.54 | 0.00 | Transitional or Hybrid Regime |  |"))
    }

    @Test func subjectsWithoutTheEditionOrAPreviousOneAreSaid() throws {
        let dir = try CLI.scratch()
        try CLI.copy(["Samples/series/ukraine-2022.yaml", "Samples/series/ukraine-2023.yaml", "Samples/armenia-2023.yaml", "Samples/estonia-2022.yaml"], into: dir)
        let r = try CLI.run(["summary", dir, "--edition", "2023"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Rated for the first time in the archive: Armenia."))
        #expect(r.stdout.contains("- Estonia: last rated in the 2022 edition."))
        #expect(r.stdout.contains("| Armenia | none in the archive | 3.96 | – | Transitional or Hybrid Regime |  |"))
    }

    @Test func jsonHoldsTheSentencesAndTheirFigures() throws {
        let r = try CLI.run(["summary", CLI.root + "/Samples/series", "--edition", "2020", "--format", "json"])
        #expect(r.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: r.stdoutBytes) as? [String: Any])
        let data = try #require(json["data"] as? [String: Any])
        #expect(data["edition"] as? Int == 2020)
        let declined = try #require(data["declined"] as? [[String: Any]])
        #expect(declined.count == 1)
        #expect(declined.first?["subject"] as? String == "Ukraine")
        #expect((declined.first?["change"] as? NSNumber)?.stringValue == "-0.03")
        // Exact as printed: the JSON text carries 3.50, not 3.5.
        #expect(r.stdout.contains("\"to\": 3.50,"))
        let sections = try #require(json["sections"] as? [[String: Any]])
        #expect(sections.map { $0["heading"] as? String } == ["Democracy Scores", "Largest moves", "Status changes", "Categories", "Missing from the edition"])
    }

    @Test func anEditionNotInTheArchiveIsAnError() throws {
        let r = try CLI.run(["summary", CLI.root + "/Samples/series", "--edition", "2031"])
        #expect(r.status == 2)
        #expect(r.stderr == "transit: error: Nations in Transit: the archive holds no report of edition 2031 (its editions: 2019–2024)\n")
        #expect(r.stdout.isEmpty)
    }

    @Test func freedomInTheWorldSummaryUsesItsOwnWording() throws {
        let r = try CLI.run(["summary", CLI.root + "/Samples-FIW", "--edition", "2024"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("- Tunisia’s Global Freedom Score declined from 56 to 51 (-5 since 2023)."))
        #expect(r.stdout.contains("- Peru: last rated in the 2023 edition."))
        #expect(r.stdout.contains("| Country or territory | Previous edition | Total | Change | Status | Indicators that moved |"))
    }

    @Test func aMixedFolderMakesASummaryPerFamily() throws {
        let dir = try CLI.scratch()
        try CLI.copy(["Samples/series/ukraine-2023.yaml", "Samples/series/ukraine-2024.yaml", "Samples-FIW/tunisia-2023.yaml", "Samples-FIW/tunisia-2024.json"], into: dir)
        #expect(try CLI.run(["summary", dir]).status == 2)
        #expect(try CLI.run(["summary", dir, "-o", dir + "/out/"]).status == 0)
        #expect(try String(contentsOfFile: dir + "/out/nations-in-transit-summary.md", encoding: .utf8).hasPrefix("# Nations in Transit 2024"))
        #expect(try String(contentsOfFile: dir + "/out/freedom-in-the-world-summary.md", encoding: .utf8).hasPrefix("# Freedom in the World 2024"))
    }

    /// `-o DIRECTORY` holds the family's file, named by family, for one family too.
    @Test func aDirectoryGivenHoldsTheFamilysFile() throws {
        let dir = try CLI.scratch()
        #expect(try CLI.run(["summary", CLI.root + "/Samples/series", "-o", dir + "/new/"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: dir + "/new/nations-in-transit-summary.md"))
        try FileManager.default.createDirectory(atPath: dir + "/old", withIntermediateDirectories: true)
        #expect(try CLI.run(["trends", CLI.root + "/Samples/series", "-o", dir + "/old"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: dir + "/old/nations-in-transit.html"))
    }

    /// A template that names a field the summary model lacks fails when the schema loads, at its
    /// line and column, not when a summary is written.
    @Test func aWrongTemplateIsFoundWhenTheSchemaLoads() throws {
        let dir = try CLI.scratch()
        var text = try String(contentsOfFile: CLI.root + "/Schemas/nit.schema.yaml", encoding: .utf8)
        text = text.replacingOccurrences(of: "{count(improved)} improved", with: "{count(improvd)} improved")
        try text.write(toFile: dir + "/schema.yaml", atomically: true, encoding: .utf8)
        let line = text.components(separatedBy: "\n").firstIndex { $0.contains("count(improvd)") }! + 1
        let r = try CLI.run(["summary", CLI.root + "/Samples/series", "--schema", dir + "/schema.yaml"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("schema.yaml:\(line):"), "\(r.stderr)")
        #expect(r.stderr.contains("improvd"), "\(r.stderr)")
    }

    /// The publisher's sheet, summarised by transit and worked out independently from the CSV
    /// by Python: counts, every move, the status changes, the indicators, the missing.
    @Test(.enabled(if: FIWSheet.available, "../shared/data/fiw-all-data-2013-2024.csv is not beside the project"))
    func theOfficialSheetAgreesWithAnIndependentCount() throws {
        let dir = try CLI.scratch()
        for edition in ["2014", "2017", "2020", "2024"] {
            let json = dir + "/summary-\(edition).json"
            let r = try CLI.run(["summary", FIWSheet.path, "--edition", edition, "--format", "json", "-o", json])
            #expect(r.status == 0, "\(r.stderr)")
            let check = try Python.run(["Tests/consumers/check_summary.py", FIWSheet.path, json, edition])
            #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        }
        let r = try CLI.run(["summary", FIWSheet.path, "--edition", "2020"])
        #expect(r.stdout.contains("Of the 209 countries and territories of the 2020 edition rated in an earlier edition of the archive, 38 improved their Global Freedom Score, 69 declined and 102 held steady."))
        #expect(r.stdout.contains("- Benin’s status declined from Free to Partly Free (total 79 → 66)."))
        #expect(r.stdout.contains("- Mauritania’s status improved from Not Free to Partly Free (total 32 → 34)."))
    }
}
