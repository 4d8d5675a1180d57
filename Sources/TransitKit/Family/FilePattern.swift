/// The regular expression (POSIX extended, as pre-commit's `files:` and `grep -E` read it) that
/// matches the names of report files and sheets of some families: a subject of a family (any of
/// its spellings) with an edition's year in the file name (`kazakhstan-2021.txt`,
/// `kazakhstan_2021-draft.yaml`) or split between a folder and the file (`2021/kazakhstan.txt`,
/// `kazakhstan/2021.txt`), and a sheet (`.csv`) with a year in its name. Configuration files,
/// notes and other data do not match.
public enum FilePattern {
    /// The pattern matching report files and sheets of any of `schemas`.
    public static func reports(of schemas: [Schema]) -> String {
        var names: Set<String> = []
        for schema in schemas {
            guard let subjects = schema.subjects else { continue }
            for spelling in subjects.values + subjects.aliases.map(\.spelling) { names.insert(name(spelling)) }
        }
        // Longest first, so that a name is not matched by a shorter one it starts with.
        let alternatives = names.sorted { ($0.count, $1) > ($1.count, $0) }.joined(separator: "|")
        let year = "(19|20)[0-9]{2}"
        return "(?i)(^|/)(((\(alternatives))[-_]\(year)([-_][^/]*)?|[^/]*\(year)[^/]*/(\(alternatives))|(\(alternatives))/\(year))\\.(txt|ya?ml|xml|json)"
            + "|[^/]*\(year)[^/]*\\.csv)$"
    }

    /// A subject's name as a file name may spell it: lower case, a space as `-`, `_` or a space,
    /// regular-expression characters escaped.
    private static func name(_ spelling: String) -> String {
        var out = ""
        for c in spelling.lowercased() {
            switch c {
            case " ": out += "[-_ ]"
            case ".", "(", ")", "[", "]", "{", "}", "*", "+", "?", "|", "^", "$", "\\": out += "\\" + String(c)
            default: out.append(c)
            }
        }
        return out
    }
}
