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

/// Options every command that reads reports shares: the schema, and the readers' limits.
struct SchemaOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Use this schema file instead of the compiled-in one.", valueName: "path"))
    var schema: String?

    @Option(name: .long, help: ArgumentHelp("Deepest nesting read in YAML, XML and JSON (default 64).", valueName: "n"))
    var maxDepth: Int = ReadLimits.standard.maxDepth

    @Option(name: .long, help: ArgumentHelp("Largest file read, in bytes (default 268435456, 256 MiB).", valueName: "n"))
    var maxBytes: Int = ReadLimits.standard.maxBytes

    /// The engine under the chosen schema and limits.
    func transit() throws -> Transit {
        Transit(schema: try load(), limits: ReadLimits(maxDepth: max(1, maxDepth), maxBytes: max(1, maxBytes)))
    }

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
    /// Reads whole reports (format from the extension); any problem is printed and exits 2.
    static func readReports(_ paths: [String], _ transit: Transit) throws -> [Record] {
        do {
            return try paths.map { path throws(ReadError) in
                guard let format = Format(path: path) else {
                    throw ReadError(file: path, mark: Mark(line: 1, column: 1), "unsupported file type: expected .txt, .yaml, .yml, .xml or .json")
                }
                return try transit.read(try FileIO.read(path, maxBytes: transit.limits.maxBytes), format: format, file: path).report
            }
        } catch {
            report(error.diagnostics)
            throw ExitCode(2)
        }
    }

    static func report(_ diagnostics: [Diagnostic]) {
        for d in diagnostics { printError(d.description) }
    }

    static func printError(_ line: String) { write(2, line + "\n") }

    static func write(_ fd: Int32, _ text: String) {
        var text = text
        text.withUTF8 { _ = Glibc.write(fd, $0.baseAddress, $0.count) }
    }
}
