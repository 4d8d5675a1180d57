import ArgumentParser
import TransitKit

/// `transit trends` and `transit summary`: an archive's year-over-year page and an edition's summary.

extension ArchiveSeries.Order: ExpressibleByArgument {}

/// The reports of some inputs (files, directories, sheets) by family, one per subject and
/// edition, as series: what `trends` and `summary` read.
enum SeriesInput {
    static func read(_ inputs: [String], _ engines: Engines, order: ArchiveSeries.Order) throws -> [ArchiveSeries] {
        for input in inputs where !FileIO.isDirectory(input) && !FileIO.exists(input) {
            Terminal.printError("\(input):1:1: error: no such file or directory")
            throw ExitCode(2)
        }
        let files = try BatchOptions.expand(inputs, sheets: engines.families)
        var out: [ArchiveSeries] = []
        for (transit, files) in Terminal.byFamily(files, engines) where !files.isEmpty {
            let index = ReportArchive(transit: transit, files: files)
            Terminal.report(index.problems)
            var reports: [Record] = []
            for key in index.keys.sorted(by: { ($0.subject, $0.edition) < ($1.subject, $1.edition) }) {
                do throws(ReadError) {
                    if let r = try index.report(key) { reports.append(r) }
                } catch {
                    Terminal.report(error.diagnostics)
                    throw ExitCode(2)
                }
            }
            do throws(ReadError) {
                out.append(try ArchiveSeries(reports: reports, schema: transit.schema, order: order))
            } catch {
                Terminal.report(error.diagnostics)
                throw ExitCode(2)
            }
        }
        guard out.contains(where: { !$0.subjects.isEmpty }) else {
            Terminal.printError("transit: error: no report found in \(inputs.joined(separator: ", "))")
            throw ExitCode(2)
        }
        return out.filter { !$0.subjects.isEmpty }
    }

    /// Where each family's output goes: `output` for one family; for several, a file per family
    /// in the directory `output` (named by family), or an error.
    ///
    /// A directory given (it exists, or ends with `/`) holds a file per family, named by family,
    /// whatever the number of families.
    static func destinations(_ series: [ArchiveSeries], output: String, suffix: String) throws -> [String] {
        let directory = output != "-" && (FileIO.isDirectory(output) || output.hasSuffix("/"))
        guard series.count > 1 || directory else { return [output] }
        guard directory else {
            let said = series.map { "\($0.subjects.count) of \($0.schema.roles.family)" }.joined(separator: ", ")
            Terminal.printError("transit: error: the inputs hold reports of \(series.count) families (\(said)), a page each: give -o DIRECTORY (or --family to keep one)")
            throw ExitCode(2)
        }
        try? FileIO.makeDirectories(output)
        return series.map { FileIO.join(output, Convert.slug($0.schema.roles.family) + suffix) }
    }

    static func write(_ text: String, to path: String) throws {
        do {
            try FileIO.writeAtomically(Array(text.utf8), to: path)
        } catch {
            Terminal.report(error.diagnostics)
            throw ExitCode(2)
        }
    }
}

struct TrendsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trends",
        abstract: "Write one self-contained HTML page of an archive's year-over-year figures.",
        discussion: """
            Inputs are report files, directories (searched recursively) and all-data sheets, in \
            any mix of formats; one report per subject and edition. The page holds: every subject \
            as a small chart on one shared edition axis and figure axis, over the bands, with its \
            latest figure and change; each subject's latest edition against its own previous \
            edition; and per subject, the headline figure with every value printed, the schema's \
            other figures (trends: figures:), each rated item as a small chart with its moves \
            marked, and a table of every edition. Editions printed on the other scale are \
            restated by the schema's transform and marked.

            The page works offline and from file:// (no script, nothing fetched), scales to a \
            phone's width, prints, and is well-formed XHTML.

            Reports of several families make a page each: give -o DIRECTORY.

            Exit status: 0 written; 2 an input could not be read (nothing is written).
            """)

    @Argument(help: ArgumentHelp("Report files, directories or all-data sheets.", valueName: "input"))
    var inputs: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("The HTML file to write ('-' for standard output; a directory for several families).", valueName: "path"))
    var output: String = "-"

    @Option(name: .long, help: "The overview's order: group (the schema's groups, e.g. regions), latest (latest figure, best first) or name.")
    var order: ArchiveSeries.Order = .group

    @Option(name: .long, help: "The page's title (default: the family, the headline figure and the subject).")
    var title: String?

    @OptionGroup var schemaOption: SchemaOption

    @OptionGroup var limits: LimitOptions

    func run() throws {
        let engines = try limits.engines(schemaOption)
        let all = try SeriesInput.read(inputs, engines, order: order)
        let paths = try SeriesInput.destinations(all, output: output, suffix: ".html")
        for (series, path) in zip(all, paths) {
            try SeriesInput.write(Trends.html(series, order: order, title: title), to: path)
        }
    }
}

struct Summary: ParsableCommand {
    enum Form: String, ExpressibleByArgument { case markdown, html, json }

    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Summarise one edition of an archive: who improved, declined or held, in the publisher's wording.",
        discussion: """
            Each subject of the edition is set against its own previous edition in the archive. \
            The summary says, in sentences from the schema's templates (summary:), how many \
            improved, declined or held; the largest moves; every band change, in the \
            publisher's names; the items that moved most across subjects; and the subjects \
            missing from the edition; then a table of every subject. Figures are exact, on the \
            current scale. Inputs as for trends.

            --format json gives the sentences and the figures they were written from.

            Exit status: 0 written; 2 an input could not be read, or the archive has no report \
            of the edition.
            """)

    @Argument(help: ArgumentHelp("Report files, directories or all-data sheets.", valueName: "input"))
    var inputs: [String]

    @Option(name: .customLong("edition"), help: ArgumentHelp("The edition to summarise, a year or a label as published (1989-90); default: the archive's latest.", valueName: "year"))
    var editionText: String?

    /// The edition asked for: its year.
    var edition: Int? { editionText.flatMap(Transit.editionYear) }

    func validate() throws {
        if let editionText, edition == nil { throw ValidationError("--edition '\(editionText)' names no edition: give a year (1990) or a label as published (1989-90)") }
    }

    @Option(name: .long, help: "Output form.")
    var format: Form = .markdown

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file ('-' for standard output; a directory for several families).", valueName: "path"))
    var output: String = "-"

    @OptionGroup var schemaOption: SchemaOption

    @OptionGroup var limits: LimitOptions

    func run() throws {
        let engines = try limits.engines(schemaOption)
        let all = try SeriesInput.read(inputs, engines, order: .name)
        let suffix = switch format { case .markdown: ".md"; case .html: ".html"; case .json: ".json" }
        let paths = try SeriesInput.destinations(all, output: output, suffix: "-summary" + suffix)
        var pages: [(text: String, path: String)] = []
        for (series, path) in zip(all, paths) {
            do throws(EditionSummary.Failure) {
                let s = try EditionSummary(series, edition: edition ?? series.editions.last!)
                let text = switch format { case .markdown: s.markdown; case .html: s.html; case .json: s.json }
                pages.append((text, path))
            } catch {
                switch error {
                case .noSummary(let m), .template(let m): Terminal.printError("\(m)")
                case .noEdition(let m) where all.count > 1:
                    // A family of a mixed archive without the edition is left out, and said.
                    Terminal.printError("transit: note: \(series.schema.roles.family): \(m); that family is left out")
                    continue
                case .noEdition(let m): Terminal.printError("transit: error: \(series.schema.roles.family): \(m)")
                }
                throw ExitCode(2)
            }
        }
        if pages.isEmpty {
            Terminal.printError("transit: error: no family of the inputs has a report of edition \(edition.map(String.init) ?? "?")")
            throw ExitCode(2)
        }
        for page in pages { try SeriesInput.write(page.text, to: page.path) }
    }
}
