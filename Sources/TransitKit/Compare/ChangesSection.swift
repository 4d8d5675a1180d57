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

extension ChangesSection {
    /// Why OLD is not the edition before NEW of one country, or nil when it is.
    public static func notConsecutive(_ old: Record, _ new: Record, schema: Schema) -> String? {
        let roles = schema.roles
        let subject = roles.subject.label.lowercased()
        guard let a = old.text(at: roles.subject.path), let b = new.text(at: roles.subject.path) else {
            return "cannot tell the \(subject) of \(old.text(at: roles.subject.path) == nil ? "OLD" : "NEW") (name it in the report or the file name)"
        }
        if a != b { return "OLD is a report on \(a) and NEW on \(b): the changes are between two editions of one \(subject)" }
        guard let x = old.text(at: roles.edition.path).flatMap({ Int($0) }), let y = new.text(at: roles.edition.path).flatMap({ Int($0) }) else {
            return "cannot tell the edition of \(old.text(at: roles.edition.path) == nil ? "OLD" : "NEW")"
        }
        guard let before = schema.previousEdition(y) else {
            return "\(y) has no previous edition in the schema, so nothing changed since one"
        }
        if x != before { return "OLD is the \(x) edition, but the edition before \(y) is \(before)" }
        return nil
    }
}
