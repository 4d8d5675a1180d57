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
    /// The range of the first occurrence of `target`, compared by Unicode scalars.
    func range(of target: String) -> Range<Index>? {
        let t = Array(target.unicodeScalars)
        guard let head = t.first else { return nil }
        var i = unicodeScalars.startIndex
        let end = unicodeScalars.endIndex
        while i < end {
            if unicodeScalars[i] == head {
                var j = i, k = 0
                while k < t.count && j < end && unicodeScalars[j] == t[k] {
                    j = unicodeScalars.index(after: j)
                    k += 1
                }
                if k == t.count { return i..<j }
            }
            i = unicodeScalars.index(after: i)
        }
        return nil
    }
}
