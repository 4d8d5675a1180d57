import Testing
@testable import TransitKit

/// Freedom in the World's page text, read and written by the same page engine as Nations in
/// Transit's, from the family's schema alone: the real pages byte for byte, and the figures of
/// each variant of the header seen in real copies.
struct FIWPageTests {
    static let fiw = Families.standard.schemas[1]
    static let transit = Transit(schema: fiw)

    static func read(_ text: String, file: String) throws -> ReadResult { try Support.page(transit, text, file: file) }

    /// Page → YAML → XML → JSON → page: the same bytes, the same model at every step.
    static func roundTrip(_ bytes: [UInt8], file: String) throws -> [UInt8] {
        try Support.pageRoundTrip(transit, bytes, file: file)
    }

    static func figures(_ r: Record) -> [String: String] {
        Support.figures(r, ["country", "edition", "territory", "status", "pr_score", "cl_score", "total", "last_year.total", "last_year.status"])
    }

    @Test(.enabled(if: Support.sharedAvailable, Comment(rawValue: Support.sharedMissing)), arguments: ["nagorno-karabakh-2023.txt", "syria-2026.txt"])
    func theRealPagesRoundTripByteForByte(_ name: String) throws {
        let path = Support.shared + "/fixtures/fiw/" + name
        let bytes = try FileIO.read(path)
        #expect(try Self.roundTrip(bytes, file: name) == bytes)
        let report = try Self.transit.read(bytes, format: .text, file: name, options: ReadOptions(fileName: name)).report
        #expect(Validator(schema: Self.fiw).validate(report, file: name).isEmpty)
    }

    @Test(.enabled(if: Support.sharedAvailable, Comment(rawValue: Support.sharedMissing)))
    func thePlaceholderPagesFiguresWithTheTotalDerived() throws {
        let r = try Self.read(try String(decoding: FileIO.read(Support.shared + "/fixtures/fiw/nagorno-karabakh-2023.txt"), as: UTF8.self), file: "nagorno-karabakh-2023.txt")
        #expect(Self.figures(r.report) == ["country": "Nagorno-Karabakh", "edition": "2023", "territory": "true", "status": "Partly Free",
                                           "pr_score": "17", "cl_score": "20", "total": "37", "last_year.total": "36", "last_year.status": "Partly Free"])
        #expect(r.report.value(at: ModelPath("page.derived"))?.items?.compactMap(\.text) == ["total"])
        #expect(r.report.text("notice")?.hasPrefix("The full Freedom in the World 2023 narrative report for Nagorno-Karabakh") == true)
        #expect(r.report.value(at: ModelPath("footer_scores"))?.items?.first?.record?.text("score") == "37")
    }

    @Test(.enabled(if: Support.sharedAvailable, Comment(rawValue: Support.sharedMissing)))
    func the2026TemplatesFigures() throws {
        let r = try Self.read(try String(decoding: FileIO.read(Support.shared + "/fixtures/fiw/syria-2026.txt"), as: UTF8.self), file: "syria-2026.txt")
        // Country line, badge, table cells with a negative PR, last year's figures on three lines.
        #expect(Self.figures(r.report) == ["country": "Syria", "edition": "2026", "status": "Not Free", "pr_score": "-2", "cl_score": "12",
                                           "total": "10", "last_year.total": "5", "last_year.status": "Not Free"])
        #expect(r.report.text("methodology")?.hasPrefix("A country or territory’s Freedom in the World status depends") == true)
        #expect(r.diagnostics.filter { $0.severity == .warning }.isEmpty, "\(r.diagnostics)")
    }

    /// The variants of the header in real copies, each with its figures.
    @Test(arguments: [
        // The publisher's own page of a Free country: no status line; derived, and said so.
        ("estonia-2024.txt", "PR Political Rights 38 40\nCL Civil Liberties 56 60\nLast Year's Score & Status\n94 100 Free\nGlobal freedom statuses are calculated on a weighted scale. See the methodology.",
         ["country": "Estonia", "edition": "2024", "status": "Free", "pr_score": "38", "cl_score": "56", "total": "94", "last_year.total": "94", "last_year.status": "Free"]),
        // A mirror: the country line with the territory's asterisk, the badge under the status.
        ("abkhazia-2014.txt", "Abkhazia*\n\nPartly Free\n40\n100\nPR Political Rights 18 40\nCL Civil Liberties 22 60\nLast Year's Score & Status\n40 100 Partly Free",
         ["country": "Abkhazia", "edition": "2014", "territory": "true", "status": "Partly Free", "pr_score": "18", "cl_score": "22", "total": "40",
          "last_year.total": "40", "last_year.status": "Partly Free"]),
        // Table cells, with a negative PR.
        ("syria-2024.txt", "Not Free\n| PR Political Rights | -3 40 |\nCL Civil Liberties | 4 60 |\nLast Year's Score & Status\n5\n100\nNot Free",
         ["country": "Syria", "edition": "2024", "status": "Not Free", "pr_score": "-3", "cl_score": "4", "total": "1", "last_year.total": "5", "last_year.status": "Not Free"]),
        // A document-archive copy: status in capitals, badge and maximum on one line, no PR/CL
        // prefix, `/ 40`, last year's heading in capitals.
        ("kazakhstan-2024-archive.txt", "Freedom in the World 2024 - Kazakhstan\n\nNOT FREE\n23 / 100\nPolitical Rights 5 / 40\nCivil Liberties 18 / 60\nLAST YEAR'S SCORE & STATUS\n23 / 100 Not Free",
         ["country": "Kazakhstan", "edition": "2024", "status": "Not Free", "pr_score": "5", "cl_score": "18", "total": "23", "last_year.total": "23", "last_year.status": "Not Free"]),
        // The same with its badge as `/ 100` and no number: the total comes from the scores.
        ("kazakhstan-2024.txt", "NOT FREE\n/ 100\nPolitical Rights 5 / 40\nCivil Liberties 18 / 60",
         ["country": "Kazakhstan", "edition": "2024", "status": "Not Free", "pr_score": "5", "cl_score": "18", "total": "23"]),
    ])
    func eachHeaderVariantGivesItsFigures(_ file: String, _ page: String, _ expected: [String: String]) throws {
        let r = try Self.read(page, file: file)
        #expect(Self.figures(r.report) == expected, "\(r.diagnostics)")
        #expect(!r.diagnostics.contains { $0.severity == .warning }, "\(r.diagnostics)")
        #expect(try Self.roundTrip(Array(page.utf8), file: file) == Array(page.utf8))
    }

    /// A page of the family is told from a Nations in Transit page by its figure lines.
    @Test func aPageSaysItsFamily() {
        let page = "Not Free\nPR Political Rights 5 40\nCL Civil Liberties 18 60\n"
        #expect(Families.standard.family(of: Array(page.utf8)[...], path: "x.txt", format: .text) === Self.fiw)
    }

    /// A document-archive copy's indicators (`A1 0-4 pts` / `<question> 0 / 4`): the same fields,
    /// the copy's lines kept.
    @Test func anArchiveCopysIndicatorsAreRead() throws {
        let page = """
            Freedom in the World 2024 - Kazakhstan

            NOT FREE
            23 / 100
            Political Rights 5 / 40
            Civil Liberties 18 / 60

            Overview

            A sample overview.

            A Electoral Process

            A1 0-4 pts
            Was the current head of government or other chief national authority elected through free and fair elections? 0 / 4

            A sample explanation.

            A2 0-4 pts
            Were the current national legislative representatives elected through free and fair elections? 1 / 4

            Another sample explanation.

            Score Change: The score declined from 2 to 1 because of a sample reason.
            """
        let r = try Self.read(page, file: "kazakhstan-2024.txt")
        #expect(!r.diagnostics.contains { $0.severity == .warning }, "\(r.diagnostics)")
        let indicators = r.report.value(at: ModelPath("indicators"))?.items?.compactMap(\.record) ?? []
        #expect(indicators.map { "\($0.text("code")!)=\($0.text("score")!)" } == ["A1=0", "A2=1"])
        #expect(indicators[1].text(at: ModelPath("score_change.from")) == "2" && indicators[1].text(at: ModelPath("score_change.to")) == "1")
        #expect(indicators[0].value(at: ModelPath("explanation"))?.items?.first?.record?.text("text") == "A sample explanation.")
        #expect(r.report.text(at: ModelPath("overview")) == nil && r.report.value(at: ModelPath("overview"))?.items?.count == 1)
        #expect(try Self.roundTrip(Array(page.utf8), file: "kazakhstan-2024.txt") == Array(page.utf8))
    }

    /// Real pages' defects are kept as they are and reported: a page that jumps from the D
    /// heading to D4, and an old site's inline indicator with its change mark.
    @Test func defectsAreKeptAndReported() throws {
        let page = """
            Not Free
            PR Political Rights 5 40
            CL Civil Liberties 18 60

            CL Civil Liberties

            D Freedom of Expression and Belief

            D1. Are there free and independent media? 1 / 4 (–1)

            D4 1.00-4.00 pts0-4 pts
            Are individuals free to express their personal views on political or other sensitive topics without fear of surveillance or retribution? 1.001 4.004

            A sample explanation.
            """
        let r = try Self.read(page, file: "kazakhstan-2024.txt")
        // The inline indicator is kept verbatim, and said.
        #expect(r.diagnostics.contains { $0.severity == .warning && $0.mark.line == 9 && $0.message.contains("not recognised") }, "\(r.diagnostics)")
        #expect(try Self.roundTrip(Array(page.utf8), file: "kazakhstan-2024.txt") == Array(page.utf8))
        let findings = Validator(schema: Self.fiw).validate(r.report, file: "kazakhstan-2024.txt")
        let missing = findings.filter { $0.rule == "indicator-missing" }
        #expect(missing.count == 24, "\(findings)")
        #expect(missing.allSatisfy { $0.severity == .warning })
    }

    /// The headings of the 2018-2019 editions before the Overview, each a section of its own.
    @Test func theOlderEditionsSectionsAreRead() throws {
        let page = """
            Not Free
            PR Political Rights 5 40
            CL Civil Liberties 18 60

            header1 Capital

            Astana

            header2 Trend Arrow

            A sample trend arrow paragraph.

            header3 Status Change, Ratings Change

            A sample combined paragraph.

            header4 Ratings Change

            A sample ratings paragraph.

            header5 Overview

            A sample overview.
            """
        let r = try Self.read(page, file: "kazakhstan-2019.txt")
        #expect(!r.diagnostics.contains { $0.severity == .warning }, "\(r.diagnostics)")
        for (field, text) in [("capital", "Astana"), ("trend_arrow", "A sample trend arrow paragraph."),
                              ("status_and_ratings_change", "A sample combined paragraph."), ("ratings_change", "A sample ratings paragraph."),
                              ("overview", "A sample overview.")] {
            #expect(r.report.value(at: ModelPath(field))?.items?.first?.record?.text("text") == text, "\(field)")
        }
        #expect(r.report["status_change"] == nil)
        #expect(try Self.roundTrip(Array(page.utf8), file: "kazakhstan-2019.txt") == Array(page.utf8))
    }
}

/// Figures Freedom in the World prints twice agree, and last year's status is one its total
/// allows: each disagreement a finding where it stands.
struct FIWFiguresPrintedTwiceTests {
    static let fiw = FIWPageTests.fiw
    static let sample = Support.root + "/Samples-FIW/syria-2024.txt"

    static func findings(_ text: String) throws -> [Diagnostic] {
        let read = try FIWPageTests.read(text, file: "s.txt")
        return Validator(schema: fiw).validate(read.report, file: "s.txt")
    }

    @Test func aGluedScorePairWhoseCopiesDisagreeIsAnErrorNamingBoth() throws {
        let page = String(decoding: try FileIO.read(Self.sample), as: UTF8.self)
        let line = "Was the current head of government or other chief national authority elected through free and fair elections? 0.000 4.004"
        #expect(page.contains(line))
        let broken = page.replacingOccurrences(of: line, with: String(line.dropLast(11)) + "1.002 4.004")
        let errors = Support.errors { _ = try FIWPageTests.read(broken, file: "s.txt") }.map(\.description)
        // The score 1.00 stands at column 111, its whole number 2 at 115 (counted on the line).
        #expect(errors.contains("s.txt:22:115: error: 'score' of A1 is printed twice and the copies disagree: 1.00 at column 111, rounding to 1, and 2 glued to it at column 115"), "\(errors)")
    }

    @Test func theFootersTotalIsPRPlusCL() throws {
        let page = String(decoding: try FileIO.read(Self.sample), as: UTF8.self)
        #expect(try Self.findings(page).isEmpty)
        let broken = page.replacingOccurrences(of: "\n    1 100 not free", with: "\n    7 100 not free")
        let found = try Self.findings(broken)
        #expect(found.map(\.description) == ["s.txt:172:5: error: the footer's Global Freedom Score 7 is not the total PR + CL = 1"], "\(found)")
        #expect(found.first?.rule == "footer-total")
    }

    @Test func lastYearsStatusIsOneItsTotalAllows() throws {
        let page = String(decoding: try FileIO.read(Support.root + "/Samples-FIW/peru-2023.txt"), as: UTF8.self)
        #expect(page.contains("\n72 100 Free\n"))
        #expect(try Self.findings(page).isEmpty)
        let found = try Self.findings(page.replacingOccurrences(of: "\n72 100 Free\n", with: "\n27 100 Free\n"))
        #expect(found.map(\.description) == ["s.txt:5:8: error: last year's status 'Free' is not one a total of 27 allows under the rating tables (Free from 62, Partly Free 24-77, Not Free up to 39)"], "\(found)")
    }

    /// The bounds the rule states, derived from the schema's own rating tables: every split of
    /// a total into PR (-4 to 40) and CL (0 to 60), its status by the tables.
    @Test func theBoundsFollowFromTheRatingTables() throws {
        let tables = Self.fiw.lookupTables
        let pr = try #require(tables["pr-rating"]), cl = try #require(tables["cl-rating"]), status = try #require(tables["status"])
        var bounds: [String: (Int, Int)] = [:]
        for p in -4...40 {
            for c in 0...60 {
                guard case .number(let a, _) = pr.value(of: Rational(Int64(p))), case .number(let b, _) = cl.value(of: Rational(Int64(c))),
                      let sum = a.value.adding(b.value), let mean = sum.divided(by: Rational(2)),
                      case .string(let s, _) = status.value(of: mean) else { Issue.record("no status for PR \(p), CL \(c)"); continue }
                let (lo, hi) = bounds[s] ?? (Int.max, Int.min)
                bounds[s] = (min(lo, p + c), max(hi, p + c))
            }
        }
        #expect(bounds["Free"]! == (62, 100) && bounds["Partly Free"]! == (24, 77) && bounds["Not Free"]! == (-4, 39), "\(bounds)")
        let rule = try #require(Self.fiw.rules.first { $0.id == "last-year-status-possible" })
        #expect(rule.doc.contains("Free from 62, Partly Free 24-77, Not Free up to 39") == true)
    }
}

/// A section mixing paragraphs and bullets (Key Developments opening with a paragraph): read
/// as one section, each paragraph saying how it is printed, and written back byte for byte.
struct MixedSectionTests {
    @Test func aPlainParagraphAmongBulletsIsReadAndWrittenBack() throws {
        let sample = String(decoding: try FileIO.read(Support.root + "/Samples-FIW/syria-2024.txt"), as: UTF8.self)
        let page = sample.replacingOccurrences(of: "header2 Key Developments in 2023\n\n  • A sample development",
                                               with: "header2 Key Developments in 2023\n\nThe year opened with a ceasefire (A1 and A3).1\n\n  • A sample development")
        #expect(page != sample)
        let read = try FIWPageTests.read(page, file: "syria-2024.txt")
        #expect(!read.diagnostics.contains { $0.severity == .warning }, "\(read.diagnostics)")
        let developments = read.report["key_developments"]?.items?.compactMap(\.record) ?? []
        #expect(developments.map { $0.text("text") ?? "" } == ["The year opened with a ceasefire (A1 and A3).", "A sample development about the conflict.", "A sample development about displacement."])
        #expect(developments.map { $0.text("bullet") } == ["false", nil, nil])
        #expect(developments[0]["notes"]?.items?.count == 1)
        #expect(try FIWPageTests.roundTrip(Array(page.utf8), file: "syria-2024.txt") == Array(page.utf8))
        // Written without the page's own layout, the section keeps the paragraph plain.
        var report = read.report
        report["page"] = nil
        let written = String(decoding: try FIWPageTests.transit.write(report, format: .text), as: UTF8.self)
        #expect(written == page, "\(written)")
    }
}
