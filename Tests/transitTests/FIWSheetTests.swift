import Foundation
import Testing

/// The publisher's Freedom in the World all-data sheet (2,515 rows, editions 2013–2024) read as
/// an archive: every row passes the family's rules, a changed cell is found at its row and
/// column, and the sheet goes to a report per row and back to the same bytes.
enum FIWSheet {
    static let path = CLI.root + "/../shared/data/fiw-all-data-2013-2024.csv"
    static var available: Bool { FileManager.default.fileExists(atPath: path) }
}

@Suite(.enabled(if: FIWSheet.available, "../shared/data/fiw-all-data-2013-2024.csv is not beside the project (it is in CI and development sessions only)"))
struct FIWSheetTests {
    static let sheet = FIWSheet.path
    static let schema = ["--schema", CLI.root + "/Schemas/fiw.schema.yaml"]

    @Test func everyRowOfThePublishersSheetIsClean() throws {
        let r = try CLI.run(["validate", Self.sheet, "--format", "json"] + Self.schema)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "[]\n", "\(r.stdout.prefix(2000))")
    }

    /// A copy of real rows with one cell changed each: an indicator, a subtotal, a rating, a
    /// status; each finding at its row and the changed cell's column.
    @Test func aChangedCellIsFoundAtItsRowAndColumn() throws {
        let text = try String(contentsOfFile: Self.sheet, encoding: .utf8)
        var lines = text.components(separatedBy: "\r\n")
        let header = lines[0].components(separatedBy: ",")
        /// The column (1-based, in characters) of a cell of a line.
        func column(_ line: Int, _ name: String) -> Int {
            let cells = lines[line - 1].components(separatedBy: ",")
            return cells[..<header.firstIndex(of: name)!].reduce(1) { $0 + $1.count + 1 }
        }
        func change(_ line: Int, _ name: String, to value: String) {
            var cells = lines[line - 1].components(separatedBy: ",")
            cells[header.firstIndex(of: name)!] = value
            lines[line - 1] = cells.joined(separator: ",")
        }
        // Rows 2-5: Abkhazia 2013-2016. An indicator changed breaks its subtotal and PR, each
        // found at its own cell; a subtotal, a rating and a status changed are found at theirs.
        change(2, "A2", to: "4")
        change(3, "B", to: "9")
        change(4, "PR rating", to: "2")
        change(5, "Status", to: "F")
        let dir = try CLI.scratch()
        let copy = dir + "/fiw-changed.csv"
        try lines.joined(separator: "\r\n").write(toFile: copy, atomically: true, encoding: .utf8)
        let r = try CLI.run(["validate", copy, "--format", "json"] + Self.schema)
        #expect(r.status == 1)
        let found = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [[String: Any]]
        let got = Set(found.map { "\($0["line"]!):\($0["column"]!) \($0["rule"]!)" })
        #expect(got == ["2:\(column(2, "A")) subtotal-is-sum", "2:\(column(2, "PR")) pr-score",
                        "3:\(column(3, "B")) subtotal-is-sum", "4:\(column(4, "PR rating")) pr-rating", "5:\(column(5, "Status")) status-from-ratings"], "\(got)")
    }

    /// A table of pages fills what pages do not print from what they do (the schema's
    /// sheet-cells transform): each page that prints every indicator gives the publisher's row,
    /// Region aside (no page prints it); a short page's row keeps its gaps.
    @Test func aTableOfPagesIsThePublishersRows() throws {
        let r = try CLI.run(["table", CLI.root + "/Samples-FIW"])
        #expect(r.status == 0, "\(r.stderr)")
        let published = try String(contentsOfFile: Self.sheet, encoding: .utf8).components(separatedBy: "\r\n")
        func key(_ row: String) -> String { row.split(separator: ",", omittingEmptySubsequences: false).enumerated().filter { [0, 3].contains($0.offset) }.map(\.element).joined(separator: " ") }
        func regionless(_ row: String) -> String {
            var cells = row.components(separatedBy: ",")
            cells[1] = ""
            return cells.joined(separator: ",")
        }
        var compared = 0
        for row in r.stdout.components(separatedBy: "\r\n").dropFirst() where !row.isEmpty {
            let mine = regionless(row)
            if row.hasPrefix("Nicaragua,") {
                #expect(mine.contains(",,,,"), "a short page's row keeps its gaps: \(row)")
                continue
            }
            let theirs = try #require(published.first { key($0) == key(row) }, "\(key(row))")
            #expect(mine == regionless(theirs))
            compared += 1
        }
        #expect(compared == 7)
    }

    @Test func theSheetGoesToAReportPerRowAndBackToTheSameBytes() throws {
        let dir = try CLI.scratch()
        let r = try CLI.run(["convert", Self.sheet, "-o", dir + "/rows", "--to", "json"] + Self.schema)
        #expect(r.status == 0, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/rows")
        #expect(files.count == 2515)
        #expect(files.contains("cote-divoire-2024.json") && files.contains("syria-2015.json"))
        let syria = try String(contentsOfFile: dir + "/rows/syria-2015.json", encoding: .utf8)
        #expect(syria.contains("\"pr_score\": -1") || syria.contains("\"total\": -1"), "\(syria.prefix(400))")
        let back = try CLI.run(["convert", dir + "/rows", "-o", dir + "/back.csv"] + Self.schema)
        #expect(back.status == 0, "\(back.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/back.csv")) == Data(contentsOf: URL(fileURLWithPath: Self.sheet)))
        // `table` of the sheet itself writes it back too.
        let table = try CLI.run(["table", Self.sheet, "-o", dir + "/table.csv"] + Self.schema)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/table.csv")) == Data(contentsOf: URL(fileURLWithPath: Self.sheet)))
    }

    /// The sheet as an archive: a page's last-year figures and score-change notes are checked
    /// against the previous edition's row.
    @Test func aPageIsCheckedAgainstThePreviousEditionsRow() throws {
        let page = CLI.root + "/Samples-FIW/peru-2023.txt"
        let clean = try CLI.run(["validate", page, "--archive", Self.sheet])
        #expect(clean.status == 0, "\(clean.stdout)")
        let dir = try CLI.scratch()
        let text = try String(contentsOfFile: page, encoding: .utf8).replacingOccurrences(of: "\n72 100 Free\n", with: "\n71 100 Free\n")
        try text.write(toFile: dir + "/peru-2023.txt", atomically: true, encoding: .utf8)
        let r = try CLI.run(["validate", dir + "/peru-2023.txt", "--archive", Self.sheet])
        #expect(r.status == 1)
        #expect(r.stdout.contains("peru-2023.txt:5:1: error: last year's total 71 is not the 2022 edition's 72 [previous-total]"), "\(r.stdout)")
    }
}
