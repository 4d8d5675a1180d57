import Testing
@testable import TransitKit

/// The real page (NIT 2021, Kazakhstan) from ../shared: the reference for the page-text reader.
@Suite(.enabled(if: Support.sharedAvailable, Comment(rawValue: Support.sharedMissing)))
struct FixtureTests {
    let bytes: [UInt8]
    let result: ReadResult

    init() throws {
        bytes = try Support.read(Support.fixturePath)
        result = try Support.transit.read(bytes, format: .text, file: Support.fixturePath, options: ReadOptions(fileName: Support.fixturePath))
    }

    @Test func readsTheHeadlineFigures() {
        let r = result.report
        #expect(r.at("country") == "Kazakhstan")
        #expect(r.at("edition") == "2021")
        #expect(r.at("status") == "Consolidated Authoritarian Regime")
        #expect(r.at("democracy_percentage") == "5.36")
        #expect(r.at("democracy_score") == "1.32")
        #expect(r.at("last_year.percentage") == "5")
        #expect(r.at("last_year.status") == "Consolidated Authoritarian Regime")
        #expect(r.at("scale") == "current")
        #expect(r.at("authors.0") == "Malika Toqmadi")
        #expect(r.at("author_bio")?.hasPrefix("Malika Toqmadi is a political analyst") == true)
    }

    @Test func readsTheSevenCategoriesInPageOrder() {
        let r = result.report
        let names = (0..<r.count("categories")).map { r.at("categories.\($0).name") ?? "" }
        #expect(names == ["National Democratic Governance", "Electoral Process", "Civil Society", "Independent Media",
                          "Local Democratic Governance", "Judicial Framework and Independence", "Corruption"])
        let ratings = (0..<7).map { r.at("categories.\($0).rating") ?? "" }
        #expect(ratings == ["1.25", "1.25", "1.50", "1.25", "1.50", "1.25", "1.25"])
        // The glued whole numbers agree with the ratings, so none is stored.
        #expect((0..<7).allSatisfy { r.at("categories.\($0).rounded") == nil })
        #expect(r.count("categories.0.findings") == 7)
    }

    @Test func findsEveryFootnoteMarkerBySection() {
        let r = result.report
        func notes(_ list: String) -> [Int] {
            (0..<r.count(list)).flatMap { p in
                (0..<r.count("\(list).\(p).notes")).map { Int(r.at("\(list).\(p).notes.\($0).number")!)! }
            }
        }
        var counts = [notes("executive_summary").count]
        for c in 0..<7 { counts.append(notes("categories.\(c).findings").count) }
        #expect(counts == [29, 33, 18, 18, 21, 15, 15, 22])
        #expect(counts.reduce(0, +) == 171)
        // Each section runs 1..n.
        #expect(notes("executive_summary") == Array(1...29))
        for c in 0..<7 { #expect(notes("categories.\(c).findings") == Array(1...counts[c + 1])) }
        // The prose is free of them: `Korday,1 a dam` reads `Korday, a dam`, note 1 after the comma.
        let first = r.at("executive_summary.0.text")!
        #expect(first.contains("violence in Korday, a dam"))
        #expect(r.at("executive_summary.0.notes.0.offset") == String(offset(of: "Korday,", in: first)))
        // `from March 1510 until May 11.11`: the 15th with note 10, the 11th with note 11.
        let emergency = (0..<r.count("executive_summary")).map { r.at("executive_summary.\($0).text")! }.first { $0.contains("nationwide state of emergency") }!
        #expect(emergency.contains("from March 15 until May 11. Tokayev"))
    }

    private func offset(of needle: String, in text: String) -> Int {
        let scalars = Array(text.unicodeScalars), n = Array(needle.unicodeScalars)
        for i in 0...(scalars.count - n.count) where Array(scalars[i..<(i + n.count)]) == n { return i + n.count }
        return -1
    }

    @Test func readsTheFooterScores() {
        let r = result.report
        #expect(r.at("footer_scores.0.name") == "Global Freedom Score")
        #expect(r.at("footer_scores.0.score") == "23")
        #expect(r.at("footer_scores.0.status") == "not free")
        #expect(r.at("footer_scores.1.name") == "Internet Freedom Score")
        #expect(r.at("footer_scores.1.score") == "32")
    }

    @Test func hasTheStandardLayoutSoNoneIsStored() {
        #expect(result.report["page"] == nil)
        #expect(result.problems.isEmpty, "\(result.problems)")
        // The real page names neither: both come from the file name, the convention, which the
        // reader need not say (it says where a folder gave them).
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.report.text("country") == "Kazakhstan")
        #expect(result.report.text("edition") == "2021")
    }

    @Test func writesBackByteForByte() throws {
        let out = try Support.transit.write(result.report, format: .text)
        #expect(out == bytes)
    }

    @Test func survivesTextYAMLXMLJSONText() throws {
        let rt = try Support.roundTrip(bytes, file: Support.fixturePath, options: ReadOptions(fileName: Support.fixturePath))
        #expect(rt.text == bytes)
    }

    @Test func writingTwiceGivesTheSameBytes() throws {
        for format in Format.allCases {
            let a = try Support.transit.write(result.report, format: format)
            let again = try Support.transit.read(a, format: format, file: "again", options: ReadOptions(fileName: Support.fixturePath)).report
            let b = try Support.transit.write(again, format: format)
            #expect(a == b, "\(format) is not stable")
        }
    }

    @Test func valuesKeepTheirPositions() {
        let r = result.report
        #expect(r["democracy_percentage"]?.mark == Mark(line: 2, column: 43))
        #expect(r["democracy_score"]?.mark == Mark(line: 3, column: 33))
        // The third category's rating on line 57 (`… 1.251 7.007`).
        let rating = r["categories"]!.items![2].record!["rating"]!
        #expect(rating.mark.line == 57)
    }
}
