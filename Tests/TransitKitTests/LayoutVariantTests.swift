import Testing
@testable import TransitKit

/// One test per layout variant of the page-text spec: each reads a small page written for the
/// test, checks the figures extracted, and checks that the page comes back byte for byte, both
/// directly and through YAML, XML and JSON.
struct LayoutVariantTests {
    static let method = "The ratings are based on a scale of 1 to 7, with 7 representing the highest level of democratic progress and 1 the lowest."
    static let figures = """
        Consolidated Authoritarian Regime
        DEMOCRACY-PERCENTAGE Democracy Percentage 5.36 100
        DEMOCRACY-SCORE Democracy Score 1.32 7
        Last Year's Democracy Percentage & Status
        5 100 Consolidated Authoritarian Regime
        \(method) See the methodology.
        """
    static let summary = """
        header1 Executive Summary

        By Test Author

        A first paragraph of the summary.1

        A second paragraph.2
        """
    static let category = """
        Civil Society 1.00-7.00 pts0-7 pts
        Civic groups and their room to act. 1.502 7.007
          • A finding about associations.1
          • Another finding.2
        """

    /// Reads `page`, checks `expected` (path → text; nil means absent), and the round trips.
    @discardableResult
    func check(_ page: String, file: String = "kazakhstan-2021.txt", _ expected: [String: String?],
               sourceLocation: SourceLocation = #_sourceLocation) throws -> ReadResult {
        let result = try Support.page(page, file: file, options: ReadOptions(fileName: file))
        for (path, value) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(result.report.at(path) == value, "\(path)", sourceLocation: sourceLocation)
        }
        let bytes = Array(page.utf8)
        #expect(try Support.transit.write(result.report, format: .text) == bytes, "text → text", sourceLocation: sourceLocation)
        #expect(try Support.roundTrip(bytes, file: file, options: ReadOptions(fileName: file)).text == bytes,
                "text → YAML → XML → JSON → text", sourceLocation: sourceLocation)
        return result
    }

    // MARK: Top of the page

    @Test func theFixtureLayoutNeedsNoStoredLayout() throws {
        let r = try check(Self.figures + "\n\n" + Self.summary + "\n\n" + Self.category, [
            "status": "Consolidated Authoritarian Regime", "democracy_percentage": "5.36", "democracy_score": "1.32",
            "last_year.percentage": "5", "last_year.status": "Consolidated Authoritarian Regime",
            "authors.0": "Test Author", "categories.0.rating": "1.50", "page": nil,
        ])
        #expect(r.problems.isEmpty)
    }

    @Test func aTitleLineComesFirst() throws {
        try check("Nations in Transit 2022\n\n\n" + Self.figures, file: "page.txt", ["edition": "2022", "democracy_score": "1.32"])
    }

    @Test func theTitleNamesTheEditionOverTheFileName() throws {
        let r = try check("Nations in Transit 2022\n\n" + Self.figures, file: "kazakhstan-2021.txt", ["edition": "2022", "country": "Kazakhstan"])
        #expect(r.problems.isEmpty)
    }

    @Test(arguments: ["Kazakhstan\nNations in Transit 2021\n\n", "Nations in Transit 2021\nKazakhstan\n\n", "KAZAKHSTAN\n"])
    func theCountryStandsOnALineOfItsOwn(_ head: String) throws {
        try check(head + Self.figures, file: "page.txt", ["country": "Kazakhstan", "democracy_percentage": "5.36"])
    }

    @Test func aMissingStatusIsDerivedAndSaidSo() throws {
        let page = Self.figures.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n")
        let r = try check(page, ["status": "Consolidated Authoritarian Regime", "page.derived.0": "status"])
        #expect(r.problems.map(\.description) == ["kazakhstan-2021.txt:1:1: warning: the page has no status line; derived 'Consolidated Authoritarian Regime' from the Democracy Score 1.32"])
    }

    @Test(arguments: [("CONSOLIDATED AUTHORITARIAN REGIME", "Consolidated Authoritarian Regime"),
                      ("Semi - Consolidated Democracy", "Semi-Consolidated Democracy"),
                      ("Transitional Government or Hybrid Regime", "Transitional or Hybrid Regime"),
                      ("Transitional Governments", "Transitional or Hybrid Regime")])
    func statusSpellings(_ printed: String, _ status: String) throws {
        try check(printed + "\n" + Self.figures.split(separator: "\n").dropFirst().joined(separator: "\n"), ["status": status])
    }

    @Test func figuresOutOfSlash100() throws {
        try check("Consolidated Authoritarian Regime\nDemocracy Percentage 5.36 / 100\nDemocracy Score 1.32 / 7",
                  ["democracy_percentage": "5.36", "democracy_score": "1.32"])
    }

    @Test func figuresInTableCells() throws {
        try check("Consolidated Democracy\nDEMOCRACY-PERCENTAGE Democracy Percentage | 82.14 100 |\nDEMOCRACY-SCORE Democracy Score | 5.93 7 |",
                  ["democracy_percentage": "82.14", "democracy_score": "5.93"])
    }

    @Test func aDocumentArchiveCopyWithBadgesAndCapitals() throws {
        let page = """
            Consolidated Authoritarian Regime
            5
            / 100
            Democracy Percentage 5.36 / 100
            Democracy Score 1.32 / 7
            LAST YEAR'S DEMOCRACY PERCENTAGE & STATUS
            5 / 100 Consolidated Authoritarian Regime
            """
        let r = try check(page, ["democracy_percentage": "5.36", "last_year.percentage": "5", "last_year.status": "Consolidated Authoritarian Regime"])
        // The badge is the rounded percentage, not a literal: it follows the figure.
        #expect(r.report.at("page.layout.1") == "${democracy_percentage|round}")
    }

    @Test func aBadgeThatDisagreesStaysAsPrinted() throws {
        let r = try check("Consolidated Democracy\n83\n100\nDemocracy Percentage 82.14 / 100", ["democracy_percentage": "82.14"])
        #expect(r.report.at("page.layout.1") == "83")
    }

    @Test func lastYearFigureAndStatusOnSeparateLines() throws {
        try check("Consolidated Democracy\nDemocracy Score 5.93 / 7\nLast Year's Democracy Percentage & Status\n83 100\nConsolidated Democracy",
                  ["last_year.percentage": "83", "last_year.status": "Consolidated Democracy", "status": "Consolidated Democracy"])
    }

    @Test func methodologyWithoutTheLinkOrWithItOnItsOwnLine() throws {
        try check("Consolidated Democracy\n" + Self.method, ["methodology": Self.method, "scale": "current"])
        try check("Consolidated Democracy\n" + Self.method + "\nSee the methodology.", ["methodology": Self.method])
    }

    @Test(arguments: ["1 representing the highest level of democratic progress and 7 the lowest", "1 = Most Democratic, 7 = Least Democratic"])
    func anOldScaleNoteMarksTheInvertedScale(_ note: String) throws {
        try check("Consolidated Democracy\nDemocracy Score 1.75 / 7\nThe ratings are based on a scale of 1 to 7, with \(note).",
                  file: "estonia-2019.txt", ["scale": "inverted", "edition": "2019"])
    }

    // MARK: Headings and sections

    @Test func headingsWithoutThePositionalPrefix() throws {
        try check(Self.figures + "\n\nExecutive Summary\n\nBy Test Author\n\nA paragraph.1", ["executive_summary.0.text": "A paragraph.", "authors.0": "Test Author"])
    }

    @Test(arguments: ["header1 Score changes in 2020", "header1 Score Changes", "Score Changes:", "header1 Score Changes:"])
    func scoreChangeHeadings(_ heading: String) throws {
        let page = Self.figures + "\n\n\(heading)\n\n  • Civil Society rating improved from 1.25 to 1.50 to reflect a reason.\n  • As a result, Kazakhstan’s Democracy Score improved from 1.29 to 1.32."
        try check(page, [
            "score_changes.statements.0.category": "Civil Society", "score_changes.statements.0.term": "rating",
            "score_changes.statements.0.verb": "improved", "score_changes.statements.0.from": "1.25",
            "score_changes.statements.0.to": "1.50", "score_changes.statements.0.rest": " to reflect a reason.",
            "score_changes.result.subject": "Kazakhstan’s", "score_changes.result.from": "1.29", "score_changes.result.to": "1.32",
        ])
    }

    @Test func aSentenceCaseCategoryAndOtherVerbs() throws {
        let page = Self.figures + "\n\nheader1 Score changes in 2020\n\n  • Electoral process rating worsened from 2.00 to 1.75.\n  • Independent Media score declined from 1.50 to 1.25 due to arrests."
        try check(page, [
            "score_changes.statements.0.category": "Electoral Process", "score_changes.statements.0.category_text": "Electoral process",
            "score_changes.statements.0.verb": "worsened", "score_changes.statements.1.term": "score",
            "score_changes.statements.1.verb": "declined",
        ])
    }

    @Test(arguments: ["  • As a result, the Czech Republic’s Democracy Score declined from 5.43 to 5.39.",
                      "\nAs a result, the Czech Republic’s Democracy Score declined from 5.43 to 5.39."])
    func theAsAResultLineAsABulletOrAParagraph(_ line: String) throws {
        let page = "Consolidated Democracy\n\nheader1 Score changes in 2019\n\n  • National Democratic Governance rating declined from 5.25 to 5.00.\n" + line
        try check(page, file: "page.txt", ["score_changes.result.subject": "the Czech Republic’s", "score_changes.result.verb": "declined",
                                           "country": "Czech Republic", "edition": "2020"])
    }

    @Test func noAsAResultLine() throws {
        try check(Self.figures + "\n\nheader1 Score changes in 2020\n\n  • Corruption rating improved from 1.00 to 1.25.",
                  ["score_changes.result": nil, "score_changes.statements.0.category": "Corruption"])
    }

    @Test func noScoreChanges() throws {
        try check(Self.figures + "\n\nheader1 Score changes in 2020\n\n  • No score changes",
                  ["score_changes.no_changes": "true", "score_changes.statements": nil])
    }

    // MARK: Authors

    @Test(arguments: [("By Ann Example", ["Ann Example"]), ("by Ann Example", ["Ann Example"]),
                      ("By Ann Example and Ben Example", ["Ann Example", "Ben Example"]),
                      ("By Ann Example & Ben Example", ["Ann Example", "Ben Example"])])
    func bylines(_ line: String, _ names: [String]) throws {
        var expected: [String: String?] = ["authors": "[\(names.count)]"]
        for (i, n) in names.enumerated() { expected["authors.\(i)"] = n }
        try check(Self.figures + "\n\nheader1 Executive Summary\n\n\(line)\n\nA paragraph.", expected)
    }

    @Test(arguments: ["Ann Example and Ben Example", "Ann Example & Ben Example", "  • Ann Example\n  • Ben Example"])
    func anAuthorsHeading(_ body: String) throws {
        try check(Self.figures + "\n\nheader1 Authors\n\n\(body)\n\nheader2 Executive Summary\n\nA paragraph.",
                  ["authors.0": "Ann Example", "authors.1": "Ben Example", "executive_summary.0.text": "A paragraph."])
    }

    @Test func aClosingAuthorBio() throws {
        try check(Self.figures + "\n\n" + Self.summary + "\n\n" + Self.category + "\n\nAuthor: Test Author writes tests.",
                  ["author_bio": "Test Author writes tests."])
    }

    @Test func noAuthorAtAll() throws {
        try check(Self.figures + "\n\nheader1 Executive Summary\n\nA paragraph.", ["authors": nil, "author_bio": nil])
    }

    // MARK: Short pages and footers

    @Test(arguments: ["The full Kazakhstan country report will be posted soon.",
                      "The full narrative report for this country will be posted as soon as it becomes available."])
    func aShortPageWithANotice(_ notice: String) throws {
        let page = Self.figures + "\n\nheader1 Score changes in 2020\n\n  • No score changes\n\n" + notice
        try check(page, ["notice": notice, "categories": nil])
    }

    @Test func aFooterWithoutOnOrSeeAllDataOrInternetFreedom() throws {
        let page = Self.figures + "\n\n" + Self.category + "\n\nSee More\n  • Global Freedom Score\n\n    23 100 not free"
        try check(page, ["footer_scores.0.score": "23", "footer_scores.0.status": "not free", "footer_scores.1": nil])
    }

    @Test func aCountryFactsFooterWithEmptyBullets() throws {
        let page = Self.figures + "\n\n" + Self.category + "\n\nCountry Facts\n-\nGlobal Freedom Score\n95 100 free\n  • Population\n  • Region"
        try check(page, ["footer_scores.0.name": "Global Freedom Score", "footer_scores.0.score": "95", "footer_scores.0.max": "100",
                         "footer_scores.0.status": "free"])
    }

    @Test func theFooterNamesTheCountryWhenNothingElseDoes() throws {
        let page = Self.figures + "\n\n" + Self.category + "\n\nOn Kazakhstan\n\nSee all data, scores & information on this country or territory.\n\nSee More\n  • Global Freedom Score\n\n    23 100 not free"
        try check(page, file: "page.txt", ["country": "Kazakhstan", "page": nil])
    }

    // MARK: Damage and the unknown

    @Test(arguments: ["the government\u{E2}\u{20AC}\u{2122}s plan", "the government\u{201A}\u{C4}\u{F4}s plan"])
    func misDecodedTextIsReportedAndKept(_ damaged: String) throws {
        let r = try check(Self.figures + "\n\nheader1 Executive Summary\n\nAbout \(damaged).", ["executive_summary.0.text": "About \(damaged)."])
        #expect(r.problems.count == 1)
        #expect(r.problems.first?.mark == Mark(line: 10, column: 21))
        #expect(r.problems.first?.message.contains("mis-decoded") == true)
    }

    @Test func aRoundedDigitThatDisagreesIsKept() throws {
        let page = Self.figures + "\n\n" + Self.category.replacingOccurrences("1.502 7.007", "1.501 7.007")
        try check(page, ["categories.0.rating": "1.50", "categories.0.rounded": "1"])
    }

    @Test func unrecognisedLinesAreKeptInPlaceAndReported() throws {
        let page = Self.figures + "\n\n" + Self.category + "\n\nSomething nobody expected, with a $ sign.\n\nAuthor: Test Author."
        let r = try check(page, ["author_bio": "Test Author."])
        #expect(r.problems.map(\.description) == ["kazakhstan-2021.txt:13:1: warning: line not recognised; kept as it is"])
    }

    @Test(arguments: ["\r\n", "\r"])
    func otherLineEndingsComeBackAsTheyWere(_ ending: String) throws {
        let page = (Self.figures + "\n\n" + Self.category + "\n").replacingOccurrences("\n", ending)
        try check(page, ["categories.0.rating": "1.50", "page.line_ending": ending == "\r" ? "cr" : "crlf", "page.final_newline": "true"])
    }
}
