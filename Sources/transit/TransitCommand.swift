import ArgumentParser
import CProcess
import TransitKit

#if canImport(Glibc)
import Glibc
#endif

/// The `transit` command: its subcommands, usage errors, and the terminal helpers they share.

@main
struct TransitCommand: ParsableCommand {
    // Every command spells its `commandName` out: one left to ArgumentParser is made from the
    // type's name by `String(describing:)`, whose dynamic casts each scan the binary's protocol
    // conformances (the names of eight commands cost a millisecond of every start).
    static let configuration = CommandConfiguration(
        commandName: "transit",
        abstract: "Convert, validate and compare country reports of the report families its schemas describe.",
        discussion: """
            Reads the page text copied from the publisher's country pages (.txt), YAML, XML, JSON \
            and the publisher's sheets (.csv), each file under the schema of its family, told by \
            the file itself. The families' schemas (Schemas/*.schema.yaml) are compiled in: \
            --family NAME reads every input as one of them, --schema FILE under another schema \
            file; 'transit schema --family NAME' prints one.

            Exit status: 0 success; 1 findings or differences (validate, diff, changes --check); \
            2 an input could not be read or an output written, or bad usage.
            """,
        version: "0.1.0",
        subcommands: [Convert.self, Validate.self, Diff.self, Changes.self, Previous.self, TrendsCommand.self, Summary.self, Table.self, SchemaCommand.self])

    /// Parses and runs, with transit's exit statuses: bad usage is 2 (ArgumentParser's own is
    /// 64), and a mistyped command gets the closest one.
    static func main() {
        // glibc gives freed memory at the top of the heap back to the system once 128 KiB of it
        // is free. A batch frees a report's worth of memory after every file, so the heap was
        // shrunk and grown again file after file: a system call each time, and with several
        // threads a TLB flush on every processor (validating an archive on two threads spent a
        // fifth of its time in the kernel). The memory is given back past 32 MiB instead; the
        // peak a run needs is unchanged. Blocks under 32 MiB come from the heap too: a block
        // of 128 KiB or more (a large report's parsing buffers) had a mapping of its own,
        // unmapped when freed, and its pages were faulted in again for every file.
        transit_keep_freed_heap(32 << 20)
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

/// Which schema to use (every command that knows a report): each input's own family, told by
/// the file itself, unless --schema or --family says one for all.
struct SchemaOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Use this schema file for every input instead of the compiled-in families.", valueName: "path"))
    var schema: String?

    @Option(name: .long, help: ArgumentHelp("Read every input as this compiled-in family (nit, fiw, fotn, fiw-ratings) instead of telling each file's own.", valueName: "name"))
    var family: String?

    /// The one schema every input is read under, when an option says it; else the default family.
    func load() throws -> Schema {
        try families().first
    }

    /// The families inputs may be of: one when --schema or --family says it, else every
    /// compiled-in family.
    func families() throws -> Families {
        if schema != nil, family != nil {
            TransitCommand.usage("--schema and --family both say which schema to use: give one")
        }
        if let family {
            guard let s = Families.standard.named(family) else {
                let names = Families.standard.schemas.map { "\($0.name.split(separator: "-").first ?? "") (\($0.roles.family))" }
                TransitCommand.usage("--family '\(family)' is not a compiled-in family: \(names.joined(separator: ", "))")
            }
            return Families([s])
        }
        guard let schema else { return .standard }
        do {
            let loaded = try Schema.load(path: schema)
            Walk.passOver(schema)
            return Families([loaded])
        } catch {
            Terminal.report(error.diagnostics)
            throw ExitCode(2)
        }
    }
}

/// The files under a directory an input or archive names. The schema file `--schema` gives is
/// passed over where it sits among the reports it describes: it is no report.
enum Walk {
    private static let passedOver = Locked<Set<FileIO.FileIdentity>>([])

    static func passOver(_ path: String) {
        if let id = FileIO.identity(path) { passedOver.withLock { _ = $0.insert(id) } }
    }

    /// The files under `dir`, relative to it, in a stable order.
    static func files(under dir: String) -> [String] {
        let all = FileIO.files(under: dir)
        let skip = passedOver.withLock { $0 }
        if skip.isEmpty { return all }
        return all.filter { FileIO.identity(FileIO.join(dir, $0)).map { !skip.contains($0) } ?? true }
    }

    /// The files under `path` with their paths from here, or `path` itself when it is no directory.
    static func paths(_ path: String) -> [String] {
        FileIO.isDirectory(path) ? files(under: path).map { FileIO.join(path, $0) } : [path]
    }
}

/// The engine of each family, made once when first needed, and which one a file is read with.
final class Engines: Sendable {
    let families: Families
    let limits: ReadLimits
    private let engines: Locked<[Int: Transit]>

    init(_ families: Families, limits: ReadLimits) {
        self.families = families
        self.limits = limits
        self.engines = Locked([0: Transit(schema: families.first, limits: limits)])
    }

    /// The default family's engine.
    var first: Transit { engines.withLock { $0[0]! } }

    func engine(_ schema: Schema) -> Transit {
        let k = families.index(of: schema) ?? 0
        return engines.withLock { e in
            if let t = e[k] { return t }
            let t = Transit(schema: schema, limits: limits)
            e[k] = t
            return t
        }
    }

    /// The engine of a file on disk (from its first bytes).
    func engine(forFile path: String, format: Format?) -> Transit {
        engine(families.family(ofFile: path, format: format))
    }

    /// The engine of bytes read from `path`.
    func engine(for bytes: [UInt8], path: String, format: Format?) -> Transit {
        engine(families.family(of: bytes[...], path: path, format: format))
    }
}

/// The readers' limits (every command that reads reports).
struct LimitOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Deepest nesting read in YAML, XML and JSON.", valueName: "n"))
    var maxDepth: Int = ReadLimits.standard.maxDepth

    @Option(name: .long, help: ArgumentHelp("Largest file read, in bytes (256 MiB).", valueName: "n"))
    var maxBytes: Int = ReadLimits.standard.maxBytes

    var readLimits: ReadLimits { ReadLimits(maxDepth: max(1, maxDepth), maxBytes: max(1, maxBytes)) }

    /// The engine under the one schema the options say (else the default family's).
    func transit(_ schema: SchemaOption) throws -> Transit {
        Transit(schema: try schema.load(), limits: readLimits)
    }

    /// The engines of the families inputs may be of.
    func engines(_ schema: SchemaOption) throws -> Engines {
        Engines(try schema.families(), limits: readLimits)
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
            if let noColor = getenv("NO_COLOR"), noColor.pointee != 0 { return false }
            if let term = getenv("TERM"), String(cString: term) == "dumb" { return false }
            return isatty(fd) == 1
        }
    }
}

/// What a command keeps until the process exits, instead of freeing it when it returns: the
/// system takes a process's memory back at once, where freeing a run's cached reports is a
/// walk of every value they hold (a millisecond of a validation's wall time, spent after its
/// findings are written).
enum KeptUntilExit {
    private static let kept = Locked<[AnyObject]>([])
    static func keep(_ object: AnyObject) { kept.withLock { $0.append(object) } }
}

enum Terminal {
    /// The engine of inputs that must be of one family (the two reports of a diff): an error
    /// naming both families when they are not.
    static func sameFamily(_ paths: [String], _ engines: Engines, from: Format? = nil) throws -> Transit {
        let found = paths.map { engines.engine(forFile: $0, format: Format(path: $0) ?? from) }
        if let other = found.dropFirst().firstIndex(where: { $0.schema !== found[0].schema }) {
            printError("\(FileIO.displayName(paths[other])): error: \(FileIO.displayName(paths[0])) is a \(found[0].schema.roles.family) report and this one a \(found[other].schema.roles.family) report: they are compared within one family")
            throw ExitCode(2)
        }
        return found[0]
    }

    /// Report files grouped by family, the families in the order of their first file (the
    /// default family when there is none).
    static func byFamily(_ files: [String], _ engines: Engines, from: InputFormat? = nil) -> [(Transit, [String])] {
        guard engines.families.count > 1 else { return [(engines.first, files)] }
        var groups: [(Transit, [String])] = []
        // (A file of no type transit reads joins the first group, whose reader reports it.)
        for file in files {
            let s = engines.families.family(ofFile: file, format: InputFormat.isSheet(file, from: from) ? nil : (Format(path: file) ?? from?.format))
            if let k = groups.firstIndex(where: { $0.0.schema === s }) { groups[k].1.append(file) } else { groups.append((engines.engine(s), [file])) }
        }
        return groups.isEmpty ? [(engines.first, [])] : groups
    }

    /// The engine of the reports under some directories or files, which must all be of one
    /// family; an error that counts each family's files when they are not.
    static func oneFamily(of inputs: [String], _ engines: Engines) throws -> Transit {
        guard engines.families.count > 1 else { return engines.first }
        let files = try BatchOptions.expand(inputs)
        var count: [ObjectIdentifier: Int] = [:]
        var order: [Schema] = []
        for file in files {
            let s = engines.families.family(ofFile: file, format: nil)
            if count[ObjectIdentifier(s)] == nil { order.append(s) }
            count[ObjectIdentifier(s), default: 0] += 1
        }
        guard order.count > 1 else { return engines.engine(order.first ?? engines.first.schema) }
        let said = order.map { "\(count[ObjectIdentifier($0)]!) \($0.roles.family)" }.joined(separator: ", ")
        printError("transit: error: the inputs hold reports of \(order.count) families (\(said)); this comparison is within one: give one family's files, or say which with --family")
        throw ExitCode(2)
    }

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

    /// The output, to standard output.
    static func output(_ text: String) { write(1, text) }

    /// All of `text` to `fd`: a write a signal cuts short is resumed, and a partial write is
    /// followed by the rest (a pipe may take less than it is given).
    static func write(_ fd: Int32, _ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var done = 0
            while done < bytes.count {
                let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
                if n > 0 { done += n } else if n < 0 && errno == EINTR { continue } else { return }
            }
        }
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
