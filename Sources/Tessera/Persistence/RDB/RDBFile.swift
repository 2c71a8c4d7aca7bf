#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// AUX fields the caller decides (redis-ver, redis-bits, ctime, used-mem, repl-id,
/// repl-offset, aof-base are written by `write`).
public struct RDBSaveInfo: Sendable {
    public var replicationID: String      // 40 hex characters
    public var replicationOffset: Int64
    public var aofBase: Bool
    public var usedMemory: Int
    public var time: Int64                // ctime, seconds since the epoch

    public init(replicationID: String, replicationOffset: Int64, aofBase: Bool, usedMemory: Int, time: Int64) {
        self.replicationID = replicationID
        self.replicationOffset = replicationOffset
        self.aofBase = aofBase
        self.usedMemory = usedMemory
        self.time = time
    }
}

/// What a load found besides the keys.
public struct RDBLoadSummary: Sendable {
    public var keysLoaded = 0
    public var keysExpired = 0
    public var replicationID: String?
    public var replicationOffset: Int64?
    public var aofBase = false
    public var redisVersion: String?
    public var createdAt: Int64?
    public var rdbVersion = 0
}

/// The RDB format's entry points for the snapshot machinery (BGSAVE's child, SAVE, start-up
/// loading, DEBUG RELOAD) and, through the byte variants, for DUMP-like and replication uses.
enum RDBFile {
    /// Writes one RDB holding every database of every store (database d of all stores forms one
    /// SELECTDB d section with one RESIZEDB) to `fd`, returning the bytes written. Safe in a
    /// forked child: malloc/free and write(2) only, nothing retained or released per value.
    static func write(stores: [ShardStore], databaseCount: Int, info: RDBSaveInfo,
                      compression: Bool, checksum: Bool, to fd: Int32) throws(RDBError) -> Int {
        var sink = RDBSink(target: .file(fd), checksum: checksum)
        defer { sink.release() }
        return try RDBWriter.write(tables: stores.map(\.databases), databaseCount: databaseCount, info: info,
                                   compression: compression, sink: &sink)
    }

    /// The same file as `write`, as bytes.
    static func bytes(stores: [ShardStore], databaseCount: Int, info: RDBSaveInfo,
                      compression: Bool, checksum: Bool) throws(RDBError) -> [UInt8] {
        var sink = RDBSink(target: .memory, checksum: checksum)
        defer { sink.release() }
        _ = try RDBWriter.write(tables: stores.map(\.databases), databaseCount: databaseCount, info: info,
                                compression: compression, sink: &sink)
        return Array(sink.bytes)
    }

    /// Reads the RDB at `path` into `stores`, which the caller owns exclusively. Keys go to
    /// `stores[shardOf(key)]`; keys already expired are skipped and counted. The stores'
    /// previous contents are replaced only when the whole file loaded: a corrupt, truncated or
    /// unsupported file throws and leaves the stores as they were.
    static func load(path: String, into stores: [ShardStore], shardOf: (UnsafeRawBufferPointer) -> Int,
                     limits: CollectionLimits, progress: (Int, Int) -> Void) throws(RDBError) -> RDBLoadSummary {
        let file = try MappedFile(path: path)
        defer { file.close() }
        return try load(bytes: file.bytes, into: stores, shardOf: shardOf, limits: limits, progress: progress)
    }

    /// `load` from bytes in memory.
    static func load(bytes: UnsafeRawBufferPointer, into stores: [ShardStore],
                     shardOf: (UnsafeRawBufferPointer) -> Int, limits: CollectionLimits,
                     options: RDBLoadOptions = RDBLoadOptions(),
                     progress: (Int, Int) -> Void = { _, _ in }) throws(RDBError) -> RDBLoadSummary {
        let fresh = stores.map { store in store.databases.map { _ in KeyTable() } }
        let summary = try load(bytes: bytes, into: fresh, shardOf: shardOf, limits: RDBLoadLimits(limits),
                               options: options, progress: progress)
        for (store, tables) in zip(stores, fresh) {
            for (database, table) in zip(store.databases, tables) { database.swapContents(with: table) }
        }
        return summary
    }

    /// Loads into `tables[store][database]` as they are (the caller's fresh tables).
    static func load(bytes: UnsafeRawBufferPointer, into tables: [[KeyTable]],
                     shardOf: (UnsafeRawBufferPointer) -> Int, limits: RDBLoadLimits, options: RDBLoadOptions,
                     progress: (Int, Int) -> Void) throws(RDBError) -> RDBLoadSummary {
        var loader = RDBLoader(bytes: bytes, tables: tables, limits: limits, options: options)
        try loader.run(shardOf: shardOf, progress: progress)
        return loader.summary
    }

    /// redis-check-rdb: parses the whole file into throwaway tables (streams skipped and
    /// counted) and reports what it holds; throws where it is unsound.
    static func check(bytes: UnsafeRawBufferPointer, limits: CollectionLimits) throws(RDBError) -> RDBCheckReport {
        let tables = (0..<RDBLoader.checkDatabaseLimit).map { _ in KeyTable() }
        var options = RDBLoadOptions()
        options.skipUnsupported = true
        options.keepExpired = true
        var loader = RDBLoader(bytes: bytes, tables: [tables], limits: RDBLoadLimits(limits), options: options)
        try loader.run(shardOf: { _ in 0 }, progress: { _, _ in })
        return loader.report
    }
}

/// Loader switches the tests and the checker use.
struct RDBLoadOptions {
    /// Skip (and count) streams instead of refusing the file: redis-check-rdb's view.
    var skipUnsupported = false
    /// Keep keys whose deadline has passed (a checker counts them).
    var keepExpired = false
}

/// A read-only mapping of a whole file (a load parses it in place, without copying).
struct MappedFile {
    let bytes: UnsafeRawBufferPointer
    private let mapped: Bool

    init(path: String) throws(RDBError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw RDBError.io("Can't open", path: path, errno: errno) }
        defer { _ = Glibc.close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw RDBError.io("Can't stat", path: path, errno: errno) }
        let size = Int(status.st_size)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            mapped = false
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0),
              address != UnsafeMutableRawPointer(bitPattern: -1) else {
            throw RDBError.io("Can't map", path: path, errno: errno)
        }
        _ = madvise(address, size, MADV_SEQUENTIAL)
        bytes = UnsafeRawBufferPointer(start: address, count: size)
        mapped = true
    }

    func close() {
        if mapped { _ = munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress!), bytes.count) }
    }
}
