#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization

/// Work spread over threads, with results in input order whatever the number of threads.
public enum Parallel {
    /// The number of threads to use by default: the machine's processors.
    public static var processors: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// `body(i)` for every `i` in `0..<count` on up to `jobs` threads; `progress` is called
    /// (from any thread, serially) with the number done after each item.
    public static func map<T: Sendable>(count: Int, jobs: Int = processors, progress: (@Sendable (Int) -> Void)? = nil,
                                        _ body: @Sendable (Int) -> T) -> [T] {
        // The lock lives in a class: a closure that captured the Mutex variable itself would
        // make every worker's withLock a formal access to one stack variable, which
        // ThreadSanitizer reports as a race (the lock is sound, the access bookkeeping is not).
        let state = Locked<(next: Int, done: Int, results: [T?])>((0, 0, Array(repeating: nil, count: count)))
        let workers = max(1, min(jobs, count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let i: Int = state.withLock { s in
                    defer { s.next += 1 }
                    return s.next
                }
                guard i < count else { return }
                let value = body(i)
                state.withLock { s in
                    s.results[i] = value
                    s.done += 1
                    progress?(s.done)
                }
            }
        }
        return state.withLock { $0.results.map { $0! } }
    }
}

/// A value behind a lock, shared by reference.
final class Locked<Value>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: sending Value) { mutex = Mutex(value) }

    func withLock<Result>(_ body: (inout sending Value) -> sending Result) -> sending Result {
        mutex.withLock(body)
    }
}
