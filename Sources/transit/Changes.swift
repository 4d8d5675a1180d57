import ArgumentParser
import TransitKit

#if canImport(Glibc)
import Glibc
#endif

/// `transit changes`: the section of changes two consecutive editions imply, or its check.

struct Changes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changes",
        abstract: "Write the changes section of NEW from its figures and OLD's, in the publisher's wording.",
        discussion: """
            OLD is the previous edition of NEW's subject (any formats). Prints the section the \
            schema's wording templates give (wording: changes:), a line per template and item, \
            or the template for no changes.

            --check runs the rules the wording names on NEW, with OLD as its previous edition, \
            and reports each mismatch at its line.

            OLD and NEW must be one subject, and OLD the edition before NEW in the schema's list \
            of editions; --force compares them anyway.

            Exit status: 0 printed, or (--check) the section agrees; 1 (--check) it does not; \
            2 an input could not be read, or OLD is not NEW's previous edition.
            """)

    @Argument(help: "The previous edition.")
    var old: String

    @Argument(help: "The edition whose section to write or check.")
    var new: String

    @Flag(name: .long, help: "Check NEW's own changes section instead of printing.")
    var check = false

    @Flag(name: .long, help: "Compare even when OLD is not of NEW's subject or its previous edition.")
    var force = false

    @Option(name: .long, help: "Format of OLD or NEW where its extension does not tell (standard input, '-').")
    var from: Format?

    @OptionGroup var schemaOption: SchemaOption

    @OptionGroup var limits: LimitOptions

    func run() throws {
        let transit = try Terminal.sameFamily([old, new], try limits.engines(schemaOption), from: from)
        let reports = try Terminal.readReports([old, new], transit, from: from)
        if !force, let problem = ChangesSection.notConsecutive(reports[0], reports[1], schema: transit.schema) {
            Terminal.printError("\(FileIO.displayName(new)): error: \(problem) (--force to compare anyway)")
            throw ExitCode(2)
        }
        if check {
            let findings = try ChangesSection.check(old: reports[0], new: reports[1], schema: transit.schema, file: FileIO.displayName(new))
            let text = findings.map { "\($0.description) [\($0.rule ?? "changes")]\n" }.joined()
            Terminal.output(text)
            if !findings.isEmpty { throw ExitCode(1) }
            return
        }
        let lines = try ChangesSection.lines(old: reports[0], new: reports[1], schema: transit.schema,
                                             oldFile: FileIO.displayName(old), newFile: FileIO.displayName(new))
        let text = lines.joined(separator: "\n") + "\n"
        Terminal.output(text)
    }
}
