import Foundation
import Testing
import TransitKit

/// Faults while writing: nothing partial is left, no input is touched, a re-run completes.
struct FaultTests {
    static let sample = CLI.root + "/Samples/estonia-2022.txt"

    @Test func anOutputThatCannotBeWrittenLeavesNothingAndTouchesNoInput() throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: Self.sample))
        // /proc refuses new files even to root, who could write into a read-only folder.
        let r = try CLI.run(["convert", Self.sample, "-o", "/proc/transit-out.yaml"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("/proc/transit-out.yaml: error: cannot write: "), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "/proc/transit-out.yaml"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: Self.sample)) == before)
    }

    @Test func anOutputPathThatIsADirectoryReceivesTheFile() throws {
        let dir = try CLI.scratch()
        try FileManager.default.createDirectory(atPath: dir + "/out.yaml", withIntermediateDirectories: true)
        let r = try CLI.run(["convert", Self.sample, "-o", dir + "/out.yaml/"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/out.yaml") == ["estonia-2022.yaml"])
    }

    @Test func anOutputThatIsADirectoryOfTheSameNameIsAnErrorAndLeavesNothing() throws {
        let dir = try CLI.scratch()
        // A batch whose output file would replace a directory.
        try FileManager.default.createDirectory(atPath: dir + "/out/estonia-2022.json", withIntermediateDirectories: true)
        let r = try CLI.run(["convert", Self.sample, CLI.root + "/Samples/kyrgyzstan-2022.txt", "-o", dir + "/out", "--to", "json"])
        #expect(r.status == 2)
        #expect(CLI.relative(r.stderr, dir).hasPrefix("out/estonia-2022.json: error: cannot write: "), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/out").sorted() == ["estonia-2022.json", "kyrgyzstan-2022.json"])
    }

    @Test func aBatchKilledHalfwayLeavesOnlyCompleteFilesAndARerunFinishesIt() throws {
        let dir = try CLI.scratch()
        try FileManager.default.createDirectory(atPath: dir + "/in", withIntermediateDirectories: true)
        let transit = Transit()
        var expected: [String: [UInt8]] = [:]
        for country in Schema.standard.enums["country"]!.values {
            for report in ArchiveGenerator(seed: 5).series(subject: country, editions: Array(2016...2024)) {
                let stem = "\(country.lowercased().replacingOccurrences(of: " ", with: "-"))-\(report.text("edition")!)"
                let text = try transit.write(report, format: .text)
                try Data(text).write(to: URL(fileURLWithPath: dir + "/in/" + stem + ".txt"))
                let read = try transit.read(text, format: .text, file: stem + ".txt").report
                expected[stem + ".xml"] = try transit.write(read, format: .xml)
            }
        }
        let inputsBefore = try BatchTests.contents(dir + "/in")

        // Start the batch on one thread, and kill it without warning partway.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.executable)
        process.arguments = ["convert", dir + "/in", "-o", dir + "/out", "--to", "xml", "--jobs", "1", "-q"]
        try process.run()
        var written = 0
        let deadline = Date().addingTimeInterval(20)
        while written < 20 && Date() < deadline && process.isRunning {
            usleep(5_000)
            written = (try? FileManager.default.contentsOfDirectory(atPath: dir + "/out").count) ?? 0
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let partial = try FileManager.default.contentsOfDirectory(atPath: dir + "/out").filter { !$0.hasPrefix(".") }
        #expect(!partial.isEmpty && partial.count < expected.count, "kill the batch while it runs: \(partial.count) of \(expected.count)")
        for name in partial {
            let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/out/" + name)))
            #expect(data == expected[name], "\(name) is incomplete")
        }

        // A re-run completes the batch and clears what the killed run left.
        let rerun = try CLI.run(["convert", dir + "/in", "-o", dir + "/out", "--to", "xml", "-q"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let out = try BatchTests.contents(dir + "/out")
        #expect(out.count == expected.count)
        #expect(out.allSatisfy { [UInt8]($0.value) == expected[$0.key] })
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/out").allSatisfy { !$0.hasPrefix(".") }, "temporary files left")
        #expect(try BatchTests.contents(dir + "/in") == inputsBefore, "an input was touched")
    }
}
