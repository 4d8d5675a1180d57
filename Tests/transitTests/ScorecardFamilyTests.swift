import Foundation
import Testing

/// The Local Governance Scorecard (Tests/Families/scorecard), a family written from the README
/// alone, as a new user would: a town's three pillars, each scored up to its own maximum, a total
/// out of 100, a rank and a rating. Its page has none of a publisher's furniture, prints three
/// figures on one line (`Total 61 of 100, rank 12 of 40`, the rank an optional part), its rating
/// after a label (`Rating: Adequate`) and each pillar's score plainly under its header
/// (`<question> 21 / 30`); its standard page is the page as printed, title and name included.
/// No Swift knows it.
struct ScorecardFamilyTests {
    static let family = CLI.root + "/Tests/Families/scorecard"
    static let schema = family + "/scorecard.schema.yaml"
    static let reports = family + "/reports"
    static let names = ["oakmere-2023", "oakmere-2024", "port-sallow-2024"]

    func run(_ args: [String], in dir: String? = nil, schema: String = ScorecardFamilyTests.schema) throws -> CLI.Result {
        try CLI.run(args + ["--schema", schema], in: dir)
    }

    /// Each page's YAML, XML and JSON are what transit makes of it (regression), and the page
    /// survives text → YAML → XML → JSON → text byte for byte.
    @Test(arguments: names)
    func pagesConvertThroughEveryFormatByteForByte(_ name: String) throws {
        try ToyFamilyTests.pageConvertsThroughEveryFormat(name, reports: Self.reports, schema: Self.schema)
    }

    /// What the page says, typed by hand from it: the three figures of one line, each pillar's
    /// question and plain score, the bullets under it.
    @Test func readsTheFiguresOfOneLineAndThePlainScores() throws {
        let r = try run(["convert", Self.reports + "/oakmere-2024.txt", "--to", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: r.stdoutBytes) as? [String: Any])
        #expect(json["town"] as? String == "Oakmere" && json["year"] as? Int == 2024 && json["rating"] as? String == "Adequate")
        #expect(json["total"] as? Int == 61 && json["rank"] as? Int == 12 && json["ranked"] as? Int == 40)
        let pillars = try #require(json["pillars"] as? [[String: Any]])
        #expect(pillars.map { $0["code"] as? String } == ["T1", "T2", "T3"])
        #expect(pillars.map { $0["score"] as? Int } == [21, 15, 25])
        #expect(pillars[1]["question"] as? String == "Can residents take part in decisions?")
        #expect((pillars[0]["notes"] as? [[String: Any]])?.first?["text"] as? String == "Budgets are online within a month.")
        // Last year's figures, a record of the report printed on one line of the top.
        let last = try #require(json["last_year"] as? [String: Any])
        #expect(last["total"] as? Int == 38 && last["rating"] as? String == "Weak" && last.count == 2)
        // Footnote markers numbered on through the page (`numbering: page`): the overview's 1,
        // the highlights' 2, the first pillar's 3, each at its offset in its text.
        let overview = try #require(json["overview"] as? [[String: Any]])
        #expect((overview[0]["marks"] as? [[String: Int]]) == [["number": 1, "offset": 56]])
        let highlights = try #require(json["highlights"] as? [[String: Any]])
        #expect((highlights[1]["marks"] as? [[String: Int]]) == [["number": 2, "offset": 38]])
        #expect(((pillars[0]["notes"] as? [[String: Any]])?.first?["marks"] as? [[String: Int]]) == [["number": 3, "offset": 34]])
        #expect(!r.stderr.contains("warning"), "\(r.stderr)")
        // The unranked town's line has no rank: the optional part is not read, nor written.
        let sallow = try String(contentsOfFile: Self.reports + "/port-sallow-2024.yaml", encoding: .utf8)
        #expect(!sallow.contains("\nrank:") && !sallow.contains("layout:"), "the standard page, nothing of its layout stored: \(sallow)")
        let oakmere = try String(contentsOfFile: Self.reports + "/oakmere-2024.yaml", encoding: .utf8)
        #expect(!oakmere.contains("layout:"), "title, name, rating and total lines are the standard page's: \(oakmere)")
        // A copy without the title and name, its rating bare, keeps its own layout.
        let copy = try String(contentsOfFile: Self.reports + "/oakmere-2023.yaml", encoding: .utf8)
        #expect(copy.contains("  layout:\n  - ${rating}\n  - Total ${total} of 100, rank ${rank} of ${ranked}\n"), "\(copy)")
    }

    /// A finding points at its figure on the page: the total and the rank in their shared line,
    /// a pillar's score after its question.
    @Test func findingsPointAtTheFiguresWhereTheyStand() throws {
        let dir = try CLI.scratch()
        var page = try String(contentsOfFile: Self.reports + "/oakmere-2024.txt", encoding: .utf8)
        page = page.replacingOccurrences(of: "Total 61 of 100, rank 12 of 40", with: "Total 60 of 100, rank 41 of 40")
            .replacingOccurrences(of: "decisions? 15 / 30", with: "decisions? 31 / 30")
        try page.write(toFile: dir + "/oakmere-2024.txt", atomically: true, encoding: .utf8)
        let r = try run(["validate", "oakmere-2024.txt", "--format", "github"], in: dir)
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("::error file=oakmere-2024.txt,line=4,col=7,title=total-is-sum::the total 60 is not the sum of the pillars, 77"), "\(r.stdout)")
        #expect(lines.contains("::error file=oakmere-2024.txt,line=4,col=23,title=rank-within::rank 41 of 40"), "\(r.stdout)")
        #expect(lines.contains("::error file=oakmere-2024.txt,line=28,col=39,title=pillar-max::T2 is scored 31, above its maximum 30"), "\(r.stdout)")
        // The changes section's move of T2 now ends where the pillar no longer does.
        #expect(lines.contains("::error file=oakmere-2024.txt,line=10,col=22,title=move-to::the move of T2 ends at 15, but the scorecard scores it 31"), "\(r.stdout)")
    }

    /// Last year's total, printed in a line of the top as a field of a record of the report
    /// (`{last_year.total}`), is checked against the previous edition by the family's rule, at
    /// its place; a town without last year's figures prints no such line.
    @Test func lastYearsFiguresArePrintedFromARecord() throws {
        let dir = try CLI.scratch()
        let page = try String(contentsOfFile: Self.reports + "/oakmere-2024.txt", encoding: .utf8)
        #expect(page.contains("\nLast year: 38 (Weak)\n"))
        try page.replacingOccurrences(of: "\nLast year: 38 (Weak)\n", with: "\nLast year: 39 (Weak)\n").write(toFile: dir + "/oakmere-2024.txt", atomically: true, encoding: .utf8)
        try Data(contentsOf: URL(fileURLWithPath: Self.reports + "/oakmere-2023.txt")).write(to: URL(fileURLWithPath: dir + "/oakmere-2023.txt"))
        let r = try run(["validate", dir])
        #expect(r.status == 1 && r.stdout.contains("oakmere-2024.txt:5:12: error: last year's total is printed as 39, but the 2023 scorecard gives 38 [last-year-total]"), "\(r.stdout)\(r.stderr)")
        let sallow = try String(contentsOfFile: Self.reports + "/port-sallow-2024.txt", encoding: .utf8)
        #expect(!sallow.contains("Last year") && !sallow.contains("\n\n\n"))
    }

    /// The family's other commands, in its own words.
    @Test func everyCommandWorksOnTheFamily() throws {
        let diff = try run(["diff", Self.reports + "/oakmere-2023.txt", Self.reports + "/oakmere-2024.txt"])
        #expect(diff.status == 1)
        #expect(diff.stdout.contains("~ Total: 38 → 61 (improved)  /total\n~ rank: 30 → 12 (improved)  /rank\n~ T1: 12 → 21 (improved)  /pillars/0/score"), "\(diff.stdout)")
        let table = try run(["table", Self.reports])
        #expect(table.stdout == "Town,Year,Rating,Total,Rank,T1,T2,T3\nOakmere,2023,Weak,38,30,12,11,15\nOakmere,2024,Adequate,61,12,21,15,25\nPort Sallow,2024,Strong,78,,27,22,29\n", "\(table.stdout)\(table.stderr)")
        let changes = try run(["changes", Self.reports + "/oakmere-2023.txt", Self.reports + "/oakmere-2024.txt"])
        #expect(changes.stdout == "- T1 rose from 12 to 21.\n- T2 rose from 11 to 15.\n- T3 rose from 15 to 25.\n", "\(changes.stdout)\(changes.stderr)")
        let summary = try run(["summary", Self.reports, "--edition", "2024"])
        #expect(summary.stdout.contains("1 of 1 town improved their total; new this year: Port Sallow.\n\n- Oakmere went from Weak to Adequate (38 → 61)."), "\(summary.stdout)\(summary.stderr)")
        let validate = try run(["validate", Self.reports])
        #expect(validate.status == 0 && validate.stdout.contains("12 files checked: 0 errors, 0 warnings"), "\(validate.stdout)\(validate.stderr)")
    }

    /// A report written by hand, without the rank, is written as the standard page — its title,
    /// name and rating lines, all of `top.lines` — the total's line without its optional part; with a rank but no total, the line cannot be written and the
    /// message says why, naming the input (not the output).
    @Test func aLinesOptionalPartIsWrittenOnlyWithItsFields() throws {
        let dir = try CLI.scratch()
        let yaml = "town: Oakmere\nyear: 2024\nrating: Adequate\ntotal: 61\n"
        try yaml.write(toFile: dir + "/a.yaml", atomically: true, encoding: .utf8)
        let a = try run(["convert", "a.yaml", "--to", "text"], in: dir)
        #expect(a.status == 0 && a.stdout == "Local Governance Scorecard 2024\nOakmere\nRating: Adequate\nTotal 61 of 100", "\(a.stdout)\(a.stderr)")
        try "town: Oakmere\nyear: 2024\nrating: Adequate\nrank: 12\nranked: 40\n".write(toFile: dir + "/b.yaml", atomically: true, encoding: .utf8)
        let b = try run(["convert", "b.yaml", "--to", "text"], in: dir)
        #expect(b.status == 2 && b.stderr.contains("b.yaml:1:1: error: the family's page has no place for rank, ranked: the line that prints them, 'Total {total} of 100[, rank {rank} of {ranked}]', is written only with total too"), "\(b.stderr)")
    }

    /// The changes section gives only a sentence per pillar that moved — no "nothing moved" line,
    /// no sentence on the total — and its moves are records, checked by the family's rule.
    @Test func aChangesSectionOfStatementsAlone() throws {
        let r = try run(["convert", Self.reports + "/oakmere-2024.txt", "--to", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: r.stdoutBytes) as? [String: Any])
        let moves = try #require((json["changes"] as? [String: Any])?["moves"] as? [[String: Any]])
        #expect(moves.map { $0["code"] as? String } == ["T1", "T2", "T3"])
        #expect(moves.map { $0["from"] as? Int } == [12, 11, 15] && moves.map { $0["to"] as? Int } == [21, 15, 25])
        #expect(moves.allSatisfy { $0["verb"] as? String == "rose" && $0["rest"] as? String == "." })
        let check = try run(["changes", "--check", Self.reports + "/oakmere-2023.txt", Self.reports + "/oakmere-2024.txt"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    /// Numbered from 1 in each section (the default), the same page's markers 2 and 3 are out of
    /// sequence: each a warning where it stands.
    @Test func notesNumberedThroughThePageNeedTheLayoutToSaySo() throws {
        let dir = try CLI.scratch()
        let schema = try String(contentsOfFile: Self.schema, encoding: .utf8)
        #expect(schema.contains(", numbering: page}"))
        try schema.replacingOccurrences(of: ", numbering: page}", with: "}").write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        let r = try run(["convert", Self.reports + "/oakmere-2024.txt", "--to", "yaml"], schema: dir + "/s.yaml")
        #expect(r.stderr.contains("oakmere-2024.txt:20:41: warning: footnote marker 1 not found before marker 2 in the section 'Highlights'"), "\(r.stderr)")
        #expect(r.stderr.contains("oakmere-2024.txt:26:37: warning: footnote marker 1–2 not found before marker 3 in 'T1'"), "\(r.stderr)")
    }

    /// Headings printed bare (the layout gives no heading word) are told by their whole text:
    /// a paragraph that starts with a section's title is a paragraph, written and read back.
    @Test func aParagraphStartingWithASectionsTitleIsAParagraph() throws {
        let dir = try CLI.scratch()
        try "town: Oakmere\nyear: 2024\nrating: Adequate\ntotal: 61\noverview:\n- text: 'Highlights of the year were few.'\n"
            .write(toFile: dir + "/oakmere-2024.yaml", atomically: true, encoding: .utf8)
        let text = try run(["convert", "oakmere-2024.yaml", "-o", "oakmere-2024.txt"], in: dir)
        #expect(text.status == 0, "\(text.stderr)")
        let page = try String(contentsOfFile: dir + "/oakmere-2024.txt", encoding: .utf8)
        #expect(page.hasSuffix("\nOverview\n\nHighlights of the year were few."), "\(page)")
        let back = try run(["convert", "oakmere-2024.txt", "--to", "yaml"], in: dir)
        #expect(back.status == 0 && back.stdout.contains("overview:\n- text: Highlights of the year were few.\n") && !back.stdout.contains("highlights:"), "\(back.stdout)\(back.stderr)")
    }

    /// Mistakes in the family's new lines are errors at their place in the schema.
    @Test func templateMistakesAreLocated() throws {
        let dir = try CLI.scratch()
        let schema = try String(contentsOfFile: Self.schema, encoding: .utf8)
        let cases: [(String, String, String)] = [
            ("    line: \"{question} {score} / {max}\"", "    line: \"{code} {score} / {max}\"", ":125:12: error: layout: 'line': '{code}' is printed by the header line above it; this line prints the item's other fields"),
            ("    line: \"{question} {score} / {max}\"", "    line: \"{question} {score} / {maxi}\"", ":125:33: error: layout: '{maxi}' is not a field of 'pillar'"),
            ("    line: \"{question} {score} / {max}\"", "    line: \"{question} {score} / {max}\"\n    description: question", ":126:18: error: layout: 'description': the item's 'line' prints the line under its header; give 'line', or 'description' and 'rating' (the rating glued to its whole number), not both"),
            ("[, rank {rank} of {ranked}]", "[, rank {rank} of {ranked}", ":109:30: error: layout: 'lines': this '[' is never closed"),
            ("    heading: Changes\n", "    heading: \"Changes in {edition}\"\n", ":117:14: error: layout: the changes' heading names a year: give 'untitled', the heading written when the year is not known"),
            ("of {ranked}]", "of {rankd}]", ":109:48: error: layout: '{rankd}' is not a field of 'scorecard' (did you mean 'rank'?)"),
        ]
        for (k, (from, to, expected)) in cases.enumerated() {
            #expect(schema.contains(from))
            try schema.replacingOccurrences(of: from, with: to).write(toFile: dir + "/s\(k).yaml", atomically: true, encoding: .utf8)
            let r = try run(["validate", Self.reports], schema: dir + "/s\(k).yaml")
            #expect(r.status == 2 && r.stderr.contains("s\(k).yaml" + expected), "\(k): \(r.stderr)")
        }
    }

    /// A page naming its town and year in lines of `top.lines` is of that town and year, whatever
    /// its file is called (the text fuzzer's first find: a file name's year, not one of the
    /// family's, took the page's away, and the page could not be written back).
    @Test func aPageNamingItsYearInALineKeepsIt() throws {
        let dir = try CLI.scratch()
        try Data(contentsOf: URL(fileURLWithPath: Self.reports + "/port-sallow-2024.txt")).write(to: URL(fileURLWithPath: dir + "/fuzz-2021.txt"))
        let yaml = try run(["convert", "fuzz-2021.txt", "-o", "f.yaml"], in: dir)
        #expect(yaml.status == 0, "\(yaml.stderr)")
        let text = try String(contentsOfFile: dir + "/f.yaml", encoding: .utf8)
        #expect(text.hasPrefix("town: Port Sallow\nyear: 2024\n"), "\(text)")
        let back = try run(["convert", "f.yaml", "-o", "back.txt"], in: dir)
        #expect(back.status == 0, "\(back.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/back.txt")) == Data(contentsOf: URL(fileURLWithPath: dir + "/fuzz-2021.txt")))
    }

    /// A field printed twice on the top, by a line of `lines` and by its own line, must agree:
    /// Freedom on the Net's `Russia_hero` saying another country is an error naming both places.
    @Test func aTopLineDisagreeingWithTheFieldIsAnError() throws {
        let dir = try CLI.scratch()
        let page = try String(contentsOfFile: CLI.root + "/Samples-FOTN/russia-2025.txt", encoding: .utf8)
        #expect(page.contains("\nRussia_hero\n"))
        try page.replacingOccurrences(of: "\nRussia_hero\n", with: "\nHungary_hero\n").write(toFile: dir + "/russia-2025.txt", atomically: true, encoding: .utf8)
        let r = try CLI.run(["validate", "russia-2025.txt", "--family", "fotn"], in: dir)
        #expect(r.status == 2 && r.stdout.contains("russia-2025.txt:12:1: error: 'country' is printed twice and the copies disagree: 'Russia' at line 1, column 1, 'Hungary' here [read]"), "\(r.stdout)\(r.stderr)")
    }
}
