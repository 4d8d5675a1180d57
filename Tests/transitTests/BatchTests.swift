import Foundation
import Testing
import TransitKit

/// Converting a whole generated archive on all processors: every file comes back byte for byte,
/// and one thread gives the same files.
struct BatchTests {
    /// A generated archive of page text: 29 countries × 10 editions.
    static func archive(_ dir: String) throws -> [String] {
        let transit = Transit()
        var names: [String] = []
        for country in Schema.standard.enums["country"]!.values {
            for report in ArchiveGenerator(seed: 11).series(subject: country, editions: Array(2015...2024)) {
                let name = "\(country.lowercased().replacingOccurrences(of: " ", with: "-"))-\(report.text("edition")!).txt"
                try Data(try transit.write(report, format: .text)).write(to: URL(fileURLWithPath: dir + "/" + name))
                names.append(name)
            }
        }
        return names.sorted()
    }

    static func contents(_ dir: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.subpathsOfDirectory(atPath: dir) where !name.hasPrefix(".") {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue {
                out[name] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
            }
        }
        return out
    }

    @Test func theArchiveSurvivesEveryConversionOnAllProcessorsAndOnOne() throws {
        let dir = try CLI.scratch()
        try FileManager.default.createDirectory(atPath: dir + "/text", withIntermediateDirectories: true)
        let names = try Self.archive(dir + "/text")
        #expect(names.count == 290)
        var outputs: [[String: Data]] = []
        for jobs in ["2", "1"] {
            let run = dir + "/jobs-" + jobs
            for (from, to, format) in [("text", "yaml", "yaml"), ("yaml", "xml", "xml"), ("xml", "json", "json"), ("json", "back", "text")] {
                let source = from == "text" ? dir + "/text" : run + "/" + from
                let r = try CLI.run(["convert", source, "-o", run + "/" + to, "--to", format, "--jobs", jobs, "--quiet"])
                #expect(r.status == 0, "\(from) → \(to): \(r.stderr)")
            }
            let back = try Self.contents(run + "/back")
            let original = try Self.contents(dir + "/text")
            #expect(back.count == original.count)
            #expect(back == original, "text → YAML → XML → JSON → text changed a file")
            var all: [String: Data] = [:]
            for sub in ["yaml", "xml", "json", "back"] {
                for (name, data) in try Self.contents(run + "/" + sub) { all[sub + "/" + name] = data }
            }
            outputs.append(all)
        }
        #expect(outputs[0] == outputs[1], "--jobs 1 wrote different files")
    }
}
