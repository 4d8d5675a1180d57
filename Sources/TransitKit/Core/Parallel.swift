#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Work spread over threads, with results in input order whatever the number of threads.
package enum Parallel {
    /// The number of threads to use by default: the machine's processors.
    package static var processors: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// `body(i)` for every `i` in `0..<count` on up to `jobs` threads; `progress` is called
    /// (from any thread, serially) with the number done after each item. `order`, a
    /// permutation of `0..<count`, is the order the items are taken in (the results are in
    /// input order whatever it is).
    ///
    /// The results are written where they belong in the array returned, as they come: one
    /// array of `count` results is all a run holds (a batch of 100,000 files held five copies
    /// of its list of results before).
    package static func map<T: Sendable>(count: Int, jobs: Int = processors, order: [Int]? = nil,
                                        progress: (@Sendable (Int) -> Void)? = nil,
                                        _ body: @Sendable (Int) -> T) -> [T] {
        if let order {
            // Each index once: a slot left unwritten, or written twice, would be memory unsafety.
            var seen = [Bool](repeating: false, count: count)
            for i in order {
                precondition(i >= 0 && i < count && !seen[i], "Parallel.map: the order is not a permutation of 0..<\(count)")
                seen[i] = true
            }
            precondition(order.count == count, "Parallel.map: the order is not a permutation of 0..<\(count)")
        }
        guard count > 0 else { return [] }
        return Array(unsafeUninitializedCapacity: count) { buffer, initialized in
            let out = Slots(base: buffer.baseAddress!)
            // Shared by reference, behind a pthread mutex (see Locked): the next turn, the
            // number done, and the writes (so that every tool sees them ordered).
            let state = Locked<(next: Int, done: Int)>((0, 0))
            let workers = max(1, min(jobs, count))
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let turn: Int = state.withLock { s in
                        defer { s.next += 1 }
                        return s.next
                    }
                    guard turn < count else { return }
                    let i = order?[turn] ?? turn
                    let value = body(i)
                    state.withLock { s in
                        (out.base + i).initialize(to: value)
                        s.done += 1
                        progress?(s.done)
                    }
                }
            }
            initialized = count
        }
    }

    /// The results' storage, written by every thread at indices no other writes.
    private struct Slots<T>: @unchecked Sendable {
        let base: UnsafeMutablePointer<T>
    }
}

extension Parallel {
    /// `body(i)` for every `i` in `0..<count` on up to `jobs` threads, `chunk` items at a time;
    /// `consume` gets each result in input order, on the calling thread, before the next chunk
    /// starts. At most a chunk's results are held, so the memory a batch needs does not grow
    /// with the number of its items. `progress` gets the number done in all.
    package static func forEach<T: Sendable>(count: Int, jobs: Int = processors, chunk: Int = 2048, progress: (@Sendable (Int) -> Void)? = nil,
                                            _ body: @Sendable (Int) -> T, consume: (Int, T) -> Void) {
        var start = 0
        while start < count {
            let base = start, n = min(chunk, count - start)
            var step: (@Sendable (Int) -> Void)?
            if let progress { step = { done in progress(base + done) } }
            let results = map(count: n, jobs: jobs, progress: step) { k in body(base + k) }
            for (k, r) in results.enumerated() { consume(base + k, r) }
            start += n
        }
    }
}

/// A value behind a lock, shared by reference. The lock is a pthread mutex: Swift's `Mutex` on
/// Linux is built on futexes that ThreadSanitizer cannot see, so it reported the guarded value
/// as raced; a pthread mutex is understood by every tool.
package final class Locked<Value>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var value: Value

    package init(_ value: Value) {
        self.value = value
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    package func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
