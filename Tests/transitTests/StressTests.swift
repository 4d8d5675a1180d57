import Foundation
import Testing

/// libxml2's first use from many threads at once, in fresh processes: 16 threads behind a
/// barrier start XML reading, XML writing and XSD validation together, 200 processes in a row
/// (TRANSIT_STRESS_RUNS to change). Every process must finish, correctly, within a bound; a
/// process that does not is killed and reported (the deadlock of libxml2's lazy initialisation).
struct StressTests {
    static let executable = (CLI.executable as NSString).deletingLastPathComponent + "/transit-stress"

    @Test func manyThreadsStartingLibxml2AtOnceNeverDeadlock() throws {
        let environment = ProcessInfo.processInfo.environment
        let runs = environment["TRANSIT_STRESS_RUNS"].flatMap { Int($0) } ?? 200
        let scale = environment["TRANSIT_TIME_SCALE"].flatMap { Double($0) } ?? 1
        // A run takes tens of milliseconds; a deadlocked one never ends.
        let bound = 20 * scale
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable), "build transit-stress first (swift build --build-tests)")
        let sample = CLI.root + "/Samples/kyrgyzstan-2022.xml"
        var failures: [String] = []
        for run in 0..<runs {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.executable)
            process.arguments = [sample, "16"]
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(bound)
            while process.isRunning && Date() < deadline { usleep(2_000) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                failures.append("run \(run): still running after \(Int(bound)) s (deadlock), killed")
                continue
            }
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            if process.terminationReason != .exit || process.terminationStatus != 0 {
                failures.append("run \(run): exit \(process.terminationStatus) (\(process.terminationReason == .exit ? "status" : "signal")): \(message)")
            }
            if failures.count >= 5 { break }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}
