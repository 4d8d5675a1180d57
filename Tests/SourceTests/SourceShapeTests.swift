import Foundation
import Testing

/// Every file under Sources/ short enough to hold one concept (600 lines), every function short
/// enough to hold in one's head (80 lines), and every file opening with the comment that says
/// its concept. The files and functions still over their limit are listed below with their
/// length today: the test fails when one grows, when a new one appears, and when a listed one
/// is brought under its limit (so the list only shrinks).
struct SourceShapeTests {
    static let fileLimit = 600, functionLimit = 80

    /// Over the limit today, and how long: each is to be split (issue 29; the page layout's
    /// loader goes with the layout grammar of issue 30). No file is over its limit now.
    static let longFiles: [String: Int] = [:]
    static let longFunctions: [String: Int] = [:]

    static var files: [String] { Source.swiftFiles(under: "Sources") }

    static func lines(_ file: String) -> [String] {
        ((try? String(contentsOfFile: Source.root + "/" + file, encoding: .utf8)) ?? "").components(separatedBy: "\n")
    }

    /// A line without its comment and the contents of its string literals; `multiline` says
    /// whether a `"""` literal is open.
    static func code(_ line: String, _ multiline: inout Bool) -> String {
        var out = "", chars = Array(line), k = 0
        while k < chars.count {
            if multiline {
                if k + 2 < chars.count, chars[k] == "\"", chars[k + 1] == "\"", chars[k + 2] == "\"" { multiline = false; k += 3 } else { k += 1 }
                continue
            }
            if k + 2 < chars.count, chars[k] == "\"", chars[k + 1] == "\"", chars[k + 2] == "\"" { multiline = true; k += 3; continue }
            if k + 1 < chars.count, chars[k] == "/", chars[k + 1] == "/" { break }
            if chars[k] == "\"" {
                // A literal, its interpolations skipped whole (their parentheses balanced).
                k += 1
                var depth = 0
                while k < chars.count {
                    if chars[k] == "\\", k + 1 < chars.count, chars[k + 1] == "(" { depth += 1; k += 2; continue }
                    if depth > 0, chars[k] == ")" { depth -= 1 } else if chars[k] == "\\" { k += 2; continue } else if chars[k] == "\"", depth == 0 { break }
                    k += 1
                }
                out += "\"\""
                k += 1
                continue
            }
            out.append(chars[k])
            k += 1
        }
        return out
    }

    static let declaration = try! NSRegularExpression(pattern: #"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|private|fileprivate|internal|static|class|mutating|nonmutating|override|final|nonisolated|convenience|required|package)\s+)*(func\s+([^\s(<]+)|init[?!]?|subscript|deinit)\b"#)

    /// Every function, initialiser and subscript of a file longer than the limit: "file name" → lines.
    static func longFunctions(in file: String) -> [String: Int] {
        var multiline = false
        let code = lines(file).map { Self.code($0, &multiline) }
        var found: [String: Int] = [:]
        for (i, line) in code.enumerated() {
            let range = NSRange(line.startIndex..., in: line)
            guard let m = declaration.firstMatch(in: line, range: range) else { continue }
            let name = Range(m.range(at: 2), in: line).map { String(line[$0]) } ?? Range(m.range(at: 1), in: line).map { String(line[$0]) } ?? "?"
            var depth = 0, started = false
            for k in i..<code.count {
                for c in code[k] {
                    if c == "{" { depth += 1; started = true } else if c == "}" { depth -= 1 }
                }
                if started && depth == 0 {
                    let length = k - i + 1
                    if length > functionLimit { found["\(file) \(name)", default: 0] = max(found["\(file) \(name)"] ?? 0, length) }
                    break
                }
                if !started && k > i + 12 { break }
            }
        }
        return found
    }

    @Test func noFileGrowsPastItsLimit() {
        var problems: [String] = []
        for file in Self.files {
            let n = Self.lines(file).count - 1
            let allowed = Self.longFiles[file] ?? Self.fileLimit
            if n > allowed { problems.append("\(file): \(n) lines (at most \(allowed))") }
        }
        for (file, n) in Self.longFiles where Self.lines(file).count - 1 <= Self.fileLimit {
            problems.append("\(file) is under \(Self.fileLimit) lines now: take it off longFiles (it was \(n))")
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func noFunctionGrowsPastItsLimit() {
        var found: [String: Int] = [:]
        for file in Self.files { found.merge(Self.longFunctions(in: file)) { max($0, $1) } }
        var problems: [String] = []
        for (key, n) in found.sorted(by: { $0.key < $1.key }) {
            let allowed = Self.longFunctions[key] ?? Self.functionLimit
            if n > allowed { problems.append("\(key): \(n) lines (at most \(allowed))") }
        }
        for (key, n) in Self.longFunctions where found[key] == nil {
            problems.append("\(key) is under \(Self.functionLimit) lines now: take it off longFunctions (it was \(n))")
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func everyFileOpensWithTheCommentThatSaysItsConcept() {
        var missing: [String] = []
        for file in Self.files {
            let first = Self.lines(file).first { line in
                let t = line.trimmingCharacters(in: .whitespaces)
                return !(t.isEmpty || t.hasPrefix("import ") || t.hasPrefix("internal import ") || t.hasPrefix("@preconcurrency") || t.hasPrefix("#"))
            } ?? ""
            if !first.hasPrefix("//") { missing.append("\(file): \(first)") }
        }
        #expect(missing.isEmpty, "\(missing.joined(separator: "\n"))")
    }

    /// The measure itself: a function's lines run from its declaration to its closing brace;
    /// braces in strings and comments do not count.
    @Test func theMeasureCountsBracesInCodeOnly() {
        var multiline = false
        #expect(Self.code(#"let s = "{ \(a ? "}" : "{") }" // }"#, &multiline) == #"let s = "" "#)
        #expect(Self.code(#"    x("a", "b") { y }"#, &multiline) == #"    x("", "") { y }"#)
    }
}
