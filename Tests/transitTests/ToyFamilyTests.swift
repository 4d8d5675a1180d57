import Foundation
import Testing

/// A made-up report family, written only as a schema under Tests/Families/coastal: other field
/// names, a 0.0-5.0 grade, a decimal index, its own items, bands, rules, wording and page layout.
/// Every command works on it with no Swift of its own.
struct ToyFamilyTests {
    static let family = CLI.root + "/Tests/Families/coastal"
    static let schema = family + "/coastal.schema.yaml"
    static let reports = family + "/reports"
    static let names = ["north-pier-2022", "north-pier-2023", "south-beach-2023"]

    func run(_ args: [String], in dir: String? = nil, schema: String = ToyFamilyTests.schema) throws -> CLI.Result {
        try CLI.run(args + ["--schema", schema], in: dir)
    }

    func read(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// Each page's YAML, XML and JSON are what transit makes of it, and the page survives
    /// text → YAML → XML → JSON → text byte for byte.
    @Test(arguments: names)
    func pagesConvertThroughEveryFormatByteForByte(_ name: String) throws {
        try Self.pageConvertsThroughEveryFormat(name, reports: Self.reports, schema: Self.schema)
    }

    /// Page `name` of a family's `reports`: its YAML, XML and JSON are what transit makes of it
    /// (the committed files), and it survives text → YAML → XML → JSON → text byte for byte.
    static func pageConvertsThroughEveryFormat(_ name: String, reports: String, schema: String) throws {
        func read(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }
        let dir = try CLI.scratch("family-\(name)")
        let page = reports + "/\(name).txt"
        for ext in ["yaml", "xml", "json"] {
            let r = try CLI.run(["convert", page, "-o", dir + "/\(name).\(ext)", "--schema", schema])
            #expect(r.status == 0, "\(ext): \(r.stderr)")
            #expect(try read(dir + "/\(name).\(ext)") == read(reports + "/\(name).\(ext)"), "\(name).\(ext) is stale")
        }
        var from = page
        for (k, ext) in ["yaml", "xml", "json", "txt"].enumerated() {
            let to = dir + "/\(name).\(k).\(ext)"
            let r = try CLI.run(["convert", from, "-o", to, "--schema", schema])
            #expect(r.status == 0, "\(from) → \(ext): \(r.stderr)")
            from = to
        }
        #expect(try read(from) == read(page))
    }

    @Test func thePagesOwnLayoutIsKeptAndTheStandardOneIsNotStored() throws {
        let standard = try String(contentsOfFile: Self.reports + "/north-pier-2022.yaml", encoding: .utf8)
        #expect(!standard.contains("page:"), "written from the layout's templates, the page needs no layout of its own")
        let variant = try String(contentsOfFile: Self.reports + "/north-pier-2023.yaml", encoding: .utf8)
        #expect(variant.contains("  - ${grade:GOOD}") && variant.contains("  - Moves since 2022"), "\(variant)")
        let short = try String(contentsOfFile: Self.reports + "/south-beach-2023.yaml", encoding: .utf8)
        #expect(short.contains("  derived:\n  - grade"), "\(short)")
    }

    @Test func aFamilyWithoutALayoutHasNoPageText() throws {
        let dir = try CLI.scratch()
        let schema = try String(contentsOfFile: Self.schema, encoding: .utf8)
        let start = schema.range(of: "\nlayout:\n")!.lowerBound, end = schema.range(of: "\nroles:\n")!.lowerBound
        try (String(schema[..<start]) + String(schema[end...])).write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        let r = try run(["convert", Self.reports + "/north-pier-2022.yaml", "-o", dir + "/n.txt"], schema: dir + "/s.yaml")
        #expect(r.status == 2)
        #expect(r.stderr.contains("s.yaml:1:1: error: the schema declares no page layout"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/n.txt"))
        #expect(try run(["convert", Self.reports + "/north-pier-2022.yaml", "-o", dir + "/n.json"], schema: dir + "/s.yaml").status == 0)
    }

    @Test func validatesWithItsOwnRulesAndLocatesFindings() throws {
        let v = try run(["validate", Self.reports])
        #expect(v.status == 0, "\(v.stdout)")
        let dir = try CLI.scratch()
        let page = try String(contentsOfFile: Self.reports + "/north-pier-2023.txt", encoding: .utf8)
        let altered = page.replacingOccurrences(of: "Water Index 10.5 of 15", with: "Water Index 12.5 of 15")
            .replacingOccurrences(of: "rose from 3.0 to 4.0 after", with: "rose from 2.5 to 4.0 after")
        try altered.write(toFile: dir + "/north-pier-2023.txt", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: Self.reports + "/north-pier-2022.txt", toPath: dir + "/north-pier-2022.txt")
        let lines = altered.components(separatedBy: "\n")
        let index = lines.firstIndex { $0.hasPrefix("Water Index") }! + 1, move = lines.firstIndex { $0.contains("rose from 2.5") }! + 1
        // The move's finding points at the figure it is about, counted in characters.
        let moved = lines[move - 1], from = moved.distance(from: moved.startIndex, to: moved.range(of: "2.5")!.lowerBound) + 1
        let r = try run(["validate", "north-pier-2023.txt", "--archive", ".", "--format", "github"], in: dir)
        #expect(r.status == 1)
        #expect(r.stdout.split(separator: "\n").filter { $0.hasPrefix("::") }.map(String.init) == [
            "::error file=north-pier-2023.txt,line=\(index),col=13,title=index-is-sum::the Water Index 12.5 is not the sum of the measures, 10.5",
            "::error file=north-pier-2023.txt,line=\(move),col=\(from),title=previous-move-from::the move of Clarity starts at 2.5, but the 2022 survey graded it 3.0",
        ], "\(r.stdout)")
    }

    @Test func diffPairsMeasuresByCodeWithTheirDirection() throws {
        let r = try run(["diff", Self.reports + "/north-pier-2022.txt", Self.reports + "/north-pier-2023.json"])
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n").dropFirst(2).map { String($0) }
        #expect(lines == [
            "~ season: 2022 → 2023  /season",
            "~ grade: Fair → Good (improved)  /grade",
            "~ Water Index: 9.5 → 10.5 (improved)  /water_index",
            "~ Clarity: 3.0 → 4.0 (improved)  /measures/0/value",
            "~ move: changed  /changes/moves/0",
            "    Clarity rose from [-2.5 to-] 3.0 {+to 4.0+}",
            "~ outcome: rose from 8.0 to 9.5 → rose from 9.5 to 10.5  /changes/outcome",
            "- surveyor: removed: Tom Baker  /surveyors/1",
            "+ remark 1: added: The water stayed clear all summer. Oxygen held steady.  /remarks/0",
            "- remark 1: removed: The pier was dredged in spring, and the water cleared by June.  /remarks/0",
            "- remark 2: removed: Litter was counted weekly from May to September.  /remarks/1",
        ], "\(r.stdout)")
    }

    @Test func changesAreWrittenInTheFamilysOwnWordingAndChecked() throws {
        let old = Self.reports + "/north-pier-2022.txt", new = Self.reports + "/north-pier-2023.xml"
        let r = try run(["changes", old, new])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "- Clarity rose from 3.0 to 4.0.\n- Overall, North Pier’s Water Index rose from 9.5 to 10.5.\n")
        #expect(try run(["changes", "--check", old, new]).status == 0)
        // A missing move is a finding of the family's own rule, at the measure's value.
        let dir = try CLI.scratch()
        let page = try String(contentsOfFile: Self.reports + "/north-pier-2023.txt", encoding: .utf8)
        let altered = page.replacingOccurrences(of: "- Clarity grade rose from 3.0 to 4.0 after the dredging.\n", with: "")
        try altered.write(toFile: dir + "/north-pier-2023.txt", atomically: true, encoding: .utf8)
        let line = altered.components(separatedBy: "\n").firstIndex { $0.hasSuffix(" 4.04 5.05") }! + 1
        let c = try run(["changes", "--check", old, dir + "/north-pier-2023.txt"])
        #expect(c.status == 1)
        #expect(CLI.relative(c.stdout, dir) == "north-pier-2023.txt:\(line):34: error: Clarity moved from 3.0 to 4.0 since 2022, but no move says so [previous-move-missing]\n", "\(c.stdout)")
    }

    @Test func tableWritesTheFamilysSheet() throws {
        let r = try run(["table", Self.reports])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
            Station,Season,Grade,Index,Clarity,Oxygen,Litter
            North Pier,2022,Fair,9.5,3.0,3.5,3.0
            North Pier,2023,Good,10.5,4.0,3.5,3.0
            South Beach,2023,Poor,4.5,,,

            """, "\(r.stdout)")
        let json = try run(["table", Self.reports, "--format", "json"])
        #expect(json.stdout.contains("{\"Station\": \"North Pier\", \"Season\": 2022, \"Grade\": \"Fair\", \"Index\": 9.5, \"Clarity\": 3.0, \"Oxygen\": 3.5, \"Litter\": 3.0}"), "\(json.stdout)")
    }

    @Test func archiveDiffAndTrendsNameTheFamilysFigures() throws {
        let d = try run(["diff", "--archive", Self.reports, "--from", "2022", "--to", "2023", "--format", "csv"])
        #expect(d.status == 1)
        #expect(d.stdout == """
            station,old_edition,new_edition,old_index,new_index,difference,old_grade,new_grade,moved
            North Pier,2022,2023,9.5,10.5,+1.0,Fair,Good,Clarity +1.0
            South Beach,,2023,,4.5,,,Poor,

            """, "\(d.stdout)")
        let dir = try CLI.scratch()
        let t = try run(["trends", Self.reports, "-o", dir + "/trends.html"])
        #expect(t.status == 0, "\(t.stderr)")
        let page = try String(contentsOfFile: dir + "/trends.html", encoding: .utf8)
        #expect(page.contains("<title>Coastal Survey: Water Index by station</title>"))
        #expect(page.contains("<th scope=\"col\">Station</th><th scope=\"col\">Editions</th><th scope=\"col\">Index</th><th scope=\"col\">Change</th><th scope=\"col\">Grade</th><th scope=\"col\">Measures that moved</th>"))
        for band in ["Poor", "Fair", "Good"] { #expect(page.contains(">\(band)</text>")) }
        #expect(page.contains("<h3>North coast</h3>"))
        #expect(page.contains("Water Index (0–15)"))
        let read = try Python.run(["Tests/consumers/read_trends.py", dir + "/trends.html"])
        #expect(read.stdout == """
            North Pier: 9.5, 10.5 (4 charts)
            South Beach: 4.5 (1 charts)
            Station | Editions | Index | Change | Grade | Measures that moved
            North Pier | 2022 → 2023 | 9.5 → 10.5 | +1.0 | Fair → Good | ▲ Clarity +1.0
            South Beach | 2023 (first in the archive) | 4.5 | – | Poor |

            """, "\(read.stdout)\(read.stderr)")
    }

    @Test func summaryIsWrittenInTheFamilysOwnWords() throws {
        let r = try run(["summary", Self.reports, "--edition", "2023"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
            # Coastal Survey 2023

            ## Stations

            1 of 1 station improved, 0 fell back; new this season: South Beach.

            - North Pier went from Fair to Good (9.5 → 10.5, +1.0).

            ## Measures

            - Clarity rose at 1 and fell at 0 (net +1.0).

            ## Every station against its previous season

            | Station | Previous edition | Index | Change | Grade | Measures that moved |
            |---|---|---|---|---|---|
            | North Pier | 2022 | 9.5 → 10.5 | +1.0 | Fair → Good | Clarity +1.0 |
            | South Beach | none in the archive | 4.5 | – | Poor |  |

            """, "\(r.stdout)")
    }
}
