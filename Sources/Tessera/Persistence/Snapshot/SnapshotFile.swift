#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a snapshot reaches the disk, as Redis's rdbSave: the RDB goes to `temp-<pid>.rdb` beside
/// the destination, is fsynced, renamed over the destination (atomic: a reader sees the old
/// file or the new one, never half of one), and the directory is fsynced so the rename itself
/// survives a crash. The server's paths are relative to the working directory, which `dir` sets.
enum SnapshotFile {
    /// What to write: every shard's databases, with the AUX facts of `info`.
    struct Contents {
        let stores: [ShardStore]
        let databaseCount: Int
        let info: RDBSaveInfo
        let compression: Bool
        let checksum: Bool
    }

    /// A save that failed, with the line Redis logs for it.
    struct Failure: Error {
        let message: String
    }

    /// `temp-<pid>.rdb` in `directory` (Redis's name for the temporary file).
    static func temporaryPath(in directory: String, pid: pid_t) -> String {
        directory + "/temp-\(pid).rdb"
    }

    /// The directory part of `path` ("." for a bare name).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The foreground save (SAVE, SHUTDOWN, FLUSHALL, DEBUG RELOAD, `Database.save(to:)`): the
    /// caller owns the stores for the duration.
    static func save(_ contents: Contents, to path: String) throws(Failure) {
        let temporary = temporaryPath(in: directory(of: path), pid: getpid())
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw Failure(message: "Failed opening the temp RDB file \(temporary) (in server root dir \(workingDirectory())) for saving: \(lastError())")
        }
        if let error = write(contents, to: fd) {
            unlink(temporary)
            throw Failure(message: "Write error saving DB on disk: \(error)")
        }
        try publish(temporary, as: path)
    }

    /// Writes, fsyncs and closes `fd`; the error's text, or nil. Child-safe when the RDB writer
    /// fails: its description is only formed, not printed.
    static func write(_ contents: Contents, to fd: Int32) -> String? {
        var failure: String?
        do throws(RDBError) {
            _ = try RDBFile.write(stores: contents.stores, databaseCount: contents.databaseCount, info: contents.info,
                                  compression: contents.compression, checksum: contents.checksum, to: fd)
        } catch {
            failure = error.description
        }
        if failure == nil && fsync(fd) != 0 { failure = "fsync failed" }
        if close(fd) != 0 && failure == nil { failure = "close failed" }
        return failure
    }

    /// The child's body (BGSAVE): writes `temp-<its pid>.rdb` to the path prepared in `buffer`
    /// and returns its exit status. Syscalls and the RDB writer only.
    /// `delay` (rdb-key-save-delay times the key count, in microseconds) is slept first.
    static func writeInChild(_ contents: Contents, path buffer: TemporaryPathBuffer, delay: Int) -> Int32 {
        if delay > 0 {
            var time = timespec(tv_sec: delay / 1_000_000, tv_nsec: (delay % 1_000_000) * 1000)
            var remaining = timespec()
            while nanosleep(&time, &remaining) != 0 && errno == EINTR { time = remaining }
        }
        let path = buffer.fill(pid: getpid())
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return 1 }
        guard write(contents, to: fd) == nil else {
            unlink(path)
            return 1
        }
        return 0
    }

    /// Renames `temporary` over `path` and fsyncs the directory (fsyncFileDir).
    static func publish(_ temporary: String, as path: String) throws(Failure) {
        guard rename(temporary, path) == 0 else {
            let error = lastError()
            unlink(temporary)
            throw Failure(message: "Error moving temp DB file \(temporary) on the final destination \(path) (in server root dir \(workingDirectory())): \(error)")
        }
        let directoryFD = open(directory(of: path), O_RDONLY | O_CLOEXEC)
        guard directoryFD >= 0 else { return }
        defer { close(directoryFD) }
        guard fsync(directoryFD) == 0 else {
            throw Failure(message: "Failed to fsync the directory of \(path): \(lastError())")
        }
    }

    static func lastError() -> String { String(cString: strerror(errno)) }

    static func workingDirectory() -> String {
        Configuration.workingDirectory() ?? "."
    }
}

/// The child's temporary path, prepared by the parent before the fork: the child only appends
/// its pid's digits and ".rdb" into memory it already has, allocating nothing.
struct TemporaryPathBuffer {
    private let storage: UnsafeMutablePointer<CChar>
    private let prefixLength: Int

    /// For files named `<directory>/temp-<pid>.rdb`.
    init(directory: String) {
        let prefix = Array((directory + "/temp-").utf8CString.dropLast())
        storage = .allocate(capacity: prefix.count + 32)
        prefixLength = prefix.count
        prefix.withUnsafeBufferPointer { storage.update(from: $0.baseAddress!, count: prefix.count) }
    }

    /// Completes the path for `pid` and returns it.
    func fill(pid: pid_t) -> UnsafePointer<CChar> {
        var digits = 0
        var remaining = Int(pid)
        repeat { digits += 1; remaining /= 10 } while remaining > 0
        remaining = Int(pid)
        for position in stride(from: prefixLength + digits - 1, through: prefixLength, by: -1) {
            storage[position] = CChar(48 + remaining % 10)
            remaining /= 10
        }
        let end = prefixLength + digits
        storage[end] = CChar(UInt8(ascii: "."))
        storage[end + 1] = CChar(UInt8(ascii: "r"))
        storage[end + 2] = CChar(UInt8(ascii: "d"))
        storage[end + 3] = CChar(UInt8(ascii: "b"))
        storage[end + 4] = 0
        return UnsafePointer(storage)
    }

    func deallocate() { storage.deallocate() }
}
