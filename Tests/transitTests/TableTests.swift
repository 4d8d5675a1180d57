import Foundation
import Testing

/// `transit table`: the panel of many reports, the same on any number of threads.
struct TableTests {
    static func pages() -> [String] {
        (FileManager.default.enumerator(atPath: CLI.root + "/Samples")?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".txt") }.sorted().map { CLI.root + "/Samples/" + $0 }
    }

    @Test func theSamplesTableMatchesTheExpectedCSV() throws {
        let r = try CLI.run(["table"] + Self.pages())
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == (try CLI.expected("table.csv")))
    }

    @Test func oneThreadOrManyGiveTheSameTableInAnyInputOrder() throws {
        let one = try CLI.run(["table", "--jobs", "1"] + Self.pages())
        let many = try CLI.run(["table", "--jobs", "8"] + Self.pages().reversed())
        #expect(one.stdout == many.stdout)
        #expect(one.stdout == (try CLI.expected("table.csv")))
    }

    @Test func jsonHasTheSameColumnsWithNumbersAndNulls() throws {
        let r = try CLI.run(["table", "--format", "json", CLI.root + "/Samples/north-macedonia-2019.yaml", CLI.root + "/Samples/armenia-2023.json"])
        let rows = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(rows.map { $0["country"] as? String } == ["Armenia", "North Macedonia"])
        #expect(rows[0]["democracy_percentage"] as? Double == 49.4)
        #expect(rows[0]["Civil Society"] is NSNull)
        #expect(rows[1]["Civil Society"] as? Double == 3.25)
    }

    @Test func anUnreadableInputIsReportedAndTheOthersStillListed() throws {
        let r = try CLI.run(["table", CLI.root + "/Samples/estonia-2022.txt", CLI.root + "/Samples/nothing-here.txt"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("nothing-here.txt:1:1: error: cannot read"))
        #expect(r.stdout.split(separator: "\n").count == 2)
    }
}
