import ArgumentParser
import TransitKit

#if canImport(Glibc)
import Glibc
#endif

@main
struct TransitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transit",
        abstract: "Convert, validate and compare Nations in Transit country reports.",
        discussion: """
            Reads the page text copied from the publisher's country pages (.txt), YAML, XML and JSON, \
            all under one schema (Schemas/transit.schema.yaml, compiled in; --schema uses another).
            """,
        version: "0.1.0",
        subcommands: [Convert.self, Validate.self, Diff.self, Changes.self, TrendsCommand.self, Table.self, SchemaCommand.self])
}

/// Options every command that reads reports shares.
struct SchemaOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Use this schema file instead of the compiled-in one.", valueName: "path"))
    var schema: String?

    func load() throws -> Schema {
        guard let schema else { return .standard }
        do {
            return try Schema.load(path: schema)
        } catch {
            Terminal.report(error.diagnostics)
            throw ExitCode(2)
        }
    }
}

enum Terminal {
    static func report(_ diagnostics: [Diagnostic]) {
        for d in diagnostics { printError(d.description) }
    }

    static func printError(_ line: String) { write(2, line + "\n") }

    static func write(_ fd: Int32, _ text: String) {
        var text = text
        text.withUTF8 { _ = Glibc.write(fd, $0.baseAddress, $0.count) }
    }
}
