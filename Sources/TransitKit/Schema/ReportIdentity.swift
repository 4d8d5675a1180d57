/// The subject (country) and edition a file's path names: `kazakhstan-2021.txt`,
/// `kazakhstan-2021-draft.txt`, `kazakhstan_2021.yaml`, `north-macedonia-2019.json`,
/// `2021/kazakhstan.txt`, `nit-2021/kazakhstan.json`, `kazakhstan/2021.txt`. The file's own name
/// is searched first, then its folders from the nearest: a country is the longest run of words
/// that is one of the schema's countries (multi-word names included), an edition a four-digit
/// word that is one of the schema's editions.
struct ReportIdentity {
    var subject: String?
    var edition: Int?
    /// Where each came from (the file name or a folder), for messages.
    var subjectSource: String?
    var editionSource: String?

    init(fileName: String, subjects: EnumType?, editions: [Int]) {
        // Every file of an archive is named before any is read (serially, before the threads
        // start): words stay substrings of the name, and are looked at as bytes where they are ASCII.
        guard !fileName.isEmpty, fileName != "-" else { return }
        // An ASCII name splits on its bytes; any other on its characters (a `/` or `-` with a
        // combining mark after it is no separator there).
        let ascii = fileName.utf8.allSatisfy { $0 < 0x80 }
        var parts = ascii ? fileName.utf8.split(separator: UInt8(ascii: "/")).map { Substring($0) } : fileName.split(separator: "/")
        guard let name = parts.last else { return }
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            parts[parts.count - 1] = name[..<dot]
        }
        for k in parts.indices.reversed() {
            let part = parts[k]
            let words = ascii
                ? part.utf8.split(whereSeparator: { $0 == 0x2D || $0 == 0x5F || $0 == 0x20 || $0 == 0x2E }).map { Substring($0) }
                : part.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " || $0 == "." })
            func source() -> String { k == parts.count - 1 ? "the file name" : "the folder '\(part)'" }
            if edition == nil, let year = words.lazy.compactMap({ Self.edition($0, editions) }).first {
                edition = year
                editionSource = source()
            }
            if subject == nil, let subjects, let found = Self.subject(in: words, subjects) {
                subject = found
                subjectSource = source()
            }
            if subject != nil && edition != nil { break }
        }
    }

    /// The edition a word names: four digits, one of the schema's editions.
    private static func edition(_ word: Substring, _ editions: [Int]) -> Int? {
        guard word.utf8.count == 4, let year = Int(word), editions.contains(year) else { return nil }
        return year
    }

    /// A word of digits only (any script's, as `Character.isNumber` has them).
    private static func isNumeric(_ word: Substring) -> Bool {
        if word.utf8.allSatisfy({ $0 < 0x80 }) { return word.utf8.allSatisfy { $0 &- 0x30 < 10 } }
        return word.allSatisfy(\.isNumber)
    }

    /// The longest run of words naming a subject.
    private static func subject(in words: [Substring], _ subjects: EnumType) -> String? {
        guard !words.isEmpty else { return nil }
        for length in stride(from: min(words.count, 6), through: 1, by: -1) {
            for start in 0...(words.count - length) {
                let run = words[start..<(start + length)]
                if run.contains(where: isNumeric) { continue }
                if let c = subjects.canonical(length == 1 ? String(run[start]) : run.joined(separator: " ")) { return c }
            }
        }
        return nil
    }
}
