import ArgumentParser
import TransitKit

struct TrendsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trends",
        abstract: "Write one self-contained HTML page of an archive's headline figures over time.",
        discussion: """
            Per subject (the schema's roles), an SVG chart of the headline figure across editions \
            over the bands (figures of editions on the other scale restated by the schema's \
            transform), and the table of the latest two editions (as `transit diff --archive`). \
            No scripts, nothing fetched; the page is well-formed XHTML.
            """)

    @Argument(help: ArgumentHelp("The archive.", valueName: "dir"))
    var archive: String

    @Option(name: .shortAndLong, help: ArgumentHelp("The HTML file to write ('-' for standard output).", valueName: "path"))
    var output: String = "-"

    @OptionGroup var schemaOption: SchemaOption

    @OptionGroup var limits: LimitOptions

    func run() throws {
        guard FileIO.isDirectory(archive) else {
            Terminal.printError("\(archive):1:1: error: the archive is not a directory")
            throw ExitCode(2)
        }
        let engines = try limits.engines(schemaOption)
        let transit = try Terminal.oneFamily(of: [archive], engines)
        let index = ReportArchive(transit: transit)
        index.add(Terminal.byFamily(BatchOptions.expand([archive]), engines).first { $0.0.schema === transit.schema }?.1 ?? [])
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
        let roles = transit.schema.roles
        let editions = Set(reports.compactMap { roles.identity(of: $0)?.edition }).sorted()
        var latest: (from: Int, to: Int, diff: ArchiveDiff)?
        if editions.count >= 2 {
            let (a, b) = (editions[editions.count - 2], editions[editions.count - 1])
            func of(_ e: Int) -> [Record] { reports.filter { roles.identity(of: $0)?.edition == e } }
            latest = (a, b, ArchiveDiff(old: of(a), new: of(b), schema: transit.schema))
        }
        do throws(ReadError) {
            let page = try Trends.html(reports: reports, latest: latest, schema: transit.schema)
            try FileIO.writeAtomically(Array(page.utf8), to: output)
        } catch {
            Terminal.report(error.diagnostics)
            throw ExitCode(2)
        }
    }
}
