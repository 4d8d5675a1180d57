/// The page writer's guarantee: a page is written only if reading it back gives the very model
/// it was written from. Page text has no escapes, so some values cannot be carried — a line feed
/// in a one-line field, a leading combining mark that would fuse with the character before it,
/// NUL, text the reader would take for a heading or a footnote. Rather than guess each case, the
/// written page is read back and compared; the first value that would come back different is
/// refused, named by its JSON Pointer and located in the input.
struct PageCheck {
    let schema: Schema
    let types: PageTypes

    /// Throws when `page` does not read back as `report`. The report's identity is given to the
    /// reader as a file name would give it: a page need not print its country and edition. `source` is the file the report was
    /// read from (its marks point there); `output` the page's destination.
    func verify(_ page: [UInt8], carries report: Record, source: String, output: String) throws(ReadError) {
        let back: Record
        var options = ReadOptions(country: report.text(types.spec.name), edition: report.text(at: schema.roles.edition.path),
                                  fileName: "", footnoteWarnings: false)
        options.getPut = false
        do throws(ReadError) {
            back = try PageReader(bytes: page, file: output, schema: schema, types: types).read(options: options).report
        } catch {
            if let bad = JSONPointer.firstScalar(in: report, Self.hardReason) {
                throw ReadError(file: source, mark: bad.value.mark, "page text cannot carry \(bad.pointer): \(bad.found); nothing written to \(output)")
            }
            throw ReadError(file: source, mark: report.mark,
                            "page text cannot carry this report: the page written would not read back (\(error.diagnostics.first?.message ?? "unreadable")); nothing written to \(output)")
        }
        if back == report { return }
        // The page read as a user's read reads it, keeping as they stand the lines that would not
        // come back as read (lines the report kept so, which a plain read takes apart again): the
        // fuller read costs a write, so it is asked only here.
        options.getPut = true
        if let full = try? PageReader(bytes: page, file: output, schema: schema, types: types).read(options: options).report, full == report { return }
        // A value page text cannot hold at all explains the difference best, wherever it shows.
        if let bad = JSONPointer.firstScalar(in: report, Self.hardReason) {
            throw ReadError(file: source, mark: bad.value.mark, "page text cannot carry \(bad.pointer): \(bad.found); nothing written to \(output)")
        }
        guard let difference = ModelDifference.first(report, back) else { return }
        let mark = difference.original?.mark ?? difference.container.mark
        var message = "page text cannot carry \(difference.pointer.isEmpty ? "the report" : difference.pointer)"
        if let reason = difference.original.flatMap({ Self.reason($0) }) {
            message += ": \(reason)"
        } else {
            message += difference.readBack == nil ? ": the page written has no place for it" : ": it would read back as \(ModelDifference.describe(difference.readBack))"
        }
        message += "; nothing written to \(output)"
        throw ReadError(file: source, mark: mark, message)
    }

    /// What in a scalar page text cannot hold, when it is one of the known cases.
    static func reason(_ value: Value) -> String? {
        if case .list(let items, _) = value, items.isEmpty {
            return "it is an empty list, which page text cannot tell from no list (remove the field)"
        }
        guard case .scalar(let text, _) = value else { return nil }
        if let hard = hardReason(text) { return hard }
        if text.first?.isWhitespace == true || text.last?.isWhitespace == true {
            return "its leading or trailing white space would not survive on the page"
        }
        if text.isEmpty { return "it is empty, and an empty value is no value on the page" }
        return nil
    }

    /// What page text cannot hold in any field (a control character, a line break, a leading
    /// combining mark).
    static func hardReason(_ text: String) -> String? {
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: return "it holds a line feed, and the field is one line of the page"
            case 0x0D: return "it holds a carriage return, and the field is one line of the page"
            case 0x00: return "it holds a NUL character"
            case 0x2028, 0x2029, 0x85: return "it holds a line or paragraph separator (U+\(String(scalar.value, radix: 16, uppercase: true)))"
            default: continue
            }
        }
        if let first = text.unicodeScalars.first, first.properties.generalCategory == .nonspacingMark
            || first.properties.generalCategory == .spacingMark || first.properties.generalCategory == .enclosingMark {
            return "it starts with a combining mark (U+\(String(first.value, radix: 16, uppercase: true))), which the page would join to the character before it"
        }
        return nil
    }
}

/// The first place where two models differ, in schema order.
enum ModelDifference {
    struct Place {
        var pointer: String
        var original: Value?
        var readBack: Value?
        /// The record or list holding the place (for a location when the value is absent).
        var container: Value
    }

    static func first(_ a: Record, _ b: Record) -> Place? {
        first(a, b, pointer: "")
    }

    private static func first(_ a: Record, _ b: Record, pointer: String) -> Place? {
        guard a.type === b.type else { return Place(pointer: pointer, original: .record(a), readBack: .record(b), container: .record(a)) }
        for (i, field) in a.type.fields.enumerated() {
            let x = a.fields[i], y = b.fields[i]
            if x == y { continue }
            let here = pointer + "/" + JSONPointer.escape(field.key)
            if let x, let y { if let p = first(x, y, pointer: here) { return p } else { continue } }
            return Place(pointer: here, original: x, readBack: y, container: .record(a))
        }
        return nil
    }

    private static func first(_ a: Value, _ b: Value, pointer: String) -> Place? {
        switch (a, b) {
        case (.record(let x), .record(let y)):
            return first(x, y, pointer: pointer)
        case (.list(let xs, _), .list(let ys, _)):
            for k in 0..<max(xs.count, ys.count) {
                let x = k < xs.count ? xs[k] : nil, y = k < ys.count ? ys[k] : nil
                if x == y { continue }
                let here = pointer + "/\(k)"
                if let x, let y { if let p = first(x, y, pointer: here) { return p } else { continue } }
                return Place(pointer: here, original: x, readBack: y, container: a)
            }
            return nil
        default:
            return a == b ? nil : Place(pointer: pointer, original: a, readBack: b, container: a)
        }
    }

    /// A short, printable account of a value.
    static func describe(_ value: Value?) -> String {
        switch value {
        case nil: return "nothing"
        case .scalar(let text, _)?: return StringEscape.quoted(text, limit: 60)
        case .record?: return "another record"
        case .list(let items, _)?: return "a list of \(items.count)"
        }
    }
}
