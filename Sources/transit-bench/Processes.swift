import TransitKit

#if canImport(Glibc)
import Glibc
#endif

// Whole processes, as users run them: transit's release binary against a peer doing the same
// job on the same files, paired round by round in one run (wall time drifts minute to minute:
// only ratios measured side by side mean anything), each round's wall time and peak memory
// read from the kernel (wait4's rusage).

/// What one process took.
struct ProcessRun {
    var seconds: Double
    /// Peak resident memory, KiB.
    var peakKiB: Int
    var status: Int32
}

/// Runs `argv` (searched on PATH) with its standard output to `stdout` (a file, or /dev/null),
/// standard error to /dev/null unless `keepErrors`. The command is started by a small helper
/// process (this binary, `--measure`), as GNU time does: a child spawned straight from the
/// bench would count the bench's own memory in its peak (the kernel keeps the high-water mark
/// of the memory a process had before its exec).
func spawn(_ argv: [String], stdout: String = "/dev/null", keepErrors: Bool = false) -> ProcessRun {
    let output = "/tmp/transit-bench-measure-\(getpid())"
    defer { unlink(output) }
    let helper = run([CommandLine.arguments[0], "--measure", stdout, keepErrors ? "keep" : "drop"] + argv, stdout: output, keepErrors: true)
    guard helper.status == 0, let text = try? FileIO.read(output),
          case let parts = String(decoding: text, as: UTF8.self).split(separator: " "), parts.count == 3,
          let seconds = Double(parts[0]), let peak = Int(parts[1]), let status = Int32(parts[2].filter { $0 != "\n" }) else {
        return ProcessRun(seconds: 0, peakKiB: 0, status: 127)
    }
    return ProcessRun(seconds: seconds, peakKiB: peak, status: status)
}

/// `transit-bench --measure STDOUT keep|drop ARGV...`: runs ARGV and prints its wall time,
/// peak memory (KiB) and exit status.
func measureMode(_ arguments: [String]) -> Never {
    let r = run(Array(arguments.dropFirst(2)), stdout: arguments[0], keepErrors: arguments[1] == "keep")
    print("\(r.seconds) \(r.peakKiB) \(r.status)")
    exit(0)
}

private func run(_ argv: [String], stdout: String, keepErrors: Bool) -> ProcessRun {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if !keepErrors { posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0) }
    var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
    defer { for p in cArgs { free(p) } }
    var pid: pid_t = 0
    let start = now()
    guard posix_spawnp(&pid, argv[0], &actions, nil, &cArgs, environ) == 0 else { return ProcessRun(seconds: 0, peakKiB: 0, status: 127) }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let seconds = now() - start
    let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return ProcessRun(seconds: seconds, peakKiB: Int(usage.ru_maxrss), status: exit)
}

/// Whether a command is on PATH.
func available(_ command: String) -> Bool {
    spawn(["sh", "-c", "command -v \(command)"]).status == 0
}

/// A ratio against a peer, with its aim: what `make bench` prints and `--json` records.
struct Aim {
    var name: String
    var ratio: Double
    var aim: Double
    var note: String
    var met: Bool { ratio >= aim }
}

nonisolated(unsafe) var aims: [Aim] = []
nonisolated(unsafe) var figures: [(name: String, value: Double, unit: String)] = []

func report(_ aim: Aim) {
    aims.append(aim)
    print("  " + pad(aim.name, 40) + pad(fixed(aim.ratio, 2) + "x", 9) + (aim.met ? "met" : "NOT met") + " (aim: \(fixed(aim.aim, aim.aim < 1 ? 2 : 0))x; \(aim.note))")
}

func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    return s.isEmpty ? .nan : s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// Transit's job and its peer's, run alternately: each side's median seconds, the peak memory
/// of transit's runs, and the ratio (peer / transit) of each round's pair.
struct Paired {
    var transit: Double
    var peer: Double
    var peakKiB: Int
    var ratios: [Double]
    /// The median of the rounds' ratios: each ratio is of two runs a moment apart, so the
    /// machine's drift from minute to minute (1.5-2x on this VM) moves it far less than it
    /// moves a ratio of the two sides' medians.
    var ratio: Double { median(ratios) }
    /// The range of the rounds' ratios and their count, printed beside the median.
    var spread: String {
        "pairs \(fixed(ratios.min() ?? .nan, 2))-\(fixed(ratios.max() ?? .nan, 2))x over \(ratios.count) rounds"
    }
}

func paired(rounds: Int, _ transit: () -> ProcessRun, _ peer: () -> ProcessRun) -> Paired? {
    var a: [Double] = [], b: [Double] = [], peak = 0
    for _ in 0..<rounds {
        let t = transit()
        guard t.status == 0 else { print("  transit failed (exit \(t.status))"); return nil }
        let p = peer()
        guard p.status == 0 else { print("  the peer failed (exit \(p.status))"); return nil }
        a.append(t.seconds)
        b.append(p.seconds)
        peak = max(peak, t.peakKiB)
    }
    return Paired(transit: median(a), peer: median(b), peakKiB: peak, ratios: zip(a, b).map { $1 / $0 })
}

// MARK: - The jobs users run, against their peers

/// A generated archive of `wanted` reports written in JSON, XML and YAML; then, whole processes:
/// validating the JSON archive against check-jsonschema (structure only), validating the XML
/// archive against xmllint --schema (XSD only), and converting the YAML archive to JSON files
/// against PyYAML's C loader + json.dump.
func jobsBench(reports wanted: Int, rounds: Int) {
    let transit = Transit()
    let binary = ".build/release/transit"
    guard FileIO.exists(binary) else { print("jobs: \(binary) is not built (make bench builds it)"); return }
    let dir = scratchDirectory("transit-jobs")
    defer { _ = system("rm -rf '\(dir)'") }
    // Each generated archive in a folder of its own: the archives hold the same countries and
    // editions, and one archive is what a user validates (its editions checked against each other).
    var files: [Format: [String]] = [:], bytes: [Format: Int] = [:], archives = 0
    generated(wanted, seed: 300, transit) { (archive, _, stem, report) throws(ReadError) in
        archives = max(archives, archive + 1)
        for f in [Format.json, .xml, .yaml] {
            try FileIO.makeDirectories("\(dir)/\(f.rawValue)/\(archive)")
            let data = try transit.write(report, format: f)
            let path = "\(dir)/\(f.rawValue)/\(archive)/\(stem).\(f.rawValue)"
            try FileIO.writeAtomically(data, to: path)
            files[f, default: []].append(path)
            bytes[f, default: 0] += data.count
        }
    }
    let count = files[.json]!.count
    /// `transit validate` of each archive in turn, one process each, on every core.
    func validateEach(_ format: String) -> ProcessRun {
        var total = ProcessRun(seconds: 0, peakKiB: 0, status: 0)
        for k in 0..<archives {
            let r = spawn([binary, "validate", "\(dir)/\(format)/\(k)", "--quiet"])
            total.seconds += r.seconds
            total.peakKiB = max(total.peakKiB, r.peakKiB)
            if r.status != 0 { total.status = r.status }
        }
        return total
    }
    print("")
    print("jobs, whole processes on \(count) generated reports (\(fixed(Double(bytes[.json]!) / 1e6, 1)) MB JSON, \(fixed(Double(bytes[.xml]!) / 1e6, 1)) MB XML, \(fixed(Double(bytes[.yaml]!) / 1e6, 1)) MB YAML); the median of the paired rounds' ratios")

    // Validation of the JSON archive: every rule, on every core, against structure only.
    if available("check-jsonschema") {
        if let r = paired(rounds: rounds, { validateEach("json") },
                          { spawn(["check-jsonschema", "--schemafile", "Schemas/nit.schema.json"] + files[.json]!) }) {
            print("  " + pad("validate JSON: transit (every rule, an archive a process)", 52) + fixed(r.transit, 2) + " s, peak \(r.peakKiB / 1024) MiB")
            print("  " + pad("validate JSON: check-jsonschema (structure)", 52) + fixed(r.peer, 2) + " s")
            report(Aim(name: "validate JSON / check-jsonschema", ratio: r.ratio, aim: 20, note: "whole processes; \(r.spread)"))
        }
    } else {
        print("  check-jsonschema not run: it is not installed (make bench-deps installs it)")
    }
    // Validation of the XML archive against xmllint's XSD validation.
    if available("xmllint") {
        // A round takes under a second: more of them steady the median.
        if let r = paired(rounds: rounds * 3, { validateEach("xml") },
                          { spawn(["xmllint", "--noout", "--schema", "Schemas/nit.xsd"] + files[.xml]!) }) {
            print("  " + pad("validate XML: transit (every rule, an archive a process)", 52) + fixed(r.transit, 2) + " s, peak \(r.peakKiB / 1024) MiB")
            print("  " + pad("validate XML: xmllint --schema (XSD only)", 52) + fixed(r.peer, 2) + " s")
            report(Aim(name: "validate XML / xmllint --schema", ratio: r.ratio, aim: 1, note: "whole processes; \(r.spread)"))
        }
    } else {
        print("  xmllint not run: it is not installed (make bench-deps installs libxml2-utils)")
    }
    // YAML → JSON files.
    let list = "\(dir)/yaml-files"
    _ = try? FileIO.writeAtomically(Array(files[.yaml]!.joined(separator: "\n").utf8), to: list)
    if spawn(["python3", "-c", "import yaml; yaml.CSafeLoader"]).status == 0 {
        // Both sides write 51 MB of files a round (transit's each made durable before it is
        // renamed into place): the disk's pace moves single rounds by a third, more rounds
        // steady the median.
        if let r = paired(rounds: rounds * 2 - 1, {
            _ = system("rm -rf '\(dir)/out-transit'")
            return spawn([binary, "convert", "\(dir)/yaml", "--to", "json", "-o", "\(dir)/out-transit/", "--quiet"])
        }, {
            _ = system("rm -rf '\(dir)/out-python'")
            return spawn(["python3", "Benchmarks/yaml_to_json_baseline.py", "--write", "\(dir)/out-python", "--list", list])
        }) {
            print("  " + pad("YAML -> JSON files: transit convert", 52) + fixed(r.transit, 2) + " s, peak \(r.peakKiB / 1024) MiB")
            print("  " + pad("YAML -> JSON files: PyYAML CSafeLoader + json.dump", 52) + fixed(r.peer, 2) + " s")
            report(Aim(name: "YAML -> JSON / PyYAML", ratio: r.ratio, aim: 4, note: "whole processes, files written; \(r.spread)"))
        }
    } else {
        print("  PyYAML not run: python3 with PyYAML's C loader is needed (make bench-deps)")
    }
}

// MARK: - Scale

/// Free bytes on the file system of `path`.
func freeBytes(_ path: String) -> Int {
    var s = statvfs()
    guard statvfs(path, &s) == 0 else { return 0 }
    return Int(s.f_bavail) * Int(s.f_frsize)
}

/// convert, validate and table over generated archives of each size (YAML files): time and
/// peak memory of each whole process. Time should grow with the size, memory stay flat. An
/// archive the disk cannot hold (twice over: the archive and a conversion of it) is skipped,
/// said so.
func scaleBench(sizes: [Int]) {
    let transit = Transit()
    let binary = ".build/release/transit"
    guard FileIO.exists(binary) else { return }
    print("")
    print("scale: whole processes over one folder of N YAML reports (copies of a generated archive of 290); time and peak memory")
    print("  " + pad("reports", 10) + pad("MB", 9) + pad("validate", 22) + pad("convert -> JSON", 22) + "table")
    var perThousand: [[Double]] = [], peaks: [[Int]] = []
    for size in sizes {
        let dir = scratchDirectory("transit-scale")
        defer { _ = system("rm -rf '\(dir)'") }
        let needed = size * 45_000 * 2 + (1 << 30)
        guard freeBytes(dir) > needed else {
            print("  " + pad(String(size), 10) + "skipped: \(needed >> 30) GiB of free disk needed, \(freeBytes(dir) >> 30) GiB free")
            continue
        }
        // One generated archive (29 countries x 10 editions), copied byte for byte into as
        // many folders as the size needs: every report then has its previous edition (a copy
        // agrees with its original), so all three jobs run clean over any number of files.
        var total = 0, written = 0
        var originals: [(String, [UInt8])] = []
        generated(290, seed: 500, transit) { (_, _, stem, report) throws(ReadError) in
            originals.append((stem, try transit.write(report, format: .yaml)))
        }
        var copy = 0
        while written < size {
            let folder = "\(dir)/archive/copy-\(copy)"
            try? FileIO.makeDirectories(folder)
            for (stem, data) in originals where written < size {
                do { try FileIO.writeAtomically(data, to: "\(folder)/\(stem).yaml") } catch { fail("\(error)") }
                total += data.count
                written += 1
            }
            copy += 1
        }
        let validate = spawn([binary, "validate", "\(dir)/archive", "--quiet"])
        let convert = spawn([binary, "convert", "\(dir)/archive", "--to", "json", "-o", "\(dir)/json/", "--quiet"])
        _ = system("rm -rf '\(dir)/json'")
        let table = spawn([binary, "table", "\(dir)/archive", "-o", "\(dir)/table.csv", "--quiet"])
        let runs = [validate, convert, table]
        if validate.status != 0 || convert.status != 0 || table.status != 0 {
            print("  \(size): a job failed (exit \(validate.status), \(convert.status), \(table.status))")
            continue
        }
        let count = Double(size) / 1000
        perThousand.append(runs.map { $0.seconds / count })
        peaks.append(runs.map(\.peakKiB))
        func cell(_ r: ProcessRun) -> String { pad("\(fixed(r.seconds, 1)) s, \(r.peakKiB / 1024) MiB", 22) }
        print("  " + pad(String(size), 10) + pad(fixed(Double(total) / 1e6, 0), 9) + cell(validate) + cell(convert) + cell(table).trimmingTrailingSpaces)
        for (name, r) in zip(["validate", "convert", "table"], runs) {
            figures.append(("scale \(size) \(name) seconds", r.seconds, "s"))
            figures.append(("scale \(size) \(name) peak", Double(r.peakKiB) / 1024, "MiB"))
        }
    }
    guard perThousand.count >= 2 else { return }
    // Linear: time per report at the largest size within 1.5x of the smallest; flat: peak memory
    // at the largest within 1.5x of the smallest (plus 32 MiB of slack for the runtime).
    for (k, name) in ["validate", "convert", "table"].enumerated() {
        let growth = perThousand.last![k] / perThousand.first![k]
        let memory = Double(peaks.last![k]) / Double(peaks.first![k])
        let flat = peaks.last![k] <= peaks.first![k] * 3 / 2 + 32 * 1024
        print("  \(pad(name, 10)) time per report x\(fixed(growth, 2)) from \(sizes.first!) to \(perThousand.count == sizes.count ? sizes.last! : sizes[perThousand.count - 1]) reports (\(growth <= 1.5 ? "linear" : "NOT linear")); peak memory x\(fixed(memory, 2)) (\(flat ? "flat" : "NOT flat"))")
        aims.append(Aim(name: "scale \(name): linear time", ratio: 1.5 / growth, aim: 1, note: "time per report, largest over smallest, within 1.5x"))
        aims.append(Aim(name: "scale \(name): flat memory", ratio: flat ? 1 : 0, aim: 1, note: "peak at the largest within 1.5x of the smallest"))
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}

/// The aims and figures of the run as JSON (`--json FILE`), for tracking across commits.
func writeJSON(to path: String) {
    func q(_ s: String) -> String {
        var out = "\""
        for c in s { if c == "\"" || c == "\\" { out.append("\\") }; out.append(c) }
        return out + "\""
    }
    var out = "{\n  \"aims\": [\n"
    out += aims.map { "    {\"name\": \(q($0.name)), \"ratio\": \(fixed($0.ratio, 3)), \"aim\": \(fixed($0.aim, 2)), \"met\": \($0.met)}" }.joined(separator: ",\n")
    out += "\n  ],\n  \"figures\": [\n"
    out += figures.map { "    {\"name\": \(q($0.name)), \"value\": \(fixed($0.value, 3)), \"unit\": \(q($0.unit))}" }.joined(separator: ",\n")
    out += "\n  ]\n}\n"
    do { try FileIO.writeAtomically(Array(out.utf8), to: path) } catch { print("cannot write \(path): \(error)") }
}
