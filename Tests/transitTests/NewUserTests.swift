import Foundation
import Testing

/// What a new user hit first, each class held: nothing succeeds silently, no file that is not
/// text is quoted, a publisher's sheet is found under its title rows, and the headline figures a
/// family always publishes are findings when absent.
struct NewUserTests {
    /// A zip archive's first bytes (an `.xlsx` is one), then bytes that are no text.
    static let zip = Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00] + Array(repeating: 0, count: 64) + Array("[Content_Types].xml".utf8))

    /// A file transit does not read, and a workbook that is no whole zip archive (named .xlsx,
    /// or named nothing transit knows: a workbook is known by its content): an error naming it
    /// in every command, nothing written.
    @Test func aFileTransitDoesNotReadIsAnErrorInEveryCommand() throws {
        let dir = try CLI.scratch()
        try Self.zip.write(to: URL(fileURLWithPath: dir + "/book.xlsx"))
        try Self.zip.write(to: URL(fileURLWithPath: dir + "/download"))
        try Data("%PDF-1.7\n".utf8).write(to: URL(fileURLWithPath: dir + "/report.pdf"))
        let reasons = ["book.xlsx": "the workbook is not a whole zip archive", "download": "the workbook is not a whole zip archive",
                       "report.pdf": "report.pdf:1:1: error: unsupported file type: a PDF document"]
        for file in ["book.xlsx", "download", "report.pdf"] {
            for args in [["table", file], ["trends", file, "-o", "t.html"], ["summary", file], ["convert", file, "-o", "out/"], ["validate", file]] {
                let r = try CLI.run(args, in: dir)
                #expect(r.status == 2, "\(args) exited \(r.status)")
                #expect((r.stdout + r.stderr).contains(reasons[file]!) && (r.stdout + r.stderr).contains(file), "\(args): \(r.stdout)\(r.stderr)")
                #expect(!r.stdout.contains("country,") && !r.stdout.contains("Country"), "\(args) wrote a table: \(r.stdout)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/t.html"))
    }

    @Test func aDirectoryWithNothingToReadIsAnError() throws {
        let dir = try CLI.scratch()
        try FileManager.default.createDirectory(atPath: dir + "/in", withIntermediateDirectories: true)
        try Self.zip.write(to: URL(fileURLWithPath: dir + "/in/book.xlsx"))
        try Data("notes\n".utf8).write(to: URL(fileURLWithPath: dir + "/in/notes.md"))
        for args in [["validate", "in/"], ["convert", "in/", "--to", "yaml", "-o", "out/"], ["table", "in"], ["trends", "in", "-o", "t.html"], ["summary", "in/"]] {
            let r = try CLI.run(args, in: dir)
            #expect(r.status == 2, "\(args) exited \(r.status)")
            #expect(r.stderr.contains("in: error: nothing to read in this directory: none of its 2 files is a report"), "\(args): \(r.stderr)")
            #expect(!r.stdout.contains("0 files checked"), "\(args): \(r.stdout)")
        }
        try FileManager.default.createDirectory(atPath: dir + "/empty", withIntermediateDirectories: true)
        let empty = try CLI.run(["validate", "empty"], in: dir)
        #expect(empty.status == 2)
        #expect(empty.stderr == "empty: error: nothing to read in this directory: it is empty\n")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }

    /// A family of one's own kept in one folder, its schema file beside its reports (the
    /// documentation's River Watch): every command walking the folder passes over the schema
    /// `--schema` names, which is no report, and reads the reports.
    @Test func theSchemaFileBesideTheReportsIsNoInput() throws {
        let dir = try CLI.scratch()
        try CLI.copy(["Tests/Families/river/river.schema.yaml"], into: dir)
        let survey = "river: Thames\nyear: YEAR\nhealth: 9\ngrade: Fair\nmeasures:\n  - {code: Oxygen, value: 3}\n  - {code: Clarity, value: 2}\n  - {code: Life, value: 4}\n"
        try survey.replacingOccurrences(of: "YEAR", with: "2024").write(toFile: dir + "/thames-2024.yaml", atomically: true, encoding: .utf8)
        try survey.replacingOccurrences(of: "YEAR", with: "2025").replacingOccurrences(of: "value: 2}", with: "value: 3}")
            .write(toFile: dir + "/thames-2025.yaml", atomically: true, encoding: .utf8)
        let schema = ["--schema", "river.schema.yaml"]
        let validate = try CLI.run(["validate", "."] + schema, in: dir)
        #expect(validate.stdout.hasSuffix("2 files checked: 1 error, 0 warnings, 1 failing\n"), "\(validate.stdout)")
        #expect(validate.stdout.contains("./thames-2025.yaml:3:9: error: health is 9, but the measures add up to 10 [health-sum]"))
        #expect(!validate.stdout.contains("river.schema.yaml") && validate.status == 1)
        let table = try CLI.run(["table", "."] + schema, in: dir)
        #expect(table.stdout == "River,Year,Health,Grade,Oxygen,Clarity,Life\nThames,2024,9,Fair,3,2,4\nThames,2025,9,Fair,3,3,4\n", "\(table.stdout)\(table.stderr)")
        #expect(table.status == 0 && table.stderr.isEmpty, "\(table.stderr)")
        let converted = try CLI.run(["convert", ".", "--to", "xml", "-o", "xml/"] + schema, in: dir)
        #expect(converted.status == 0, "\(converted.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/xml").sorted() == ["thames-2024.xml", "thames-2025.xml"])
        let previous = try CLI.run(["previous", "thames-2025.yaml", "--archive", "."] + schema, in: dir)
        #expect(previous.stdout == "./thames-2024.yaml\n" && previous.status == 0, "\(previous.stdout)\(previous.stderr)")
    }

    @Test func aBinaryFileIsNeverQuoted() throws {
        let dir = try CLI.scratch()
        try Self.zip.write(to: URL(fileURLWithPath: dir + "/book.xlsx"))
        for format in ["human", "json", "sarif", "junit", "github"] {
            let r = try CLI.run(["validate", "book.xlsx", "--format", format], in: dir)
            #expect(r.status == 2)
            #expect(!r.stdout.contains("Content_Types") && !r.stdout.contains("PK"), "\(format): \(r.stdout)")
            #expect(r.stdout.contains("the workbook is not a whole zip archive"), "\(format): \(r.stdout)")
        }
        let help = try CLI.run(["validate", "--help"])
        #expect(help.stdout.contains(".csv"))
    }

    /// Defect 3: "Save as CSV" of the publisher's sheet keeps its title row; with a BOM and CRLF
    /// too, the header is found under it and the family told from it.
    @Test func aSheetWithTitleRowsIsReadAsItsFamily() throws {
        let dir = try CLI.scratch()
        let table = try CLI.run(["table", CLI.root + "/Samples-FIW"])
        try #require(table.status == 0, "\(table.stderr)")
        // (The table's rows end in CRLF already, as RFC 4180 has them.)
        let lines = table.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 9, "\(table.stdout)")
        let titled = "\u{FEFF}Freedom in the World 2013-2024,,,\r\n,,,\r\n" + table.stdout
        try Data(titled.utf8).write(to: URL(fileURLWithPath: dir + "/saved.csv"))
        let r = try CLI.run(["validate", "saved.csv"], in: dir)
        #expect(!r.stdout.contains("is not a column"), "\(r.stdout)")
        #expect(r.stdout.contains("1 file checked"), "\(r.stdout)")
        // Standard input, said to be a sheet.
        let piped = try CLI.run(["validate", "-", "--from", "csv"], in: dir, stdin: Data(titled.utf8))
        #expect(piped.stdout.contains("1 file checked"), "\(piped.stdout)\(piped.stderr)")
        #expect(!piped.stdout.contains("is not a column"), "\(piped.stdout)")
        let rows = try CLI.run(["table", "saved.csv"], in: dir)
        #expect(rows.status == 0, "\(rows.stderr)")
        #expect(rows.stdout == table.stdout, "the rows under the title rows are the table's")
        // A sheet of no family: said, not read as one family's with its columns reported.
        try Data("title\na,b,c\n1,2,3\n".utf8).write(to: URL(fileURLWithPath: dir + "/other.csv"))
        for args in [["validate", "other.csv"], ["table", "other.csv"], ["convert", "other.csv", "-o", "rows/"]] {
            let o = try CLI.run(args, in: dir)
            #expect(o.status == 2, "\(args)")
            #expect((o.stdout + o.stderr).contains("other.csv:1:1: error: no family's sheet header in the first 3 rows"), "\(args): \(o.stdout)\(o.stderr)")
            #expect(!(o.stdout + o.stderr).contains("is not a column"), "\(args)")
        }
    }

    /// Defect 6: the headline figures a family always publishes are findings when absent.
    @Test func headlineFiguresMissingAreFindings() throws {
        let dir = try CLI.scratch()
        let page = try String(contentsOfFile: CLI.root + "/Samples/kyrgyzstan-2022.txt", encoding: .utf8)
        let cut = page.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("DEMOCRACY-") }.joined(separator: "\n")
        try Data(cut.utf8).write(to: URL(fileURLWithPath: dir + "/kyrgyzstan-2022.txt"))
        let nit = try CLI.run(["validate", "kyrgyzstan-2022.txt"], in: dir)
        #expect(nit.status == 1)
        #expect(nit.stdout.contains("[democracy-score-published]") && nit.stdout.contains("[democracy-percentage-published]"), "\(nit.stdout)")
        let yaml = try String(contentsOfFile: CLI.root + "/Samples-FIW/hong-kong-2024.yaml", encoding: .utf8)
        let bare = yaml.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("status:") && !$0.hasPrefix("pr_score:") && !$0.hasPrefix("total:") }.joined(separator: "\n")
        #expect(bare != yaml)
        try Data(bare.utf8).write(to: URL(fileURLWithPath: dir + "/hong-kong-2024.yaml"))
        let fiw = try CLI.run(["validate", "hong-kong-2024.yaml"], in: dir)
        #expect(fiw.status == 1)
        for rule in ["status-published", "pr-score-published", "total-published"] {
            #expect(fiw.stdout.contains("[\(rule)]"), "\(rule): \(fiw.stdout)")
        }
        // Every sample still validates without them.
        let samples = try CLI.run(["validate", CLI.root + "/Samples", CLI.root + "/Samples-FIW"])
        #expect(!samples.stdout.contains("-published]"), "\(samples.stdout)")
    }

    /// Defect 7: a directory named with a trailing slash takes the default format; a page whose
    /// file name names its country and edition converts without a word.
    @Test func smallerOnes() throws {
        let dir = try CLI.scratch()
        let r = try CLI.run(["convert", CLI.root + "/Samples/series", "-o", dir + "/new/", "--from", "text"], in: dir)
        #expect(!r.stderr.contains("cannot tell the output format"), "\(r.stderr)")
        let one = try CLI.run(["convert", CLI.root + "/Samples/kyrgyzstan-2022.txt", "-o", dir + "/one/"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stderr.isEmpty, "\(one.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/one/kyrgyzstan-2022.yaml"))
        let help = try CLI.run(["--help"])
        #expect(help.stdout.contains("Schemas/*.schema.yaml"), "\(help.stdout)")
    }
}

extension NewUserTests {
    /// Defect 7: a score-change line that moved is said whole, old and new, not word-diffed
    /// (`declined from [-3 to-] 2 {+to 1+}`).
    @Test func aChangedLineOfFiguresIsSaidWhole() throws {
        let r = try CLI.run(["diff", CLI.root + "/Samples-FIW/tunisia-2023.txt", CLI.root + "/Samples-FIW/tunisia-2024.txt", "--color", "never"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("~ B1 score change: declined from 3 to 2 → declined from 2 to 1  /indicators/3/score_change\n"), "\(r.stdout)")
        #expect(!r.stdout.contains("[-3 to-]"), "\(r.stdout)")
    }
}

extension NewUserTests {
    /// `-o /dev/null` (and any path that is not a regular file) is written to, not renamed over:
    /// the atomic write made the device a regular file (found when apt, as another user, could no
    /// longer write to /dev/null). Held on a FIFO, whose reader gets the output.
    @Test func anOutputThatIsNoRegularFileStaysWhatItIs() throws {
        let dir = try CLI.scratch()
        let fifo = dir + "/out.json"
        #expect(mkfifo(fifo, 0o644) == 0)
        let got = Locked(Data())
        let reader = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let data = FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile() ?? Data()
            got.withLock { $0 = data }
            reader.signal()
        }
        let r = try CLI.run(["convert", CLI.root + "/Samples/kyrgyzstan-2022.txt", "--to", "json", "-o", fifo])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(reader.wait(timeout: .now() + 30) == .success)
        #expect(String(decoding: got.withLock { $0 }, as: UTF8.self).hasPrefix("{\n  \"country\": \"Kyrgyzstan\""))
        var info = stat()
        #expect(stat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO, "the FIFO was replaced by a file")
    }
}

/// A value shared with a reading thread.
final class Locked<T>: @unchecked Sendable {
    private var value: T
    private let lock = NSLock()
    init(_ value: T) { self.value = value }
    func withLock<R>(_ body: (inout T) -> R) -> R { lock.lock(); defer { lock.unlock() }; return body(&value) }
}
