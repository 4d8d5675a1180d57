import ArgumentParser
import TransitKit

struct Table: ParsableCommand {
    enum Form: String, ExpressibleByArgument { case csv, json }

    static let configuration = CommandConfiguration(
        abstract: "One table of many reports' figures: a row per report, a column per category.",
        discussion: """
            Columns: country, edition, status, democracy_score, democracy_percentage, \
            last_year_percentage, last_year_status, then one per category in the schema's order, \
            headed by its name (the shape of the publisher's all-data sheet, ready for R or \
            pandas). Missing values are empty. Rows sorted by country, then edition. Inputs are \
            files or directories (searched recursively), read in parallel, one report at a time \
            per thread.

            Exit status: 0 every input read; 2 some could not be (they are reported; the others \
            are still in the table).
            """)

    @Argument(help: ArgumentHelp("Report files or directories.", valueName: "input"))
    var inputs: [String]

    @Option(name: .long, help: "csv or json.")
    var format: Form = .csv

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the table to this file ('-' for standard output).", valueName: "path"))
    var output: String = "-"

    @OptionGroup var batch: BatchOptions

    @OptionGroup var schemaOption: SchemaOption

    func run() throws {
        let transit = try schemaOption.transit()
        let files = BatchOptions.expand(inputs)
        let shape = PanelTable(schema: transit.schema)
        var table = shape
        let progress = batch.progress(total: files.count)
        let results = Parallel.map(count: files.count, jobs: batch.threads, progress: progress.update) { i -> Result<[String?], ReadError> in
            let file = files[i]
            do throws(ReadError) {
                guard let format = Format(path: file) else {
                    throw ReadError(file: file, mark: Mark(line: 1, column: 1), "unsupported file type: expected .txt, .yaml, .yml, .xml or .json")
                }
                return .success(shape.row(try transit.read(try FileIO.read(file, maxBytes: transit.limits.maxBytes), format: format, file: file).report))
            } catch {
                return .failure(error)
            }
        }
        progress.finish()
        var failed = false
        for result in results {
            switch result {
            case .success(let row): table.add(row)
            case .failure(let error):
                Terminal.report(error.diagnostics)
                failed = true
            }
        }
        do {
            try FileIO.writeAtomically(Array((format == .csv ? table.csv : table.json).utf8), to: output)
        } catch {
            Terminal.report(error.diagnostics)
            throw ExitCode(2)
        }
        if failed { throw ExitCode(2) }
    }
}
