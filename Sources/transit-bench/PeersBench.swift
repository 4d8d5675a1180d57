/// transit against its peers in process: YAML to JSON against PyYAML, XML validation against
/// xmllint.
import Foundation
import CBenchLoops
#if canImport(Glibc)
import Glibc
#endif
import TransitKit

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
    yamlPeer(transit, files: yamlFiles, bytes: yamlBytes, list: dir + "/yaml-files", rounds: rounds)
    xmlPeer(transit, files: xmlFiles, list: dir + "/xml-files", rounds: rounds)
    startup()
}

/// YAML → JSON, transit in process against PyYAML's C loader and json.dumps.
func yamlPeer(_ transit: Transit, files yamlFiles: [String], bytes yamlBytes: Int, list: String, rounds: Int) {
    var transitYAML = Double.infinity
    var pythonSeconds: Double?
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
}

/// XML validation: transit (parse + every rule) against xmllint's XSD validation.
func xmlPeer(_ transit: Transit, files xmlFiles: [String], list xmlList: String, rounds: Int) {
    let validator = Validator(schema: transit.schema)
    var transitXML = Double.infinity
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
        let r = timed("xmllint --noout --schema Schemas/nit.xsd $(cat '\(xmlList)') 2>&1 | tail -1")
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
}

/// Startup: one small page converted, against cat of the same file.
func startup() {
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
