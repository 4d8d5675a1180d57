#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small string helpers shared by every layer: ASCII case-insensitive search, replacements,
/// components between separators.

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })!
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[first...last])
        return String(out)
    }

    /// Every occurrence of `target` replaced by `replacement` (no Foundation needed).
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        guard !target.isEmpty else { return String(self) }
        var out = ""
        var rest = Substring(self)
        while let r = rest.range(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        out += rest
        return out
    }
}

extension Substring {
    /// The range of the first occurrence of `target`. Compared as UTF-8 bytes, which for valid
    /// UTF-8 is the same as by Unicode scalars (no Character-level equivalence).
    func range(of target: String) -> Range<Index>? {
        let needle = Array(target.utf8)
        let found = utf8.withContiguousStorageIfAvailable { TransitKit.firstRange(of: needle, in: $0) }
            ?? TransitKit.firstRange(of: needle, in: Array(utf8))
        guard let offset = found else { return nil }
        let lower = utf8.index(startIndex, offsetBy: offset)
        return lower..<utf8.index(lower, offsetBy: needle.count)
    }
}

extension StringProtocol {
    /// Whether the text contains `target`, compared as UTF-8 bytes.
    func contains(bytes target: String) -> Bool { Substring(self).range(of: target) != nil }

    /// Whether the text contains `word` (lower-case ASCII), ignoring ASCII case.
    func contains(ignoringCase word: String) -> Bool {
        let needle = Array(word.utf8)
        return utf8.withContiguousStorageIfAvailable { containsIgnoringASCIICase($0, needle) }
            ?? containsIgnoringASCIICase(Array(utf8), needle)
    }
}

/// The offset of the first occurrence of `needle` in `haystack`, or nil.
func firstRange(of needle: [UInt8], in haystack: some Collection<UInt8>) -> Int? {
    guard let first = needle.first, haystack.count >= needle.count else { return nil }
    func search(_ h: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = h.baseAddress else { return nil }
        var k = 0
        let last = h.count - needle.count
        while k <= last {
            // memchr finds the candidates; the rest of the needle is compared in place.
            guard let hit = memchr(base + k, Int32(first), last - k + 1) else { return nil }
            k = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            if memcmp(base + k, needle, needle.count) == 0 { return k }
            k += 1
        }
        return nil
    }
    return haystack.withContiguousStorageIfAvailable(search) ?? Array(haystack).withUnsafeBufferPointer(search)
}

private func lowerASCII(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b + 32 : b }

/// Whether `text` equals the lower-case ASCII `word`, ignoring ASCII case.
func equalsIgnoringASCIICase(_ text: some Collection<UInt8>, _ word: [UInt8]) -> Bool {
    text.count == word.count && zip(text, word).allSatisfy { lowerASCII($0) == $1 }
}

/// Whether `text` starts with the lower-case ASCII `word`, ignoring ASCII case.
func startsIgnoringASCIICase(_ text: some Collection<UInt8>, _ word: [UInt8]) -> Bool {
    text.count >= word.count && zip(text, word).allSatisfy { lowerASCII($0) == $1 }
}

/// Whether `text` contains the lower-case ASCII `word`, ignoring ASCII case.
func containsIgnoringASCIICase(_ text: UnsafeBufferPointer<UInt8>, _ word: [UInt8]) -> Bool {
    guard let first = word.first, text.count >= word.count else { return false }
    let upper = first >= 0x61 && first <= 0x7A ? first - 32 : first
    var k = 0
    let last = text.count - word.count
    outer: while k <= last {
        let b = text[k]
        if b == first || b == upper {
            for j in 1..<word.count where lowerASCII(text[k + j]) != word[j] {
                k += 1
                continue outer
            }
            return true
        }
        k += 1
    }
    return false
}

func containsIgnoringASCIICase(_ text: [UInt8], _ word: [UInt8]) -> Bool {
    text.withUnsafeBufferPointer { containsIgnoringASCIICase($0, word) }
}

func containsIgnoringASCIICase(_ text: ArraySlice<UInt8>, _ word: [UInt8]) -> Bool {
    text.withUnsafeBufferPointer { containsIgnoringASCIICase($0, word) }
}

extension String {
    /// The parts of the string between occurrences of `separator`.
    func components(_ separator: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(self)
        while let r = rest.range(of: separator) {
            parts.append(String(rest[..<r.lowerBound]))
            rest = rest[r.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}
