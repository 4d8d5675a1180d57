/// Visits records read where they stand (see `InPlace`).
typealias RecordVisit = (UnsafePointer<Record>) -> Void

/// The report's records and lists read where they stand inside its values, none copied.
///
/// Rules visit records one by one (`sum(xs[*].ys[*].n)` reads each `ys` record of each `xs`
/// record), and a copy of a record out of a value counts two references (its type's and its
/// fields'): where a report's lists held two hundred records, that was the largest cost of
/// validating. The model check of a report read walks every value the same way.
///
/// A `Value.record`'s payload is the bytes of its record at the value's own address, and a
/// `Value.list`'s the bytes of its array: Swift lays out a multi-payload enum's payload at
/// offset 0, and `Value`'s cases have no spare bits in common, so its case is told by a tag
/// byte after the payload (and `Value?`'s nil by a value of that byte). `layoutHolds` checks
/// this once, on values themselves; where it does not hold, each record is copied as before.
///
/// A pointer handed out is valid while the value it points into is alive and unchanged: its
/// users only read a report they hold (the rules' frame, the model check of a report read).
enum InPlace {
    /// Whether a record and a list are stored verbatim at the start of a value holding them.
    static let layoutHolds: Bool = {
        func bytes<T>(_ x: T, _ n: Int) -> [UInt8] { withUnsafeBytes(of: x) { Array($0.prefix(n)) } }
        let r = Record(RecordType(name: "probe"), mark: Mark(line: 3, column: 4))
        let items: [Value] = [.scalar("probe", .unknown)]
        let record = MemoryLayout<Record>.size, list = MemoryLayout<[Value]>.size
        return bytes(Value.record(r), record) == bytes(r, record)
            && bytes(Value?.some(.record(r)), record) == bytes(r, record)
            && bytes(Value.list(items, .unknown), list) == bytes(items, list)
            && bytes(Value?.some(.list(items, .unknown)), list) == bytes(items, list)
    }()

    /// The type of the record at `r` (unretained: the schema keeps it) and the index of its
    /// field whose name has the schema-wide id `id`; nil when it has none.
    @inline(__always)
    static func field(_ r: UnsafePointer<Record>, id: Int) -> (Unmanaged<RecordType>, Int)? {
        let type = Unmanaged.passUnretained(r.pointee.type)
        guard let i = type._withUnsafeGuaranteedRef({ $0.fieldIndex(id: id) }) else { return nil }
        return (type, i)
    }

    /// Whether field `i` of `type` is a number field.
    @inline(__always)
    static func isNumber(_ type: Unmanaged<RecordType>, _ i: Int) -> Bool {
        type._withUnsafeGuaranteedRef { type in
            unowned(unsafe) let field = type.fields[i]
            return field.scalarKind == .number
        }
    }

    /// The first of the field values of the record at `r`. The record keeps its fields' storage
    /// alive (and unchanged) for as long as the record is.
    @inline(__always)
    static func fields(_ r: UnsafePointer<Record>) -> UnsafePointer<Value?> {
        r.pointee.fields.withUnsafeBufferPointer { $0.baseAddress! }
    }

    /// What the value at `p` holds: 0 nothing, 1 a scalar, 2 a record, 3 a list. A switch
    /// that binds nothing reads the case in place.
    @inline(__always)
    static func kind(_ p: UnsafePointer<Value?>) -> UInt8 {
        switch p.pointee {
        case nil: 0
        case .scalar?: 1
        case .record?: 2
        case .list?: 3
        }
    }

    @inline(__always)
    static func kind(_ p: UnsafePointer<Value>) -> UInt8 {
        switch p.pointee {
        case .scalar: 1
        case .record: 2
        case .list: 3
        }
    }

    /// `body` with the record the value at `p` holds (its kind is 2). `inPlace` false copies
    /// it first (where the layout does not hold; tests hold both ways to the same record).
    @inline(__always)
    static func withRecord(_ p: UnsafePointer<Value?>, inPlace: Bool = layoutHolds, _ body: RecordVisit) {
        if inPlace { return body(UnsafeRawPointer(p).assumingMemoryBound(to: Record.self)) }
        if case .record(let r)? = p.pointee { withUnsafePointer(to: r, body) }
    }

    @inline(__always)
    static func withRecord(_ p: UnsafePointer<Value>, inPlace: Bool = layoutHolds, _ body: RecordVisit) {
        if inPlace { return body(UnsafeRawPointer(p).assumingMemoryBound(to: Record.self)) }
        if case .record(let r) = p.pointee { withUnsafePointer(to: r, body) }
    }

    /// `body` with the items of the list the value at `p` holds (its kind is 3).
    @inline(__always)
    static func withItems<T>(_ p: UnsafePointer<Value?>, inPlace: Bool = layoutHolds, _ body: (UnsafeBufferPointer<Value>) -> T) -> T {
        if inPlace { return UnsafeRawPointer(p).assumingMemoryBound(to: [Value].self).pointee.withUnsafeBufferPointer(body) }
        if case .list(let items, _)? = p.pointee { return items.withUnsafeBufferPointer(body) }
        return body(UnsafeBufferPointer(start: nil, count: 0))
    }

    @inline(__always)
    static func withItems<T>(_ p: UnsafePointer<Value>, inPlace: Bool = layoutHolds, _ body: (UnsafeBufferPointer<Value>) -> T) -> T {
        if inPlace { return UnsafeRawPointer(p).assumingMemoryBound(to: [Value].self).pointee.withUnsafeBufferPointer(body) }
        if case .list(let items, _) = p.pointee { return items.withUnsafeBufferPointer(body) }
        return body(UnsafeBufferPointer(start: nil, count: 0))
    }
}
