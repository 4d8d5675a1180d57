import Foundation
import Testing

/// A made-up report family, written only as a schema under Tests/Families/coastal (other field
/// names, a 0-10 grade, an integer index, its own bands, items, rules and wording): every command
/// works on it with no Swift of its own.
struct ToyFamilyTests {
    static let family = CLI.root + "/Tests/Families/coastal"
    static let schema = family + "/coastal.schema.yaml"
    static let reports = family + "/reports"
    static let names = ["north-pier-2022", "north-pier-2023", "south-beach-2023"]

    func run(_ args: [String], in dir: String? = nil) throws -> CLI.Result {
        try CLI.run(args + ["--schema", Self.schema], in: dir)
    }

    @Test(arguments: names)
    func convertsThroughEveryStructuredFormatByteForByte(_ name: String) throws {
        let dir = try CLI.scratch("toy-\(name)")
        let yaml = Self.reports + "/\(name).yaml"
        var from = yaml
        for (k, ext) in ["xml", "json", "yaml"].enumerated() {
            let to = dir + "/\(name).\(k).\(ext)"
            let r = try run(["convert", from, "-o", to])
            #expect(r.status == 0, "\(from) → \(ext): \(r.stderr)")
            from = to
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: from)) == Data(contentsOf: URL(fileURLWithPath: yaml)))
        let xml = try String(contentsOfFile: dir + "/\(name).0.xml", encoding: .utf8)
        #expect(xml.contains("<survey xmlns=\"urn:transit:test:coastal:1\""))
    }

    @Test func theFamilyHasNoPageTextFormat() throws {
        let dir = try CLI.scratch()
        let r = try run(["convert", Self.reports + "/north-pier-2022.yaml", "-o", dir + "/n.txt"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("coastal.schema.yaml:1:1: error: the schema declares no page layout"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/n.txt"))
    }

    @Test func validatesWithItsOwnRulesAndLocatesFindings() throws {
        #expect(try run(["validate", Self.reports]).status == 0)
        let dir = try CLI.scratch()
        let page = try String(contentsOfFile: Self.reports + "/north-pier-2023.yaml", encoding: .utf8)
        try page.replacingOccurrences(of: "water_index: 21", with: "water_index: 12")
            .replacingOccurrences(of: "- {code: Clarity, from: 6, to: 8}", with: "- {code: Clarity, from: 5, to: 8}")
            .write(toFile: dir + "/north-pier-2023.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: Self.reports + "/north-pier-2022.yaml", toPath: dir + "/north-pier-2022.yaml")
        let r = try run(["validate", "north-pier-2023.yaml", "--archive", ".", "--format", "github"], in: dir)
        #expect(r.status == 1)
        #expect(r.stdout.split(separator: "\n").filter { $0.hasPrefix("::") }.map(String.init) == [
            "::error file=north-pier-2023.yaml,line=4,col=14,title=index-is-sum::the Water Index 12 is not the sum of the measures, 21",
            "::error file=north-pier-2023.yaml,line=3,col=8,title=grade-band::the grade 'Good' does not fit the Water Index 12: 'Fair'",
            "::error file=north-pier-2023.yaml,line=10,col=25,title=previous-move-from::the move of Clarity starts at 5, but the 2022 survey graded it 6",
        ], "\(r.stdout)")
    }

    @Test func diffPairsMeasuresByCodeWithTheirDirection() throws {
        let r = try run(["diff", Self.reports + "/north-pier-2022.yaml", Self.reports + "/north-pier-2023.yaml"])
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n").dropFirst(2).map { String($0) }
        #expect(lines == [
            "~ season: 2022 → 2023  /season",
            "~ grade: Fair → Good (improved)  /grade",
            "~ Water Index: 17 → 21 (improved)  /water_index",
            "~ Clarity: 6 → 8 (improved)  /measures/0/value",
            "~ Litter: 4 → 6 (improved)  /measures/2/value",
            "~ move: changed  /moves/0",
            "    Clarity from [-5 to-] 6 {+to 8+}",
            "+ move: added: Litter from 4 to 6  /moves/1",
            "~ remark 2: changed  /remarks/1/text",
            "    The pier was dredged {+again+} in spring, and the water cleared by [-June.-] {+May.+}",
        ], "\(r.stdout)")
    }

    @Test func changesAreWrittenInTheFamilysOwnWordingAndChecked() throws {
        let old = Self.reports + "/north-pier-2022.yaml", new = Self.reports + "/north-pier-2023.yaml"
        let r = try run(["changes", old, new])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "Clarity rose from 6 to 8.\nLitter rose from 4 to 6.\nThe Water Index rose from 17 to 21.\n")
        #expect(try run(["changes", "--check", old, new]).status == 0)
        // A missing move is a finding of the family's own rule, at the measure's value.
        let dir = try CLI.scratch()
        let page = try String(contentsOfFile: new, encoding: .utf8)
        try page.replacingOccurrences(of: "- {code: Litter, from: 4, to: 6}\n", with: "").write(toFile: dir + "/north-pier-2023.yaml", atomically: true, encoding: .utf8)
        let c = try run(["changes", "--check", old, dir + "/north-pier-2023.yaml"])
        #expect(c.status == 1)
        #expect(CLI.relative(c.stdout, dir) == "north-pier-2023.yaml:8:25: error: Litter moved from 4 to 6 since 2022, but no move says so [previous-move-missing]\n", "\(c.stdout)")
    }

    @Test func tableWritesTheFamilysSheet() throws {
        let r = try run(["table", Self.reports])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
            Station,Season,Grade,Index,Clarity,Oxygen,Litter
            North Pier,2022,Fair,17,6,7,4
            North Pier,2023,Good,21,8,7,6
            South Beach,2023,Poor,9,3,4,2

            """)
        let json = try run(["table", Self.reports, "--format", "json"])
        #expect(json.stdout.contains("{\"Station\": \"North Pier\", \"Season\": 2022, \"Grade\": \"Fair\", \"Index\": 17, \"Clarity\": 6, \"Oxygen\": 7, \"Litter\": 4}"), "\(json.stdout)")
    }

    @Test func archiveDiffAndTrendsNameTheFamilysFigures() throws {
        let d = try run(["diff", "--archive", Self.reports, "--from", "2022", "--to", "2023", "--format", "csv"])
        #expect(d.status == 1)
        #expect(d.stdout == """
            station,old_edition,new_edition,old_index,new_index,difference,old_grade,new_grade,moved
            North Pier,2022,2023,17,21,+4,Fair,Good,Clarity +2; Litter +2
            South Beach,,2023,,9,,,Poor,

            """, "\(d.stdout)")
        let dir = try CLI.scratch()
        let t = try run(["trends", Self.reports, "-o", dir + "/trends.html"])
        #expect(t.status == 0, "\(t.stderr)")
        let page = try String(contentsOfFile: dir + "/trends.html", encoding: .utf8)
        #expect(page.contains("<title>Coastal Survey: Water Index by station</title>"))
        #expect(page.contains("<th>Station</th><th>Index</th><th>Change</th><th>Grade</th><th>Measures that moved</th>"))
        for band in ["Poor", "Fair", "Good"] { #expect(page.contains(">\(band)</text>")) }
    }
}
