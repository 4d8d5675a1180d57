import Testing
@testable import TransitKit

/// Restating an inverted-scale report on the current scale.
struct ScaleTests {
    private func inverted() throws -> Record {
        let yaml = String(decoding: try Support.read(Support.root + "/Samples/kyrgyzstan-2022.yaml"), as: UTF8.self)
            .replacingOccurrences("scale: current", "scale: inverted")
        return try Support.transit.read(Array(yaml.utf8), format: .yaml, file: "k.yaml").report
    }

    @Test func ratingsAreConvertedAndTheFiguresRecomputed() throws {
        let r = try Schema.standard.restated(try inverted(), file: "inverted")
        #expect(r.text("scale") == "current")
        #expect(Support.transit.schema.items(forEdition: 2022).count == 7)
        let ratings = r["categories"]!.items!.map { $0.record!.text("rating")! }
        #expect(ratings == ["6.75", "6.50", "5.25", "6.00", "6.25", "6.75", "6.75"])  // 8 - x
        #expect(r.text("democracy_score") == "6.32")        // mean 44.25 / 7 = 6.3214…
        #expect(r.text("democracy_percentage") == "88.69")  // (6.3214… - 1) / 6 × 100
        #expect(r.text("status") == "Consolidated Democracy")
        let statements = r["score_changes"]!.record!["statements"]!.items!.map { $0.record! }
        #expect(statements.map { "\($0.text("from")!)→\($0.text("to")!)" } == ["6.50→6.75", "6.25→6.50"])
        let result = r["score_changes"]!.record!["result"]!.record!
        #expect(result.text("from") == "6.25")
        #expect(result.text("to") == "6.32")
        #expect(r.text("methodology") == "Ratings converted to the current scale of 1 to 7, with 7 representing the highest level of democratic progress and 1 the lowest, as 8 - x from the inverted scale of this edition; the Democracy Score, Percentage and status are recomputed from the converted ratings.")
    }

    @Test func aCurrentScaleReportIsUnchanged() throws {
        let page = try Support.read(Support.root + "/Samples/kyrgyzstan-2022.txt")
        let r = try Support.transit.read(page, format: .text, file: "kyrgyzstan-2022.txt").report
        #expect(try Schema.standard.restated(r, file: "current") == r)
    }

    @Test func theConvertedPageReadsBackOnTheCurrentScaleAndValidates() throws {
        let page = try Support.read(Support.root + "/Samples/north-macedonia-2019.txt")
        let old = try Support.transit.read(page, format: .text, file: "north-macedonia-2019.txt").report
        #expect(old.text("scale") == "inverted")
        let text = try Support.transit.write(try Schema.standard.restated(old, file: "old"), format: .text)
        let back = try Support.transit.read(text, format: .text, file: "north-macedonia-2019.txt").report
        #expect(back.text("scale") == "current")
        #expect(back.text("democracy_score") == "4.11")
        #expect(Validator().validate(back, file: "n.txt").isEmpty)
    }
}
