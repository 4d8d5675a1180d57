import Testing
@testable import TransitKit

/// The archive generator makes valid reports that survive every round trip.
struct GeneratorTests {
    @Test func generatedSeriesAreValidAndRoundTrip() throws {
        let generator = ArchiveGenerator(seed: 7)
        let reports = generator.series(subject: "Moldova", editions: Array(2015...2024))
        #expect(reports.count == 10)
        let validator = Validator()
        var previous: Record?
        for report in reports {
            let text = try Support.transit.write(report, format: .text)
            let file = "moldova-\(report.text("edition")!).txt"  // the page names neither country nor edition
            let read = try Support.transit.read(text, format: .text, file: file)
            #expect(read.problems.isEmpty, "\(read.problems)")
            #expect(read.report == report, "edition \(report.text("edition")!)")
            let rt = try Support.roundTrip(text, file: file)
            #expect(rt.text == text)
            let findings = validator.validate(read.report, previous: previous, file: file)
            #expect(findings.isEmpty, "\(findings)")
            previous = read.report
        }
        // A report is about the size of a real page (tens of kilobytes).
        let size = try Support.transit.write(reports[0], format: .text).count
        #expect(size > 20_000 && size < 80_000, "\(size)")
    }

    @Test func theSameSeedGivesTheSameArchive() {
        let a = ArchiveGenerator(seed: 3).series(subject: "Serbia", editions: [2020, 2021])
        let b = ArchiveGenerator(seed: 3).series(subject: "Serbia", editions: [2020, 2021])
        let c = ArchiveGenerator(seed: 4).series(subject: "Serbia", editions: [2020, 2021])
        #expect(a == b)
        #expect(a != c)
    }

    /// The generator knows no family: from the toy family's schema alone it makes surveys that
    /// pass the toy's rules season after season and survive page text byte for byte.
    @Test func aSecondFamilyIsGeneratedFromItsSchemaAlone() throws {
        let schema = try Schema.load(path: ToyFamilyPropertyTests.schemaPath)
        let transit = Transit(schema: schema)
        let reports = ArchiveGenerator(schema: schema, seed: 5).series(subject: "Lighthouse Cove", editions: [2019, 2020, 2021, 2022, 2023])
        let validator = Validator(schema: schema)
        var previous: Record?, moves = 0
        for report in reports {
            let season = report.text("season")!
            #expect(report.value(at: ModelPath("measures"))?.items?.count == schema.items(forEdition: Int(season)!).count, "season \(season)")
            #expect(report.text("water_index") != nil && report.text("grade") != nil)
            if previous != nil {
                #expect(report["changes"] != nil, "season \(season)")
                moves += report.value(at: ModelPath("changes.moves"))?.items?.count ?? 0
            }
            let file = "lighthouse-cove-\(season).txt"
            let text = try transit.write(report, format: .text, file: file)
            let read = try transit.read(text, format: .text, file: file)
            #expect(read.report == report, "season \(season)")
            #expect(try transit.write(read.report, format: .text, file: file) == text)
            let findings = validator.validate(read.report, previous: previous, file: file)
            #expect(findings.isEmpty, "\(findings)")
            previous = read.report
        }
        #expect(moves > 0, "five seasons and not one measure moved")
    }

    /// The family written from the README alone numbers its footnotes through the page: the
    /// generator's pages do too, and come back byte for byte, each report as generated.
    @Test func aFamilyNumberingNotesThroughThePageIsGenerated() throws {
        let schema = try Schema.load(path: Support.root + "/Tests/Families/scorecard/scorecard.schema.yaml")
        let transit = Transit(schema: schema)
        var markers: [Int] = []
        for report in ArchiveGenerator(schema: schema, seed: 11).series(subject: "Oakmere", editions: [2023, 2024]) {
            let file = "oakmere-\(report.text("year")!).txt"
            let text = try transit.write(report, format: .text, file: file)
            let read = try transit.read(text, format: .text, file: file)
            #expect(read.report == report)
            #expect(try transit.write(read.report, format: .text, file: file) == text)
            let page = try #require(String(bytes: text, encoding: .utf8))
            markers += page.split(separator: "\n").compactMap { line in line.last?.isNumber == true && line.dropLast().last == "." ? Int(String(line.last!)) : nil }
        }
        #expect(markers.contains { $0 > 1 }, "the generated pages carry notes past the first: \(markers)")
    }
}
