import Testing
@testable import TransitKit

/// Freedom on the Net, the third family, from its schema file alone: the real header of
/// `../shared`, the document archive's copy, the samples as a series, both scales, and every
/// figure's finding at its line in every format.
struct FOTNTests {
    static let fotn = Families.standard.schemas.first { $0.name == "fotn-report" }!
    static let transit = Transit(schema: fotn)
    static let fixture = Support.shared + "/fixtures/fotn/russia-2025-header.txt"

    static func read(_ text: String, file: String) throws -> ReadResult { try Support.page(transit, text, file: file) }

    /// Page → YAML → XML → JSON → page: the same model at every step; the page written back.
    static func roundTrip(_ bytes: [UInt8], file: String) throws -> [UInt8] {
        try Support.pageRoundTrip(transit, bytes, file: file)
    }

    static func figures(_ r: Record) -> [String: String] {
        Support.figures(r, ["country", "edition", "scale", "status", "total", "access", "content", "rights", "last_year.total", "last_year.status"])
    }

    @Test(.enabled(if: FileIO.exists(Support.shared + "/fixtures/fotn/russia-2025-header.txt"), "../shared/fixtures/fotn is not beside the project"))
    func theRealHeaderReadsRoundTripsAndValidatesClean() throws {
        let bytes = try FileIO.read(Self.fixture)
        let read = try Self.transit.read(bytes, format: .text, file: "russia-2025-header.txt")
        #expect(Self.figures(read.report) == ["country": "Russia", "edition": "2025", "scale": "current", "status": "Not Free", "total": "17",
                                              "access": "10", "content": "4", "rights": "3", "last_year.total": "20", "last_year.status": "Not Free"])
        // The bullet cites two questions whole, then its footnote 2.
        let developments = read.report["key_developments"]?.items?.compactMap(\.record) ?? []
        #expect(developments.last?.text("text")?.hasSuffix("(A1 and A3).") == true)
        #expect(developments.last?["notes"]?.items?.first?.record?.text("number") == "2")
        #expect(try Self.roundTrip(bytes, file: "russia-2025-header.txt") == bytes)
        #expect(Validator(schema: Self.fotn).validate(read.report, file: "russia-2025-header.txt").isEmpty)
        // Recognised among the three families without being told.
        #expect(Families.standard.family(ofFile: Self.fixture, format: .text).name == "fotn-report")
    }

    @Test func theDocumentArchivesCopyReadsAndKeepsItsFurniture() throws {
        let page = """
            Freedom on the Net 2023 - Kazakhstan
            NOT FREE
            34
            / 100
            Obstacles to Access 12 / 25
            Limits on Content 12 / 35
            Violations of User Rights 10 / 40
            LAST YEAR'S SCORE & STATUS
            32 / 100 Not Free
            Scores are based on a scale of 0 (least free) to 100 (most free). See the methodology and report acknowledgements.

            """
        let read = try Self.read(page, file: "copy.txt")
        #expect(Self.figures(read.report) == ["country": "Kazakhstan", "edition": "2023", "scale": "current", "status": "Not Free", "total": "34",
                                              "access": "12", "content": "12", "rights": "10", "last_year.total": "32", "last_year.status": "Not Free"])
        #expect(try Self.roundTrip(Array(page.utf8), file: "copy.txt") == Array(page.utf8))
    }

    /// The samples: the real figures of the spec, validated as series (each page against the
    /// previous edition of its country).
    @Test func theSamplesValidateCleanAsASeries() throws {
        var previous: [String: Record] = [:]
        var count = 0
        for name in ["kazakhstan-2023", "kazakhstan-2024", "kazakhstan-2025", "russia-2024", "russia-2025", "hungary-2024"] {
            let path = Support.root + "/Samples-FOTN/\(name).txt"
            let report = try Self.transit.read(try FileIO.read(path), format: .text, file: path, options: ReadOptions(fileName: path)).report
            let country = report.text("country")!
            let findings = Validator(schema: Self.fotn).validate(report, previous: previous[country], file: path)
            #expect(findings.isEmpty, "\(name): \(findings)")
            previous[country] = report
            count += 1
        }
        #expect(count == 6)
    }

    /// A changed question, category, total, status or last year's figure: its finding, at the
    /// line where the value stands, in page text and in YAML, XML and JSON.
    @Test(arguments: [
        ("A2 1.00-3.00 pts0-3 pts\nIs going online out of reach for some people because of where they live or what they can pay? 3.003 3.003",
         "A2 1.00-3.00 pts0-3 pts\nIs going online out of reach for some people because of where they live or what they can pay? 4.004 3.003",
         ["question-max": "4", "access-is-sum": "12", "previous-score-change-missing": "4"]),
        ("A Obstacles to Access 12 25", "A Obstacles to Access 13 25", ["access-is-sum": "13", "total-is-sum": "34"]),
        ("\nNot Free\n34\n100\n", "\nNot Free\n35\n100\n", ["total-is-sum": "35"]),
        ("\nNot Free\n34\n100\n", "\nPartly Free\n34\n100\n", ["status-band": "Partly Free"]),
        ("Last Year's Score & Status\n34 100 Not Free", "Last Year's Score & Status\n33 100 Not Free", ["previous-total": "33"]),
    ])
    func eachFigureIsFoundAtItsLineInEveryFormat(_ from: String, _ to: String, _ rules: [String: String]) throws {
        let previousPath = Support.root + "/Samples-FOTN/kazakhstan-2023.txt"
        let page = String(decoding: try FileIO.read(Support.root + "/Samples-FOTN/kazakhstan-2024.txt"), as: UTF8.self)
        let previousPage = String(decoding: try FileIO.read(previousPath), as: UTF8.self)
        #expect(page.contains(from))
        let changed = page.replacingOccurrences(of: from, with: to)
        let report = try Self.read(changed, file: "k.txt").report
        let previous = try Self.read(previousPage, file: "p.txt").report
        for format in [Format.text, .yaml, .xml, .json] {
            let written = format == .text ? Array(changed.utf8) : try Self.transit.write(report, format: format)
            let file = "k." + format.fileExtension
            let back = try Self.transit.read(written, format: format, file: file).report
            let findings = Validator(schema: Self.fotn).validate(back, previous: previous, file: file)
            #expect(Set(findings.compactMap(\.rule)) == Set(rules.keys), "\(format): \(findings)")
            // Each finding stands on the line that holds the value it is about.
            let lines = String(decoding: written, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            for f in findings {
                let line = f.mark.line >= 1 && f.mark.line <= lines.count ? String(lines[f.mark.line - 1]) : ""
                #expect(line.contains(rules[f.rule ?? ""] ?? "?"), "\(format): \(f) stands on '\(line)'")
            }
        }
    }

    /// The old site's page (2011-2018): each figure under its label, the scale's lines, Quick
    /// Facts, Key Developments with the coverage period, the Introduction; read as the old scale
    /// and restated on the current one as the publisher did.
    @Test func theOldSitesPageReadsOnTheOldScale() throws {
        let path = Support.root + "/Samples-FOTN/kazakhstan-2015.txt"
        let bytes = try FileIO.read(path)
        let read = try Self.transit.read(bytes, format: .text, file: path, options: ReadOptions(fileName: path))
        #expect(Self.figures(read.report) == ["country": "Kazakhstan", "edition": "2015", "scale": "old", "status": "Not Free", "total": "61",
                                              "access": "14", "content": "23", "rights": "24"])
        #expect(read.report["quick_facts"]?.items?.count == 2 && read.report["introduction"]?.items?.count == 2)
        #expect(!read.diagnostics.contains { $0.severity != .note }, "\(read.diagnostics)")
        #expect(try Self.roundTrip(bytes, file: "kazakhstan-2015.txt") == bytes)
        #expect(Validator(schema: Self.fotn).validate(read.report, file: path).isEmpty)
        let current = try #require(Self.fotn.transform("to-current-scale")).apply(to: read.report, schema: Self.fotn)
        #expect(Self.figures(current)["total"] == "39" && Self.figures(current)["scale"] == "current")
    }

    /// The old scale, as data: a 2015 report (0 best) restated on the current scale as the
    /// publisher did, its status unchanged; the status band on each scale.
    @Test func anOldScaleReportIsRestatedAndItsStatusBandedOnItsOwnScale() throws {
        let yaml = """
            family: Freedom on the Net
            country: Kazakhstan
            edition: 2015
            scale: old
            status: Not Free
            total: 61
            access: 14
            content: 23
            rights: 24

            """
        let old = try Self.transit.read(Array(yaml.utf8), format: .yaml, file: "kz.yaml").report
        #expect(Validator(schema: Self.fotn).validate(old, file: "kz.yaml").isEmpty)
        let current = try #require(Self.fotn.transform("to-current-scale")).apply(to: old, schema: Self.fotn)
        #expect(Self.figures(current) == ["country": "Kazakhstan", "edition": "2015", "scale": "current", "status": "Not Free", "total": "39",
                                          "access": "11", "content": "12", "rights": "16"])
        // 61 is Not Free on the old scale; 29 would be Free there.
        let free = try Self.transit.read(Array(yaml.replacingOccurrences(of: "total: 61", with: "total: 29").utf8), format: .yaml, file: "kz.yaml").report
        #expect(Validator(schema: Self.fotn).validate(free, file: "kz.yaml").compactMap(\.rule).contains("status-band"))
    }
}
