import Foundation
import Testing
@testable import TransitKit

/// Round trips of random reports full of what breaks converters: unusual Unicode, quotes,
/// ampersands, `<`, colons, dollar signs, tabs, leading spaces, lines that look like headings,
/// bylines, bullets or footnote markers. Page text written from each report must come back byte
/// for byte through YAML, XML and JSON, and the model must survive each format.
/// A fixed seed here; `make fuzz` runs many more (TRANSIT_PROPERTY_CASES, TRANSIT_PROPERTY_SEED).
struct PropertyTests {
    static let cases = ProcessInfo.processInfo.environment["TRANSIT_PROPERTY_CASES"].flatMap { Int($0) } ?? 400
    static let seed = ProcessInfo.processInfo.environment["TRANSIT_PROPERTY_SEED"].flatMap { UInt64($0) } ?? 20261125

    static let pieces = [
        "O’Brien", "“quoted”", "'single'", "\"double\"", "a & b", "<tag>", "a < b > c", "key: value", "x:y", "$1", "${country}",
        "$$", "naïve", "Zürich", "Łódź", "straße", "🇺🇦", "e\u{301}", "שלום", "مرحبا", "日本語", "\t", "--", "—", "…", "%", "#", "!",
        "in 2018,3 cases", "May 11.11", "page 12", "1.25", "No score changes.", "As a result,", "will be posted", "&amp;", "]]>",
        "{a: b}", "[1, 2]", "- item", "? key", "*alias", "&anchor", "!tag", "|", ">", "@", "`", "\\", "null", "true", "~", "0x1F",
        "words", "and", "the", "of", "reform", "court", "media", "Civil Society", "Democracy Score", "Executive Summary",
    ]

    static let lines = [
        "Executive Summary", "Authors:", "header3 Score changes in 2019", "By Someone Else", "  indented text", "  • not a bullet",
        "Author: nobody", "Nations in Transit 2021", "Consolidated Democracy", "Kazakhstan", "See More", "On Estonia",
        "National Democratic Governance 1.00-7.00 pts0-7 pts", "1.251 7.007", "DEMOCRACY-SCORE Democracy Score 3.96 7",
    ]

    static func text(_ rng: inout SplitMix64, words: ClosedRange<Int>) -> String {
        if rng.next(in: 0...9) == 0 { return lines[rng.next(in: 0...(lines.count - 1))] }
        var out = (0..<rng.next(in: words)).map { _ in pieces[rng.next(in: 0...(pieces.count - 1))] }.joined(separator: " ")
        if rng.next(in: 0...7) == 0 { out = "  " + out }
        return out
    }

    /// A generated report with its prose, names and reasons replaced by hostile text.
    static func report(_ k: Int) -> Record {
        var rng = SplitMix64(seed: seed &+ UInt64(k))
        var generator = ArchiveGenerator(seed: seed &+ UInt64(k))
        generator.summaryParagraphs = rng.next(in: 0...4)
        generator.findingsPerCategory = rng.next(in: 0...3)
        let countries = Schema.standard.countries.values
        let editions = rng.next(in: 2021...2023)
        var r = generator.series(country: countries[rng.next(in: 0...(countries.count - 1))], editions: Array(2020...editions)).last!
        let types = Schema.standard

        func prose(_ v: Value) -> Value {
            guard var p = v.record else { return v }
            let t = text(&rng, words: 1...30)
            p.set("text", t)
            let length = t.unicodeScalars.count
            var notes: [Value] = []
            var offset = 0
            for n in 1...max(1, rng.next(in: 0...3)) where rng.next(in: 0...1) == 0 && offset < length {
                offset = min(length, offset + rng.next(in: 1...max(1, length)))
                var note = Record(types.type("note")!)
                note.set("number", String(n))
                note.set("offset", String(offset))
                notes.append(.record(note))
            }
            p["notes"] = notes.isEmpty ? nil : .list(notes, .unknown)
            return .record(p)
        }
        if case .list(let items, let m)? = r["executive_summary"] { r["executive_summary"] = .list(items.map(prose), m) }
        if case .list(let items, let m)? = r["categories"] {
            r["categories"] = .list(items.map { item in
                guard var c = item.record else { return item }
                if case .list(let f, let fm)? = c["findings"] { c["findings"] = .list(f.map(prose), fm) }
                return .record(c)
            }, m)
        }
        r["authors"] = .list((0..<rng.next(in: 0...3)).map { _ in .scalar(text(&rng, words: 1...3), .unknown) }, .unknown)
        if r["authors"]?.items?.isEmpty == true { r["authors"] = nil }
        r.set("author_bio", rng.next(in: 0...2) == 0 ? nil : text(&rng, words: 1...20))
        if rng.next(in: 0...3) == 0 { r.set("notice", "The full report " + text(&rng, words: 1...5) + " will be posted soon.") }
        return r
    }

    @Test func pageTextSurvivesEveryFormatByteForByte() throws {
        let transit = Support.transit
        var failures: [String] = []
        for k in 0..<Self.cases {
            let report = Self.report(k)
            let name = "\(report.text("country")!.lowercased().replacingOccurrences(of: " ", with: "-"))-\(report.text("edition")!).txt"
            do {
                let text = try transit.write(report, format: .text, file: name)
                let model = try transit.read(text, format: .text, file: name).report
                var current = model
                for format in [Format.yaml, .xml, .json] {
                    let bytes = try transit.write(current, format: format, file: name)
                    let again = try transit.read(bytes, format: format, file: name).report
                    if again != model { failures.append("case \(k): the model changed through \(format)") }
                    current = again
                }
                let back = try transit.write(current, format: .text, file: name)
                if back != text {
                    failures.append("case \(k): page text changed (\(text.count) → \(back.count) bytes)")
                    // TRANSIT_PROPERTY_DUMP=DIR keeps both pages of a failing case, to diff.
                    if let dir = ProcessInfo.processInfo.environment["TRANSIT_PROPERTY_DUMP"] {
                        try? Data(text).write(to: URL(fileURLWithPath: "\(dir)/case-\(k).txt"))
                        try? Data(back).write(to: URL(fileURLWithPath: "\(dir)/case-\(k).back.txt"))
                    }
                }
            } catch {
                failures.append("case \(k): \(error)")
            }
            if failures.count > 5 { break }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n")) (seed \(Self.seed))")
    }
}
