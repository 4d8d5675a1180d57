/// A heading's template: literal text with the years it names — `{year}` (a field less `add`,
/// from `title-year`) and `{edition}` (the edition itself) — written from a report and read
/// back from a printed heading by the same template.
enum HeadingTemplate {
    /// The heading for `report`, or nil when a year it names is not known.
    static func text(_ heading: String, _ titleYear: PageSpec.TitleYear?, edition: String?, _ report: Record) -> String? {
        var out = heading
        if out.contains("{year}") {
            guard let ty = titleYear, let e = report.text(ty.field).flatMap({ Int($0) }) else { return nil }
            out = out.replacingOccurrences("{year}", String(e - ty.add))
        }
        if out.contains("{edition}") {
            guard let edition, let e = report.text(edition) else { return nil }
            out = out.replacingOccurrences("{edition}", e)
        }
        return out
    }

    /// The edition a printed heading (lower case, no trailing colon) names, read by the template
    /// when it follows it, else from its last word (a copy's own heading); with `conflict` set
    /// when the template's two years disagree.
    static func edition(in printed: String, _ heading: String, _ titleYear: PageSpec.TitleYear?) -> (edition: Int?, conflict: (year: Int, edition: Int)?) {
        if let bound = match(Array(printed.utf8), template: Array(heading.lowercased().utf8)) {
            let fromYear = bound["year"].flatMap { y in titleYear.map { y + $0.add } }
            if let a = fromYear, let b = bound["edition"], a != b { return (b, (bound["year"]!, b)) }
            return (bound["edition"] ?? fromYear, nil)
        }
        guard let ty = titleYear, heading.contains("{year}"), let year = Int(printed.split(separator: " ").last ?? "") else { return (nil, nil) }
        return (year + ty.add, nil)
    }

    /// Whether a printed heading (lower case, no trailing colon) is the template, whatever years
    /// it names.
    static func reads(_ printed: ArraySlice<UInt8>, _ heading: String) -> Bool {
        let template = Array(heading.lowercased().utf8)
        return printed.elementsEqual(template) || match(Array(printed), template: template) != nil
    }

    /// The numbers `{year}` and `{edition}` stand for in `printed`, when it follows `template`.
    private static func match(_ printed: [UInt8], template: [UInt8]) -> [String: Int]? {
        var bound: [String: Int] = [:]
        var p = 0, t = 0
        while t < template.count {
            if template[t] == UInt8(ascii: "{"), let close = template[t...].firstIndex(of: UInt8(ascii: "}")) {
                let name = String(decoding: template[(t + 1)..<close], as: UTF8.self)
                let start = p
                while p < printed.count, printed[p] >= 0x30, printed[p] <= 0x39 { p += 1 }
                guard p > start, let n = Int(String(decoding: printed[start..<p], as: UTF8.self)) else { return nil }
                bound[name] = n
                t = close + 1
            } else {
                guard p < printed.count, printed[p] == template[t] else { return nil }
                p += 1
                t += 1
            }
        }
        return p == printed.count && !bound.isEmpty ? bound : nil
    }
}
