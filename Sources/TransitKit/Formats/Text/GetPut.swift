#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The page reader's guarantee, GetPut: a page is taken as read only if writing what was read
/// gives back its bytes. (The page check on writing is the other law, PutGet.)
///
/// A reader that misreads a line — takes a word for part of a value, say — would otherwise lose
/// it silently. Here the page read is written back and compared: where the first difference
/// stands, that line is kept as it stands, unread, with a warning, and the page is read again.
/// A difference on a line already kept comes from a construct that began above it (a block
/// of several lines), so the nearest line above not yet kept is kept too. The page is refused,
/// never read with a loss, when that does not converge.
struct GetPut<Read> {
    let file: String
    /// The page's bytes, as the writer should give them back.
    let original: [UInt8]
    /// At most this many lines are kept before the page is refused.
    var limit = 256

    /// `read` reads the page with the given lines (0-based) kept as they stand, and returns what
    /// it read with the byte offset in `original` where each line starts; `write` writes it
    /// back; `warn` adds a warning to what was read.
    func read(_ read: (Set<Int>) throws(ReadError) -> (Read, lineStarts: [Int]),
              write: (Read) throws(ReadError) -> [UInt8],
              warn: (inout Read, Diagnostic) -> Void) throws(ReadError) -> Read {
        var verbatim: Set<Int> = [], kept: [(line: Int, back: String?)] = []
        while true {
            var (result, starts) = try read(verbatim)
            let back: [UInt8]
            do throws(ReadError) {
                back = try write(result)
            } catch {
                throw ReadError(file: file, mark: Mark(line: 1, column: 1),
                                "the page reads to values that cannot be written back as read (\(error.diagnostics.first?.message ?? "a value has no place")); nothing was read")
            }
            if Self.same(back, original) {
                for (k, printed) in kept {
                    let message = printed.map { "line kept as it stands, its values not read: read as values, it would be written back as \($0)" }
                        ?? "line kept as it stands, its values not read: it began a part of the page that would not be written back as read"
                    warn(&result, Diagnostic(.warning, file: file, mark: Mark(line: k + 1, column: 1), message))
                }
                return result
            }
            let (first, printed) = Self.firstDifference(back, original, lineStarts: starts)
            var k = first
            while k >= 0, verbatim.contains(k) { k -= 1 }
            guard k >= 0, verbatim.count < limit else {
                throw ReadError(file: file, mark: Mark(line: first + 1, column: 1),
                                "the page cannot be read without loss: this line would be written back as \(printed); nothing was read")
            }
            verbatim.insert(k)
            kept.append((k, k == first ? printed : nil))
        }
    }

    /// Whether two pages are the same bytes (one memcmp, not an element-wise comparison).
    static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count == b.count && a.withUnsafeBytes { x in b.withUnsafeBytes { y in x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 } }
    }

    /// The line (0-based) of `original` at which `back` first differs, and what `back` has from
    /// that line's start to its end (quoted).
    static func firstDifference(_ back: [UInt8], _ original: [UInt8], lineStarts: [Int]) -> (line: Int, printed: String) {
        var at = 0
        while at < back.count, at < original.count, back[at] == original[at] { at += 1 }
        // The last line starting at or before the difference (a binary search).
        var low = 0, high = lineStarts.count
        while low < high {
            let mid = (low + high) / 2
            if lineStarts[mid] <= at { low = mid + 1 } else { high = mid }
        }
        let k = max(0, low - 1)
        let start = min(lineStarts.isEmpty ? 0 : lineStarts[k], back.count)
        var end = start
        while end < back.count, back[end] != 0x0A, back[end] != 0x0D { end += 1 }
        return (k, StringEscape.quoted(String(decoding: back[start..<end], as: UTF8.self), limit: 80))
    }
}
