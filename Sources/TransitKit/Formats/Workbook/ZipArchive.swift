internal import CZip
#if canImport(Glibc)
import Glibc
#endif

/// The one door to libzip: a zip archive read from memory (a workbook is one), its entries by
/// name, each inflated piece by piece under a limit on the bytes the whole archive gives out.
///
/// What a hostile archive can do is refused here, before any entry is used: an entry named with
/// `..` or from the root (a path out of the archive), an encrypted entry, an archive cut short or
/// whose directory disagrees with its entries (libzip checks the central directory against the
/// local headers, and each entry's checksum at its end), and an entry that inflates past the
/// limit, whatever size the directory claims for it (a zip bomb).
final class ZipArchive {
    private let zip: OpaquePointer
    let file: String
    /// The entries' names, in the archive's order.
    let names: [String]
    /// The bytes the archive may give out in all; what its entries have given so far.
    let limit: Int
    fileprivate(set) var inflated = 0

    /// Opens the archive held in `bytes`, which must outlive it (libzip reads them in place).
    init(_ bytes: UnsafeRawBufferPointer, file: String, limit: Int) throws(ReadError) {
        self.file = file
        self.limit = limit
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        guard let source = zip_source_buffer_create(bytes.baseAddress, zip_uint64_t(bytes.count), 0, &error) else {
            throw ReadError(file: file, mark: .unknown, "the workbook cannot be opened: \(Self.describe(&error))")
        }
        guard let zip = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error) else {
            zip_source_free(source)
            throw ReadError(file: file, mark: .unknown, "the workbook is not a whole zip archive (\(Self.describe(&error))): a download cut short, or not a workbook")
        }
        self.zip = zip
        var names: [String] = []
        let count = zip_get_num_entries(zip, 0)
        for k in 0..<max(count, 0) {
            var stat = zip_stat_t()
            zip_stat_init(&stat)
            guard zip_stat_index(zip, zip_uint64_t(k), 0, &stat) == 0, let raw = stat.name else {
                zip_discard(zip)
                throw ReadError(file: file, mark: .unknown, "the workbook's entry \(k + 1) cannot be read: \(String(cString: zip_strerror(zip)))")
            }
            let name = String(cString: raw)
            if let why = Self.unsafeName(name) {
                zip_discard(zip)
                throw ReadError(file: file, mark: .unknown, "the workbook holds an entry named '\(StringEscape.printable(name))', \(why): refused")
            }
            if stat.valid & zip_uint64_t(ZIP_STAT_ENCRYPTION_METHOD) != 0, stat.encryption_method != UInt16(ZIP_EM_NONE) {
                zip_discard(zip)
                throw ReadError(file: file, mark: .unknown, "the workbook's entry '\(StringEscape.printable(name))' is encrypted: save the workbook without a password and read it again")
            }
            names.append(name)
        }
        self.names = names
    }

    deinit { zip_discard(zip) }

    /// Why an entry's name could lead out of the archive, or nil.
    static func unsafeName(_ name: String) -> String? {
        if name.hasPrefix("/") || name.hasPrefix("\\") || (name.count > 1 && Array(name.utf8)[1] == UInt8(ascii: ":")) { return "a path from the root" }
        let parts = name.split(whereSeparator: { $0 == "/" || $0 == "\\" })
        if parts.contains("..") { return "a path out of the archive ('..')" }
        return nil
    }

    private static func describe(_ error: inout zip_error_t) -> String {
        String(cString: zip_error_strerror(&error)).lowercased()
    }

    /// Whether the archive holds `name` (names are compared as written, as Excel writes them).
    func contains(_ name: String) -> Bool { names.contains(name) }

    /// An entry to read piece by piece.
    func open(_ name: String) throws(ReadError) -> Entry {
        guard let index = names.firstIndex(of: name), let handle = zip_fopen_index(zip, zip_uint64_t(index), 0) else {
            throw ReadError(file: file, mark: .unknown, "the workbook has no readable '\(name)': \(String(cString: zip_strerror(zip)))")
        }
        return Entry(archive: self, name: name, handle: handle)
    }

    /// One entry being inflated.
    final class Entry {
        let archive: ZipArchive
        let name: String
        private var handle: OpaquePointer?
        /// Why the last read failed.
        private var problem: String?
        private var overLimit = false

        fileprivate init(archive: ZipArchive, name: String, handle: OpaquePointer) {
            self.archive = archive
            self.name = name
            self.handle = handle
        }

        deinit { if let handle { zip_fclose(handle) } }

        /// Up to `count` bytes into `buffer`: how many, 0 at the end, -1 on failure (then
        /// `failure()` says why).
        func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
            guard let handle else { return 0 }
            let n = Int(zip_fread(handle, buffer, zip_uint64_t(count)))
            if n < 0 {
                problem = "'\(name)' cannot be inflated: \(String(cString: zip_file_strerror(handle)).lowercased())"
                return -1
            }
            archive.inflated += n
            if archive.inflated > archive.limit {
                problem = "'\(name)' inflates past the limit of \(archive.limit) bytes for the whole workbook (a zip bomb, or a workbook larger than the size limit)"
                overLimit = true
                return -1
            }
            return n
        }

        /// The failure of the last read, if it failed.
        var lastFailure: ReadError? { problem == nil ? nil : failure() }

        func failure() -> ReadError {
            ReadError(file: archive.file, mark: .unknown, "the workbook's \(problem ?? "'\(name)' cannot be read")",
                      remedy: overLimit ? .sizeLimit : nil)
        }
    }
}

extension ZipArchive {
    /// A zip archive of `entries`, in order, deflated, built in memory by libzip: every entry
    /// dated 1980-01-01 00:00 (as Excel dates them), so the same entries give the same bytes.
    static func archive(_ entries: [(name: String, bytes: [UInt8])]) throws(ReadError) -> [UInt8] {
        func failed(_ what: String) -> ReadError { ReadError(file: "-", mark: .unknown, "the workbook cannot be made: \(what)") }
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        guard let target = zip_source_buffer_create(nil, 0, 0, &error) else { throw failed(Self.describe(&error)) }
        // The target outlives the archive written into it: it is read after zip_close.
        zip_source_keep(target)
        defer { zip_source_free(target) }
        guard let zip = zip_open_from_source(target, ZIP_TRUNCATE, &error) else { throw failed(Self.describe(&error)) }
        for entry in entries {
            // libzip frees the copy when the archive is written.
            let copy = malloc(max(entry.bytes.count, 1))!
            entry.bytes.withUnsafeBytes { if let base = $0.baseAddress { copy.copyMemory(from: base, byteCount: $0.count) } }
            guard let source = zip_source_buffer(zip, copy, zip_uint64_t(entry.bytes.count), 1) else {
                free(copy)
                zip_discard(zip)
                throw failed(String(cString: zip_strerror(zip)))
            }
            let index = zip_file_add(zip, entry.name, source, zip_flags_t(ZIP_FL_ENC_UTF_8))
            guard index >= 0 else {
                zip_source_free(source)
                let why = String(cString: zip_strerror(zip))
                zip_discard(zip)
                throw failed(why)
            }
            _ = zip_file_set_dostime(zip, zip_uint64_t(index), 0, 0x21, 0)
            _ = zip_set_file_compression(zip, zip_uint64_t(index), ZIP_CM_DEFLATE, 6)
        }
        guard zip_close(zip) == 0 else {
            let why = String(cString: zip_strerror(zip))
            zip_discard(zip)
            throw failed(why)
        }
        var stat = zip_stat_t()
        zip_stat_init(&stat)
        guard zip_source_open(target) == 0 else { throw failed("its bytes cannot be read back") }
        defer { zip_source_close(target) }
        guard zip_source_stat(target, &stat) == 0 else { throw failed("its size is not known") }
        var out = [UInt8](repeating: 0, count: Int(stat.size))
        let n = out.withUnsafeMutableBytes { zip_source_read(target, $0.baseAddress!, zip_uint64_t($0.count)) }
        guard n == Int64(out.count) else { throw failed("its bytes cannot be read back") }
        return out
    }
}

extension Transit {
    /// A zip archive of `entries` (for the workbook fuzzer, which builds workbooks around the
    /// parts it mutates); not part of the library's interface.
    @_spi(Fuzzing) public static func zipArchive(_ entries: [(name: String, bytes: [UInt8])]) throws(ReadError) -> [UInt8] {
        try ZipArchive.archive(entries)
    }
}
