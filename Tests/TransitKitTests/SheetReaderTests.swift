import Testing
@testable import TransitKit

/// The all-data sheet as a format: RFC 4180 CSV in the shape of the schema's `sheet:`, one short
/// report per row, every value checked and located at its cell.
struct SheetReaderTests {
    static let toy = try! Schema.load(path: ToyFamilyPropertyTests.schemaPath)
    static let fiw = try! Schema.load(path: Support.root + "/Schemas/fiw.schema.yaml")

    func read(_ text: String, _ schema: Schema = toy) throws(ReadError) -> [Record] {
        try Transit(schema: schema).readSheet(Array(text.utf8), file: "s.csv").reports
    }

    func errors(_ text: String, _ schema: Schema = toy) -> [String] {
        do throws(ReadError) {
            _ = try read(text, schema)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func rowsAreReportsWithTheirItems() throws {
        let rows = try read("Station,Season,Grade,Index,Clarity,Oxygen,Litter\r\nNorth Pier,2023,Good,10.5,4.0,3.5,3.0\r\n\"South Beach\",2022,Fair,6.0,3.0,3.0,\r\n")
        #expect(rows.count == 2)
        #expect(rows[0].text("station") == "North Pier" && rows[0].text("water_index") == "10.5")
        let measures = rows[0].value(at: ModelPath("measures"))?.items?.compactMap { $0.record.map { "\($0.text("code")!)=\($0.text("value")!)" } }
        #expect(measures == ["Clarity=4.0", "Oxygen=3.5", "Litter=3.0"])
        // An empty cell is an absent value: no Litter measure in the second row.
        #expect(rows[1].value(at: ModelPath("measures"))?.items?.count == 2)
        // Every value keeps its cell's place.
        #expect(rows[1].mark == Mark(line: 3, column: 1))
        #expect(rows[1].value(at: ModelPath("water_index"))?.mark == Mark(line: 3, column: 25))
    }

    @Test func quotedCellsAreUnquotedAndADoubledQuoteIsOne() throws {
        let rows = try read("\"Station\",Season\n\"North Pier\",\"2023\"\r\n", Self.toy)
        #expect(rows.count == 1 && rows[0].text("station") == "North Pier" && rows[0].text("season") == "2023")
        #expect(errors("Station,Season\n\"North Pier\",\"20\"\"23\"\n") == ["s.csv:2:14: error: 'Season': expected a whole number, found '20\"23'"])
        // A line break inside quotes belongs to the cell; the next row's lines still count.
        #expect(errors("Station,Season\n\"North\nPier\",2023\nSouth Beach,x\n") == [
            "s.csv:2:1: error: 'Station': 'North\\nPier' is not a valid station; did you mean 'North Pier'?",
            "s.csv:4:13: error: 'Season': expected a whole number, found 'x'"])
    }

    @Test func problemsAreLocatedAtTheirCells() {
        #expect(errors("Station,Season,Grade\nNorth Pier,2023,Goood\n") == ["s.csv:2:17: error: 'Grade': 'Goood' is not a valid grade; did you mean 'Good'?"])
        #expect(errors("Station,Seasn\n") == ["s.csv:1:9: error: 'Seasn' is not a column of the Coastal Survey sheet; did you mean 'Season'?"])
        #expect(errors("Station,Season\nNorth Pier,2023,x\n") == ["s.csv:2:1: error: the row has 3 cells; the header has 2"])
        #expect(errors("Station,Season\n\"North Pier,2023\n") == ["s.csv:2:1: error: a quoted cell is not closed"])
        #expect(errors("Station,Season\nNorth \"Pier\",2023\n") == ["s.csv:2:7: error: a quote inside an unquoted cell (quote the whole cell and double its quotes)"])
        #expect(errors("Station,Season\n\"North\" Pier,2023\n") == ["s.csv:2:8: error: text after a quoted cell's closing quote"])
        #expect(errors("") == ["s.csv:1:1: error: the sheet is empty: expected a header row (Station, Season, Grade, Index, …)"])
        #expect(errors("Station,Station\n") == ["s.csv:1:9: error: the column 'Station' is there twice"])
    }

    /// A column's own spellings (`F` for Free) and absent cell (`N/A`), both ways.
    @Test func spellingsAndAbsentCellsMapToTheModel() throws {
        let text = "Country/Territory,Edition,Status,C/T,Add A\r\nPeru,2017,PF,c,0\r\nPeru,2018,F,c,N/A\r\n"
        let rows = try read(text, Self.fiw)
        #expect(rows.map { $0.text("status") } == ["Partly Free", "Free"])
        #expect(rows.map { $0.text("territory") } == ["false", "false"])
        #expect(rows.map { $0.text("add_a") } == ["0", nil])
        #expect(rows.allSatisfy { $0.text("family") == "Freedom in the World" })
        var table = PanelTable(schema: Self.fiw)
        for r in rows { table.add(table.row(r)) }
        let line = table.csv.split(separator: "\r\n")[2]
        #expect(line.hasPrefix("Peru,,c,2018,F,") && line.contains(",N/A,"), "\(line)")
        #expect(errors("Country/Territory,Status\r\nPeru,P\r\n", Self.fiw) == ["s.csv:2:6: error: 'Status': 'P' is not one of F, PF, NF; did you mean 'F'?"])
    }
}
