/// Writing and loading plain tables, for the benchmarks that time RDB against Redis's SAVE and
/// load (they fill a `KeyTable` directly, as the engine benchmarks do).
@_spi(Benchmarks) public enum RDBBenchmarkAccess {
    /// The RDB of `databases` (database i = `databases[i]`) written to `fd`; bytes written.
    public static func write(databases: [KeyTable], to fd: Int32, compression: Bool) throws(RDBError) -> Int {
        var sink = RDBSink(target: .file(fd), checksum: true)
        defer { sink.release() }
        let info = RDBSaveInfo(replicationID: String(repeating: "0", count: 40), replicationOffset: 0,
                               aofBase: false, usedMemory: 0, time: 0)
        return try RDBWriter.write(tables: [databases], databaseCount: databases.count, info: info,
                                   compression: compression, sink: &sink)
    }

    /// Loads the file at `path` into `databases` (Redis's default thresholds).
    public static func load(path: String, into databases: [KeyTable]) throws(RDBError) -> RDBLoadSummary {
        let file = try MappedFile(path: path)
        defer { file.close() }
        return try RDBFile.load(bytes: file.bytes, into: [databases], shardOf: { _ in 0 },
                                limits: RDBLoadLimits(CollectionLimits(configuration: Configuration())),
                                options: RDBLoadOptions(), progress: { _, _ in })
    }
}
