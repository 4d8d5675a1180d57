/// The validation benchmark: a generated archive validated in process, its parse against its
/// rules, and against Python's jsonschema.
import Foundation
import CBenchLoops
#if canImport(Glibc)
import Glibc
#endif
import TransitKit

/// One generated report of the benchmark archive: its file name, page text and JSON.
typealias BenchReport = (name: String, text: [UInt8], json: [UInt8])

/// The generated archive: every country's series of editions, independent archives one after
/// another, and the JSON files written for the Python baseline.
struct BenchArchive {
    var series: [[BenchReport]] = []
    var jsonFiles: [String] = []
    var textBytes = 0
    var count: Int { series.reduce(0) { $0 + $1.count } }

    init(_ wanted: Int, _ transit: Transit, editions: [Int], directory dir: String) {
        var lastCountry = ""
        generated(wanted, seed: 1, transit) { (archive, country, stem, report) throws(ReadError) in
            let text = try transit.write(report, format: .text), json = try transit.write(report, format: .json)
            let path = "\(dir)/\(archive)-\(stem).json"
            try FileIO.writeAtomically(json, to: path)
            jsonFiles.append(path)
            textBytes += text.count
            if country != lastCountry || transit.schema.roles.identity(of: report)?.edition == editions[0] { series.append([]) }
            lastCountry = country
            series[series.count - 1].append((stem + ".txt", text, json))
        }
    }
}

/// Reports per second validating a generated archive (parse + every rule, each report against
/// the previous edition of its country), from page text and from JSON, beside Python's
/// jsonschema validating the same JSON documents against the exported schema (structure only).
func validationBench(reports wanted: Int, rounds: Int) {
    let transit = Transit()
    let countries = transit.schema.subjects!.values
    let editions = Array(2015...2024)
    let dir = scratchDirectory("transit-bench")
    defer { _ = system("rm -rf '\(dir)'") }
    let archive = BenchArchive(wanted, transit, editions: editions, directory: dir)
    let count = archive.count
    let (best, parseOnly) = validationPasses(transit, archive.series, rounds: rounds)
    let python = jsonschemaBaseline(archive.jsonFiles)

    let firstArchive = Array(archive.series.prefix(countries.count))
    let diff = diffPass(transit, firstArchive, rounds: rounds)
    let readerSpeed = readerSpeeds(transit, firstArchive, rounds: rounds)

    let textRate = Double(count) / best[.text]!, jsonRate = Double(count) / best[.json]!
    print("")
    print("validation: \(count) generated reports (\(archive.series.count / countries.count) archives of \(countries.count) countries x \(editions.count) editions, \(fixed(Double(archive.textBytes) / 1e6, 1)) MB of page text), parse + every rule")
    print(pad("job", 44) + "reports/s")
    print(pad("transit validate, page text", 44) + fixed(textRate, 0))
    print(pad("transit validate, JSON", 44) + fixed(jsonRate, 0))
    print(pad("  (page text parsed, no rules)", 44) + fixed(Double(count) / parseOnly[.text]!, 0))
    print(pad("  (JSON parsed, no rules)", 44) + fixed(Double(count) / parseOnly[.json]!, 0))
    // Every rule costs little beside reading: validation at >= 80% of the parse-only speed.
    for format in [Format.text, .json] {
        let ratio = parseOnly[format]! / best[format]!
        print("  validate / parse only, \(format == .text ? "page text" : "JSON     ")  \(fixed(ratio, 2))x  \(ratio >= 0.8 ? "met" : "NOT met") (aim: 0.80x)")
        aims.append(Aim(name: "validate / parse only, \(format == .text ? "page text" : "JSON")", ratio: ratio, aim: 0.8, note: "in process, one thread"))
    }
    if let python, python.reports == count {
        let rate = Double(count) / python.seconds
        print(pad("python jsonschema, JSON (structure only)", 44) + fixed(rate, 0))
        print("  page text / baseline   \(fixed(textRate / rate, 1))x  \(textRate / rate >= 10 ? "met" : "NOT met") (aim: 10x)")
        print("  JSON      / baseline   \(fixed(jsonRate / rate, 1))x  \(jsonRate / rate >= 10 ? "met" : "NOT met") (aim: 10x)")
        aims.append(Aim(name: "validate page text / Python jsonschema", ratio: textRate / rate, aim: 10, note: "in process, one thread"))
        aims.append(Aim(name: "validate JSON / Python jsonschema", ratio: jsonRate / rate, aim: 10, note: "in process, one thread"))
    } else {
        print("python jsonschema baseline: not run (python3 with jsonschema is needed: make test-deps)")
    }
    printReaders(readerSpeed, reports: firstArchive.reduce(0) { $0 + $1.count })
    print("")
    print("diff: every pair of consecutive editions, \(countries.count) countries x \(editions.count) editions (page text read + model diff)")
    print(pad("transit diff", 44) + fixed(Double(diff.pairs) / diff.seconds, 0) + " pairs/s  (\(diff.pairs) pairs, \(diff.differences) changes)")
}

/// The best of `rounds` validation passes over the archive from page text and from JSON, with
/// every rule and with none; a finding on the generated archive stops the benchmark.
func validationPasses(_ transit: Transit, _ series: [[BenchReport]], rounds: Int) -> (best: [Format: Double], parseOnly: [Format: Double]) {
    let validator = Validator(schema: transit.schema)
    func pass(_ format: Format, rules: Bool = true) -> (seconds: Double, findings: Int) {
        let start = now()
        var findings = 0
        for one in series {
            var previous: Record?
            for report in one {
                do {
                    let read = try transit.read(format == .text ? report.text : report.json, format: format, file: report.name)
                    if rules { findings += validator.validate(read.report, previous: previous, file: report.name).count }
                    previous = read.report
                } catch {
                    fail("\(error)")
                }
            }
        }
        return (now() - start, findings)
    }
    var best: [Format: Double] = [:]
    var parseOnly: [Format: Double] = [:]
    for _ in 0..<rounds {
        for format in [Format.text, .json] {
            let (seconds, findings) = pass(format)
            if findings != 0 { fail("the generated archive should validate clean; \(findings) findings from \(format)") }
            best[format] = min(best[format] ?? .infinity, seconds)
            parseOnly[format] = min(parseOnly[format] ?? .infinity, pass(format, rules: false).seconds)
        }
    }
    return (best, parseOnly)
}

/// Python's jsonschema on the same JSON documents: how many it checked and in how many seconds,
/// or nil when it did not run or found a document invalid.
func jsonschemaBaseline(_ jsonFiles: [String]) -> (reports: Int, seconds: Double)? {
    let command = "python3 Benchmarks/jsonschema_baseline.py Schemas/nit.schema.json " + jsonFiles.map { "'\($0)'" }.joined(separator: " ")
    guard let pipe = popen(command, "r") else { return nil }
    defer { pclose(pipe) }
    var output = [CChar](repeating: 0, count: 256)
    guard fgets(&output, 256, pipe) != nil else { return nil }
    let fields = String(decoding: output.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).split(separator: " ")
    guard fields.count == 3, let n = Int(fields[0]), let seconds = Double(fields[1]), fields[2].hasPrefix("0") else { return nil }
    return (n, seconds)
}

/// Diff: every pair of consecutive editions of the first archive (29 countries x 10 editions),
/// each report read from page text once; the best of `rounds`.
func diffPass(_ transit: Transit, _ firstArchive: [[BenchReport]], rounds: Int) -> (pairs: Int, seconds: Double, differences: Int) {
    var pairs = 0, bestDiff = Double.infinity, differences = 0
    for _ in 0..<rounds {
        let start = now()
        pairs = 0
        differences = 0
        for one in firstArchive {
            var previous: Record?
            for report in one {
                do {
                    let read = try transit.read(report.text, format: .text, file: report.name).report
                    if let previous {
                        differences += ReportDiff(old: previous, new: read, schema: transit.schema).changes.count
                        pairs += 1
                    }
                    previous = read
                } catch {
                    fail("\(error)")
                }
            }
        }
        bestDiff = min(bestDiff, now() - start)
    }
    if differences == 0 { fail("consecutive editions should differ") }
    return (pairs, bestDiff, differences)
}

/// Readers on real-sized pages: the first archive in every format, beside the raw C loops;
/// MB/s by job name.
func readerSpeeds(_ transit: Transit, _ firstArchive: [[BenchReport]], rounds: Int) -> [String: Double] {
    var archiveBytes: [Format: [[UInt8]]] = [.text: [], .yaml: [], .xml: [], .json: []]
    for one in firstArchive {
        for report in one {
            do {
                let model = try transit.read(report.text, format: .text, file: report.name).report
                archiveBytes[.text]!.append(report.text)
                archiveBytes[.json]!.append(report.json)
                archiveBytes[.yaml]!.append(try transit.write(model, format: .yaml))
                archiveBytes[.xml]!.append(try transit.write(model, format: .xml))
            } catch {
                fail("\(error)")
            }
        }
    }
    var readerSpeed: [String: Double] = [:]
    func time(_ name: String, bytes: Int, _ body: () -> Void) {
        var bestSeconds = Double.infinity
        for _ in 0..<rounds {
            let start = now()
            body()
            bestSeconds = min(bestSeconds, now() - start)
        }
        readerSpeed[name] = Double(bytes) / bestSeconds / 1e6
    }
    for format in [Format.text, .yaml, .xml, .json] {
        let docs = archiveBytes[format]!
        let total = docs.reduce(0) { $0 + $1.count }
        time("read \(format.rawValue)", bytes: total) {
            for (k, bytes) in docs.enumerated() {
                do { consume(try transit.read(bytes, format: format, file: "\(k).\(format.fileExtension)")) } catch { fail("\(error)") }
            }
        }
        if format == .yaml {
            time("raw libyaml", bytes: total) {
                for bytes in docs { consume(bytes.withUnsafeBufferPointer { transit_raw_yaml_events($0.baseAddress, $0.count) }) }
            }
        }
        if format == .xml {
            time("raw xmlReader", bytes: total) {
                for bytes in docs {
                    consume(bytes.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { rawXMLReader($0.baseAddress, Int32($0.count)) } })
                }
            }
            time("raw SAX2", bytes: total) {
                for bytes in docs {
                    consume(bytes.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { rawXMLSAX($0.baseAddress, Int32($0.count)) } })
                }
            }
        }
    }
    return readerSpeed
}

/// The readers' table and its aims.
func printReaders(_ readerSpeed: [String: Double], reports: Int) {
    print("")
    print("readers on the first archive (\(reports) reports of about 40 KB), same bytes, same run")
    print(pad("job", 44) + "MB/s")
    for name in ["raw libyaml", "raw xmlReader", "raw SAX2", "read text", "read yaml", "read xml", "read json"] {
        print(pad(name, 44) + fixed(readerSpeed[name]!, 1))
    }
    let yamlArchiveRatio = readerSpeed["read yaml"]! / readerSpeed["raw libyaml"]!, xmlArchiveRatio = readerSpeed["read xml"]! / readerSpeed["raw xmlReader"]!
    print("  read yaml / raw libyaml     \(fixed(yamlArchiveRatio, 3))x     \(yamlArchiveRatio >= 0.5 ? "met" : "NOT met")")
    print("  read xml  / raw xmlReader   \(fixed(xmlArchiveRatio, 3))x     \(xmlArchiveRatio >= 0.7 ? "met" : "NOT met") (aim: 0.7x)")
    // transit reads XML through SAX2: its own cost is what the counting parse does not cost.
    print("  read xml  / raw SAX2        \(fixed(readerSpeed["read xml"]! / readerSpeed["raw SAX2"]!, 3))x     (for reference: the parse transit's reader is built on)")
    aims.append(Aim(name: "read yaml / raw libyaml (archive)", ratio: yamlArchiveRatio, aim: 0.5, note: "in process"))
    aims.append(Aim(name: "read xml / raw xmlReader (archive)", ratio: xmlArchiveRatio, aim: 0.7, note: "in process, real-sized pages"))
    print("  read text                   \(fixed(readerSpeed["read text"]!, 1)) MB/s  \(readerSpeed["read text"]! > 100 ? "met" : "NOT met")")
}
