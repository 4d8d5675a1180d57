import Testing
@testable import TransitKit

/// The workbook reader's small parts, each against hand-worked answers: cell references, numbers
/// as stored, number formats, entry names and relationship targets, sheet names in locations.
struct WorkbookReaderTests {
    @Test func columnsAreLettersBothWays() {
        for (letters, n) in [("A", 1), ("Z", 26), ("AA", 27), ("AR", 44), ("AZ", 52), ("BA", 53), ("XFD", 16384)] {
            #expect(Mark.columnLetters(n) == letters)
            #expect(Workbook.column(of: letters + "124") == n)
        }
        #expect(Workbook.column(of: "124") == nil)
        #expect(Workbook.column(of: "ABCD1") == nil)
        #expect(Mark.cell(row: 124, column: 11).cellReference == "K124")
        #expect(Mark.cell(row: 124, column: 11).isTextLine == false)
        #expect(Mark(line: 124, column: 11).cell == nil)
        // Cells sort by row, then column, after every line of text.
        #expect(Mark.cell(row: 2, column: 30).line < Mark.cell(row: 3, column: 1).line)
    }

    @Test func aNumberKeepsItsStoredDigitsWithItsExponentWrittenOut() {
        let cases = [("37", "37"), ("2.5", "2.5"), ("-1", "-1"), ("1E-3", "0.001"), ("1.5E-3", "0.0015"), ("2E+3", "2000"),
                     ("2.5E1", "25"), ("-4.25E-1", "-0.425"), ("1.23E2", "123"), ("1.2345E2", "123.45"), ("0E0", "0"), ("x", "x")]
        for (stored, plain) in cases { #expect(Workbook.plainNumber(stored) == plain, "\(stored)") }
    }

    @Test func aNumberFormatAddsItsDecimalsAndTakesNoneAway() {
        #expect(Workbook.places(of: "0") == 0)
        #expect(Workbook.places(of: "0.0") == 1)
        #expect(Workbook.places(of: "#,##0.00") == 2)
        #expect(Workbook.places(of: "0.00;[Red]-0.00") == 2)
        for other in ["General", "0.00%", "0.00E+00", "yyyy-mm-dd", "@", "0.0#"] { #expect(Workbook.places(of: other) == nil, "\(other)") }
        #expect(Workbook.padded("3", places: 1) == "3.0")
        #expect(Workbook.padded("3.5", places: 2) == "3.50")
        #expect(Workbook.padded("2.25", places: 1) == "2.25")
        #expect(Workbook.padded("11", places: nil) == "11")
    }

    @Test func noEntryOrTargetLeadsOutOfTheArchive() {
        #expect(ZipArchive.unsafeName("xl/worksheets/sheet1.xml") == nil)
        #expect(ZipArchive.unsafeName("../../evil.txt") != nil)
        #expect(ZipArchive.unsafeName("xl/../../evil.txt") != nil)
        #expect(ZipArchive.unsafeName("/etc/passwd") != nil)
        #expect(ZipArchive.unsafeName("C:\\evil") != nil)
        #expect(ZipArchive.unsafeName("xl\\..\\..\\evil") != nil)
        #expect(Workbook.resolve("worksheets/sheet1.xml", from: "xl") == "xl/worksheets/sheet1.xml")
        #expect(Workbook.resolve("/xl/worksheets/sheet2.xml", from: "xl") == "xl/worksheets/sheet2.xml")
        #expect(Workbook.resolve("../docProps/app.xml", from: "xl") == "docProps/app.xml")
        #expect(Workbook.resolve("../../etc/passwd", from: "xl") == nil)
    }

    @Test func aFindingInAWorkbookNamesItsSheetAndCell() {
        var d = Diagnostic(.error, file: "All_data_FIW_2013-2024.xlsx", mark: .cell(row: 124, column: 11), "subcategory A is 6")
        d.sheet = "FIW13-24"
        #expect(d.description == "All_data_FIW_2013-2024.xlsx:FIW13-24!K124: error: subcategory A is 6")
        d.sheet = "Country Ratings, Statuses "
        #expect(d.location == "All_data_FIW_2013-2024.xlsx:'Country Ratings, Statuses '!K124")
        d.sheet = "Bob's"
        #expect(d.position == "'Bob''s'!K124")
        let text = Diagnostic(.error, file: "s.csv", mark: Mark(line: 3, column: 7), "x")
        #expect(text.description == "s.csv:3:7: error: x")
    }
}
