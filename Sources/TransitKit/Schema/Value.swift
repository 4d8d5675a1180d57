/// A value of the report model, shaped by the schema.
///
/// Scalars keep the text they were printed with (`1.50` stays `1.50`); what a scalar means
/// (string, decimal, integer, boolean, enumeration) is the schema field's business. Every value
/// remembers where it was read, for diagnostics; equality ignores those marks.
public enum Value: Sendable, Equatable {
    /// A scalar's text as printed, and where it was read.
    case scalar(String, Mark)
    /// A record.
    case record(Record)
    /// A list's values, and where the list was read.
    case list([Value], Mark)

    /// The scalar's text, or nil for a record or a list.
    public var text: String? {
        if case .scalar(let s, _) = self { return s }
        return nil
    }

    /// The record, or nil for a scalar or a list.
    public var record: Record? {
        if case .record(let r) = self { return r }
        return nil
    }

    /// The list's values, or nil for a scalar or a record.
    public var items: [Value]? {
        if case .list(let items, _) = self { return items }
        return nil
    }

    /// Where the value was read.
    public var mark: Mark {
        switch self {
        case .scalar(_, let m): m
        case .record(let r): r.mark
        case .list(_, let m): m
        }
    }

    public static func == (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case (.scalar(let x, _), .scalar(let y, _)): x == y
        case (.record(let x), .record(let y)): x == y
        case (.list(let x, _), .list(let y, _)): x == y
        default: false
        }
    }
}

/// A record of one schema type: its field values in schema order, absent ones nil.
public struct Record: Sendable, Equatable {
    /// The record's type.
    public let type: RecordType
    /// The field values, in the order of the type's fields (nil: absent).
    public var fields: [Value?]
    /// Where the record was read.
    public var mark: Mark

    /// A record of `type` with every field absent.
    public init(_ type: RecordType, mark: Mark = .unknown) {
        self.type = type
        // A copy of the type's empty field list, copied on the first write: making a new array
        // of a count here asks the runtime for the array's type on every record.
        self.fields = type.noFields
        self.mark = mark
    }

    /// The value of the field named `name` (a schema name); nil when it is absent or the type
    /// has no such field. (Inside transit, which writes only the names its schema checked, a
    /// write to a name the type lacks stops the program; a library user sets a field with
    /// `setField(_:to:)`, which says so instead.)
    public internal(set) subscript(name: String) -> Value? {
        get { type.lookup(name).flatMap { fields[$0] } }
        set { fields[type.index(of: name)] = newValue }
    }

    /// A field the record's type does not have.
    public struct UnknownField: Error, Sendable, CustomStringConvertible {
        /// The type's name.
        public let type: String
        /// The name asked for.
        public let name: String
        public var description: String { "'\(type)' has no field '\(name)'" }
    }

    /// Sets the field named `name` (nil removes its value); throws when the type has no such field.
    public mutating func setField(_ name: String, to value: Value?) throws(UnknownField) {
        guard let i = type.lookup(name) else { throw UnknownField(type: type.name, name: name) }
        fields[i] = value
    }

    /// The scalar text of a field, or nil.
    public func text(_ name: String) -> String? { self[name]?.text }

    /// Sets a scalar field, or removes it when `text` is nil (a name the schema checked).
    mutating func set(_ name: String, _ text: String?, at mark: Mark = .unknown) {
        self[name] = text.map { .scalar($0, mark) }
    }

    public static func == (a: Record, b: Record) -> Bool {
        a.type === b.type && a.fields == b.fields
    }
}
