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

// MARK: - Validation

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
    let command = "python3 Benchmarks/jsonschema_baseline.py Schemas/transit.schema.json " + jsonFiles.map { "'\($0)'" }.joined(separator: " ")
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

// MARK: - Rules

/// Where validation's time goes: each rule alone over one generated archive (290 reports,
/// each against its previous edition), in microseconds per report, most costly first, beside
/// the time to read the same reports from JSON.
func ruleProfile(rounds: Int, only profiledRule: String?) {
    let transit = Transit()
    let validator = Validator(schema: transit.schema)
    var reports: [(report: Record, previous: Record?, json: [UInt8])] = []
    var previous: Record?
    var lastCountry = ""
    generated(1, seed: 1, transit) { (_, country, _, report) throws(ReadError) in
        if country != lastCountry { previous = nil }
        lastCountry = country
        reports.append((report, previous, try transit.write(report, format: .json)))
        previous = report
    }
    func perReport(_ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<rounds {
            let start = now()
            body()
            best = min(best, now() - start)
        }
        return best / Double(reports.count) * 1e6
    }
    let read = perReport {
        for r in reports {
            do { consume(try transit.read(r.json, format: .json, file: "r.json")) } catch { fail("\(error)") }
        }
    }
    let all = profiledRule != nil && profiledRule != "all" ? 0 : perReport {
        for r in reports { consume(validator.validate(r.report, previous: r.previous, file: "r.json")) }
    }
    var costs: [(String, Double)] = []
    let marginal = getenv("MARGINAL") != nil
    for rule in transit.schema.rules where profiledRule == nil || profiledRule == rule.id {
        let alone = marginal ? Validator(schema: transit.schema, rules: Set(transit.schema.rules.map(\.id)).subtracting([rule.id])) : Validator(schema: transit.schema, rules: [rule.id])
        costs.append((rule.id, perReport {
            for r in reports { consume(alone.validate(r.report, previous: r.previous, file: "r.json")) }
        }))
    }
    print("rules over \(reports.count) generated reports, microseconds per report (best of \(rounds))")
    print(pad("read JSON (for scale)", 40) + fixed(read, 1))
    print(pad("every rule", 40) + fixed(all, 1))
    // What each line below holds besides its rule: a frame per report, and no rule.
    let none = Validator(schema: transit.schema, rules: [])
    print(pad("no rule (a frame per report)", 40) + fixed(perReport { for r in reports { consume(none.validate(r.report, previous: r.previous, file: "r.json")) } }, 1))
    for (id, cost) in costs.sorted(by: { $0.1 > $1.1 }) { print(pad("  " + id, 40) + fixed(cost, 1)) }
}

// MARK: - Peers

/// Runs a shell command and returns its first line of output and the wall time it took.
func timed(_ command: String) -> (line: String, seconds: Double) {
    let start = now()
    guard let pipe = popen(command, "r") else { return ("", 0) }
    var buffer = [CChar](repeating: 0, count: 4096)
    var first = ""
    while fgets(&buffer, 4096, pipe) != nil {
        if first.isEmpty { first = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) }
    }
    let status = pclose(pipe)
    let seconds = now() - start
    return (status == 0 ? first : "", seconds)
}

/// Ratios against peers doing the same job on the same generated archive, in the same run:
/// YAML → JSON against PyYAML (C loader) + json.dumps, XML validation against xmllint --schema,
/// and the startup of one small conversion against `cat` of the same file.
func peersBench(reports wanted: Int, rounds: Int) {
    let transit = Transit()
    let dir = scratchDirectory("transit-peers")
    defer { _ = system("rm -rf '\(dir)'") }
    var yamlFiles: [String] = [], xmlFiles: [String] = [], yamlBytes = 0, xmlBytes = 0
    generated(wanted, seed: 100, transit) { (archive, _, stem, report) throws(ReadError) in
        let name = "\(dir)/\(archive)-\(stem)"
        let yaml = try transit.write(report, format: .yaml), xml = try transit.write(report, format: .xml)
        try FileIO.writeAtomically(yaml, to: name + ".yaml")
        try FileIO.writeAtomically(xml, to: name + ".xml")
        yamlFiles.append(name + ".yaml")
        xmlFiles.append(name + ".xml")
        yamlBytes += yaml.count
        xmlBytes += xml.count
    }
    print("")
    print("peers: \(yamlFiles.count) generated reports, \(fixed(Double(yamlBytes) / 1e6, 1)) MB of YAML, \(fixed(Double(xmlBytes) / 1e6, 1)) MB of XML; one thread each side, the sides in turn, best of \(rounds) rounds each")

    // Each side runs in turn, round after round, and keeps its best round: the machine's speed
    // drifts from minute to minute, and a side run in a block of its own would meet another
    // machine than its peer.

    // YAML → JSON.
    var transitYAML = Double.infinity
    var pythonSeconds: Double?
    let list = dir + "/yaml-files"
    _ = try? FileIO.writeAtomically(Array(yamlFiles.joined(separator: "\n").utf8), to: list)
    for _ in 0..<rounds {
        let start = now()
        for file in yamlFiles {
            do {
                let report = try transit.read(try FileIO.read(file), format: .yaml, file: file).report
                consume(try transit.write(report, format: .json))
            } catch {
                fail("\(error)")
            }
        }
        transitYAML = min(transitYAML, now() - start)
        let python = timed("python3 Benchmarks/yaml_to_json_baseline.py $(cat '\(list)')")
        if let seconds = python.line.split(whereSeparator: { $0 == " " || $0 == "\n" }).last.flatMap({ Double($0) }) {
            pythonSeconds = min(pythonSeconds ?? .infinity, seconds)
        }
    }
    print(pad("YAML -> JSON, transit", 52) + fixed(Double(yamlBytes) / transitYAML / 1e6, 1) + " MB/s")
    if let pythonSeconds {
        print(pad("YAML -> JSON, PyYAML CSafeLoader + json.dumps", 52) + fixed(Double(yamlBytes) / pythonSeconds / 1e6, 1) + " MB/s")
        let ratio = pythonSeconds / transitYAML
        print("  transit / PyYAML        \(fixed(ratio, 2))x  \(ratio >= 3 ? "met" : "NOT met") (aim: 3x)")
        aims.append(Aim(name: "YAML -> JSON / PyYAML (in memory)", ratio: ratio, aim: 3, note: "one thread"))
    } else {
        print("  PyYAML baseline not run (python3 with PyYAML's C loader is needed)")
    }

    // XML validation: transit (parse + every rule) against xmllint's XSD validation.
    let validator = Validator(schema: transit.schema)
    var transitXML = Double.infinity
    let xmlList = dir + "/xml-files"
    _ = try? FileIO.writeAtomically(Array(xmlFiles.joined(separator: "\n").utf8), to: xmlList)
    var xmllint = Double.infinity
    var xmllintRan = false
    for _ in 0..<rounds {
        let start = now()
        for file in xmlFiles {
            do {
                let report = try transit.read(try FileIO.read(file), format: .xml, file: file).report
                consume(validator.validate(report, file: file))
            } catch {
                fail("\(error)")
            }
        }
        transitXML = min(transitXML, now() - start)
        let r = timed("xmllint --noout --schema Schemas/transit.xsd $(cat '\(xmlList)') 2>&1 | tail -1")
        if r.line.contains("validates") { xmllintRan = true; xmllint = min(xmllint, r.seconds) }
    }
    print(pad("XML validation, transit (parse + every rule)", 52) + fixed(Double(xmlFiles.count) / transitXML, 0) + " reports/s")
    if xmllintRan {
        print(pad("XML validation, xmllint --schema (XSD only)", 52) + fixed(Double(xmlFiles.count) / xmllint, 0) + " reports/s")
        let ratio = xmllint / transitXML
        print("  transit / xmllint       \(fixed(ratio, 2))x  \(ratio >= 1 ? "met" : "NOT met") (aim: 1x)")
        aims.append(Aim(name: "validate XML / xmllint, one thread", ratio: ratio, aim: 1, note: "one thread each"))
    } else {
        print("  xmllint baseline not run (libxml2-utils is needed)")
    }

    // Startup: one small page converted, against cat of the same file.
    let sample = "Samples/armenia-2023.txt"
    if FileIO.exists(".build/release/transit"), FileIO.exists(sample) {
        var convert = Double.infinity, cat = Double.infinity
        for _ in 0..<20 {
            convert = min(convert, timed(".build/release/transit convert \(sample) --to yaml -q > /dev/null").seconds)
            cat = min(cat, timed("cat \(sample) > /dev/null").seconds)
        }
        print(pad("startup: transit convert of a small page", 52) + fixed(convert * 1000, 1) + " ms  (cat of it: \(fixed(cat * 1000, 1)) ms; aim: under 30 ms, \(convert < 0.030 ? "met" : "NOT met"))")
    }
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
scaleBench(sizes: scaleSizes)

print("")
print("every aim of this run (same run, ratios against the peer measured beside it):")
for aim in aims { print("  " + pad(aim.name, 44) + pad(fixed(aim.ratio, 2) + "x", 9) + (aim.met ? "met" : "NOT met") + " (aim \(fixed(aim.aim, aim.aim < 1 ? 2 : 0))x)") }
if let jsonOut { writeJSON(to: jsonOut) }
