import Foundation
import Testing

/// The library's folders are layers with one direction of dependency: a file uses types of its
/// own folder and of the folders before it, never of a later one. Checked by name: every
/// top-level type a folder declares is looked for (outside comments and string literals) in the
/// files of every earlier folder.
struct LayerTests {
    static let order = ["Core", "Schema", "Formats", "Rules", "Compare", "Output", "Generate", "Family"]

    static func swiftFiles(in folder: String) -> [String] {
        let dir = Source.root + "/Sources/TransitKit/" + folder
        return (FileManager.default.enumerator(atPath: dir)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".swift") }.sorted().map { dir + "/" + $0 }
    }

    static func matches(_ pattern: String, in text: String, group: Int = 1) -> [String] {
        let re = try! NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
        return re.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { m in
            Range(m.range(at: group), in: text).map { String(text[$0]) }
        }
    }

    /// The code of a file without its comments and the contents of its string literals.
    static func code(_ text: String) -> String {
        var s = text.replacingOccurrences(of: #"//[^\n]*"#, with: "", options: .regularExpression)
        s = s.replacingOccurrences(of: #""(?:[^"\\\n]|\\.)*""#, with: "\"\"", options: .regularExpression)
        return s
    }

    static let declaration = #"(?:public |package |internal |private |fileprivate |final |indirect )*(?:struct|class|enum|protocol|typealias|actor)\s+([A-Z][A-Za-z0-9_]*)"#

    @Test func noFolderUsesALaterOne() throws {
        let all = try FileManager.default.contentsOfDirectory(atPath: Source.root + "/Sources/TransitKit")
            .filter { !$0.hasPrefix(".") && $0 != "Resources" && !$0.hasSuffix(".docc") }
        #expect(Set(all) == Set(Self.order), "a folder of Sources/TransitKit is missing from the layer order: \(all.sorted())")
        var owner: [String: Int] = [:]
        for (layer, folder) in Self.order.enumerated() {
            for file in Self.swiftFiles(in: folder) {
                for name in Self.matches("^" + Self.declaration, in: try String(contentsOfFile: file, encoding: .utf8)) where owner[name] == nil {
                    owner[name] = layer
                }
            }
        }
        #expect(owner["Schema"] == 1 && owner["Rule"] == 3 && owner["PageSpec"] == 2, "\(owner)")
        var uses: [String] = []
        for (layer, folder) in Self.order.enumerated() {
            for file in Self.swiftFiles(in: folder) {
                let text = try String(contentsOfFile: file, encoding: .utf8)
                // Names the file declares itself (nested types, generic parameters) are its own.
                let own = Set(Self.matches(Self.declaration, in: text) + Self.matches(#"<([A-Z][A-Za-z0-9_]*)[:>,]"#, in: text))
                let words = Set(Self.matches(#"\b([A-Z][A-Za-z0-9_]*)\b"#, in: Self.code(text)))
                for word in words.subtracting(own) {
                    if let later = owner[word], later > layer {
                        uses.append("\(file.dropFirst(Source.root.count + 1)) uses \(word) of \(Self.order[later])/")
                    }
                }
            }
        }
        #expect(uses.isEmpty, "\(uses.sorted().joined(separator: "\n"))")
    }

    /// The library's messages never name an option of the command-line tool: where a setting
    /// would help, a diagnostic carries a `Remedy` and the tool names its own option.
    @Test func libraryMessagesNameNoOption() throws {
        var hits: [String] = []
        for folder in Self.order {
            for file in Self.swiftFiles(in: folder) {
                let text = try String(contentsOfFile: file, encoding: .utf8)
                    .replacingOccurrences(of: #"//[^\n]*"#, with: "", options: .regularExpression)
                for literal in Self.matches(#"("(?:[^"\\\n]|\\.)*")"#, in: text) where literal.range(of: #"["( ]--[a-z]"#, options: .regularExpression) != nil {
                    hits.append("\(file.dropFirst(Source.root.count + 1)): \(literal)")
                }
            }
        }
        #expect(hits.isEmpty, "\(hits.joined(separator: "\n"))")
    }
}

/// Every command spells its name out in its configuration: a name left to ArgumentParser is
/// derived from the type's name with `String(describing:)`, whose dynamic casts scan the
/// binary's protocol conformances at every start (about a millisecond for eight commands).
struct CommandNameTests {
    @Test func everyCommandNamesItself() throws {
        let dir = Source.root + "/Sources/transit"
        var configurations = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: dir).filter({ $0.hasSuffix(".swift") }).sorted() {
            let text = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
            let all = LayerTests.matches(#"CommandConfiguration\(\s*([a-zA-Z]+):"#, in: text)
            configurations += all.count
            #expect(all.allSatisfy { $0 == "commandName" }, "\(file): a CommandConfiguration without commandName first")
        }
        #expect(configurations >= 9, "the root command and its eight commands")
    }
}
