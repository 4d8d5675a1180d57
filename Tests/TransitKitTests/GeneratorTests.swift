import Testing
@testable import TransitKit

/// The archive generator makes valid reports that survive every round trip.
struct GeneratorTests {
    @Test func generatedSeriesAreValidAndRoundTrip() throws {
        let generator = ArchiveGenerator(seed: 7)
        let reports = generator.series(country: "Moldova", editions: Array(2015...2024))
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
        let a = ArchiveGenerator(seed: 3).series(country: "Serbia", editions: [2020, 2021])
        let b = ArchiveGenerator(seed: 3).series(country: "Serbia", editions: [2020, 2021])
        let c = ArchiveGenerator(seed: 4).series(country: "Serbia", editions: [2020, 2021])
        #expect(a == b)
        #expect(a != c)
    }
}
