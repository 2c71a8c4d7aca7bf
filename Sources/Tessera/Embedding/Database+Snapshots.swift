/// Snapshots from the embedding API: the same RDB files, written and read by the same engine
/// functions as SAVE and the server's start-up loading.
extension Database {
    /// A snapshot that could not be written (the engine's log has Redis's line saying why).
    public struct SaveError: Error, CustomStringConvertible {
        public let path: String
        public var description: String { "could not save a snapshot to \(path)" }
    }

    /// Writes every database to `path` as an RDB file, as SAVE does: a temporary file beside
    /// it, fsync, then an atomic rename, so `path` holds the old snapshot or the new one.
    public func save(to path: String) async throws {
        let engine = self.engine
        let saved = await engine.holdingAllShards { engine.saveHoldingShards(to: path) }
        guard saved else { throw SaveError(path: path) }
    }

    /// Opens a database holding the snapshot in `path` (written by `save(to:)`, SAVE, BGSAVE
    /// or Redis). All or nothing: a file that does not load throws its `RDBError`.
    public convenience init(openingSnapshot path: String, configuration: Configuration = Configuration(),
                            shards: Int? = nil) async throws {
        self.init(configuration: configuration, shards: shards)
        if case .failure(let error) = await engine.loadSnapshot(from: path) {
            try await close()
            throw error
        }
    }
}
