import Testing
@testable import TransitKit

/// `PlainBuffer`, the plain memory of the rules' frame, driven through random appends, writes and
/// reads beside an `Array` doing the same: the same contents at every step, through growth, with
/// values that count references (strings, arrays), each destroyed once (AddressSanitizer, in
/// `make test-sanitize`, sees a double free or a leak of moved memory).
struct ArrayMirrorTests {
    @Test(arguments: [1, 2, 7, 64])
    func plainBufferAgreesWithAnArray(_ capacity: Int) {
        var rng = SplitMix64(seed: UInt64(capacity))
        var buffer = PlainBuffer<[String]>(capacity: capacity)
        var mirror: [[String]] = []
        for step in 0..<3000 {
            switch rng.next() % 4 {
            case 0, 1:
                let value = [String(step), String(repeating: "x", count: Int(rng.next() % 40))]
                #expect(buffer.append(value) == mirror.count)
                mirror.append(value)
            case 2:
                let n = Int(rng.next() % 5)
                let value = ["run \(step)"]
                #expect(buffer.append(repeating: value, count: n) == mirror.count)
                mirror.append(contentsOf: Array(repeating: value, count: n))
            default:
                guard !mirror.isEmpty else { continue }
                let i = Int(rng.next() % UInt64(mirror.count))
                buffer[i] = ["written \(step)"]
                mirror[i] = ["written \(step)"]
                #expect(buffer.pointer(at: i).pointee == mirror[i])
            }
            #expect(buffer.count == mirror.count)
        }
        #expect((0..<mirror.count).allSatisfy { buffer[$0] == mirror[$0] })
    }
}
