import Foundation

/// The package's sources, for the tests that read them (layers, family names, shape): they
/// build nothing and run nothing.
enum Source {
    /// The package root (two levels above this file's folder).
    static let root: String = {
        var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    /// Every Swift file under `folder` (relative to the root), as paths from the root, sorted.
    static func swiftFiles(under folder: String) -> [String] {
        let dir = root + "/" + folder
        return (FileManager.default.enumerator(atPath: dir)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".swift") }.sorted().map { folder + "/" + $0 }
    }
}
