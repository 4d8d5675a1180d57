import Foundation
import Testing
import TransitKit

/// A schema its user edits never crashes transit: every field of the schema dropped, renamed and
/// retyped, every enumeration and every top-level section dropped, and every command run on the
/// samples with it. Each run ends with exit status 0, 1 or 2 — never a signal — and a status 2
/// names a file (and, for the schema, a line and column). TRANSIT_MUTATION_STRIDE=N runs every
/// Nth mutation only (the sanitizer runs, which are several times slower).
struct SchemaMutationTests {
    static let schema = (try? String(contentsOfFile: CLI.root + "/Schemas/nit.schema.yaml", encoding: .utf8)) ?? ""
    static let fiwSchema = (try? String(contentsOfFile: CLI.root + "/Schemas/fiw.schema.yaml", encoding: .utf8)) ?? ""

    /// (what was done, the mutated schema text).
    static func mutations(of schema: String = schema) -> [(String, String)] {
        let lines = schema.components(separatedBy: "\n")
        var out: [(String, String)] = []
        func without(_ range: Range<Int>) -> String { (Array(lines[..<range.lowerBound]) + Array(lines[range.upperBound...])).joined(separator: "\n") }
        func replacing(_ k: Int, _ line: String) -> String { var l = lines; l[k] = line; return l.joined(separator: "\n") }
        let field = try! NSRegularExpression(pattern: #"^\s*- \{name: (\w+), type: ("?[\w\[\]]+"?)"#)
        for (k, line) in lines.enumerated() {
            guard let m = field.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)),
                  let name = Range(m.range(at: 1), in: line).map({ String(line[$0]) }),
                  let type = Range(m.range(at: 2), in: line).map({ String(line[$0]) }) else { continue }
            out.append(("drop field \(name) (line \(k + 1))", without(k..<(k + 1))))
            out.append(("rename field \(name) (line \(k + 1))", replacing(k, line.replacingOccurrences(of: "name: \(name),", with: "name: \(name)_x,"))))
            let other = type == "integer" ? "string" : "integer"
            out.append(("retype field \(name) (line \(k + 1))", replacing(k, line.replacingOccurrences(of: "type: \(type)", with: "type: \(other)"))))
        }
        // Every field a role, the layout, the compare and sheet sections, a transform or a wording
        // template names, renamed (the model then lacks it).
        let reference = try! NSRegularExpression(pattern: #"\b(field|list|key|value|figure|band|name|set|printed|term|subject|rating|rounded|bullets|score|max|verb|from|to|rest|notes|number|offset|page|description): ([A-Za-z_][A-Za-z_.]*)"#)
        var section = ""
        for (k, line) in lines.enumerated() {
            if !line.hasPrefix(" ") && !line.hasPrefix("#") && !line.hasPrefix("-"), let colon = line.firstIndex(of: ":") { section = String(line[..<colon]) }
            guard ["roles", "layout", "compare", "sheet", "transforms", "wording", "marker"].contains(section),
                  let m = reference.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)),
                  let value = Range(m.range(at: 2), in: line) else { continue }
            var changed = line
            changed.replaceSubrange(value, with: line[value] + "_x")
            out.append(("rename reference in \(section) (line \(k + 1))", replacing(k, changed)))
        }
        // Blocks: each enumeration under `enums:`, and each top-level section.
        func block(from start: Int, indent: Int) -> Range<Int> {
            var end = start + 1
            while end < lines.count {
                let l = lines[end]
                let lead = l.prefix { $0 == " " }.count
                if !l.trimmingCharacters(in: .whitespaces).isEmpty && !l.hasPrefix("#") && lead <= indent { break }
                end += 1
            }
            return start..<end
        }
        var inEnums = false
        for (k, line) in lines.enumerated() {
            if !line.hasPrefix(" ") && !line.hasPrefix("#") && line.hasSuffix(":") || line.hasPrefix("editions:") || line.hasPrefix("root:") {
                let key = String(line.prefix { $0 != ":" })
                inEnums = key == "enums"
                out.append(("drop section \(key)", without(block(from: k, indent: 0))))
            } else if inEnums, line.hasPrefix("  "), !line.hasPrefix("   "), line.hasSuffix(":") {
                out.append(("drop enumeration \(line.trimmingCharacters(in: .whitespaces))", without(block(from: k, indent: 2))))
            }
        }
        return out
    }

    static let commands: [[String]] = {
        let s = CLI.root + "/Samples/"
        return [
            ["convert", s + "kyrgyzstan-2022.txt", "--to", "yaml"],
            ["convert", s + "kyrgyzstan-2022.yaml", "--to", "text"],
            ["convert", s + "kyrgyzstan-2022.json", "--to", "xml"],
            ["validate", s + "series"],
            ["table", s + "kyrgyzstan-2022.txt", s + "north-macedonia-2019.xml"],
            ["diff", s + "series/ukraine-2022.txt", s + "series/ukraine-2023.yaml"],
            ["changes", s + "series/ukraine-2022.txt", s + "series/ukraine-2023.txt", "--check"],
            ["trends", s + "series"],
            ["schema", "--format", "xsd"],
        ]
    }()

    static let fiwCommands: [[String]] = {
        let s = CLI.root + "/Samples-FIW/"
        return [
            ["convert", s + "syria-2024.txt", "--to", "yaml"],
            ["convert", s + "peru-2023.yaml", "--to", "text"],
            ["convert", s + "hong-kong-2024.json", "--to", "xml"],
            ["validate", s],
            ["table", s + "tunisia-2023.txt", s + "tunisia-2024.xml"],
            ["diff", s + "tunisia-2022.txt", s + "tunisia-2023.yaml"],
            ["changes", s + "tunisia-2023.txt", s + "tunisia-2024.txt", "--check"],
            ["schema", "--format", "json-schema"],
        ]
    }()

    @Test func everyMutationEndsInAnExitStatusNeverASignal() throws {
        try #require(!Self.schema.isEmpty)
        try Self.run(Self.mutations(), Self.commands, minimum: 140)
    }

    /// The same for the second family's schema, its sections the first has not (tables, the
    /// marker, sheet columns, layout sections, extras) included.
    @Test func everyMutationOfTheSecondFamilyEndsInAnExitStatusNeverASignal() throws {
        try #require(!Self.fiwSchema.isEmpty)
        try Self.run(Self.mutations(of: Self.fiwSchema), Self.fiwCommands, minimum: 100)
    }

    static func run(_ all: [(String, String)], _ commands: [[String]], minimum: Int) throws {
        let stride = ProcessInfo.processInfo.environment["TRANSIT_MUTATION_STRIDE"].flatMap { Int($0) } ?? 1
        #expect(all.count > minimum, "\(all.count) mutations")
        let dir = try CLI.scratch()
        let chosen = all.enumerated().filter { $0.offset % max(1, stride) == 0 }.map(\.element)
        // Two mutations at a time (processes, so the machine's cores are busy).
        let results = Locked<[String]>([])
        let runCount = Locked<Int>(0)
        DispatchQueue.concurrentPerform(iterations: chosen.count) { k in
            let (what, text) = chosen[k]
            let path = dir + "/mutated-\(k).schema.yaml"
            do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                results.withLock { $0.append("\(what): cannot write the mutated schema: \(error)") }
                return
            }
            for command in commands {
                // Starting a process can fail for want of resources while every core is busy:
                // tried three times, then said (never skipped in silence).
                var started: CLI.Result?
                var launchError = ""
                for _ in 0..<3 where started == nil {
                    do { started = try CLI.run(command + ["--schema", path], in: dir) } catch { launchError = "\(error)"; usleep(200_000) }
                }
                guard let r = started else {
                    results.withLock { $0.append("\(what): `transit \(command[0])` could not be started: \(launchError)") }
                    continue
                }
                runCount.withLock { $0 += 1 }
                let output = r.stderr + r.stdout
                let located = output.range(of: #"(?m)^[^\s:]+(:\d+:\d+)?: error: "#, options: .regularExpression) != nil
                if r.status > 2 || r.status < 0 {
                    results.withLock { $0.append("\(what): `transit \(command[0])` ended with \(r.status): \(output.suffix(300))") }
                } else if r.status == 2 && !located {
                    results.withLock { $0.append("\(what): `transit \(command[0])` exit 2 names no file: \(output.suffix(300))") }
                }
            }
        }
        let failures = results.withLock { $0 }
        let runs = runCount.withLock { $0 }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(runs >= all.count / max(1, stride) * commands.count)
    }

    @Test func aSchemaThatLacksWhatTheFormatsNeedIsAnErrorAtItsLine() throws {
        let dir = try CLI.scratch()
        let path = dir + "/s.yaml"
        let mutated = Self.schema.replacingOccurrences(of: "      - {name: methodology, type: string, doc: The methodology note under the figures.}\n", with: "")
        try mutated.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try CLI.run(["convert", CLI.root + "/Samples/kyrgyzstan-2022.txt", "--schema", path], in: dir)
        #expect(r.status == 2)
        // Every place that names the field, at its line and column: the diff's entry and the
        // transform step that sets it.
        let lines = mutated.split(separator: "\n", omittingEmptySubsequences: false)
        func at(_ text: String) -> String {
            let line = lines.firstIndex { $0.contains(text) }!
            let column = lines[line].distance(from: lines[line].startIndex, to: lines[line].range(of: "methodology")!.lowerBound) + 1
            return "s.yaml:\(line + 1):\(column): error: "
        }
        let said = CLI.relative(r.stderr, dir).split(separator: "\n").map(String.init)
        #expect(said.count == 3, "\(r.stderr)")
        #expect(said.contains { $0.hasPrefix(at("set: methodology") + "transform 'to-current-scale': 'report' has no field 'methodology'") }, "\(r.stderr)")
        #expect(said.contains { $0.hasPrefix(at("{field: methodology, label") + "compare: 'methodology' is not a field of 'report'") }, "\(r.stderr)")
        #expect(said.contains { $0.hasPrefix(at("    field: methodology") + "layout: 'field': 'methodology' is not a field of 'report'") }, "\(r.stderr)")
        #expect(r.stdout.isEmpty, "no input is read")
    }
}
