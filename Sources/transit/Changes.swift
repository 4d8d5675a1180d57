import ArgumentParser
import TransitKit

#if canImport(Glibc)
import Glibc
#endif

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
        if !force, let problem = Self.notConsecutive(reports[0], reports[1], schema: transit.schema) {
            Terminal.printError("\(FileIO.displayName(new)): error: \(problem) (--force to compare anyway)")
            throw ExitCode(2)
        }
        if check {
            let findings = try ChangesSection.check(old: reports[0], new: reports[1], schema: transit.schema, file: FileIO.displayName(new))
            var text = findings.map { "\($0.description) [\($0.rule ?? "changes")]\n" }.joined()
            text.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
            if !findings.isEmpty { throw ExitCode(1) }
            return
        }
        let lines = try ChangesSection.lines(old: reports[0], new: reports[1], schema: transit.schema,
                                             oldFile: FileIO.displayName(old), newFile: FileIO.displayName(new))
        var text = lines.joined(separator: "\n") + "\n"
        text.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
    }

    /// Why OLD is not the edition before NEW of one country, or nil when it is.
    static func notConsecutive(_ old: Record, _ new: Record, schema: Schema) -> String? {
        let roles = schema.roles
        let subject = roles.subject.label.lowercased()
        guard let a = old.text(at: roles.subject.path), let b = new.text(at: roles.subject.path) else {
            return "cannot tell the \(subject) of \(old.text(at: roles.subject.path) == nil ? "OLD" : "NEW") (name it in the report or the file name)"
        }
        if a != b { return "OLD is a report on \(a) and NEW on \(b): the changes are between two editions of one \(subject)" }
        guard let x = old.text(at: roles.edition.path).flatMap({ Int($0) }), let y = new.text(at: roles.edition.path).flatMap({ Int($0) }) else {
            return "cannot tell the edition of \(old.text(at: roles.edition.path) == nil ? "OLD" : "NEW")"
        }
        guard let before = schema.previousEdition(y) else {
            return "\(y) has no previous edition in the schema, so nothing changed since one"
        }
        if x != before { return "OLD is the \(x) edition, but the edition before \(y) is \(before)" }
        return nil
    }
}
