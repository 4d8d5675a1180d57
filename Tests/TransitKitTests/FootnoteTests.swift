import Foundation
import Testing
@testable import TransitKit

/// Footnote markers: glued numbers that run 1..n in a section, told apart from numbers in the text.
struct FootnoteTests {
    private func extract(_ paragraphs: [String]) -> ([Footnotes.Paragraph], [Footnotes.Problem]) {
        Footnotes.extract(paragraphs.map { Array($0.utf8)[...] })
    }

    /// A page numbering its notes on through the page: a section's chain starts where the last
    /// one ended, and says where the next starts; from 1, its markers would be text.
    @Test func aChainMayStartPastOne() {
        var next = 6
        let (p, problems) = Footnotes.extract(["Two detentions.6 In 2023, 12 outlets closed.7"].map { Array($0.utf8)[...] }, from: &next)
        #expect(problems.isEmpty)
        #expect(p[0].text == "Two detentions. In 2023, 12 outlets closed.")
        #expect(p[0].notes == [Footnotes.Note(number: 6, offset: 15), Footnotes.Note(number: 7, offset: 43)])
        #expect(next == 8)
        let (fromOne, _) = extract(["Two detentions.6 In 2023, 12 outlets closed.7"])
        #expect(fromOne[0].notes.isEmpty && fromOne[0].text == "Two detentions.6 In 2023, 12 outlets closed.7")
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

/// A word the schema knows — an item code, a value of an enumeration — is never taken apart for
/// a footnote marker: glued to a marker it stays whole, and without one it is no marker.
struct KnownTokenFootnoteTests {
    /// The families with page text (footnotes are of pages).
    static let schemas: [Schema] = {
        var out = Families.standard.schemas.filter { $0.layout != nil }
        if let coastal = try? Schema.load(bytes: FileIO.read(Support.root + "/Tests/Families/coastal/coastal.schema.yaml"), file: "coastal.schema.yaml") {
            out.append(coastal)
        }
        return out
    }()

    /// Every item code and enumeration value of every schema that ends in a letter or digit
    /// (a marker is glued to a word's end).
    static let words: [(Schema, String)] = schemas.flatMap { schema in
        (schema.items.map(\.name) + schema.enums.values.flatMap(\.values))
            .filter { w in w.unicodeScalars.last.map { CharacterSet.alphanumerics.contains($0) } ?? false }
            .map { (schema, $0) }
    }

    @Test func everyKnownWordStaysWholeWithAndWithoutAMarker() throws {
        #expect(Self.schemas.count == 4)
        #expect(Self.words.contains { $0.1 == "A1" } && Self.words.contains { $0.1 == "Not Free" })
        var failures: [String] = []
        for (schema, word) in Self.words {
            let tokens = try #require(schema.layout?.tokens)
            func check(_ printed: String, _ text: String, _ notes: [Int]) {
                let (p, _) = Footnotes.extract([Array(printed.utf8)[...]], tokens: tokens)
                if p.first?.text != text || p.first?.notes.map(\.number) != notes {
                    failures.append("\(schema.name) '\(word)': \(printed) read as \(p.first?.text ?? "-") \(p.first?.notes.map(\.number) ?? [])")
                }
            }
            // No marker: the words as printed, none taken for one.
            check("Cited in (\(word) and \(word)).", "Cited in (\(word) and \(word)).", [])
            // A marker after the sentence, and one glued to the word itself.
            check("Cited in (\(word) and \(word)).1", "Cited in (\(word) and \(word)).", [1])
            if tokens.contains(Array("\(word)1".utf8)) {
                // `A` and a marker 1 print as `A1`, a word of its own (an item code): read as
                // that word, the marker that follows is the only one.
                check("Cited in \(word)1 and (\(word)).2", "Cited in \(word)1 and (\(word)).", [2])
            } else {
                check("Cited in \(word)1 and (\(word)).2", "Cited in \(word) and (\(word)).", [1, 2])
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(20).joined(separator: "\n"))")
    }

    /// The page of the Freedom on the Net fixture: `(A1 and A3).2` is one marker, 2, after the
    /// codes whole.
    @Test func theCodesOfARealBulletStayWhole() throws {
        let fiw = Families.standard.schemas[1]
        let tokens = try #require(fiw.layout?.tokens)
        let (p, _) = Footnotes.extract([Array("Intermittently in January and March […] (A1 and A3).2".utf8)[...]], tokens: tokens)
        #expect(p[0].text == "Intermittently in January and March […] (A1 and A3).")
        #expect(p[0].notes.map(\.number) == [2])
    }
}
