/// Plain memory holding `count` initialised values, grown by doubling: an append is a store
/// (an array checks its uniqueness and retains its buffer on every append), and a value is read
/// or written where it stands. What the rules' frame keeps per report (its records, their
/// fields' values, the steps of their paths) lives in these.
///
/// Only the `count` values appended are ever moved, read or destroyed: growing moves those and
/// no more (it once moved the whole capacity, uninitialised memory included). The buffer is
/// not copyable and frees itself. A pointer from `pointer(at:)` is valid until the next append.
/// Indexes are checked in debug builds (`assert`); `ArrayMirrorTests` drive the buffer and an
/// `Array` through the same operations and hold them to the same contents.
struct PlainBuffer<Element>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    /// Room for `extra` more values.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        var grown = capacity * 2
        while count + extra > grown { grown *= 2 }
        let memory = UnsafeMutablePointer<Element>.allocate(capacity: grown)
        memory.moveInitialize(from: base, count: count)
        base.deallocate()
        base = memory
        capacity = grown
    }

    /// Appends `value`; its index.
    @inline(__always) @discardableResult
    mutating func append(_ value: consuming Element) -> Int {
        reserve(1)
        (base + count).initialize(to: value)
        count += 1
        return count - 1
    }

    /// Appends `n` copies of `value`; the index of the first.
    @inline(__always) @discardableResult
    mutating func append(repeating value: Element, count n: Int) -> Int {
        reserve(n)
        (base + count).initialize(repeating: value, count: n)
        count += n
        return count - n
    }

    @inline(__always)
    subscript(i: Int) -> Element {
        get {
            assert(i >= 0 && i < count, "PlainBuffer index \(i) out of 0..<\(count)")
            return base[i]
        }
        set {
            assert(i >= 0 && i < count, "PlainBuffer index \(i) out of 0..<\(count)")
            base[i] = newValue
        }
    }

    /// The value at `i` where it stands (valid until the next append).
    @inline(__always)
    func pointer(at i: Int) -> UnsafeMutablePointer<Element> {
        assert(i >= 0 && i < count, "PlainBuffer index \(i) out of 0..<\(count)")
        return base + i
    }
}
