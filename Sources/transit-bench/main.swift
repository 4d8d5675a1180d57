// transit-bench: throughput of every reader and writer, beside the raw C parse loops of libyaml
// and libxml2's xmlReader over the same bytes, measured in the same run.
//
// Wall time on shared machines drifts minute to minute, so the jobs run in rounds that
// interleave each Swift reader with its C baseline, and every figure is the best round of its job.
// Usage: transit-bench [--rounds N] [--seconds S] [--only JOB] [DIR-OR-FILE...]
// (default: Samples/ and, when present, ../shared/fixtures/).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CBenchLoops
import TransitKit

func fail(_ message: String) -> Never {
    let line = Array("transit-bench: \(message)\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(2)
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Keeps a value alive so the optimiser cannot drop the work that made it.
@inline(never) func consume<T>(_ value: T) { withExtendedLifetime(value) {} }

/// `value` with `places` decimals (for printing measurements only).
func fixed(_ value: Double, _ places: Int) -> String {
    guard value.isFinite else { return "-" }
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let units = Int((value * scale).rounded())
    let whole = String(units / Int(scale))
    guard places > 0 else { return whole }
    let fraction = String(units % Int(scale))
    return whole + "." + String(repeating: "0", count: places - fraction.count) + fraction
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

/// A page-text report and its conversion to each other format: every reader is timed on the
/// same reports.
struct Document {
    var name: String
    var bytes: [Format: [UInt8]]
    var report: Record
}

func loadCorpus(_ roots: [String], _ transit: Transit) -> [Document] {
    var corpus: [Document] = []
    for root in roots {
        let paths = FileIO.isDirectory(root) ? FileIO.files(under: root).map { "\(root)/\($0)" } : [root]
        for path in paths where Format(path: path) == .text {
            do {
                let text = try FileIO.read(path)
                let report = try transit.read(text, format: .text, file: path).report
                var bytes: [Format: [UInt8]] = [.text: text]
                for format in [Format.yaml, .xml, .json] {
                    bytes[format] = try transit.write(report, format: format, file: path)
                }
                corpus.append(Document(name: path, bytes: bytes, report: report))
            } catch {
                fail("\(error)")
            }
        }
    }
    return corpus
}

/// One measured job: `pass` runs once over the whole corpus and returns the bytes it handled.
struct Job {
    var name: String
    var pass: () -> Int
    var best = Double.infinity  // seconds per pass
    var bytes = 0
    var iterations = 1

    init(_ name: String, _ pass: @escaping () -> Int) {
        self.name = name
        self.pass = pass
    }

    var megabytesPerSecond: Double { Double(bytes) / best / 1e6 }

    /// Picks a repeat count so that a round lasts about `seconds`.
    mutating func calibrate(seconds: Double) {
        let start = now()
        bytes = pass()
        iterations = max(1, Int(seconds / max(now() - start, 1e-7)))
    }

    mutating func round() {
        let start = now()
        for _ in 0..<iterations { consume(pass()) }
        best = min(best, (now() - start) / Double(iterations))
    }
}

func jobs(for corpus: [Document], _ transit: Transit) -> [Job] {
    var jobs: [Job] = []
    jobs.append(Job("raw libyaml event loop (C)") {
        var total = 0
        for document in corpus {
            let bytes = document.bytes[.yaml]!
            let events = bytes.withUnsafeBufferPointer { transit_raw_yaml_events($0.baseAddress, $0.count) }
            if events <= 0 { fail("libyaml rejected the YAML of \(document.name)") }
            total += bytes.count
        }
        return total
    })
    jobs.append(Job("raw xmlReader loop (C)") {
        var total = 0
        for document in corpus {
            let bytes = document.bytes[.xml]!
            let nodes = bytes.withUnsafeBufferPointer {
                $0.withMemoryRebound(to: CChar.self) { transit_raw_xml_reader($0.baseAddress, Int32($0.count)) }
            }
            if nodes <= 0 { fail("xmlReader rejected the XML of \(document.name)") }
            total += bytes.count
        }
        return total
    })
    /// A job that runs `body` on every document and adds up the bytes it returns.
    func each(_ name: String, _ body: @escaping (Document) throws(ReadError) -> Int) -> Job {
        Job(name) {
            var total = 0
            for document in corpus {
                do { total += try body(document) } catch { fail("\(error)") }
            }
            return total
        }
    }
    for format in Format.allCases {
        jobs.append(each("read \(format.rawValue)") { document throws(ReadError) in
            let bytes = document.bytes[format]!
            consume(try transit.read(bytes, format: format, file: document.name))
            return bytes.count
        })
    }
    for format in Format.allCases {
        jobs.append(each("write \(format.rawValue)") { document throws(ReadError) in
            try transit.write(document.report, format: format, file: document.name).count
        })
    }
    return jobs
}

// MARK: - Main

var rounds = 5
var seconds = 0.25
var roots: [String] = []
var only: String?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--rounds": rounds = Int(arguments.popFirst() ?? "") ?? rounds
    case "--seconds": seconds = Double(arguments.popFirst() ?? "") ?? seconds
    case "--only": only = arguments.popFirst()  // one job by name, for profiling
    case "-h", "--help":
        print("usage: transit-bench [--rounds N] [--seconds S] [--only JOB] [DIR-OR-FILE...]")
        exit(0)
    default: roots.append(argument)
    }
}
if roots.isEmpty {
    roots = ["Samples"]
    if FileIO.isDirectory("../shared/fixtures") { roots.append("../shared/fixtures") }
}

let transit = Transit()
let corpus = loadCorpus(roots, transit)
if corpus.isEmpty { fail("no page-text reports under \(roots.joined(separator: ", "))") }
var measured = jobs(for: corpus, transit)
if let only {
    measured.removeAll { $0.name != only }
    if measured.isEmpty { fail("no job named \(only)") }
}

let textBytes = corpus.reduce(0) { $0 + $1.bytes[.text]!.count }
print("transit-bench: \(corpus.count) reports (\(textBytes) bytes of page text), best of \(rounds) rounds of about \(seconds) s per job")
for index in measured.indices { measured[index].calibrate(seconds: seconds) }
for _ in 0..<rounds {
    for index in measured.indices { measured[index].round() }
}

print("")
print(pad("job", 30) + pad("bytes/pass", 12) + "MB/s")
for job in measured {
    print(pad(job.name, 30) + pad(String(job.bytes), 12) + fixed(job.megabytesPerSecond, 1))
}

if only != nil { exit(0) }
let speed = Dictionary(uniqueKeysWithValues: measured.map { ($0.name, $0.megabytesPerSecond) })
let yamlRatio = speed["read yaml"]! / speed["raw libyaml event loop (C)"]!
let xmlRatio = speed["read xml"]! / speed["raw xmlReader loop (C)"]!
let textSpeed = speed["read text"]!
print("")
print("aims (same bytes, same run): each reader >= 0.50x its raw C parse; page text > 100 MB/s")
print("  read yaml / raw libyaml     \(fixed(yamlRatio, 2))x      \(yamlRatio >= 0.5 ? "met" : "NOT met")")
print("  read xml  / raw xmlReader   \(fixed(xmlRatio, 2))x      \(xmlRatio >= 0.5 ? "met" : "NOT met")")
print("  read text                   \(fixed(textSpeed, 1)) MB/s  \(textSpeed > 100 ? "met" : "NOT met")")
