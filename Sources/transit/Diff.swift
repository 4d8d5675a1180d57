import ArgumentParser
import TransitKit

#if canImport(Glibc)
import Glibc
#endif

struct Diff: ParsableCommand {
    enum Form: String, ExpressibleByArgument, CaseIterable { case text, markdown, json, patch }

    static let configuration = CommandConfiguration(
        abstract: "Compare two reports on the model: ratings, figures, status, authors and narrative.",
        discussion: """
            OLD and NEW may be in any formats. Categories are paired by name, paragraphs by \
            content (moved and changed paragraphs are told apart, changes shown word by word), \
            numbers by value (1.5 = 1.50); renumbered footnotes alone are no change, nor is how \
            a page was laid out.

            --format text (default), markdown (a table of figure changes, then the narrative, for \
            a pull request), json (an object with a "changes" array), patch (an RFC 6902 JSON \
            Patch that turns OLD's JSON form into NEW's).

            Exit status, as diff's: 0 no differences; 1 differences; 2 an input could not be read.
            """)

    @Argument(help: "The older report.")
    var old: String

    @Argument(help: "The newer report.")
    var new: String

    @Option(name: .long, help: "Output form: text, markdown, json or patch.")
    var format: Form = .text

    @OptionGroup var schemaOption: SchemaOption

    func run() throws {
        let transit = Transit(schema: try schemaOption.load())
        let reports: [Record]
        do {
            reports = try [old, new].map { path throws(ReadError) in
                guard let format = Format(path: path) else {
                    throw ReadError(file: path, mark: Mark(line: 1, column: 1), "unsupported file type: expected .txt, .yaml, .yml, .xml or .json")
                }
                return try transit.read(try FileIO.read(path), format: format, file: path).report
            }
        } catch {
            Terminal.report(error.diagnostics)
            throw ExitCode(2)
        }
        let diff = ReportDiff(old: reports[0], new: reports[1], schema: transit.schema)
        let colour = format == .text && isatty(1) == 1
        var text = switch format {
        case .text: DiffReport.text(diff, old: old, new: new, colour: colour)
        case .markdown: DiffReport.markdown(diff, old: old, new: new)
        case .json: DiffReport.json(diff)
        case .patch: JSONPatch.patch(from: reports[0], to: reports[1])
        }
        text.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
        if !diff.changes.isEmpty { throw ExitCode(1) }
    }
}
