import Foundation
import Testing

/// Folders mixing families work without flags: each file is read, checked and compared in its
/// own family; what cannot mix (one table, one diff) says so, and `--family` picks one.
struct FamilyCommandTests {
    static let fiw = CLI.input("fiw")

    @Test func validateChecksEachFileInItsOwnFamily() throws {
        let r = try CLI.run(["validate", CLI.root + "/Samples", Self.fiw, "--format", "json"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let findings = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [[String: Any]]
        #expect(!findings.contains { $0["severity"] as? String == "error" }, "\(findings)")
        // A FIW rule fires on a FIW file in the mixed run.
        let dir = try CLI.scratch()
        let bad = try String(contentsOfFile: Self.fiw + "/peru-2022.yaml", encoding: .utf8).replacingOccurrences(of: "total: 72", with: "total: 73")
        try bad.write(toFile: dir + "/peru-2022.yaml", atomically: true, encoding: .utf8)
        let b = try CLI.run(["validate", dir + "/peru-2022.yaml", CLI.root + "/Samples/estonia-2022.yaml"])
        #expect(b.status == 1)
        #expect(b.stdout.contains("peru-2022.yaml:11:8: error: the total 73 is not PR + CL = 72 [total-is-sum]"), "\(b.stdout)")
    }

    @Test func convertKeepsEachFamilysNames() throws {
        let dir = try CLI.scratch()
        let r = try CLI.run(["convert", Self.fiw, CLI.root + "/Samples/estonia-2022.yaml", "-o", dir, "--to", "xml"])
        #expect(r.status == 0, "\(r.stderr)")
        let peru = try String(contentsOfFile: dir + "/peru-2022.xml", encoding: .utf8)
        #expect(peru.contains("<report xmlns=\"urn:transit:fiw:1\" family=\"Freedom in the World\" country=\"Peru\""), "\(peru.prefix(300))")
        let estonia = try String(contentsOfFile: dir + "/estonia-2022.xml", encoding: .utf8)
        #expect(estonia.contains("xmlns=\"urn:transit:report:1\""))
    }

    @Test func aTableIsOneFamilysAndSeveralGoIntoADirectory() throws {
        let mixed = try CLI.run(["table", CLI.root + "/Samples", Self.fiw])
        #expect(mixed.status == 2)
        #expect(mixed.stderr.contains("the inputs hold reports of 2 families (60 Nations in Transit, 3 Freedom in the World), a table each: give -o DIRECTORY"), "\(mixed.stderr)")
        let dir = try CLI.scratch() + "/tables/"
        let r = try CLI.run(["table", CLI.root + "/Samples", Self.fiw, "-o", dir])
        #expect(r.status == 0, "\(r.stderr)")
        let fiw = try String(contentsOfFile: dir + "freedom-in-the-world.csv", encoding: .utf8)
        #expect(fiw.hasPrefix("Country/Territory,Region,C/T,Edition,Status,PR rating,CL rating,A1,"))
        #expect(fiw.components(separatedBy: "\r\n").filter { $0.hasPrefix("Peru,Americas,c,") }.count == 3)
        let nit = try String(contentsOfFile: dir + "nations-in-transit.csv", encoding: .utf8)
        #expect(nit.hasPrefix("country,edition,scale,status,"))
        // --family keeps one.
        let one = try CLI.run(["table", Self.fiw, "--family", "fiw"])
        #expect(one.status == 0 && one.stdout.hasPrefix("Country/Territory,"), "\(one.stderr)")
    }

    @Test func aDiffIsWithinOneFamily() throws {
        let r = try CLI.run(["diff", Self.fiw + "/peru-2022.yaml", CLI.root + "/Samples/estonia-2022.yaml"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("is a Freedom in the World report and this one a Nations in Transit report: they are compared within one family"), "\(r.stderr)")
        let same = try CLI.run(["diff", Self.fiw + "/peru-2022.yaml", Self.fiw + "/peru-2024.xml"])
        #expect(same.status == 1, "\(same.stderr)")
        #expect(same.stdout.contains("total: 72 →"), "\(same.stdout)")
    }

    @Test func familyAndSchemaOptionsAreOneOrTheOther() throws {
        let r = try CLI.run(["validate", Self.fiw, "--family", "fiw", "--schema", CLI.root + "/Schemas/fiw.schema.yaml"])
        #expect(r.status == 2 && r.stderr.contains("--schema and --family both say which schema to use"), "\(r.stderr)")
        let unknown = try CLI.run(["validate", Self.fiw, "--family", "fwi"])
        #expect(unknown.status == 2 && unknown.stderr.contains("--family 'fwi' is not a compiled-in family: transit (Nations in Transit), fiw (Freedom in the World)"), "\(unknown.stderr)")
        // Forced, a file of the other family is an error of that family's model.
        let forced = try CLI.run(["validate", CLI.root + "/Samples/estonia-2022.yaml", "--family", "fiw"])
        #expect(forced.status == 2, "\(forced.stdout)")
    }

    /// The second family's changes: its Status Change sentence and score-change notes, in the
    /// publisher's wording, from the templates of its schema.
    @Test func changesSpeakTheSecondFamilysWording() throws {
        let r = try CLI.run(["changes", Self.fiw + "/peru-2022.yaml", Self.fiw + "/peru-2023.json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
            Status Change: Peru’s status declined from Free to Partly Free due to …
            C1 Score Change: The score declined from 3 to 2 because …
            E1 Score Change: The score declined from 3 to 2 because …

            """, "\(r.stdout)")
        let check = try CLI.run(["changes", Self.fiw + "/peru-2023.json", Self.fiw + "/peru-2024.xml", "--check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    /// The second family's pages, compared: indicators paired by code, each move with its
    /// direction; the edition's score-change notes agree with the figures.
    @Test func theSecondFamilysPagesCompareByIndicator() throws {
        let samples = CLI.root + "/Samples-FIW/"
        let r = try CLI.run(["diff", samples + "tunisia-2023.txt", samples + "tunisia-2024.txt"])
        #expect(r.status == 1, "\(r.stderr)")
        for line in ["~ total: 56 → 51 (declined)  /total", "~ Political Rights: 20 → 16 (declined)  /pr_score",
                     "~ B1: 2 → 1 (declined)  /indicators/3/score", "+ C3 score change: added: declined from 2 to 1  /indicators/9/score_change"] {
            #expect(r.stdout.contains(line), "\(line)\n\(r.stdout)")
        }
        let check = try CLI.run(["changes", samples + "tunisia-2023.txt", samples + "tunisia-2024.txt", "--check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let series = try CLI.run(["validate", CLI.root + "/Samples-FIW", "--format", "json"])
        #expect(series.status == 0 && series.stdout == "[]\n", "\(series.stdout)")
        // A changed score breaks its note and PR, each found at its line.
        let dir = try CLI.scratch()
        let page = try String(contentsOfFile: samples + "tunisia-2024.txt", encoding: .utf8)
        try page.replacingOccurrences(of: "? 1.001 4.004\n\nObservers found little room for the government's accountability", with: "? 2.002 4.004\n\nObservers found little room for the government's accountability")
            .write(toFile: dir + "/tunisia-2024.txt", atomically: true, encoding: .utf8)
        let bad = try CLI.run(["validate", dir + "/tunisia-2024.txt", "--archive", samples, "--format", "json"])
        let rules = Set((try JSONSerialization.jsonObject(with: Data(bad.stdout.utf8)) as! [[String: Any]]).map { $0["rule"] as! String })
        #expect(rules.isSuperset(of: ["score-change-to", "pr-score"]), "\(bad.stdout)")
    }

    /// Standard input says its family by its bytes, as a file does.
    @Test func standardInputIsReadInItsOwnFamily() throws {
        let yaml = try Data(contentsOf: URL(fileURLWithPath: Self.fiw + "/peru-2022.yaml"))
        let r = try CLI.run(["validate", "-", "--from", "yaml"], stdin: yaml)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let page = try Data(contentsOf: URL(fileURLWithPath: CLI.root + "/Samples-FIW/syria-2024.txt"))
        let c = try CLI.run(["convert", "-", "--from", "text", "--to", "json"], stdin: page)
        #expect(c.status == 0 && c.stdout.hasPrefix("{\n  \"family\": \"Freedom in the World\",\n  \"country\": \"Syria\",\n  \"edition\": 2024,"), "\(c.stdout.prefix(200))\(c.stderr)")
    }
}

/// A folder of all three families: every command works on it, each family by its own schema.
struct ThreeFamiliesTests {
    static let files = ["Samples/series/ukraine-2023.txt", "Samples/series/ukraine-2024.txt", "Samples-FIW/tunisia-2023.txt", "Samples-FIW/tunisia-2024.txt",
                        "Samples-FOTN/kazakhstan-2024.txt", "Samples-FOTN/kazakhstan-2025.txt", "Samples-FOTN/kazakhstan-2024.yaml"]

    @Test func everyCommandWorksOnAFolderOfThreeFamilies() throws {
        let dir = try CLI.scratch()
        try FileManager.default.createDirectory(atPath: dir + "/mix", withIntermediateDirectories: true)
        try CLI.copy(Self.files, into: dir + "/mix")
        let validate = try CLI.run(["validate", "mix"], in: dir)
        #expect(validate.status == 0 && validate.stdout.contains("7 files checked: 0 errors"), "\(validate.stdout)\(validate.stderr)")
        let table = try CLI.run(["table", "mix", "-o", "tables/"], in: dir)
        #expect(table.status == 0, "\(table.stderr)")
        let fotn = try String(contentsOfFile: dir + "/tables/freedom-on-the-net.csv", encoding: .utf8)
        #expect(fotn.hasPrefix("Country,Edition,Scale,Status,Total,A Obstacles to Access,") && fotn.contains("\nKazakhstan,2025,current,Not Free,37,14,12,11,"), "\(fotn)")
        #expect(FileManager.default.fileExists(atPath: dir + "/tables/nations-in-transit.csv") && FileManager.default.fileExists(atPath: dir + "/tables/freedom-in-the-world.csv"))
        let trends = try CLI.run(["trends", "mix", "-o", "trends/"], in: dir)
        #expect(trends.status == 0 && FileManager.default.fileExists(atPath: dir + "/trends/freedom-on-the-net.html"), "\(trends.stderr)")
        let summary = try CLI.run(["summary", "mix", "--edition", "2025", "-o", "summary/"], in: dir)
        #expect(summary.status == 0, "\(summary.stderr)")
        let fotnSummary = try String(contentsOfFile: dir + "/summary/freedom-on-the-net-summary.md", encoding: .utf8)
        #expect(fotnSummary.contains("- Kazakhstan’s Internet Freedom Score improved from 34 to 37 (+3 since 2024)."), "\(fotnSummary)")
        // The archive's editions, family by family: FOTN has no 2023 report, and is left out.
        let archive = try CLI.run(["diff", "--archive", "mix", "--from", "2023", "--to", "2024"], in: dir)
        #expect(archive.status == 1, "\(archive.stderr)")
        #expect(archive.stderr.contains("note: the archive has no Freedom on the Net report of the 2023 edition; that family is left out"), "\(archive.stderr)")
        #expect(archive.stdout.contains("Nations in Transit") && archive.stdout.contains("Freedom in the World"), "\(archive.stdout)")
        // Two reports of one family compare; of two families, an error naming both.
        let pair = try CLI.run(["diff", "mix/kazakhstan-2024.txt", "mix/kazakhstan-2025.txt"], in: dir)
        #expect(pair.status == 1 && pair.stdout.contains("~ total: 34 → 37 (improved)  /total"), "\(pair.stdout)")
        let mixed = try CLI.run(["diff", "mix/kazakhstan-2024.txt", "mix/tunisia-2024.txt"], in: dir)
        #expect(mixed.status == 2, "\(mixed.stderr)")
        let changes = try CLI.run(["changes", "mix/kazakhstan-2024.txt", "mix/kazakhstan-2025.txt"], in: dir)
        #expect(changes.status == 0 && changes.stdout.contains("C3 Score Change: The score improved from 1 to 2 because …"), "\(changes.stdout)\(changes.stderr)")
        let check = try CLI.run(["changes", "mix/kazakhstan-2024.txt", "mix/kazakhstan-2025.txt", "--check"], in: dir)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }
}

extension ThreeFamiliesTests {
    /// Freedom on the Net's sheet, as `table` writes it, is told from the others by its header
    /// and reads back as a report per row, validating clean.
    @Test func theThirdFamilysSheetIsRecognised() throws {
        let dir = try CLI.scratch()
        let table = try CLI.run(["table", CLI.root + "/Samples-FOTN", "-o", dir + "/fotn.csv"])
        #expect(table.status == 0, "\(table.stderr)")
        let validate = try CLI.run(["validate", dir + "/fotn.csv"])
        #expect(validate.status == 0 && validate.stdout.contains("1 file checked: 0 errors, 0 warnings"), "\(validate.stdout)\(validate.stderr)")
        let rows = try CLI.run(["convert", dir + "/fotn.csv", "-o", dir + "/rows/"])
        #expect(rows.status == 0, "\(rows.stderr)")
        let yaml = try String(contentsOfFile: dir + "/rows/kazakhstan-2015.yaml", encoding: .utf8)
        #expect(yaml.hasPrefix("family: Freedom on the Net\ncountry: Kazakhstan\nedition: 2015\nscale: old\n"), "\(yaml)")
    }
}
