import Testing
@testable import TransitKit

/// GetPut: a page is taken as read only if writing what was read gives back its bytes; a line
/// that would not come back the same is kept as it stands, with a warning.
struct GetPutTests {
    /// A toy reader of lines that loses the word "rating" after "score" (the defect the fuzzer
    /// found in the statement reader), unless the line is kept as it stands.
    private struct Lossy {
        var lines: [String]   // what was read: a kept line as it stands, the others "read"
        var warnings: [Diagnostic] = []
    }

    private func check(_ text: String, limit: Int = 256) throws(ReadError) -> Lossy {
        let original = Array(text.utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var starts: [Int] = [], at = 0
        for l in lines { starts.append(at); at += l.utf8.count + 1 }
        var getPut = GetPut<Lossy>(file: "toy.txt", original: original)
        getPut.limit = limit
        return try getPut.read { verbatim throws(ReadError) in
            let read = lines.enumerated().map { k, l in verbatim.contains(k) ? l : l.replacingOccurrences("score rating", "score") }
            return (Lossy(lines: read), starts)
        } write: { read throws(ReadError) in
            Array(read.lines.joined(separator: "\n").utf8)
        } warn: { read, diagnostic in
            read.warnings.append(diagnostic)
        }
    }

    @Test func aPageWrittenBackAsReadIsTakenAsRead() throws {
        let read = try check("a score declined\nb rating improved\n")
        #expect(read.warnings.isEmpty)
    }

    @Test func aLineThatWouldNotComeBackIsKeptWithAWarning() throws {
        let read = try check("first\nElectoral Process score rating declined from 1.75 to 1.50\nthird\nx score rating y")
        #expect(read.lines == ["first", "Electoral Process score rating declined from 1.75 to 1.50", "third", "x score rating y"])
        #expect(read.warnings.map(\.description) == [
            "toy.txt:2:1: warning: line kept as it stands, its values not read: read as values, it would be written back as \"Electoral Process score declined from 1.75 to 1.50\"",
            "toy.txt:4:1: warning: line kept as it stands, its values not read: read as values, it would be written back as \"x score y\"",
        ])
    }

    @Test func aPageThatDoesNotConvergeIsRefused() {
        #expect(throws: ReadError.self) { try check("a score rating\nb score rating\nc score rating\n", limit: 2) }
        do { _ = try check("a score rating\nb score rating\nc score rating\n", limit: 2) } catch {
            #expect(error.diagnostics.first?.description == "toy.txt:3:1: error: the page cannot be read without loss: this line would be written back as \"c score\"; nothing was read")
        }
    }

    @Test func theFirstDifferenceIsFoundOnItsLine() {
        let original = Array("ab\ncd\nef".utf8), back = Array("ab\ncX\nef".utf8)
        let (line, printed) = GetPut<Int>.firstDifference(back, original, lineStarts: [0, 3, 6])
        #expect(line == 1)
        #expect(printed == "\"cX\"")
        // A page written back shorter: the difference is on the line where it ends.
        #expect(GetPut<Int>.firstDifference(Array("ab\n".utf8), original, lineStarts: [0, 3, 6]).line == 1)
    }

    /// The fuzzer's find, on a real page: "score rating" read as the term "score", and "rating"
    /// dropped. The line now reads (the item's printed name keeps "score") and comes back.
    @Test func theStatementWithTwoTermsComesBack() throws {
        let page = try String(decoding: Support.read(Support.root + "/Samples/kyrgyzstan-2022.txt"), as: UTF8.self)
        let edited = page.replacingOccurrences("  • Electoral Process rating declined", "  • Electoral Process score rating declined")
        #expect(edited != page)
        let read = try Support.transit.read(Array(edited.utf8), format: .text, file: "kyrgyzstan-2022.txt")
        #expect(!read.diagnostics.contains { $0.message.contains("kept as it stands") }, "the line is read, not kept")
        #expect(try Support.transit.write(read.report, format: .text) == Array(edited.utf8))
        let yaml = try Support.transit.write(read.report, format: .yaml)
        let back = try Support.transit.read(yaml, format: .yaml, file: "k.yaml").report
        #expect(try Support.transit.write(back, format: .text) == Array(edited.utf8))
    }

    /// Every line of every sample, edited a word at a time as an editor might (a word inserted,
    /// dropped, doubled or glued to another): each page reads and writes back byte for byte, or
    /// is refused; never read with a loss.
    @Test func editedLinesComeBackOrAreRefused() throws {
        let words = ["rating", "score", "from", "to", "1.50", "2", "*", "(A1 and A3).2", "declined", "improved", "By", "Free",
                     "PARTLY FREE", "•", ".", "1", "Democracy Score", "Percentage", "As a result,"]
        var rng = SplitMix64(seed: 34)
        var pages = 0, kept = 0
        let names = (FileIO.files(under: Support.root + "/Samples").map { Support.root + "/Samples/" + $0 }
                     + FileIO.files(under: Support.root + "/Samples-FIW").map { Support.root + "/Samples-FIW/" + $0 }).filter { $0.hasSuffix(".txt") }
        for name in names {
            let text = String(decoding: try Support.read(name), as: UTF8.self)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (k, line) in lines.enumerated() where !line.isEmpty && rng.next() % 3 == 0 {
                var w = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
                let j = Int(rng.next() % UInt64(w.count))
                switch rng.next() % 4 {
                case 0: w.insert(words[Int(rng.next() % UInt64(words.count))], at: j)
                case 1: w.remove(at: j)
                case 2: w.insert(w[j], at: j)
                default: w[j] += words[Int(rng.next() % UInt64(words.count))]
                }
                var edited = lines
                edited[k] = w.joined(separator: " ")
                let page = Array(edited.joined(separator: "\n").utf8)
                guard let read = try? Support.transit.read(page, format: .text, file: String(name.split(separator: "/").last!)) else { continue }
                pages += 1
                if read.diagnostics.contains(where: { $0.message.contains("kept as it stands, its values not read") }) { kept += 1 }
                let back = try Support.transit.write(read.report, format: .text)
                #expect(back == page, "\(name) line \(k + 1) edited to \(edited[k]) was not written back as read")
            }
        }
        #expect(pages > 100, "only \(pages) edited pages read")
    }
}

