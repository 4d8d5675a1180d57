import ArgumentParser
import TransitKit

#if canImport(Glibc)
import Glibc
#endif

/// `--from`: the format of inputs whose extension does not tell (standard input): a report's,
/// or `csv`, a sheet of a family.
enum InputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, yaml, xml, json, csv

    /// The report format, or nil for a sheet.
    var format: Format? { Format(rawValue: rawValue) }

    /// Whether `path` is read as a sheet: a `.csv`, or, with `--from csv`, a file whose
    /// extension names no report format.
    static func isSheet(_ path: String, from: InputFormat?) -> Bool {
        Transit.isSheet(path) || (Format(path: path) == nil && (from == .csv || (from == nil && path != "-" && Transit.opensAsWorkbook(path))))
    }
}

/// Options of the commands that work through many files.
struct BatchOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Threads to use (default: one per processor).", valueName: "n"))
    var jobs: Int?

    @Flag(name: .shortAndLong, help: "No progress line, and no warnings on standard error (validate still reports every finding).")
    var quiet = false

    var threads: Int { max(1, jobs ?? Parallel.processors) }

    /// The files of the inputs, in a stable order: a directory gives every report file under
    /// it and, with `sheets`, every sheet (.csv) whose header is one of those families' sheets.
    ///
    /// Nothing is passed over without a word: a directory with nothing transit reads is an error
    /// naming it, and so (unless `keepUnknown`, where the caller reports each input it cannot
    /// read in its own output) is a file named whose type transit does not read; either exits 2.
    static func expand(_ inputs: [String], sheets: Families? = nil, from: InputFormat? = nil, keepUnknown: Bool = false) throws -> [String] {
        var files: [String] = [], refused = false
        for input in inputs {
            guard FileIO.isDirectory(input) else {
                if !keepUnknown, input != "-", from == nil, Format(path: input) == nil, !Transit.isSheet(input), FileIO.exists(input), !Transit.opensAsWorkbook(input) {
                    Terminal.report([Diagnostic(.error, file: input, mark: Mark(line: 1, column: 1), Transit.unreadableType(input), remedy: .format)])
                    refused = true
                }
                if !keepUnknown, let sheets, InputFormat.isSheet(input, from: from), input != "-", let why = sheets.noSheetHeader(input) {
                    Terminal.printError("\(input):1:1: error: \(why)")
                    refused = true
                }
                files.append(input)
                continue
            }
            let all = Walk.files(under: input)
            let found = all.map { FileIO.join(input, $0) }.filter { path in
                if Format(path: path) != nil { return true }
                guard let sheets, Transit.isSheet(path) else { return false }
                return sheets.isSheetOfAFamily(path)
            }
            if found.isEmpty {
                nothingToRead(in: input, files: all.count, sheets: sheets != nil)
                refused = true
            }
            files += found
        }
        if refused { throw ExitCode(2) }
        return files
    }

    /// Says that a directory of `files` files holds none transit reads.
    static func nothingToRead(in directory: String, files: Int, sheets: Bool) {
        let what = files == 0 ? "it is empty" : "none of its \(files) file\(files == 1 ? " is" : "s is") a report (\(Transit.readableTypes))"
            + (sheets ? " or a sheet of a family (.csv, .xlsx)" : "")
        Terminal.printError("\(FileIO.trimmingTrailingSlashes(directory)): error: nothing to read in this directory: \(what)")
    }

    /// A progress line on standard error when it is a terminal (and not --quiet, and `when`).
    func progress(total: Int, when: Bool = true) -> Progress {
        Progress(total: total, enabled: when && !quiet && total > 1 && isatty(2) == 1)
    }
}

/// `done/total files, N files/s`, redrawn in place on a terminal.
final class Progress: Sendable {
    let total: Int
    let enabled: Bool
    private let start: Double
    private let last = Locked<Double>(0)

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled
        self.start = Progress.now()
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    var update: (@Sendable (Int) -> Void)? {
        guard enabled else { return nil }
        return { [self] done in
            let t = Progress.now()
            let due = last.withLock { last in
                guard t - last >= 0.1 || done == total else { return false }
                last = t
                return true
            }
            guard due else { return }
            let rate = Double(done) / max(t - start, 1e-6)
            Terminal.write(2, "\r\(done)/\(total) files, \(Int(rate)) files/s\u{1B}[K")
        }
    }

    func finish() { if enabled { Terminal.write(2, "\n") } }
}
