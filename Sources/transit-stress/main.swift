// transit-stress: a fresh process in which many threads make their first use of libxml2 at the
// same instant — XML reading, XML writing and XSD validation, released together by a barrier.
// Run many times over by the stress test (Tests/transitTests/StressTests.swift): libxml2 2.9
// initialises its globals lazily and without a lock, so without transit's one-time initialiser
// two such threads can deadlock. Exit 0 when every thread finished its work correctly.
//
//   transit-stress XML-FILE [THREADS]
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TransitKit

let arguments = CommandLine.arguments
guard arguments.count >= 2, let xml = readAll(arguments[1]) else {
    complain("usage: transit-stress XML-FILE [THREADS]")
    exit(2)
}
let threads = arguments.count > 2 ? max(2, Int(arguments[2]) ?? 16) : 16

// Everything prepared before the barrier uses no libxml2: the schema is read with libyaml, the
// XSD is exported by Swift, and the report to write comes from the generator.
let transit = Transit()
let xsd = Array(SchemaExport.xsd(transit.schema).utf8)
let country = transit.schema.subjects!.values.sorted().first!
let report = ArchiveGenerator(seed: 7).series(subject: country, editions: [2021, 2022])[1]

/// What every thread shares: the inputs and the barrier (read-only once the threads start).
final class Stress: @unchecked Sendable {
    let transit: Transit
    let xml: [UInt8]
    let file: String
    let xsd: [UInt8]
    let report: Record
    /// A C object at a fixed address: never copied, never a Swift inout access.
    let barrier = UnsafeMutablePointer<pthread_barrier_t>.allocate(capacity: 1)

    init(transit: Transit, xml: [UInt8], file: String, xsd: [UInt8], report: Record, threads: Int) {
        self.transit = transit
        self.xml = xml
        self.file = file
        self.xsd = xsd
        self.report = report
        barrier.initialize(to: pthread_barrier_t())
        pthread_barrier_init(barrier, nil, UInt32(threads))
    }

    /// Thread `k` starts with one of the three uses, then does the other two.
    func work(_ k: Int) -> String? {
        for use in [0, 1, 2].map({ ($0 + k) % 3 }) {
            do {
                switch use {
                case 0:
                    let read = try transit.read(xml, format: .xml, file: file)
                    if transit.schema.roles.identity(of: read.report) == nil { return "read: no subject or edition" }
                case 1:
                    let written = try transit.write(report, format: .xml)
                    if !written.starts(with: Array("<?xml".utf8)) { return "write: not XML" }
                default:
                    let validator = try XMLSchemaValidator(xsd: xsd, file: "nit.xsd")
                    let findings = validator.validate(xml, file: file)
                    if !findings.isEmpty { return "validate: \(findings[0])" }
                }
            } catch {
                return "\(error)"
            }
        }
        return nil
    }
}

/// One thread's start: its number, the shared state, and its own result (written by that
/// thread only, read by the main thread after the join).
final class Start: @unchecked Sendable {
    let k: Int
    let stress: Stress
    var failure: String?
    init(_ k: Int, _ stress: Stress) { self.k = k; self.stress = stress }
}

/// A thread's body: wait at the barrier, then go (a plain function: top-level closures here
/// would belong to the main actor).
func threadMain(_ raw: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    let start = Unmanaged<Start>.fromOpaque(raw!).takeUnretainedValue()
    pthread_barrier_wait(start.stress.barrier)
    start.failure = start.stress.work(start.k)
    return nil
}

let stress = Stress(transit: transit, xml: xml, file: arguments[1], xsd: xsd, report: report, threads: threads)
var ids: [pthread_t] = []
let starts = (0..<threads).map { Start($0, stress) }
for k in 0..<threads {
    var id = pthread_t()
    let status = pthread_create(&id, nil, threadMain, Unmanaged.passUnretained(starts[k]).toOpaque())
    if status != 0 { complain("transit-stress: cannot start thread \(k)"); exit(2) }
    ids.append(id)
}
for id in ids { pthread_join(id, nil) }
let failed = starts.compactMap { s in s.failure.map { "thread \(s.k): \($0)" } }
for f in failed { complain("transit-stress: \(f)") }
exit(failed.isEmpty ? 0 : 1)

func readAll(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&chunk, 1, chunk.count, file)
        if n <= 0 { break }
        bytes.append(contentsOf: chunk[0..<n])
    }
    return bytes
}

func complain(_ message: String) {
    let line = Array((message + "\n").utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}
