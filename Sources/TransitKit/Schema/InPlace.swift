/// Visits records lent by `InPlace` (the pointer is valid during the visit only).
typealias RecordVisit = (UnsafePointer<Record>) -> Void

/// The report's records and lists visited without copying the values that hold them.
///
/// Rules visit records one by one (`sum(xs[*].ys[*].n)` reads each `ys` record of each `xs`
/// record), and the model check of a page read walks every value: both reach a record through
/// a pointer into the field values of the record above it, taken with `withUnsafeBufferPointer`
/// and used only inside its closure. A record or a list is bound by a pattern (one copy of the
/// record, counting its references) and lent to the visitor for the visit.
///
/// It once read a record straight out of the enum's memory (the payload's bytes at the value's
/// address, checked by a probe): undefined behaviour the optimiser may exploit, for 0.8% of the
/// instructions of validating 290 generated pages (857.8 M against 865.0 M, callgrind). Gone.
enum InPlace {
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

    /// `body` with field `i` of the record at `r`, where it stands (the pointer is not kept
    /// beyond `body`).
    @inline(__always)
    static func withField<T>(_ r: UnsafePointer<Record>, _ i: Int, _ body: (UnsafePointer<Value?>) -> T) -> T {
        r.pointee.fields.withUnsafeBufferPointer { body($0.baseAddress! + i) }
    }

    /// `body` with the field values of the record at `r`, where they stand.
    @inline(__always)
    static func withFields<T>(_ r: UnsafePointer<Record>, _ body: (UnsafeBufferPointer<Value?>) -> T) -> T {
        r.pointee.fields.withUnsafeBufferPointer(body)
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

    /// `body` with the record the value at `p` holds (its kind is 2).
    @inline(__always)
    static func withRecord(_ p: UnsafePointer<Value?>, _ body: RecordVisit) {
        if case .record(let r)? = p.pointee { withUnsafePointer(to: r, body) }
    }

    @inline(__always)
    static func withRecord(_ p: UnsafePointer<Value>, _ body: RecordVisit) {
        if case .record(let r) = p.pointee { withUnsafePointer(to: r, body) }
    }

    /// `body` with the items of the list the value at `p` holds (its kind is 3); none otherwise.
    @inline(__always)
    static func withItems<T>(_ p: UnsafePointer<Value?>, _ body: (UnsafeBufferPointer<Value>) -> T) -> T {
        if case .list(let items, _)? = p.pointee { return items.withUnsafeBufferPointer(body) }
        return body(UnsafeBufferPointer(start: nil, count: 0))
    }

    @inline(__always)
    static func withItems<T>(_ p: UnsafePointer<Value>, _ body: (UnsafeBufferPointer<Value>) -> T) -> T {
        if case .list(let items, _) = p.pointee { return items.withUnsafeBufferPointer(body) }
        return body(UnsafeBufferPointer(start: nil, count: 0))
    }
}
