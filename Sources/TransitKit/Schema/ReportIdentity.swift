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
        guard !fileName.isEmpty, fileName != "-" else { return }
        var parts = fileName.split(separator: "/").map(String.init)
        guard !parts.isEmpty else { return }
        if let dot = parts[parts.count - 1].lastIndex(of: "."), dot != parts[parts.count - 1].startIndex {
            parts[parts.count - 1] = String(parts[parts.count - 1][..<dot])
        }
        let known = Set(editions)
        for (k, part) in parts.enumerated().reversed() {
            let words = part.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " || $0 == "." }).map(String.init)
            let source = k == parts.count - 1 ? "the file name" : "the folder '\(part)'"
            if edition == nil, let year = words.first(where: { $0.count == 4 && Int($0).map(known.contains) == true }) {
                edition = Int(year)
                editionSource = source
            }
            if subject == nil, let subjects, let found = Self.subject(in: words, subjects) {
                subject = found
                subjectSource = source
            }
            if subject != nil && edition != nil { break }
        }
    }

    /// The longest run of words naming a subject.
    private static func subject(in words: [String], _ subjects: EnumType) -> String? {
        guard !words.isEmpty else { return nil }
        for length in stride(from: min(words.count, 6), through: 1, by: -1) {
            for start in 0...(words.count - length) {
                let run = words[start..<(start + length)]
                if run.contains(where: { $0.allSatisfy(\.isNumber) }) { continue }
                if let c = subjects.canonical(run.joined(separator: " ")) { return c }
            }
        }
        return nil
    }
}
