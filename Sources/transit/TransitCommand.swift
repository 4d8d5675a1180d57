import ArgumentParser
import Foundation
import TransitKit

#if canImport(Glibc)
import Glibc
#endif

@main
struct TransitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transit",
        abstract: "Convert, validate and compare country reports of the report families its schemas describe.",
        discussion: """
            Reads the page text copied from the publisher's country pages (.txt), YAML, XML and JSON, \
            all under one schema (Schemas/transit.schema.yaml, compiled in; --schema uses another).

            Exit status: 0 success; 1 findings or differences (validate, diff, changes --check); \
            2 an input could not be read or an output written, or bad usage.
            """,
        version: "0.1.0",
        subcommands: [Convert.self, Validate.self, Diff.self, Changes.self, TrendsCommand.self, Table.self, SchemaCommand.self])

    /// Parses and runs, with transit's exit statuses: bad usage is 2 (ArgumentParser's own is
    /// 64), and a mistyped command gets the closest one.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let names = configuration.subcommands.map { $0._commandName } + ["help"]
        if let first = arguments.first, !first.hasPrefix("-"), !names.contains(first) {
            usage("unknown command '\(first)'" + (Spelling.closest(to: first, among: names).map { "; did you mean '\($0)'?" } ?? ""))
        }
        if arguments.first == "help", arguments.count > 1, !names.contains(arguments[1]) {
            usage("no help on '\(arguments[1])': it is not a command" + (Spelling.closest(to: arguments[1], among: names).map { "; did you mean '\($0)'?" } ?? ""))
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            if exitCode(for: error).rawValue == 64 {
                Terminal.printError(fullMessage(for: error))
                Glibc.exit(2)
            }
            exit(withError: error)
        }
    }

    /// A usage error: said on standard error, exit status 2.
    static func usage(_ message: String) -> Never {
        Terminal.printError("transit: error: \(message)")
        Terminal.printError("See 'transit --help' for the commands.")
        Glibc.exit(2)
    }
}

/// Which schema to use (every command that knows a report).
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

/// The readers' limits (every command that reads reports).
struct LimitOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Deepest nesting read in YAML, XML and JSON.", valueName: "n"))
    var maxDepth: Int = ReadLimits.standard.maxDepth

    @Option(name: .long, help: ArgumentHelp("Largest file read, in bytes (256 MiB).", valueName: "n"))
    var maxBytes: Int = ReadLimits.standard.maxBytes

    /// The engine under `schema` and these limits.
    func transit(_ schema: SchemaOption) throws -> Transit {
        Transit(schema: try schema.load(), limits: ReadLimits(maxDepth: max(1, maxDepth), maxBytes: max(1, maxBytes)))
    }
}

/// `--color auto|always|never`: auto is colour on a terminal, unless NO_COLOR is set or TERM
/// is dumb.
struct ColorOption: ParsableArguments {
    enum Choice: String, ExpressibleByArgument, CaseIterable { case auto, always, never }

    @Option(name: .customLong("color"), help: ArgumentHelp("Colour; auto: on a terminal, unless NO_COLOR is set or TERM=dumb.", valueName: "when"))
    var choice: Choice = .auto

    func enabled(fd: Int32) -> Bool {
        switch choice {
        case .always: return true
        case .never: return false
        case .auto:
            let environment = ProcessInfo.processInfo.environment
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
            if environment["TERM"] == "dumb" { return false }
            return isatty(fd) == 1
        }
    }
}

enum Terminal {
    /// Reads whole reports (format from `from`, else the extension; `-` is standard input, once);
    /// any problem is printed and exits 2.
    static func readReports(_ paths: [String], _ transit: Transit, from: Format? = nil) throws -> [Record] {
        if paths.filter({ $0 == "-" }).count > 1 {
            printError("transit: error: standard input ('-') can be read once only")
            throw ExitCode(2)
        }
        do {
            return try paths.map { path throws(ReadError) in
                let format = try Format.of(path, else: from)
                return try transit.read(try FileIO.read(path, maxBytes: transit.limits.maxBytes), format: format, file: FileIO.displayName(path)).report
            }
        } catch {
            report(error.diagnostics)
            throw ExitCode(2)
        }
    }

    static func report(_ diagnostics: [Diagnostic]) {
        for d in diagnostics { printError(d.withOption.description) }
    }

    static func printError(_ line: String) { write(2, line + "\n") }

    static func write(_ fd: Int32, _ text: String) {
        var text = text
        text.withUTF8 { _ = Glibc.write(fd, $0.baseAddress, $0.count) }
    }
}

extension Diagnostic {
    /// The diagnostic with the option of this tool that remedies it, where there is one.
    var withOption: Diagnostic {
        guard let remedy else { return self }
        var d = self
        switch remedy {
        case .format: d.message += file == FileIO.displayName("-") ? " (say it with --from)" : " (or say --from)"
        case .sizeLimit: d.message += " (--max-bytes)"
        }
        return d
    }
}
