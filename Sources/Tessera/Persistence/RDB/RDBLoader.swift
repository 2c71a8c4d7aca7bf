/// The thresholds a load converts by, read once at its start (rdbLoadObject reads server.*).
struct RDBLoadLimits {
    var hash: HashLimits
    var listFill: Int
    var setMaxIntsetEntries: Int
    var sortedSet: SortedSetLimits

    init(_ limits: CollectionLimits) {
        hash = limits.hash
        listFill = limits.listFill
        setMaxIntsetEntries = limits.setMaxIntsetEntries
        sortedSet = limits.sortedSet
    }
}

/// What redis-check-rdb reports: the AUX fields in file order and the keys per type.
public struct RDBCheckReport: Sendable {
    public var rdbVersion = 0
    public var auxFields: [(key: String, value: String)] = []
    /// Keys per TYPE name ("string", "list", ..., "stream"), streams included though skipped.
    public var keysByType: [String: Int] = [:]
    public var expiredKeys = 0
    public var checksum: UInt64 = 0
    /// The file's size, the offset of the last byte checked.
    public var bytes = 0
}

/// rdbLoadRio: the opcode loop. Keys go into the caller's fresh tables (per store, per
/// database); anything unsound throws with the offset, and the caller then drops the tables.
struct RDBLoader {
    static let checkDatabaseLimit = 1024
    /// Redis's loading_process_events_interval_bytes: how often `progress` hears.
    static let progressInterval = 2 << 20

    var reader: RDBReader
    let tables: [[KeyTable]]
    let limits: RDBLoadLimits
    let options: RDBLoadOptions
    private(set) var summary = RDBLoadSummary()
    private(set) var report = RDBCheckReport()
    private var keysByRDBType = [Int](repeating: 0, count: 256)
    private let now = Clock.milliseconds()

    init(bytes: UnsafeRawBufferPointer, tables: [[KeyTable]], limits: RDBLoadLimits, options: RDBLoadOptions) {
        reader = RDBReader(bytes: bytes)
        self.tables = tables
        self.limits = limits
        self.options = options
    }

    /// Loads every key into `tables[shardOf(key)][database]`, calling `progress` now and then.
    mutating func run(shardOf: (UnsafeRawBufferPointer) -> Int, progress: (Int, Int) -> Void) throws(RDBError) {
        let total = reader.bytes.count
        progress(0, total)
        try readHeader()
        var database = 0
        var expireAt: Int64? = nil
        var idle: UInt64? = nil
        var frequency: UInt8? = nil
        var nextProgress = RDBLoader.progressInterval
        while true {
            if reader.offset >= nextProgress {
                progress(reader.offset, total)
                nextProgress = reader.offset + RDBLoader.progressInterval
            }
            let opcodeOffset = reader.offset
            let opcode = try reader.readByte()
            switch opcode {
            case RDBOpcode.expireTime:
                expireAt = Int64(try reader.readLittleEndian(Int32.self)) * 1000
                continue
            case RDBOpcode.expireTimeMilliseconds:
                expireAt = try reader.readLittleEndian(Int64.self)
                continue
            case RDBOpcode.freq:
                frequency = try reader.readByte()
                continue
            case RDBOpcode.idle:
                idle = try reader.readLength()
                continue
            case RDBOpcode.eof:
                try readChecksum(endOfData: reader.offset)
                finishReport()
                progress(total, total)
                return
            case RDBOpcode.selectDB:
                let index = try reader.readLength()
                guard index < UInt64(tables.first?.count ?? 0) else {
                    throw RDBError(.corrupt, offset: opcodeOffset, "FATAL: Data file was created with a Redis server "
                        + "configured to handle more than \(tables.first?.count ?? 0) databases. Exiting")
                }
                database = Int(index)
                continue
            case RDBOpcode.resizeDB:
                _ = try reader.readLength()
                _ = try reader.readLength()
                continue
            case RDBOpcode.aux:
                try readAux()
                continue
            case RDBOpcode.moduleAux:
                throw RDBError(.unsupported, offset: opcodeOffset,
                               "The RDB file contains AUX module data I can't load: no matching module")
            case RDBOpcode.function, RDBOpcode.function2:
                throw RDBError(.unsupported, offset: opcodeOffset,
                               "The RDB file contains function libraries, which Tessera cannot load")
            default:
                try loadKey(type: opcode, at: opcodeOffset, database: database, shardOf: shardOf,
                            expireAt: expireAt, idle: idle, frequency: frequency)
                expireAt = nil
                idle = nil
                frequency = nil
            }
        }
    }

    // MARK: header, AUX, trailer

    private mutating func readHeader() throws(RDBError) {
        let magic = try reader.readBytes(9)
        guard magic.starts(with: "REDIS".utf8), magic[5...].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw RDBError(.signature, offset: 0, "Wrong signature trying to load DB from file")
        }
        let version = magic[5...].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        guard version >= 1 && version <= RDBFormat.newestReadable else {
            throw RDBError(.signature, offset: 5, "Can't handle RDB format version \(version)")
        }
        summary.rdbVersion = version
        report.rdbVersion = version
    }

    private mutating func readAux() throws(RDBError) {
        let key = try reader.readString()
        defer { key.release() }
        let value = try reader.readString()
        defer { value.release() }
        let name = String(decoding: key.bytes, as: UTF8.self)
        let text = String(decoding: value.bytes, as: UTF8.self)
        report.auxFields.append((name, text))
        switch name {
        case "redis-ver": summary.redisVersion = text
        case "ctime": summary.createdAt = Int64(text)
        case "repl-id": summary.replicationID = text
        case "repl-offset": summary.replicationOffset = Int64(text)
        case "aof-base": summary.aofBase = text == "1"
        default: break
        }
    }

    /// Versions 5 and later end in a CRC64 of everything before it; zero means "not computed".
    private mutating func readChecksum(endOfData: Int) throws(RDBError) {
        guard summary.rdbVersion >= 5 else { return }
        let expected = try reader.readLittleEndian(UInt64.self)
        report.checksum = expected
        guard expected != 0 else { return }
        let crc = CRC64.make()
        defer { crc.free() }
        let computed = crc.update(0, UnsafeRawBufferPointer(rebasing: reader.bytes[0..<endOfData]))
        guard computed == expected else { throw RDBError.checksum(expected: expected, got: computed, at: endOfData) }
    }

    private mutating func finishReport() {
        report.bytes = reader.offset
        for (type, count) in keysByRDBType.enumerated() where count > 0 {
            report.keysByType[RDBType.name(UInt8(type)), default: 0] += count
        }
    }

    // MARK: keys

    private mutating func loadKey(type: UInt8, at start: Int, database: Int,
                                  shardOf: (UnsafeRawBufferPointer) -> Int, expireAt: Int64?,
                                  idle: UInt64?, frequency: UInt8?) throws(RDBError) {
        let key = try reader.readString()
        defer { key.release() }
        if RDBType.isStream(type) && options.skipUnsupported {
            try skipStream(type: type)
            keysByRDBType[Int(type)] += 1
            return
        }
        let loaded = try loadValue(type: type, key: key.bytes, at: start)
        guard let value = loaded.value else {
            loaded.string?.release()
            return
        }
        defer { loaded.string?.release() }
        keysByRDBType[Int(type)] += 1
        if let expireAt, expireAt < now {
            report.expiredKeys += 1
            if !options.keepExpired {
                RDBLoader.discard(value)
                summary.keysExpired += 1
                return
            }
        }
        let table = tables[shardOf(key.bytes)][database]
        let before = table.count
        let entry = table.store(key.bytes, hash: KeyHash.hash(key.bytes), value: value,
                                expiry: expireAt.map { ExpiryUpdate.set($0) } ?? .clear)
        // A key seen twice replaced its first value; the failed load drops the tables anyway.
        guard table.count > before else {
            throw RDBError.corrupt(at: start, "Duplicated key '\(RDBError.printable(key.bytes))' found in RDB file")
        }
        if let idle { entry.lru = UInt32(truncatingIfNeeded: UInt64(now / 1000) &- idle) }
        if let frequency { entry.lfu = frequency }
        summary.keysLoaded += 1
    }

    /// Frees a value that will not be stored.
    static func discard(_ value: NewValue) {
        if value.encoding != .int && value.encoding != .embstr {
            ValueLifecycle.free(type: value.type, encoding: value.encoding, payload: value.payload)
        }
    }
}

/// A loaded value (nil for an empty collection, which Redis skips), and the string whose bytes
/// an `embstr` value still points into until it is stored.
struct LoadedValue {
    var value: NewValue?
    var string: RDBString?
}
