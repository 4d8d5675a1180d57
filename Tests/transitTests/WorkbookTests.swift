import Foundation
import Testing

/// Workbooks (`.xlsx`) wherever sheets are read. The test workbooks are written part by part by
/// Python's zipfile (Tests/consumers/make_workbooks.py) with the rows they hold written there by
/// hand as CSV; the publisher's workbook is checked against its own CSV and against openpyxl.
enum Workbooks {
    static let coastal = ["--schema", CLI.root + "/Tests/Families/coastal/coastal.schema.yaml"]

    /// The test workbooks, made once per test in its own folder.
    static func make(_ name: String = #function) throws -> String {
        let dir = try CLI.scratch(name)
        let r = try Python.run(["Tests/consumers/make_workbooks.py", dir])
        try #require(r.status == 0, "\(r.stderr)")
        return dir
    }
}

@Suite(.enabled(if: Python.has("zipfile") || Python.inCI, "python3 is missing (make deps installs it)"))
struct WorkbookTests {
    /// The workbook's data sheet (a notes sheet before it, a title and a blank row above the
    /// header; shared, rich-text and inline strings, a number stored as text, numbers under a
    /// 0.0 format, an absent cell) reads as the CSV written by hand.
    @Test func aWorkbookReadsAsTheRowsItHolds() throws {
        let dir = try Workbooks.make()
        let table = try CLI.run(["table", dir + "/coastal.xlsx"] + Workbooks.coastal)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout == (try String(contentsOfFile: dir + "/coastal.csv", encoding: .utf8)))
        // The rules find in the workbook what they find in the CSV, each at its cell.
        let book = try CLI.run(["validate", dir + "/coastal.xlsx", "--format", "json"] + Workbooks.coastal)
        let csv = try CLI.run(["validate", dir + "/coastal.csv", "--format", "json"] + Workbooks.coastal)
        func findings(_ r: CLI.Result) throws -> [[String: Any]] { try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [[String: Any]] }
        let a = try findings(book), b = try findings(csv)
        #expect(a.count == b.count && !a.isEmpty)
        #expect(a.map { "\($0["rule"]!) \($0["message"]!)" } == b.map { "\($0["rule"]!) \($0["message"]!)" })
        // Row 5 of the sheet is line 3 of the CSV; column E the fifth cell.
        let moved = try #require(a.first { ($0["message"] as? String)?.hasPrefix("Clarity moved from 3.0 to 3.5") == true })
        #expect(moved["sheet"] as? String == "Data" && moved["cell"] as? String == "E5" && moved["line"] as? Int == 0)
    }

    /// `table --format xlsx` and `convert … -o sheet.xlsx` write a workbook that transit,
    /// openpyxl and LibreOffice each read back as transit's CSV, the rows in the sheet's order.
    @Test func aWrittenWorkbookReadsBackAsTheCSV() throws {
        let dir = try Workbooks.make()
        let csv = try String(contentsOfFile: dir + "/coastal.csv", encoding: .utf8)
        let table = try CLI.run(["table", dir + "/coastal.xlsx", "-o", dir + "/out.xlsx"] + Workbooks.coastal)
        #expect(table.status == 0, "\(table.stderr)")
        let back = try CLI.run(["table", dir + "/out.xlsx"] + Workbooks.coastal)
        #expect(back.stdout == csv, "\(back.stdout)\(back.stderr)")
        // The same workbook again, byte for byte (its entries are dated as Excel dates them).
        let again = try CLI.run(["table", dir + "/coastal.xlsx", "--format", "xlsx"] + Workbooks.coastal)
        #expect(again.stdoutBytes == (try Data(contentsOf: URL(fileURLWithPath: dir + "/out.xlsx"))))
        // Reports into a workbook: convert's sheet output.
        let reports = CLI.root + "/Tests/Families/coastal/reports"
        let converted = try CLI.run(["convert", reports + "/north-pier-2022.yaml", reports + "/north-pier-2023.yaml", reports + "/south-beach-2023.yaml",
                                     "-o", dir + "/converted.xlsx"] + Workbooks.coastal)
        #expect(converted.status == 0, "\(converted.stderr)")
        let convertedBack = try CLI.run(["table", dir + "/converted.xlsx"] + Workbooks.coastal)
        let fromReports = try CLI.run(["table", reports] + Workbooks.coastal)
        #expect(convertedBack.stdout == fromReports.stdout && fromReports.status == 0, "\(convertedBack.stdout)")
        if Python.has("openpyxl") || Python.inCI {
            let outside = try Python.run(["Tests/consumers/read_xlsx.py", dir + "/out.xlsx"])
            #expect(outside.status == 0, "\(outside.stderr)")
            #expect(outside.stdout == csv)
        }
    }

    /// LibreOffice, converting the written workbook to CSV, shows the same cells.
    @Test(.enabled(if: Shell.has("soffice") || Python.inCI, "LibreOffice (soffice) is missing (make test-deps installs libreoffice-calc-nogui)"))
    func libreOfficeReadsTheWrittenWorkbook() throws {
        let dir = try Workbooks.make()
        let table = try CLI.run(["table", dir + "/coastal.xlsx", "-o", dir + "/out.xlsx"] + Workbooks.coastal)
        try #require(table.status == 0, "\(table.stderr)")
        // The CSV filter's options: comma, double quote, UTF-8, from line 1, cells as shown.
        let r = try Shell.run("soffice", ["--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true", "--outdir", dir + "/lo", dir + "/out.xlsx"],
                              in: dir, environment: ["HOME": dir, "PATH": "/usr/bin:/bin"])
        #expect(r.status == 0, "\(r.stderr)")
        let shown = try String(contentsOfFile: dir + "/lo/out.csv", encoding: .utf8).replacingOccurrences(of: "\r\n", with: "\n")
        #expect(shown == (try String(contentsOfFile: dir + "/coastal.csv", encoding: .utf8)))
    }

    /// A workbook is known by its content: named without `.xlsx`, it is read all the same.
    @Test func aWorkbookIsKnownByItsContent() throws {
        let dir = try Workbooks.make()
        try FileManager.default.copyItem(atPath: dir + "/coastal.xlsx", toPath: dir + "/download")
        let table = try CLI.run(["table", dir + "/download"] + Workbooks.coastal)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout == (try String(contentsOfFile: dir + "/coastal.csv", encoding: .utf8)))
        let diff = try CLI.run(["diff", "--archive", dir + "/coastal.xlsx", "--from", "2022", "--to", "2023"] + Workbooks.coastal)
        let csv = try CLI.run(["diff", "--archive", dir + "/coastal.csv", "--from", "2022", "--to", "2023"] + Workbooks.coastal)
        #expect(diff.stdout == csv.stdout && diff.stdout.contains("North Pier"), "\(diff.stdout)\(diff.stderr)")
    }

    @Test func aChangedCellIsFoundAtItsSheetAndCellInEveryForm() throws {
        let dir = try Workbooks.make()
        let book = dir + "/changed.xlsx"
        let finding = "Clarity is graded 9.5, outside 0.0-5.0"
        let human = try CLI.run(["validate", book] + Workbooks.coastal)
        #expect(human.status == 1)
        #expect(human.stdout.contains("\(book):Data!E5: error: \(finding) [measure-range]\n"), "\(human.stdout)")
        let json = try CLI.run(["validate", book, "--format", "json"] + Workbooks.coastal)
        let found = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [[String: Any]]
        #expect(found.contains { $0["rule"] as? String == "measure-range" && $0["sheet"] as? String == "Data" && $0["cell"] as? String == "E5" && $0["file"] as? String == book })
        let github = try CLI.run(["validate", book, "--format", "github"] + Workbooks.coastal)
        #expect(github.stdout.contains("::error file=\(book),title=measure-range::Data!E5: \(finding)\n"), "\(github.stdout)")
        let sarif = try CLI.run(["validate", book, "--format", "sarif"] + Workbooks.coastal)
        let log = try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as! [String: Any]
        let results = ((log["runs"] as! [[String: Any]])[0]["results"] as! [[String: Any]])
        let range = try #require(results.first { $0["ruleId"] as? String == "measure-range" })
        let logical = ((range["locations"] as! [[String: Any]])[0]["logicalLocations"] as! [[String: Any]])
        #expect(logical.contains { $0["fullyQualifiedName"] as? String == "Data!E5" && $0["kind"] as? String == "cell" })
        let junit = try CLI.run(["validate", book, "--format", "junit"] + Workbooks.coastal)
        #expect(junit.stdout.contains("\(book):Data!E5: error: \(finding) [measure-range]"), "\(junit.stdout)")
    }

    /// Each hostile workbook: a clear error naming the file, exit 2, nothing written.
    @Test(arguments: [
        ("bomb", "inflates past the limit of 1000000 bytes"),
        ("traversal", "holds an entry named '../../evil.txt', a path out of the archive"),
        ("strings", "Data!A6: error: the cell refers to shared string 999, but the workbook has 8"),
        ("truncated", "is not a whole zip archive"),
        ("compound", "an encrypted workbook, or an Excel 97-2003 (.xls) one"),
        ("encrypted", "is encrypted: save the workbook without a password"),
        ("malformed", "'xl/worksheets/sheet2.xml' is not well-formed XML: line 3:"),
    ])
    func aHostileWorkbookIsRefusedWithItsReason(name: String, reason: String) throws {
        let dir = try Workbooks.make("hostile-\(name)")
        let book = "\(dir)/\(name).xlsx"
        let validate = try CLI.run(["validate", book, "--max-bytes", "1000000"] + Workbooks.coastal)
        #expect(validate.status == 2)
        #expect(validate.stdout.contains(book) && validate.stdout.contains(reason), "\(validate.stdout)")
        let convert = try CLI.run(["convert", book, "-o", dir + "/out", "--to", "yaml", "--max-bytes", "1000000"] + Workbooks.coastal)
        #expect(convert.status == 2)
        #expect(convert.stderr.contains(reason), "\(convert.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }

    /// Under the standard limit the bomb stops at 256 MiB inflated, with the option to raise it.
    @Test func aZipBombStopsAtTheLimit() throws {
        let dir = try Workbooks.make()
        let r = try CLI.run(["validate", dir + "/bomb.xlsx"] + Workbooks.coastal)
        #expect(r.status == 2)
        #expect(r.stdout.contains("inflates past the limit of 268435456 bytes") && r.stdout.contains("--max-bytes"), "\(r.stdout)")
    }
}

/// The publisher's own workbook, as downloaded.
enum PublisherWorkbook {
    static let path = CLI.root + "/../shared/data/All_data_FIW_2013-2024.xlsx"
    static var available: Bool { FileManager.default.fileExists(atPath: path) }
}

@Suite(.enabled(if: PublisherWorkbook.available, "../shared/data/All_data_FIW_2013-2024.xlsx is not beside the project (it is in CI and development sessions only)"))
struct PublisherWorkbookTests {
    @Test func theAllDataWorkbookValidatesCleanAndIsItsCSV() throws {
        let r = try CLI.run(["validate", PublisherWorkbook.path, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "[]\n", "\(r.stdout.prefix(2000))")
        // Its 2,515 rows are the published CSV's (which orders them by country, then edition;
        // the table of the workbook keeps the workbook's order: by edition, newest first).
        let table = try CLI.run(["table", PublisherWorkbook.path])
        #expect(table.status == 0, "\(table.stderr)")
        let rows = table.stdout.components(separatedBy: "\r\n")
        #expect(rows.count - 2 == 2515)
        let published = try String(contentsOfFile: FIWSheet.path, encoding: .utf8).components(separatedBy: "\r\n")
        #expect(rows[0] == published[0] && rows.sorted() == published.sorted())
        #expect(rows[1].hasPrefix("Abkhazia,Eurasia,t,2024,") && rows[2515].hasPrefix("Zimbabwe,Africa,c,2013,"), "\(rows[1]) … \(rows[2515])")
        // workbook -> reports -> workbook -> CSV: the sheet's own rows, in order.
        let dir = try CLI.scratch()
        let written = try CLI.run(["table", PublisherWorkbook.path, "-o", dir + "/again.xlsx"])
        #expect(written.status == 0, "\(written.stderr)")
        let back = try CLI.run(["table", dir + "/again.xlsx"])
        #expect(back.stdout == table.stdout)
    }

    /// Every command that reads sheets says of the workbook what it says of the published CSV.
    @Test func everyCommandReadsTheWorkbookAsTheCSV() throws {
        let dir = try CLI.scratch()
        let book = PublisherWorkbook.path, csv = FIWSheet.path
        for (args, output) in [(["diff", "--archive", "SHEET", "--from", "2023", "--to", "2024"], nil),
                               (["summary", "SHEET", "--edition", "2020"], nil),
                               (["trends", "SHEET", "-o", "OUT"], "trends.html"),
                               (["validate", "Samples-FIW/peru-2023.txt", "--archive", "SHEET", "--format", "json"], nil)] as [([String], String?)] {
            func run(_ sheet: String, _ tag: String) throws -> (CLI.Result, Data?) {
                let out = output.map { "\(dir)/\(tag)-\($0)" }
                let r = try CLI.run(args.map { $0 == "SHEET" ? sheet : $0 == "OUT" ? out! : $0 }, in: CLI.root)
                return (r, try out.map { try Data(contentsOf: URL(fileURLWithPath: $0)) })
            }
            let (a, fileA) = try run(book, "book"), (b, fileB) = try run(csv, "csv")
            #expect(a.status == b.status && a.status != 2, "\(args): \(a.stderr)")
            #expect(a.stdout == b.stdout && !a.stdout.isEmpty || output != nil, "\(args)")
            #expect(fileA == fileB, "\(args)")
        }
    }

    /// openpyxl, an outside reader, gives the same cells for every row.
    @Test(.enabled(if: Python.has("openpyxl") || Python.inCI, "the Python module openpyxl is missing (make test-deps installs it)"))
    func openpyxlReadsTheSameCells() throws {
        let script = """
            import csv, sys, openpyxl
            book = openpyxl.load_workbook(sys.argv[1], read_only=True)
            rows = list(book["FIW13-24"].iter_rows(min_row=2, values_only=True))
            out = csv.writer(sys.stdout, lineterminator="\\r\\n")
            for row in rows:
                out.writerow(["" if v is None else v for v in row])
            """
        let outside = try Python.run(["-c", script, PublisherWorkbook.path])
        #expect(outside.status == 0, "\(outside.stderr)")
        let table = try CLI.run(["table", PublisherWorkbook.path])
        #expect(table.stdout == outside.stdout)
    }

    /// A copy with cell K124 (subcategory A of row 124, 5 in the publisher's file) set to 6.
    @Test func aChangedCellIsFoundAtFIW1324K124() throws {
        let dir = try CLI.scratch()
        let copy = dir + "/All_data_FIW_2013-2024.xlsx"
        let script = """
            import re, sys, zipfile
            source, target = sys.argv[1], sys.argv[2]
            with zipfile.ZipFile(source) as z, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
                for item in z.infolist():
                    data = z.read(item.filename)
                    if item.filename == "xl/worksheets/sheet2.xml":
                        text, n = re.subn(r'<c r="K124"><v>5</v></c>', '<c r="K124"><v>6</v></c>', data.decode())
                        assert n == 1
                        data = text.encode()
                    out.writestr(item, data)
            """
        let made = try Python.run(["-c", script, PublisherWorkbook.path, copy])
        try #require(made.status == 0, "\(made.stderr)")
        let r = try CLI.run(["validate", copy])
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("\(copy):FIW13-24!K124: error: subcategory A is 6, but its indicators sum to 5 [subtotal-is-sum]\n"), "\(r.stdout)")
    }
}

/// The publisher's historical workbook: every edition since 1973, wide.
enum HistoricalWorkbook {
    static let path = CLI.root + "/../shared/data/Country_and_Territory_Ratings_and_Statuses_FIW_1973-2024.xlsx"
    static var available: Bool { FileManager.default.fileExists(atPath: path) }

    /// A copy of the workbook with one cell of one sheet set to `value` (`sheet2.xml` is the
    /// countries' sheet, `sheet3.xml` the territories').
    static func changed(_ cell: String, to value: String, part: String = "xl/worksheets/sheet2.xml", into dir: String) throws -> String {
        let copy = dir + "/" + (path as NSString).lastPathComponent
        let script = """
            import re, sys, zipfile
            source, target, part, cell, value = sys.argv[1:6]
            with zipfile.ZipFile(source) as z, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
                for item in z.infolist():
                    data = z.read(item.filename)
                    if item.filename == part:
                        text, n = re.subn(r'<c r="%s"( s="\\d+")?( t="\\w+")?>(<v>[^<]*</v>)?</c>' % cell,
                                          lambda m: '<c r="%s"%s t="inlineStr"><is><t>%s</t></is></c>' % (cell, m.group(1) or "", value), data.decode())
                        assert n == 1, n
                        data = text.encode()
                    out.writestr(item, data)
            """
        let r = try Python.run(["-c", script, path, copy, part, cell, value])
        try #require(r.status == 0, "\(r.stderr)")
        return copy
    }
}

@Suite(.enabled(if: HistoricalWorkbook.available, "../shared/data's historical ratings workbook is not beside the project (it is in CI and development sessions only)"))
struct HistoricalWorkbookTests {
    @Test func itValidatesCleanAndReadsAsOpenpyxlReadsIt() throws {
        let r = try CLI.run(["validate", HistoricalWorkbook.path, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "[]\n", "\(r.stdout.prefix(2000))")
        let table = try CLI.run(["table", HistoricalWorkbook.path])
        #expect(table.status == 0, "\(table.stderr)")
        let rows = table.stdout.split(separator: "\n")
        #expect(rows.count == 9_758, "\(rows.count)")
        #expect(rows.contains("South Africa,c,1973,Jan.-Feb. 1973,1972,2,(5),3,(6),F, (NF)"))
        #expect(rows.contains("Afghanistan,c,1983,1983-84,Aug.1982-Nov.1983,7,,7,,NF,"))
        // Kosovo: rated as a territory in some editions, as a country in others, never both.
        let kosovo = rows.filter { $0.hasPrefix("Kosovo,") }.map { $0.split(separator: ",", omittingEmptySubsequences: false)[2] }
        #expect(!kosovo.isEmpty && Set(kosovo).count == kosovo.count)
        if Python.has("openpyxl") || Python.inCI {
            let outside = try Python.run(["Tests/consumers/read_wide.py", HistoricalWorkbook.path])
            #expect(outside.status == 0, "\(outside.stderr)")
            #expect(outside.stdout == table.stdout)
        }
    }

    /// The status follows the ratings under today's bands from 2004 (Morocco 2010, its status in
    /// DH122, set from PF to F), and within half a step of them before (Albania 1980, Y5: NF to F).
    @Test func aStatusTheRatingsDoNotAllowIsFoundAtItsCell() throws {
        let dir = try CLI.scratch()
        let late = try HistoricalWorkbook.changed("DH122", to: "F", into: dir)
        let r = try CLI.run(["validate", late])
        #expect(r.status == 1)
        #expect(r.stdout.contains("\(late):'Country Ratings, Statuses '!DH122: error: Morocco 2010: the status is Free, but ratings 5 and 4 (mean 4.5) make it Partly Free [status-from-ratings]"), "\(r.stdout)")
        let early = try HistoricalWorkbook.changed("Y5", to: "F", into: dir)
        let e = try CLI.run(["validate", early])
        #expect(e.status == 1)
        #expect(e.stdout.contains("'Country Ratings, Statuses '!Y5: error: Albania 1980: the status Free is more than half a step from ratings 7 and 7 (mean 7) [status-near-ratings]"), "\(e.stdout)")
    }

    /// Validated together, the two workbooks agree for 2013-2024; a rating changed in one is
    /// found at its cell, naming the other.
    @Test func theTwoWorkbooksAgree() throws {
        let both = try CLI.run(["validate", HistoricalWorkbook.path, PublisherWorkbook.path])
        #expect(both.status == 0, "\(both.stdout)")
        #expect(both.stdout.hasSuffix("2 files checked: 0 errors, 0 warnings\n"), "\(both.stdout)")
        let dir = try CLI.scratch()
        let copy = try HistoricalWorkbook.changed("ET122", to: "4", into: dir)
        let r = try CLI.run(["validate", copy, PublisherWorkbook.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("\(copy):'Country Ratings, Statuses '!ET122: error: CL rating is 4 here, 5 in Freedom in the World's report of Morocco (\(PublisherWorkbook.path)) [agrees-with]"), "\(r.stdout)")
    }

    /// Fifty years in the pages: trends of every country, a summary of any edition by year or
    /// label, a diff between two editions given as labels.
    @Test func everyCommandReadsFiftyYears() throws {
        let dir = try CLI.scratch()
        let trends = try CLI.run(["trends", HistoricalWorkbook.path, "-o", dir + "/t.html"])
        #expect(trends.status == 0, "\(trends.stderr)")
        let page = try String(contentsOfFile: dir + "/t.html", encoding: .utf8)
        #expect(page.contains("229 countries and territories, 51 editions (1973–2024)"))
        let year = try CLI.run(["summary", HistoricalWorkbook.path, "--edition", "1989"])
        let label = try CLI.run(["summary", HistoricalWorkbook.path, "--edition", "1989-90"])
        #expect(year.status == 0 && year.stdout == label.stdout, "\(year.stderr)")
        // Sudan: PR 4 in 1988-89, 7 in 1989-90 (as openpyxl reads the workbook).
        #expect(year.stdout.contains("\n- Sudan’s Political Rights rating declined from 4 to 7 (since 1988).\n"), "\(year.stdout.prefix(800))")
        let diff = try CLI.run(["diff", "--archive", HistoricalWorkbook.path, "--from", "1989-90", "--to", "1990-91"])
        #expect(diff.status == 1)
        #expect(diff.stdout.contains("Czechoslovakia: 6 → 2 (-4); status Not Free → Free"), "\(diff.stdout.prefix(600))")
    }

    @Test(.enabled(if: TrendsTests.browser != nil || Python.inCI, "no Chromium on this machine (make test-deps installs it)"), .timeLimit(.minutes(5)))
    func theFiftyYearPagePassesTheBrowserChecks() throws {
        let dir = try CLI.scratch()
        #expect(try CLI.run(["trends", HistoricalWorkbook.path, "-o", dir + "/fifty.html"]).status == 0)
        let names = try Python.run(["-c", "import csv, subprocess, sys; rows = csv.reader(subprocess.run([sys.executable, 'Tests/consumers/read_wide.py', sys.argv[1]], capture_output=True, text=True).stdout.splitlines()); next(rows); print('\\n'.join(sorted({r[0] for r in rows})))", HistoricalWorkbook.path])
        let subjects = Set(names.stdout.split(separator: "\n").map(String.init))
        #expect(subjects.count == 229)
        try TrendsTests.checkPage(dir + "/fifty.html", subjects: Array(subjects), name: "trends-fifty-years")
    }
}
