#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading and writing whole files, with errors that name the file, and atomic replacement.
package enum FileIO {
    /// Reads a whole file (`-` is standard input); a file over `maxBytes` is refused before it
    /// is read.
    package static func read(_ path: String, maxBytes: Int = .max) throws(ReadError) -> [UInt8] {
        if path == "-" { return readAll(fd: 0) }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReadError(file: path, mark: Mark(line: 1, column: 1), "cannot read: \(errorText(errno))") }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            throw ReadError(file: path, mark: Mark(line: 1, column: 1), "cannot read: it is a directory")
        }
        if Int(st.st_size) > maxBytes {
            throw ReadError(file: path, mark: Mark(line: 1, column: 1), "the file is \(st.st_size) bytes, over the limit of \(maxBytes)", remedy: .sizeLimit)
        }
        var bytes = readAll(fd: fd, sizeHint: Int(st.st_size))
        if bytes.isEmpty && st.st_size > 0 {
            bytes = []  // a read error after open: report as unreadable
            throw ReadError(file: path, mark: Mark(line: 1, column: 1), "cannot read: \(errorText(errno))")
        }
        return bytes
    }

    /// The first `count` bytes of a file (fewer when it is shorter); standard input is never
    /// looked at this way (it can be read once only).
    package static func readPrefix(_ path: String, count: Int) throws(ReadError) -> [UInt8] {
        if path == "-" { return [] }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReadError(file: path, mark: Mark(line: 1, column: 1), "cannot read: \(errorText(errno))") }
        defer { close(fd) }
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, filled in
            filled = 0
            while filled < count {
                let n = Glibc.read(fd, buffer.baseAddress! + filled, count - filled)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                filled += n
            }
        }
    }

    private static func readAll(fd: Int32, sizeHint: Int = 0) -> [UInt8] {
        // Read straight into the array, uninitialised (not zeroed first and then copied): the
        // whole file when it is the size it said, one byte more to see its end.
        let capacity = max(sizeHint, 4096) + 1
        var bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            var filled = 0
            while filled < buffer.count {
                let n = Glibc.read(fd, buffer.baseAddress! + filled, buffer.count - filled)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                filled += n
            }
            count = filled
        }
        if bytes.count < capacity { return bytes }
        // It grew since: read on in chunks.
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    /// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so
    /// that a failure never leaves a partial file (`-` is standard output). A path that is not a
    /// regular file (`/dev/null`, `/dev/stdout`, a FIFO) is written to directly: renamed over,
    /// the device would become a file.
    package static func writeAtomically(_ bytes: [UInt8], to path: String) throws(ReadError) {
        if path == "-" {
            writeAll(fd: 1, bytes)
            return
        }
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG, info.st_mode & S_IFMT != S_IFDIR {
            let fd = open(path, O_WRONLY)
            guard fd >= 0 else { throw ReadError(file: path, mark: .unknown, "cannot write: \(errorText(errno))") }
            defer { close(fd) }
            guard writeAll(fd: fd, bytes) else { throw ReadError(file: path, mark: .unknown, "cannot write: \(errorText(errno))") }
            return
        }
        let dir = directory(of: path)
        var template = Array("\(dir)/.\(baseName(of: path)).transit-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw ReadError(file: path, mark: .unknown, "cannot write: \(errorText(errno))") }
        let temp = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let ok = writeAll(fd: fd, bytes) && fsync(fd) == 0
        let savedErrno = errno
        fchmod(fd, 0o644)
        close(fd)
        guard ok else {
            unlink(temp)
            throw ReadError(file: path, mark: .unknown, "cannot write: \(errorText(savedErrno))")
        }
        if rename(temp, path) != 0 {
            let e = errno
            unlink(temp)
            throw ReadError(file: path, mark: .unknown, "cannot write: \(errorText(e))")
        }
    }

    @discardableResult
    private static func writeAll(fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    /// Removes what an interrupted run left in `dir`: the temporary files `writeAtomically`
    /// makes (`.NAME.transit-XXXXXX`), which a killed process cannot remove itself. Returns
    /// how many there were.
    @discardableResult
    package static func removeUnfinished(in dir: String) -> Int {
        guard let d = opendir(dir) else { return 0 }
        var stale: [String] = []
        while let entry = readdir(d) {
            let name = entryName(entry)
            let parts = name.split(separator: ".")
            if name.hasPrefix("."), let last = parts.last, last.hasPrefix("transit-"), last.count == 14 { stale.append(name) }
        }
        closedir(d)
        for name in stale { unlink("\(dir)/\(name)") }
        return stale.count
    }

    /// Whether two paths name the same existing file (same device and inode).
    /// The device and inode of an existing file (what makes two paths one file), else nil.
    package static func identity(_ path: String) -> FileIdentity? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }

    /// A file as the system knows it, whatever path names it: two words, held in sets of every
    /// input of a batch, so no allocation.
    package struct FileIdentity: Hashable, Sendable {
        package let device: UInt64
        package let inode: UInt64
    }

    package static func sameFile(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }

    package static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    package static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    /// Creates a directory and its parents.
    package static func makeDirectories(_ path: String) throws(ReadError) {
        if path.isEmpty || isDirectory(path) { return }
        let parent = directory(of: path)
        if parent != path && parent != "." { try makeDirectories(parent) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw ReadError(file: path, mark: .unknown, "cannot create the directory: \(errorText(errno))")
        }
    }

    /// The files below `root`, recursively, as paths relative to it, sorted.
    package static func files(under root: String) -> [String] {
        var out: [String] = []
        func walk(_ relative: String) {
            let full = relative.isEmpty ? root : "\(root)/\(relative)"
            guard let d = opendir(full) else { return }
            defer { closedir(d) }
            while let entry = readdir(d) {
                let name = entryName(entry)
                if name == "." || name == ".." || name.hasPrefix(".") { continue }
                let rel = relative.isEmpty ? name : "\(relative)/\(name)"
                // The entry's type as the directory gives it: a stat only where it does not
                // (some file systems) or where it is a link (followed, as everywhere).
                let type = entry.pointee.d_type
                let directory = type == UInt8(DT_DIR) ? true : type == UInt8(DT_REG) ? false : isDirectory("\(root)/\(rel)")
                if directory { walk(rel) } else { out.append(rel) }
            }
        }
        walk("")
        return out.sorted()
    }

    /// The directory part of a path (`.` when there is none).
    /// How a path is named in messages: `<stdin>` for `-`.
    package static func displayName(_ path: String) -> String { path == "-" ? "<stdin>" : path }

    /// `dir/name`, with no `//` whatever slashes `dir` ends with.
    package static func join(_ dir: String, _ name: String) -> String {
        let d = trimmingTrailingSlashes(dir)
        return d == "/" ? "/" + name : d + "/" + name
    }

    /// `dir/` and `dir//` name `dir` (so that paths built on them have no `//`); `/` stays.
    package static func trimmingTrailingSlashes(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        return String(p)
    }

    package static func directoryName(_ path: String) -> String { directory(of: path) }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The last component of a path.
    package static func baseName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// A directory entry's name, read where it lies. (Copying `d_name`, a 256-byte array in
    /// the declaration, reads past the end of a short last entry of readdir's buffer.)
    private static func entryName(_ entry: UnsafeMutablePointer<dirent>) -> String {
        let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        return String(cString: UnsafeRawPointer(entry).advanced(by: offset).assumingMemoryBound(to: CChar.self))
    }
}
