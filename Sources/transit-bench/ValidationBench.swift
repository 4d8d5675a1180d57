/// The validation benchmark: a generated archive validated in process, its parse against its
/// rules, and against Python's jsonschema.
import Foundation
import CBenchLoops
#if canImport(Glibc)
import Glibc
#endif
import TransitKit

/// Reports per second validating a generated archive (parse + every rule, each report against
/// the previous edition of its country), from page text and from JSON, beside Python's
/// jsonschema validating the same JSON documents against the exported schema (structure only).
func validationBench(reports wanted: Int, rounds: Int) {
    let transit = Transit()
    let validator = Validator(schema: transit.schema)
    let countries = transit.schema.subjects!.values
    let editions = Array(2015...2024)
    let dir = scratchDirectory("transit-bench")
    defer { _ = system("rm -rf '\(dir)'") }

    // The archive: independent archives of every country's series.
    var series: [[(name: String, text: [UInt8], json: [UInt8])]] = []
    var jsonFiles: [String] = []
    var textBytes = 0
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
    let sources = series.count / countries.count
    let count = series.reduce(0) { $0 + $1.count }

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

    // The baseline, on the same JSON documents.
    var python: Double?
    let command = "python3 Benchmarks/jsonschema_baseline.py Schemas/nit.schema.json " + jsonFiles.map { "'\($0)'" }.joined(separator: " ")
    if let pipe = popen(command, "r") {
        var output = [CChar](repeating: 0, count: 256)
        if fgets(&output, 256, pipe) != nil {
            let fields = String(decoding: output.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).split(separator: " ")
            if fields.count == 3, let n = Int(fields[0]), n == count, let seconds = Double(fields[1]), fields[2].hasPrefix("0") { python = seconds }
        }
        pclose(pipe)
    }

    // Diff: every pair of consecutive editions of the first archive (29 countries x 10
    // editions), each report read from page text once.
    let firstArchive = Array(series.prefix(countries.count))
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

    // Readers on real-sized pages: the first archive in every format, beside the raw C loops.
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

    let textRate = Double(count) / best[.text]!, jsonRate = Double(count) / best[.json]!
    print("")
    print("validation: \(count) generated reports (\(sources) archives of \(countries.count) countries x \(editions.count) editions, \(fixed(Double(textBytes) / 1e6, 1)) MB of page text), parse + every rule")
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
    if let python {
        let rate = Double(count) / python
        print(pad("python jsonschema, JSON (structure only)", 44) + fixed(rate, 0))
        print("  page text / baseline   \(fixed(textRate / rate, 1))x  \(textRate / rate >= 10 ? "met" : "NOT met") (aim: 10x)")
        print("  JSON      / baseline   \(fixed(jsonRate / rate, 1))x  \(jsonRate / rate >= 10 ? "met" : "NOT met") (aim: 10x)")
        aims.append(Aim(name: "validate page text / Python jsonschema", ratio: textRate / rate, aim: 10, note: "in process, one thread"))
        aims.append(Aim(name: "validate JSON / Python jsonschema", ratio: jsonRate / rate, aim: 10, note: "in process, one thread"))
    } else {
        print("python jsonschema baseline: not run (python3 with jsonschema is needed: make test-deps)")
    }
    print("")
    print("readers on the first archive (\(firstArchive.reduce(0) { $0 + $1.count }) reports of about 40 KB), same bytes, same run")
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
    print("")
    print("diff: every pair of consecutive editions, \(countries.count) countries x \(editions.count) editions (page text read + model diff)")
    print(pad("transit diff", 44) + fixed(Double(pairs) / bestDiff, 0) + " pairs/s  (\(pairs) pairs, \(differences) changes)")
}
