#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Loading a snapshot into the engine: at start (loadDataFromDisk), for DEBUG RELOAD, and for
/// `Database(openingSnapshot:)`, all through `loadSnapshotHoldingShards`.
///
/// At start the server is already listening, as Redis: the load holds every shard from a thread
/// off the loops, so the loops stay free to answer `-LOADING` to commands without the
/// `loading` flag, to run the connection commands that have it, and to answer INFO (with the
/// sections that do not read the shards) showing `loading:1` and the progress. Commands with
/// the flag that need the shards wait for the load.
extension Engine {
    /// rdbLoad into every shard, with Redis's log lines. The caller holds every shard (or owns
    /// the engine before anything else touches it).
    @discardableResult
    func loadSnapshotHoldingShards(from path: String) throws(RDBError) -> RDBLoadSummary {
        let summary = try RDBFile.load(path: path, into: stores, shardOf: { self.shardIndex(forKey: $0) },
                                       limits: collectionLimits,
                                       progress: { loaded, total in snapshots.noteLoaded(loaded, of: total) })
        if let version = summary.redisVersion { logger.notice("Loading RDB produced by version \(version)") }
        if let created = summary.createdAt {
            logger.notice("RDB age \(max(0, Clock.milliseconds() / 1000 - created)) seconds")
        }
        logger.notice("Done loading RDB, keys loaded: \(summary.keysLoaded), keys expired: \(summary.keysExpired).")
        snapshots.update {
            $0.lastLoadKeysLoaded = summary.keysLoaded
            $0.lastLoadKeysExpired = summary.keysExpired
        }
        return summary
    }

    /// Loads `path` holding every shard, from async code off the loops.
    func loadSnapshot(from path: String) async -> Result<RDBLoadSummary, RDBError> {
        await holdingAllShards { [self] in
            do throws(RDBError) {
                return .success(try loadSnapshotHoldingShards(from: path))
            } catch {
                return .failure(error)
            }
        }
    }

    /// loadDataFromDisk: loads `dbfilename` unless `appendonly` is on; a missing file is an
    /// empty start. Returns false when the file could not be loaded: the server must exit 1.
    public func loadSnapshotAtStart() async -> Bool {
        guard !configuration.bool("appendonly") else { return true }
        let path = snapshotPath
        var file = stat()
        guard stat(path, &file) == 0 else { return true }
        let started = Clock.monotonicMicroseconds()
        snapshots.beginLoading(totalBytes: Int(file.st_size), at: Clock.milliseconds() / 1000)
        await acquireAllShards()
        let result: Result<RDBLoadSummary, RDBError>
        do throws(RDBError) {
            let summary = try loadSnapshotHoldingShards(from: path)
            pauseForKeyLoadDelay(keys: summary.keysLoaded)
            result = .success(summary)
        } catch {
            result = .failure(error)
        }
        snapshots.endLoading()
        releaseAllShards()
        switch result {
        case .success:
            let seconds = Double(Clock.monotonicMicroseconds() - started) / 1_000_000
            logger.notice("DB loaded from disk: \(InfoFormat.printf("%.3f", seconds)) seconds")
            return true
        case .failure(let error):
            logger.warning("Fatal error loading the DB: \(error.description). Exiting.")
            return false
        }
    }

    /// key-load-delay (microseconds per key, Redis's hidden test knob), slept once after the
    /// load with the shards still held, so tests can watch a load in progress.
    private func pauseForKeyLoadDelay(keys: Int) {
        let perKey = Int(configuration.integer("key-load-delay"))
        guard perKey > 0, keys > 0 else { return }
        let total = perKey.multipliedReportingOverflow(by: keys).overflow ? Int.max : perKey * keys
        var time = timespec(tv_sec: total / 1_000_000, tv_nsec: (total % 1_000_000) * 1000)
        var remaining = timespec()
        while nanosleep(&time, &remaining) != 0 && errno == EINTR { time = remaining }
    }
}
