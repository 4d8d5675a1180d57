import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import TransitKit

/// `transit table`: an archive as the publisher's all-data sheet (CSV or JSON), one row a report.

struct Table: ParsableCommand {
    enum Form: String, ExpressibleByArgument { case csv, json, xlsx }

    static let configuration = CommandConfiguration(
        commandName: "table",
        abstract: "One table of many reports' figures: a row per report, the columns of the family's sheet.",
        discussion: """
            Columns: the schema's sheet: section, in order (the shape of the publisher's all-data \
            sheet, ready for R or pandas); for a rated item, one column per item of the schema, \
            headed by its name. Missing values are empty. Rows sorted by subject, then edition. \
            Inputs are files or directories (searched recursively), read in parallel, one report \
            at a time per thread.

            One row per report: copies of a report in several formats that agree give one row; \
            copies that disagree are an error naming both files, and no table is written. A \
            family with two scales has a column saying which a row is printed on; \
            --to-current-scale restates the rows on the current one (the schema's transform).

            Exit status: 0 every input read; 2 some could not be (they are reported; the others \
            are still in the table), or two copies of a report disagree (no table).
            """)

    @Argument(help: ArgumentHelp("Report files or directories.", valueName: "input"))
    var inputs: [String]

    @Option(name: .long, help: "Output form (default: xlsx for an output named .xlsx, else csv).")
    var format: Form?

    /// The form written: said, or told by the output's name.
    var form: Form { format ?? (Transit.isWorkbook(output) ? .xlsx : .csv) }

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the table to this file ('-' for standard output).", valueName: "path"))
    var output: String = "-"

    @Flag(name: .long, help: "Restate reports printed on the inverted scale on the current one.")
    var toCurrentScale = false

    @Option(name: .long, help: "Input format, for inputs whose extension does not tell (standard input, '-'); csv: a sheet.")
    var from: InputFormat?

    @OptionGroup var batch: BatchOptions

    @OptionGroup var schemaOption: SchemaOption

    @OptionGroup var limits: LimitOptions

    func run() throws {
        if form == .xlsx, output == "-", isatty(1) == 1 {
            Terminal.printError("transit: error: a workbook is no text for a terminal: give -o FILE.xlsx (or redirect standard output)")
            throw ExitCode(2)
        }
        let engines = try limits.engines(schemaOption)
        let files = try BatchOptions.expand(inputs, sheets: engines.families, from: from)
        let groups = Terminal.byFamily(files, engines, from: from)
        // Reports of several families make a table each: into a directory, named by family.
        if groups.count > 1 {
            guard output != "-", FileIO.isDirectory(output) || output.hasSuffix("/") else {
                let said = groups.map { "\($0.1.count) \($0.0.schema.roles.family)" }.joined(separator: ", ")
                Terminal.printError("transit: error: the inputs hold reports of \(groups.count) families (\(said)), a table each: give -o DIRECTORY (or --family to keep one)")
                throw ExitCode(2)
            }
            try? FileIO.makeDirectories(output)
            var failed = false
            for (transit, files) in groups {
                let path = FileIO.join(output, Convert.slug(transit.schema.roles.family) + "." + form.rawValue)
                failed = try write(table(transit, files), to: path) || failed
            }
            if failed { throw ExitCode(2) }
            return
        }
        if try write(table(groups[0].0, groups[0].1), to: output) { throw ExitCode(2) }
    }

    /// Writes a table; whether some input failed.
    private func write(_ result: (bytes: [UInt8], failed: Bool), to path: String) throws -> Bool {
        do {
            try FileIO.writeAtomically(result.bytes, to: path)
        } catch {
            Terminal.report(error.diagnostics)
            throw ExitCode(2)
        }
        return result.failed
    }

    /// The table of one family's files, and whether some could not be read.
    private func table(_ transit: Transit, _ files: [String]) throws -> (bytes: [UInt8], failed: Bool) {
        let from = self.from?.format, fromInput = self.from
        guard transit.schema.sheet != nil else {
            Terminal.printError("\(transit.schema.file):1:1: error: the schema declares no sheet (its 'sheet:' columns), so there is no table to write")
            throw ExitCode(2)
        }
        let shape = PanelTable(schema: transit.schema)
        var table = shape
        // A table of one sheet keeps the sheet's order.
        table.inInputOrder = files.count == 1 && InputFormat.isSheet(files[0], from: fromInput)
        let progress = batch.progress(total: files.count)
        var failed = false, conflict = false
        // What is said of the files, in input order, once the progress line is done.
        var said: [() -> Void] = []
        // One row per report: the first file seen of each, and what each other copy says.
        var seen: [String: (file: String, row: [String?])] = [:]
        // A chunk of files at a time, so that only a chunk's rows wait to be added.
        Parallel.forEach(count: files.count, jobs: batch.threads, progress: progress.update, { i -> Result<[[String?]], ReadError> in
            let file = files[i], name = FileIO.displayName(file)
            do throws(ReadError) {
                let bytes = try FileIO.read(file, maxBytes: transit.limits.maxBytes)
                // A sheet holds a report per row; any other file, one report.
                let sheet = InputFormat.isSheet(file, from: fromInput)
                let reports = sheet ? try transit.readSheet(bytes, file: name).reports
                                    : [try transit.read(bytes, format: try Format.of(file, else: from), file: name).report]
                // A report's empty cells are filled by the sheet's derive transform; a sheet's are its own.
                return .success(try reports.map { r throws(ReadError) in shape.row(toCurrentScale ? try transit.schema.restated(r, file: name) : r, deriving: !sheet) })
            } catch {
                return .failure(error)
            }
        }, consume: { i, result in
            let file = files[i]
            switch result {
            case .success(let rows):
                for row in rows {
                    if let id = shape.identity(row) {
                        if let first = seen[id] {
                            if let d = shape.disagreement(first.row, row) {
                                let line = "\(file): error: \(first.file) and \(file) are both \(id) but disagree on \(d.column): \(d.a ?? "none") and \(d.b ?? "none")"
                                said.append { Terminal.printError(line) }
                                conflict = true
                            }
                            continue
                        }
                        seen[id] = (file, row)
                    }
                    table.add(row)
                }
            case .failure(let error):
                said.append { Terminal.report(error.diagnostics) }
                failed = true
            }
        })
        progress.finish()
        for say in said { say() }
        if conflict {
            Terminal.printError("transit: error: no table written: two copies of a report disagree")
            throw ExitCode(2)
        }
        if failed, table.rows.isEmpty {
            Terminal.printError("transit: error: no table written: no input could be read")
            throw ExitCode(2)
        }
        switch form {
        case .csv: return (Array(table.csv.utf8), failed)
        case .json: return (Array(table.json.utf8), failed)
        case .xlsx:
            do throws(ReadError) {
                return (try table.xlsx(sheetName: transit.schema.roles.family), failed)
            } catch {
                Terminal.report(error.diagnostics)
                throw ExitCode(2)
            }
        }
    }
}
