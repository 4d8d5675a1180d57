/// Finds the footnote markers of one section of a page (a section of paragraphs, or one item's
/// findings) and separates them from the prose.
///
/// Markers are bare numbers glued to the end of a word or punctuation (`Korday,1`, `Minister15`,
/// `elections.”26`). Numbering starts at 1 in each section and rises by one, which is what tells
/// a marker from a number that belongs to the text: candidates are collected first, then the
/// chain 1, 2, 3… is picked from them in order. A day of the month may carry a marker
/// (`March 1510`: the 15th, note 10), and so may a number before a full stop (`May 11.11`).
enum Footnotes {
    struct Note: Equatable {
        var number: Int
        /// Unicode scalars into the paragraph's text without markers.
        var offset: Int
        /// Where the marker stood: its byte offset in the paragraph as printed (a position, not
        /// part of the note's value).
        var source: Int = 0

        static func == (a: Note, b: Note) -> Bool { a.number == b.number && a.offset == b.offset }
    }

    struct Paragraph {
        var text: String
        var notes: [Note]
    }

    struct Problem {
        var paragraph: Int
        /// Byte offset into the original paragraph.
        var byte: Int
        var message: String
    }

    private struct Candidate {
        var paragraph: Int
        var start: Int
        var end: Int
        /// The whole digit run read as a marker, when it is glued to a word or punctuation.
        var strong: Int?
        /// For a run after a month name (`March 1510`): (marker value, where its digits start).
        var split: [(value: Int, start: Int)] = []
    }

    private static let months: [[UInt8]] = ["January", "February", "March", "April", "May", "June", "July", "August",
                                            "September", "October", "November", "December"].map { Array($0.utf8) }

    /// Extracts the markers of a section made of `paragraphs` (UTF-8 bytes each). `tokens` are
    /// words with digits the schema knows (item codes such as `A1`): never taken apart for a
    /// marker (`(A1 and A3).2` holds one marker, 2).
    static func extract(_ paragraphs: [ArraySlice<UInt8>], tokens: Set<[UInt8]> = []) -> ([Paragraph], [Problem]) {
        var first = 1
        return extract(paragraphs, tokens: tokens, from: &first)
    }

    /// Extracts the markers of a section whose chain starts at `first` (a page numbering its
    /// notes on through the page); `first` becomes the number the next section's chain starts at.
    static func extract(_ paragraphs: [ArraySlice<UInt8>], tokens: Set<[UInt8]> = [], from first: inout Int) -> ([Paragraph], [Problem]) {
        var candidates: [Candidate] = []
        for (p, bytes) in paragraphs.enumerated() { collect(bytes, paragraph: p, tokens: tokens, into: &candidates) }

        // Pick the chain 1, 2, 3, ... in reading order.
        var removals: [[(start: Int, end: Int, number: Int)]] = Array(repeating: [], count: paragraphs.count)
        var problems: [Problem] = []
        var k = first, next = 0
        defer { first = k }
        chain: while next < candidates.count {
            var strongAt: Int?, splitAt: Int?
            for ci in next..<candidates.count {
                let c = candidates[ci]
                if c.strong == k { strongAt = ci; break }
                if splitAt == nil && c.split.contains(where: { $0.value == k }) { splitAt = ci }
                // A day-number reading is right when the next marker follows before any plain `k`.
                if splitAt != nil && c.strong == k + 1 { break }
            }
            if let ci = strongAt, splitAt.map({ $0 > ci }) ?? true {
                let c = candidates[ci]
                removals[c.paragraph].append((c.start, c.end, k))
                next = ci + 1
            } else if let ci = splitAt {
                let c = candidates[ci]
                let start = c.split.first { $0.value == k }!.start
                removals[c.paragraph].append((start, c.end, k))
                next = ci + 1
            } else {
                // No `k`: accept a jump of up to three, so the sequence break can be reported.
                for skip in 1...3 {
                    if let ci = candidates[next...].firstIndex(where: { $0.strong == k + skip }) {
                        let c = candidates[ci]
                        let missing = skip == 1 ? "\(k)" : "\(k)–\(k + skip - 1)"
                        problems.append(Problem(paragraph: c.paragraph, byte: c.start,
                                                message: "footnote marker \(missing) not found before marker \(k + skip)"))
                        removals[c.paragraph].append((c.start, c.end, k + skip))
                        next = ci + 1
                        k += skip + 1
                        continue chain
                    }
                }
                break
            }
            k += 1
        }

        var out: [Paragraph] = []
        out.reserveCapacity(paragraphs.count)
        for (p, bytes) in paragraphs.enumerated() {
            if removals[p].isEmpty {
                out.append(Paragraph(text: String(decoding: bytes, as: UTF8.self), notes: []))
                continue
            }
            var text: [UInt8] = []
            text.reserveCapacity(bytes.count)
            var notes: [Note] = []
            var scalars = 0, cursor = bytes.startIndex
            for r in removals[p] {
                let s = bytes.startIndex + r.start, e = bytes.startIndex + r.end
                for b in bytes[cursor..<s] where b & 0xC0 != 0x80 { scalars += 1 }
                text.append(contentsOf: bytes[cursor..<s])
                notes.append(Note(number: r.number, offset: scalars, source: r.start))
                cursor = e
            }
            text.append(contentsOf: bytes[cursor...])
            out.append(Paragraph(text: String(decoding: text, as: UTF8.self), notes: notes))
        }
        return (out, problems)
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    private static func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }

    private enum TokenSplit { case none, whole, after(Int) }

    /// Whether the word ending in the digits `digits..<end` is a known token (`whole`), or a
    /// known token and then more digits (`after`: where they start), or neither.
    private static func tokenSplit(_ bytes: ArraySlice<UInt8>, digits s: Int, end e: Int, _ tokens: Set<[UInt8]>) -> TokenSplit {
        var w = s - 1
        while w > bytes.startIndex, isLetter(bytes[w - 1]) || isDigit(bytes[w - 1]) { w -= 1 }
        if tokens.contains(Array(bytes[w..<e])) { return .whole }
        for k in (s + 1)..<max(s + 1, e) where tokens.contains(Array(bytes[w..<k])) { return .after(k) }
        return .none
    }

    /// Whether the byte at `e` can follow a marker: a space or punctuation, not a letter, `%`,
    /// or a decimal point or comma with more digits.
    private static func canFollowMarker(_ bytes: ArraySlice<UInt8>, at e: Int) -> Bool {
        let f = bytes[e]
        if f >= 0x80 {
            // Letters outside ASCII rule a marker out; closing quotes and dashes do not.
            if let scalar = decodeScalar(bytes, at: e), scalar.properties.isAlphabetic { return false }
        } else if (f >= 0x41 && f <= 0x5A) || (f >= 0x61 && f <= 0x7A) || f == UInt8(ascii: "%") {
            return false
        } else if (f == UInt8(ascii: ".") || f == UInt8(ascii: ",")) && e + 1 < bytes.endIndex && isDigit(bytes[e + 1]) {
            return false
        }
        return true
    }

    /// The index of the next ASCII digit at or after `start` (or the end), skipping prose
    /// (which has few) without bounds checks.
    private static func nextDigit(_ bytes: ArraySlice<UInt8>, from start: Int) -> Int {
        let base = bytes.startIndex
        return bytes.withUnsafeBufferPointer { buffer in
            var k = start - base
            // Eight bytes at a time: a word with no ASCII digit (and no byte above 0x7F,
            // which the byte loop handles) is skipped whole.
            let raw = UnsafeRawBufferPointer(buffer)
            let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, high: UInt64 = 0x8080_8080_8080_8080
            while k < buffer.count {
                while k + 8 <= buffer.count {
                    let x = raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                    let atLeast30 = (x & low) &+ 0x5050_5050_5050_5050   // high bit: byte >= 0x30
                    let atLeast3A = (x & low) &+ 0x4646_4646_4646_4646   // high bit: byte >= 0x3A
                    if ((atLeast30 & ~atLeast3A) | x) & high != 0 { break }
                    k += 8
                }
                let stop = min(k + 8, buffer.count)
                while k < stop {
                    if buffer[k] >= 0x30 && buffer[k] <= 0x39 { return base + k }
                    k += 1
                }
            }
            return base + k
        }
    }

    private static func collect(_ bytes: ArraySlice<UInt8>, paragraph: Int, tokens: Set<[UInt8]>, into out: inout [Candidate]) {
        let base = bytes.startIndex, end = bytes.endIndex
        var i = base
        while i < end {
            // Skip to the next digit (prose has few) without bounds checks.
            i = nextDigit(bytes, from: i)
            guard i < end else { break }
            let s = i
            while i < end && isDigit(bytes[i]) { i += 1 }
            let e = i
            // A marker is a number from 1 printed without leading zeros (`007` is text).
            guard s > base, e - s <= 6, bytes[s] != 0x30 else { continue }
            guard e == end || canFollowMarker(bytes, at: e) else { continue }
            let prev = bytes[s - 1]
            if !tokens.isEmpty, isLetter(prev) {
                switch tokenSplit(bytes, digits: s, end: e, tokens) {
                case .none: break
                case .whole: continue
                case .after(let k):
                    // The token whole, then the marker.
                    if bytes[k] != 0x30 { out.append(Candidate(paragraph: paragraph, start: k - base, end: e - base, strong: number(bytes[k..<e]))) }
                    continue
                }
            }
            var c = Candidate(paragraph: paragraph, start: s - base, end: e - base)
            if prev == 0x20 {
                // `March 1510`: a day of the month, then a marker.
                guard followsMonth(bytes, before: s - 1) else { continue }
                var split = s + 1
                while split < e {
                    if bytes[split] != 0x30, let day = number(bytes[s..<split]), (1...31).contains(day),
                       let value = number(bytes[split..<e]) {
                        c.split.append((value, split - base))
                    }
                    split += 1
                }
                if c.split.isEmpty { continue }
            } else if prev == UInt8(ascii: ".") || prev == UInt8(ascii: ",") {
                // After a figure: `in 2018,3` is a marker (a thousands separator is followed by
                // exactly three digits); `May 11.11` only at a sentence end (next a capital).
                if s - 2 >= base && isDigit(bytes[s - 2]) {
                    let thousands = prev == UInt8(ascii: ",") && e - s == 3
                    let decimal = prev == UInt8(ascii: ".")
                    if (thousands || decimal) && !sentenceFollows(bytes, at: e) { continue }
                }
                c.strong = number(bytes[s..<e])
            } else if prev < 0x80 {
                switch prev {
                case 0x41...0x5A, 0x61...0x7A, UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: ")"), UInt8(ascii: "]"),
                     UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "!"), UInt8(ascii: "?"):
                    break
                default:
                    continue
                }
                c.strong = number(bytes[s..<e])
            } else {
                // A letter or closing punctuation outside ASCII (`”`, `’`, `é`), not a currency sign.
                guard let scalar = decodeScalar(bytes, endingBefore: s) else { continue }
                switch scalar {
                case "\u{201D}", "\u{2019}", "\u{00BB}", "\u{2026}", "\u{201C}": break
                default: guard scalar.properties.isAlphabetic else { continue }
                }
                c.strong = number(bytes[s..<e])
            }
            out.append(c)
        }
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 6 else { return nil }
        var n = 0
        for d in digits { n = n * 10 + Int(d - 0x30) }
        return n
    }

    private static func sentenceFollows(_ bytes: ArraySlice<UInt8>, at e: Int) -> Bool {
        if e == bytes.endIndex { return true }
        guard bytes[e] == 0x20, e + 1 < bytes.endIndex else { return false }
        let n = bytes[e + 1]
        return (n >= 0x41 && n <= 0x5A) || n == 0xE2 || n == UInt8(ascii: "\"")
    }

    private static func followsMonth(_ bytes: ArraySlice<UInt8>, before space: Int) -> Bool {
        var s = space
        while s > bytes.startIndex && bytes[s - 1] != 0x20 { s -= 1 }
        let word = bytes[s..<space]
        return months.contains { $0.elementsEqual(word) }
    }

    private static func decodeScalar(_ bytes: ArraySlice<UInt8>, at i: Int) -> Unicode.Scalar? {
        var j = i + 1
        while j < bytes.endIndex && bytes[j] & 0xC0 == 0x80 { j += 1 }
        return scalar(bytes[i..<j])
    }

    private static func decodeScalar(_ bytes: ArraySlice<UInt8>, endingBefore e: Int) -> Unicode.Scalar? {
        var s = e - 1
        while s > bytes.startIndex && bytes[s] & 0xC0 == 0x80 { s -= 1 }
        return scalar(bytes[s..<e])
    }

    /// The scalar one UTF-8 sequence encodes (the page was checked to be valid UTF-8).
    private static func scalar(_ sequence: ArraySlice<UInt8>) -> Unicode.Scalar? {
        guard let lead = sequence.first else { return nil }
        var value: UInt32
        switch sequence.count {
        case 1: value = UInt32(lead)
        case 2: value = UInt32(lead & 0x1F)
        case 3: value = UInt32(lead & 0x0F)
        default: value = UInt32(lead & 0x07)
        }
        for b in sequence.dropFirst() { value = value << 6 | UInt32(b & 0x3F) }
        return Unicode.Scalar(value)
    }
}
