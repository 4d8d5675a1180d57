import Testing
@testable import TransitKit

/// Footnote markers: glued numbers that run 1..n in a section, told apart from numbers in the text.
struct FootnoteTests {
    private func extract(_ paragraphs: [String]) -> ([Footnotes.Paragraph], [Footnotes.Problem]) {
        Footnotes.extract(paragraphs.map { Array($0.utf8)[...] })
    }

    @Test func markersGluedToWordsAndPunctuation() {
        let (p, problems) = extract(["Violence in Korday,1 a dam failure.2 The Minister3 spoke of a “hearing state.”4"])
        #expect(p[0].text == "Violence in Korday, a dam failure. The Minister spoke of a “hearing state.”")
        #expect(p[0].notes.map(\.number) == [1, 2, 3, 4])
        #expect(p[0].notes.map(\.offset) == [19, 34, 47, 75])
        #expect(problems.isEmpty)
    }

    @Test func aDayOfTheMonthCanCarryAMarker() {
        let (p, _) = extract(["It began in January.1 Rules applied from March 152 until May 11.3 Then they eased.4"])
        #expect(p[0].text == "It began in January. Rules applied from March 15 until May 11. Then they eased.")
        #expect(p[0].notes.map(\.number) == [1, 2, 3, 4])
    }

    @Test func yearsFiguresAndCodesAreNotMarkers() {
        let text = "In 2020 the COVID-19 crisis cost $13 billion over 1.5 years, and 1,000 people left; it rose 5% in March 2021."
        let (p, _) = extract([text])
        #expect(p[0].text == text)
        #expect(p[0].notes.isEmpty)
    }

    @Test func aMarkerAfterAYearAndComma() {
        let (p, _) = extract(["Exit polls were introduced in 2018,1 and held again."])
        #expect(p[0].text == "Exit polls were introduced in 2018, and held again.")
        #expect(p[0].notes == [Footnotes.Note(number: 1, offset: 35)])
    }

    @Test func numberingRunsAcrossTheParagraphsOfASection() {
        let (p, _) = extract(["First point.1 Second.2", "Third point.3", "No notes here.", "Fourth.4"])
        #expect(p.map { $0.notes.map(\.number) } == [[1, 2], [3], [], [4]])
    }

    @Test func aBrokenSequenceIsKeptAndReported() {
        let (p, problems) = extract(["One.1 Two.2 Four.4 Five.5"])
        #expect(p[0].notes.map(\.number) == [1, 2, 4, 5])
        #expect(problems.count == 1)
        #expect(problems.first?.message == "footnote marker 3 not found before marker 4")
    }

    @Test func markersGoBackExactly() throws {
        let page = "Consolidated Democracy\n\nheader1 Executive Summary\n\nA sentence.1 Another one,2 and a “quote.”3"
        let result = try Support.page(page, file: "estonia-2022.txt")
        #expect(try Support.transit.write(result.report, format: .text) == Array(page.utf8))
    }
}
