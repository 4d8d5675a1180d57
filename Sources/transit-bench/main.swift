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
        // Of the fixtures, the top level only: the folders below hold other report families.
        let paths = FileIO.isDirectory(root)
            ? FileIO.files(under: root).filter { root.hasPrefix("Samples") || !$0.contains("/") }.map { FileIO.join(root, $0) } : [root]
        for path in paths where Format(path: path) == .text {
            do {
                let text = try FileIO.read(path)
                let report: Record
                do {
                    report = try transit.read(text, format: .text, file: path).report
                } catch where !root.hasPrefix("Samples") {
                    // A fixture of another report family (../shared/fixtures/fiw): not this
                    // schema's, so not this bench's.
                    print("transit-bench: left out \(path): not a report of this schema")
                    continue
                }
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

/// libxml2's raw reader loop, entered like every other use of libxml2: through its one-time
/// initialiser in TransitKit.
func rawXMLReader(_ bytes: UnsafePointer<CChar>?, _ count: Int32) -> Int {
    LibXML2.initialize()
    return transit_raw_xml_reader(bytes, count)
}

/// libxml2's SAX2 parse with counting handlers: what transit's XML reader is built on.
func rawXMLSAX(_ bytes: UnsafePointer<CChar>?, _ count: Int32) -> Int {
    LibXML2.initialize()
    return transit_raw_xml_sax(bytes, count)
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
                $0.withMemoryRebound(to: CChar.self) { rawXMLReader($0.baseAddress, Int32($0.count)) }
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

// MARK: - Generated archives

/// Calls `body` for each report of enough generated archives (29 countries × 10 editions each,
/// seeded from `seed`) to hold `wanted` reports: `body(archive, country, stem, report)`, oldest
/// edition of a country first. A failure ends the bench.
func generated(_ wanted: Int, seed: UInt64, _ transit: Transit,
               _ body: (Int, String, String, Record) throws(ReadError) -> Void) {
    let countries = transit.schema.subjects!.values, editions = Array(2015...2024)
    let archives = max(1, (wanted + countries.count * editions.count - 1) / (countries.count * editions.count))
    for archive in 0..<archives {
        let generator = ArchiveGenerator(schema: transit.schema, seed: seed + UInt64(archive))
        for country in countries {
            for report in generator.series(subject: country, editions: editions) {
                let stem = "\(country.lowercased().split(separator: " ").joined(separator: "-"))-\(transit.schema.roles.identity(of: report)!.edition)"
                do { try body(archive, country, stem, report) } catch { fail("\(error)") }
            }
        }
    }
}

/// A new scratch directory (removed with `rm -rf` by the caller's `defer`).
func scratchDirectory(_ prefix: String) -> String {
    var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
    guard let dirPointer = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else { fail("cannot make a scratch directory") }
    return String(cString: dirPointer)
}

// MARK: - Main

if CommandLine.arguments.count > 4, CommandLine.arguments[1] == "--measure" { measureMode(Array(CommandLine.arguments.dropFirst(2))) }

var rounds = 5
var seconds = 0.25
var roots: [String] = []
var only: String?
var validationReports = 1_000
var generateInto: String?
var scaleSizes = [1_000, 10_000, 100_000]
var jsonOut: String?
var profiledRule: String?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--rounds": rounds = Int(arguments.popFirst() ?? "") ?? rounds
    case "--seconds": seconds = Double(arguments.popFirst() ?? "") ?? seconds
    case "--only": only = arguments.popFirst()  // one job by name, for profiling
    case "--reports": validationReports = Int(arguments.popFirst() ?? "") ?? validationReports
    case "--generate": generateInto = arguments.popFirst()  // write an archive of N reports and stop
    case "--scale": scaleSizes = (arguments.popFirst() ?? "").split(separator: ",").compactMap { Int($0) }  // sizes, or "" for none
    case "--json": jsonOut = arguments.popFirst()  // the aims and figures as JSON
    case "--rule": profiledRule = arguments.popFirst()  // with --only rules: one rule alone
    case "-h", "--help":
        print("usage: transit-bench [--rounds N] [--seconds S] [--only JOB|validation|rules|peers|jobs|scale] [--reports N] [--scale N,N,...] [--json FILE] [--generate DIR] [DIR-OR-FILE...]")
        exit(0)
    default: roots.append(argument)
    }
}
// One bench measuring at a time on a machine: two at once each time the other's load, and
// every ratio of both runs is wrong (the lock goes with the process).
if generateInto == nil {
    let lock = "/tmp/transit-bench.lock"
    let fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
    if fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) != 0 {
        fail("another transit-bench is measuring on this machine (it holds \(lock)); two at once would each time the other's load: wait for it to end")
    }
}

if roots.isEmpty {
    roots = ["Samples"]
    if FileIO.isDirectory("../shared/fixtures") { roots.append("../shared/fixtures") }
}

if only == "rules" {
    ruleProfile(rounds: rounds, only: profiledRule)
    exit(0)
}
if only == "validation" {
    validationBench(reports: validationReports, rounds: rounds)
    exit(0)
}
if let target = generateInto {
    // An archive of page text on disk, for measuring the CLI (memory, batches).
    let transit = Transit()
    var bytes = 0, files = 0
    generated(validationReports, seed: 1000, transit) { (archive, _, stem, report) throws(ReadError) in
        try FileIO.makeDirectories("\(target)/\(archive)")
        let text = try transit.write(report, format: .text)
        try FileIO.writeAtomically(text, to: "\(target)/\(archive)/\(stem).txt")
        bytes += text.count
        files += 1
    }
    print("wrote \(files) reports, \(fixed(Double(bytes) / 1e6, 1)) MB of page text, under \(target)")
    exit(0)
}
if only == "peers" {
    peersBench(reports: validationReports, rounds: 5)
    exit(0)
}
if only == "jobs" {
    jobsBench(reports: validationReports, rounds: rounds)
    if let jsonOut { writeJSON(to: jsonOut) }
    exit(0)
}
if only == "workbook" {
    workbookBench(rounds: 7)
    if let jsonOut { writeJSON(to: jsonOut) }
    exit(0)
}
if only == "scale" {
    scaleBench(sizes: scaleSizes)
    if let jsonOut { writeJSON(to: jsonOut) }
    exit(0)
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
print("  read yaml / raw libyaml     \(fixed(yamlRatio, 3))x     \(yamlRatio >= 0.5 ? "met" : "NOT met")")
print("  read xml  / raw xmlReader   \(fixed(xmlRatio, 3))x     \(xmlRatio >= 0.5 ? "met" : "NOT met")")
print("  read text                   \(fixed(textSpeed, 1)) MB/s  \(textSpeed > 100 ? "met" : "NOT met")")
aims.append(Aim(name: "read yaml / raw libyaml (samples)", ratio: yamlRatio, aim: 0.5, note: "in process"))
aims.append(Aim(name: "read xml / raw xmlReader (samples)", ratio: xmlRatio, aim: 0.5, note: "in process"))
for job in measured { figures.append((job.name, job.megabytesPerSecond, "MB/s")) }

validationBench(reports: validationReports, rounds: rounds)  // best of every round: the machine drifts
peersBench(reports: validationReports, rounds: 5)
jobsBench(reports: validationReports, rounds: 5)
workbookBench(rounds: 7)
scaleBench(sizes: scaleSizes)

print("")
print("every aim of this run (same run, ratios against the peer measured beside it):")
for aim in aims { print("  " + pad(aim.name, 44) + pad(fixed(aim.ratio, 2) + "x", 9) + (aim.met ? "met" : "NOT met") + " (aim \(fixed(aim.aim, aim.aim < 1 ? 2 : 0))x)") }
if let jsonOut { writeJSON(to: jsonOut) }
