import TransitKit

/// The (input, output) pairs of a conversion batch, held compactly: a directory input's files by
/// their paths relative to it, in one byte store, each input and output path spelled only when
/// it is wanted. A batch of 100,000 files holds about 40 bytes a file rather than two full
/// paths and a pair (about 200), so a batch's memory stays flat however many files it has.
struct ConvertJobs {
    private struct Root {
        let input: String
        let output: String
        /// A directory: its jobs are its files, by relative path. A file: one job, these paths.
        let isDirectory: Bool
    }
    let target: Format
    private var roots: [Root] = []
    private var rootOf: [Int32] = []
    /// Where each job's relative path ends in `bytes` (it starts where the one before ends).
    private var ends: [UInt32] = []
    private var bytes: [UInt8] = []

    init(target: Format) { self.target = target }

    var count: Int { rootOf.count }

    /// One file into `output`.
    mutating func add(file input: String, output: String) {
        roots.append(Root(input: input, output: output, isDirectory: false))
        rootOf.append(Int32(roots.count - 1))
        ends.append(UInt32(bytes.count))
    }

    /// The files of a directory (`relative` to it) into the same relative paths under `output`,
    /// with the target's extension.
    mutating func add(directory input: String, into output: String, relative: some Sequence<String>) {
        roots.append(Root(input: input, output: output, isDirectory: true))
        let root = Int32(roots.count - 1)
        for rel in relative {
            bytes.append(contentsOf: rel.utf8)
            rootOf.append(root)
            ends.append(UInt32(bytes.count))
        }
    }

    private func relative(_ k: Int) -> String {
        let start = k == 0 ? 0 : Int(ends[k - 1]), end = Int(ends[k])
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
    }

    func input(_ k: Int) -> String {
        let root = roots[Int(rootOf[k])]
        return root.isDirectory ? FileIO.join(root.input, relative(k)) : root.input
    }

    func output(_ k: Int) -> String {
        let root = roots[Int(rootOf[k])]
        return root.isDirectory ? FileIO.join(root.output, Convert.replaceExtension(relative(k), with: target)) : root.output
    }
}
