/// The section of a report that states what changed since the previous edition, written and
/// checked from the schema's `wording.changes` templates and rules: nothing of it is in Swift.
public enum ChangesSection {
    /// The lines `new` should carry, given `old` (the previous edition of its subject).
    public static func lines(old: Record, new: Record, schema: Schema, oldFile: String, newFile: String) throws(ReadError) -> [String] {
        guard let section = schema.wording.changes else {
            throw ReadError(file: schema.file, mark: Mark(line: 1, column: 1), "the schema declares no wording for a changes section ('wording: changes:')")
        }
        // Figures are compared on the scale the section is written on: NEW's.
        let previous = schema.roles.isInverted(new) ? old : try schema.restated(old, file: oldFile)
        do throws(EvaluationError) {
            return try section.lines(report: new, previous: previous, schema: schema)
        } catch {
            throw ReadError(file: newFile, mark: new.mark, "the changes section cannot be written: \(error.message)")
        }
    }

    /// Where `new`'s own section disagrees with its figures and `old`'s: the findings of the
    /// rules the wording names, at their places in `file`.
    public static func check(old: Record, new: Record, schema: Schema, file: String) throws(ReadError) -> [Diagnostic] {
        guard let section = schema.wording.changes else {
            throw ReadError(file: schema.file, mark: Mark(line: 1, column: 1), "the schema declares no wording for a changes section ('wording: changes:')")
        }
        return Validator(schema: schema).validate(new, previous: old, file: file, only: Set(section.check))
    }
}
