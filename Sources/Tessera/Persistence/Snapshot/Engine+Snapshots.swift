#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// The RDB snapshot feature over the fork machinery: SAVE (foreground), BGSAVE (a forked
/// child), the save points' cron, and what FLUSHALL and SHUTDOWN ask of snapshots. Each
/// function says whether its caller must hold every shard.
extension Engine {
    /// Redis's rdb_filename: `dbfilename` in the working directory (which `dir` sets).
    var snapshotPath: String { configuration["dbfilename"] ?? "dump.rdb" }

    /// What a snapshot holds now (rdbPopulateSaveInfo and the rdb* directives).
    func snapshotContents() -> SnapshotFile.Contents {
        let info = RDBSaveInfo(replicationID: stats.replicationID, replicationOffset: 0, aofBase: false,
                               usedMemory: MemoryStats.current().allocated, time: Clock.milliseconds() / 1000)
        return SnapshotFile.Contents(stores: stores, databaseCount: databaseCount, info: info,
                                     compression: configuration.bool("rdbcompression"),
                                     checksum: configuration.bool("rdbchecksum"))
    }

    /// The shards' summed dirty counters. The caller holds every shard.
    func dirtyHoldingShards() -> Int {
        stores.reduce(0) { $0 &+ $1.stats.dirty }
    }

    // MARK: foreground

    /// rdbSave: writes the snapshot to `path` (default `dbfilename`) now, on this thread. The
    /// caller holds every shard. A failure is logged and leaves the previous file in place.
    @discardableResult
    func saveHoldingShards(to path: String? = nil) -> Bool {
        do throws(SnapshotFile.Failure) {
            try SnapshotFile.save(snapshotContents(), to: path ?? snapshotPath)
        } catch {
            logger.warning("\(error.message)")
            return false
        }
        logger.notice("DB saved on disk")
        let dirty = dirtyHoldingShards()
        let now = Clock.milliseconds() / 1000
        snapshots.update {
            $0.dirtyCovered = dirty
            $0.lastSave = now
            $0.lastBackgroundSaveSucceeded = true
        }
        return true
    }

    // MARK: background

    /// rdbSaveBackground: forks a child that writes `temp-<child pid>.rdb`; the cron reaps it
    /// and renames the file over `dbfilename`. The caller holds every shard (the barrier).
    @discardableResult
    func startBackgroundSaveHoldingShards() -> Result<pid_t, ForkCoordinator.ForkFailure> {
        if let kind = forks.activeKind { return .failure(.busy(kind)) }
        let dirty = dirtyHoldingShards()
        let startedAt = Clock.milliseconds() / 1000
        snapshots.update {
            $0.saves += 1
            $0.dirtyAtFork = dirty
            $0.lastBackgroundSaveTry = startedAt
        }
        // Absolute paths: a CONFIG SET dir while the child runs must not move the rename.
        let directory = SnapshotFile.workingDirectory()
        let destination = directory + "/" + snapshotPath
        let contents = snapshotContents()
        let delay = childDelayMicroseconds()
        let temporary = TemporaryPathBuffer(directory: directory)
        defer { temporary.deallocate() }
        let result = forks.fork(kind: .rdb, body: { SnapshotFile.writeInChild(contents, path: temporary, delay: delay) }) {
            [weak self] pid, outcome in
            self?.backgroundSaveDone(pid: pid, outcome: outcome, directory: directory, destination: destination,
                                     startedAt: startedAt)
        }
        switch result {
        case .success(let pid):
            logger.notice("Background saving started by pid \(pid)")
        case .failure(.system(let code)):
            snapshots.update { $0.lastBackgroundSaveSucceeded = false }
            logger.warning("Can't save in background: fork: \(String(cString: strerror(code)))")
        case .failure(.busy):
            break
        }
        return result
    }

    /// rdb-key-save-delay for every key, slept by the child before it writes (Redis sleeps per
    /// key inside its writer; one sleep keeps the writer free of test knobs). The caller holds
    /// every shard.
    private func childDelayMicroseconds() -> Int {
        let perKey = Int(configuration.integer("rdb-key-save-delay"))
        guard perKey > 0 else { return 0 }
        let keys = stores.reduce(0) { total, store in store.databases.reduce(total) { $0 + $1.count } }
        return perKey.multipliedReportingOverflow(by: keys).overflow ? Int.max : perKey * keys
    }

    /// backgroundSaveDoneHandlerDisk, once the child is reaped (the cron) or killed (SHUTDOWN,
    /// FLUSHALL). Only a success replaces `dbfilename`; a failed or killed child's temporary
    /// file is removed and the previous snapshot stays.
    func backgroundSaveDone(pid: pid_t, outcome: ChildOutcome, directory: String, destination: String,
                            startedAt: Int64) {
        let temporary = SnapshotFile.temporaryPath(in: directory, pid: pid)
        var copied: Int?
        switch outcome {
        case .succeeded(let bytes):
            do throws(SnapshotFile.Failure) {
                try SnapshotFile.publish(temporary, as: destination)
                let megabytes = bytes / (1024 * 1024)
                logger.notice("DB saved on disk")
                logger.notice("Fork CoW for RDB: current \(megabytes) MB, peak \(megabytes) MB, average \(megabytes) MB")
                logger.notice("Background saving terminated with success")
                copied = bytes
            } catch {
                logger.warning("\(error.message)")
                logger.warning("Background saving error")
            }
        case .failed:
            unlink(temporary)
            logger.warning("Background saving error")
        case .killed(let signal):
            logger.warning("Background saving terminated by signal \(signal)")
            unlink(temporary)
        }
        let now = Clock.milliseconds() / 1000
        snapshots.update { status in
            status.lastBackgroundSaveSeconds = now - startedAt
            if let copied {
                status.dirtyCovered = status.dirtyAtFork
                status.lastSave = now
                status.lastBackgroundSaveSucceeded = true
                status.lastCopyOnWriteBytes = copied
            } else if !outcome.wasStoppedOnPurpose {
                // SIGUSR1 is how we stop a child ourselves: not a failed save, as in Redis.
                status.lastBackgroundSaveSucceeded = false
            }
        }
    }

    // MARK: the cron

    /// Starts serverCron's persistence share on loop 0, at `hz`.
    func startPersistenceCron() -> RepeatedTask {
        let hz = max(1, min(500, Int(configuration.integer("hz"))))
        let period = TimeAmount.milliseconds(Int64(1000 / hz))
        return loops[0].scheduleRepeatedTask(initialDelay: period, delay: period) { [weak self] _ in
            self?.persistenceCron()
        }
    }

    /// While a child runs, reap it if it ended (checkChildrenDone, never waiting); otherwise
    /// start a BGSAVE when a save point is due or one was scheduled, at most every 5 s after a
    /// failure (CONFIG_BGSAVE_RETRY_DELAY).
    func persistenceCron() {
        if forks.activeKind != nil {
            forks.reapIfDone()
            return
        }
        let status = snapshots.current
        let now = Clock.milliseconds() / 1000
        guard status.mayRetry(now: now), !snapshots.barrierPending.load(ordering: .relaxed) else { return }
        let unsaved = snapshots.publishedDirtyTotal - status.dirtyCovered
        let due = snapshots.savePoints.first {
            $0.isDue(unsavedChanges: unsaved, secondsSinceLastSave: now - status.lastSave)
        }
        guard due != nil || status.scheduled else { return }
        if let due { logger.notice("\(due.changes) changes in \(due.seconds) seconds. Saving...") }
        snapshots.barrierPending.store(true, ordering: .relaxed)
        runHoldingShards(Array(0..<shardCount), origin: loops[0], { [self] in
            if case .success = startBackgroundSaveHoldingShards() { snapshots.update { $0.scheduled = false } }
        }, completion: { [self] _ in
            snapshots.barrierPending.store(false, ordering: .relaxed)
        })
    }

    // MARK: FLUSHALL

    /// flushAllDataAndResetRDB after the data is gone: a running BGSAVE is killed (its file
    /// would resurrect the data) and the empty data set is saved when save points are set,
    /// which leaves no unsaved change (Redis 7.0.15 measured: rdb_changes_since_last_save is 0
    /// after FLUSHALL with save points, the removed keys' count without). The caller holds
    /// every shard.
    func snapshotAfterFlushAll() {
        if forks.activeKind == .rdb { forks.killChild(of: .rdb) }
        if !snapshots.savePoints.isEmpty { saveHoldingShards() }
    }
}
