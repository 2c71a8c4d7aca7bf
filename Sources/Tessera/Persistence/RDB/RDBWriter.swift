/// rdbSaveRio: header, AUX fields, one SELECTDB section per non-empty database across all
/// stores, the keys, EOF and the CRC64. Walks the stores' memory without retaining anything
/// and allocates nothing per key, so a forked child can run it (design §4).
struct RDBWriter {
    var sink: RDBSink
    let compression: Bool

    /// Writes the whole file into `sink` and returns the bytes written. `tables[s][d]` is
    /// database d of store s.
    static func write(tables: [[KeyTable]], databaseCount: Int, info: RDBSaveInfo, compression: Bool,
                      sink: inout RDBSink) throws(RDBError) -> Int {
        var writer = RDBWriter(sink: sink, compression: compression)
        writer.writeHeader(info)
        for database in 0..<databaseCount {
            writer.writeDatabase(database, of: tables)
            if let failure = writer.sink.failure { sink = writer.sink; throw failure }
        }
        writer.writeTrailer()
        sink = writer.sink
        if let failure = sink.failure { throw failure }
        return sink.totalBytes
    }

    mutating func writeHeader(_ info: RDBSaveInfo) {
        writeASCII("REDIS00\(RDBFormat.version)")
        writeAux("redis-ver", RDBFormat.redisVersion)
        writeAux("redis-bits", Int64(MemoryLayout<Int>.size * 8))
        writeAux("ctime", info.time)
        writeAux("used-mem", Int64(info.usedMemory))
        writeAux("repl-stream-db", 0)
        writeAux("repl-id", info.replicationID)
        writeAux("repl-offset", info.replicationOffset)
        writeAux("aof-base", info.aofBase ? 1 : 0)
    }

    /// SELECTDB and RESIZEDB, then every key of database `index` in every store; nothing for an
    /// empty database, as Redis skips them.
    mutating func writeDatabase(_ index: Int, of tables: [[KeyTable]]) {
        var keys = 0
        var volatile = 0
        for databases in tables where index < databases.count {
            keys += databases[index].count
            volatile += databases[index].volatileCount
        }
        guard keys > 0 else { return }
        sink.writeByte(RDBOpcode.selectDB)
        sink.writeLength(index)
        sink.writeByte(RDBOpcode.resizeDB)
        sink.writeLength(keys)
        sink.writeLength(volatile)
        for databases in tables where index < databases.count {
            databases[index].forEach { entry in writeKey(entry) }
        }
    }

    /// rdbSaveKeyValuePair (no LRU/LFU: Tessera's policy is noeviction).
    mutating func writeKey(_ entry: Entry) {
        if let deadline = entry.expireAt {
            sink.writeByte(RDBOpcode.expireTimeMilliseconds)
            sink.writeMilliseconds(deadline)
        }
        sink.writeByte(RDBWriter.objectType(of: entry))
        sink.writeString(entry.key, compression: compression)
        writeValue(entry)
    }

    /// EOF, then the CRC64 of everything before it (zero when checksums are off), and a flush.
    mutating func writeTrailer() {
        sink.writeByte(RDBOpcode.eof)
        sink.updateChecksum()
        sink.writeLittleEndian(sink.crc)
        sink.flush()
    }

    /// rdbSaveObjectType.
    static func objectType(of entry: Entry) -> UInt8 {
        switch (entry.type, entry.encoding) {
        case (.string, _): RDBType.string
        case (.list, _): RDBType.listQuicklist2
        case (.set, .intset): RDBType.setIntset
        case (.set, _): RDBType.set
        case (.zset, .listpack): RDBType.zsetListpack
        case (.zset, _): RDBType.zset2
        case (.hash, .listpack): RDBType.hashListpack
        case (.hash, _): RDBType.hash
        }
    }

    // MARK: AUX

    private mutating func writeAux(_ key: StaticString, _ value: String) {
        sink.writeByte(RDBOpcode.aux)
        writeStatic(key)
        var text = value
        text.withUTF8 { sink.writeString(UnsafeRawBufferPointer($0), compression: compression) }
    }

    /// rdbSaveAuxFieldStrInt: the decimal text, which rdbSaveRawString int-encodes when it can.
    private mutating func writeAux(_ key: StaticString, _ value: Int64) {
        sink.writeByte(RDBOpcode.aux)
        writeStatic(key)
        sink.writeIntegerString(value)
    }

    private mutating func writeStatic(_ text: StaticString) {
        sink.writeString(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount),
                         compression: compression)
    }

    private mutating func writeASCII(_ text: String) {
        var text = text
        text.withUTF8 { sink.write(UnsafeRawBufferPointer($0)) }
    }
}
