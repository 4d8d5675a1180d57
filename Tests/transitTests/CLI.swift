import Foundation
import Testing

/// Runs the built `transit` executable, as a user would.
enum CLI {
    static let root: String = {
        var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    /// The executable built beside the test bundle by the same `swift build --build-tests` (so a
    /// sanitizer build tests its own sanitized `transit`), or $TRANSIT_BIN.
    static let executable: String = {
        if let env = ProcessInfo.processInfo.environment["TRANSIT_BIN"] { return env }
        let running = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = (running as NSString).deletingLastPathComponent
        // The test bundle may be a directory (…/transitPackageTests.xctest/…): climb out of it.
        while dir.contains(".xctest") { dir = (dir as NSString).deletingLastPathComponent }
        return dir + "/transit"
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var stdoutBytes: Data
    }

    /// Runs `transit ARGS` in `directory` with `stdin` as standard input.
    @discardableResult
    static func run(_ args: [String], in directory: String? = nil, stdin: Data? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = args
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self), stdoutBytes: outData)
    }

    /// This test process's own directory under the system's temporary directory. It holds every
    /// test's scratch directory and is removed when the process exits, unless
    /// TRANSIT_KEEP_TEST_FILES is set (to look at what a failing test left).
    static let scratchRoot: String = {
        let dir = NSTemporaryDirectory() + "transit-tests-\(getpid())"
        if ProcessInfo.processInfo.environment["TRANSIT_KEEP_TEST_FILES"] == nil {
            atexit {
                let dir = NSTemporaryDirectory() + "transit-tests-\(getpid())"
                try? FileManager.default.removeItem(atPath: dir)
            }
        }
        return dir
    }()

    /// A fresh scratch directory for one test, inside `scratchRoot`.
    /// A new empty directory for one test, named after it. Every call gets its own directory,
    /// numbered: two tests running at once under one name (a parametrised case shared by two
    /// tests, say) never write into, or remove, each other's files.
    static func scratch(_ name: String = #function) throws -> String {
        let clean = name.filter { $0.isLetter || $0.isNumber || $0 == "-" }
        let dir = scratchRoot + "/" + clean + "-" + String(scratchCount.next())
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    private static let scratchCount = Counter()

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> Int { lock.withLock { value += 1; return value } }
    }

    static func expected(_ name: String) throws -> String {
        try String(contentsOfFile: root + "/Tests/transitTests/Expected/" + name, encoding: .utf8)
    }

    /// Copies files of the project (paths from its root) into `dir`, each under its own name.
    static func copy(_ paths: [String], into dir: String) throws {
        for path in paths {
            try FileManager.default.copyItem(atPath: root + "/" + path, toPath: dir + "/" + (path as NSString).lastPathComponent)
        }
    }

    static func input(_ name: String) -> String { root + "/Tests/transitTests/Inputs/" + name }

    /// Replaces a directory prefix in output so expected files do not depend on where tests run.
    static func relative(_ text: String, _ dir: String) -> String {
        text.replacingOccurrences(of: dir + "/", with: "")
    }
}
