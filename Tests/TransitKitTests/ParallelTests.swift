import Testing
@testable import TransitKit

/// Work on all processors, results in input order, whatever the threads and the chunks.
struct ParallelTests {
    @Test(arguments: [1, 2, 7])
    func mapKeepsInputOrder(_ jobs: Int) {
        #expect(Parallel.map(count: 1000, jobs: jobs) { $0 * 3 } == (0..<1000).map { $0 * 3 })
    }

    /// Taken in another order, the items still come back in input order, each computed once,
    /// and the turns follow the order given (on one thread, exactly).
    @Test(arguments: [1, 2, 7])
    func mapTakesItsTurnsInTheOrderGivenAndKeepsInputOrder(_ jobs: Int) {
        let order = interleaved(count: 1000, blocks: 3)
        let taken = Locked<[Int]>([])
        let results = Parallel.map(count: 1000, jobs: jobs, order: order) { i -> String in
            taken.withLock { $0.append(i) }
            return "item \(i)"
        }
        #expect(results == (0..<1000).map { "item \($0)" })
        let turns = taken.withLock { $0 }
        #expect(turns.sorted() == Array(0..<1000))
        if jobs == 1 { #expect(turns == order) }
    }

    @Test func mapOfNothingIsEmpty() {
        #expect(Parallel.map(count: 0, jobs: 2, order: []) { $0 }.isEmpty)
    }

    /// A permutation of 0..<count cut into `blocks` blocks, a turn from each in order.
    private func interleaved(count: Int, blocks: Int) -> [Int] {
        let b = (count + blocks - 1) / blocks
        return (0..<b).flatMap { offset in stride(from: offset, to: count, by: b).map { $0 } }
    }

    /// `forEach` hands each result over in input order across chunk boundaries, and the
    /// progress count reaches the whole.
    @Test(arguments: [(1, 1), (2, 7), (4, 1000), (2, 5000)])
    func forEachConsumesInOrderChunkByChunk(_ jobs: Int, _ chunk: Int) {
        let last = Locked(0)
        var seen: [Int] = []
        Parallel.forEach(count: 2500, jobs: jobs, chunk: chunk, progress: { done in last.withLock { $0 = max($0, done) } }, { $0 * $0 }, consume: { i, v in
            #expect(v == i * i)
            seen.append(i)
        })
        #expect(seen == Array(0..<2500))
        #expect(last.withLock { $0 } == 2500)
    }

    @Test func forEachOfNothingDoesNothing() {
        var called = false
        Parallel.forEach(count: 0, { $0 }, consume: { _, _ in called = true })
        #expect(!called)
    }
}
