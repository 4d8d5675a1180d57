import ArgumentParser
import TransitKit

#if canImport(Glibc)
import Glibc
#endif

struct Changes: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the score-change section of NEW from its ratings and OLD's, in the publisher's wording.",
        discussion: """
            OLD is the previous edition of NEW's country (any formats). Prints one bullet per \
            changed category in the schema's order, then "As a result, …" when the Democracy \
            Score changed, or "No score changes".

            --check compares this with the section NEW already carries (the reason text after \
            the figures aside) and reports each mismatch at its line.

            Exit status: 0 printed, or (--check) the section agrees; 1 (--check) it does not; \
            2 an input could not be read.
            """)

    @Argument(help: "The previous edition.")
    var old: String

    @Argument(help: "The edition whose section to write or check.")
    var new: String

    @Flag(name: .long, help: "Check NEW's own score-change section instead of printing.")
    var check = false

    @OptionGroup var schemaOption: SchemaOption

    func run() throws {
        let transit = try schemaOption.transit()
        let reports = try Terminal.readReports([old, new], transit)
        let changes = ScoreChanges(old: reports[0], new: reports[1], schema: transit.schema)
        if check {
            let findings = changes.check(reports[1], file: new)
            var text = findings.map { "\($0.description) [\($0.rule ?? "changes")]\n" }.joined()
            text.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
            if !findings.isEmpty { throw ExitCode(1) }
            return
        }
        var text = changes.lines.joined(separator: "\n") + "\n"
        text.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
    }
}
