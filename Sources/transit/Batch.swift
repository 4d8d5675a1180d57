import ArgumentParser
import TransitKit

#if canImport(Glibc)
import Glibc
#endif

/// Options of the commands that work through many files.
struct BatchOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Threads to use (default: one per processor).", valueName: "n"))
    var jobs: Int?

    @Flag(name: .shortAndLong, help: "No progress line, and no warnings on standard error (validate still reports every finding).")
    var quiet = false

    var threads: Int { max(1, jobs ?? Parallel.processors) }

    /// Files and directories (searched recursively for report files), in a stable order.
    /// The files of the inputs: a directory gives every report file under it, and, with
    /// `sheets`, every sheet (.csv) whose header is one of those families' sheets.
    static func expand(_ inputs: [String], sheets: Families? = nil) -> [String] {
        inputs.flatMap { input in
            guard FileIO.isDirectory(input) else { return [input] }
            return FileIO.files(under: input).map { FileIO.join(input, $0) }.filter { path in
                if Format(path: path) != nil { return true }
                guard let sheets, Transit.isSheet(path) else { return false }
                return sheets.isSheetOfAFamily(path)
            }
        }
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
