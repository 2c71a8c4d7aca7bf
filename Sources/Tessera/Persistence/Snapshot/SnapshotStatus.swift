/// What INFO persistence reports about snapshots, and what the save points decide from (Redis's
/// lastsave, lastbgsave_status, dirty_before_bgsave, ...). Times are Unix seconds.
struct SnapshotStatus: Sendable {
    /// The last successful save (LASTSAVE); the start time until one happens.
    var lastSave: Int64
    var lastBackgroundSaveSucceeded = true
    /// Duration of the last BGSAVE, -1 before the first.
    var lastBackgroundSaveSeconds: Int64 = -1
    /// When the last BGSAVE was attempted: a failed one is retried only 5 s later.
    var lastBackgroundSaveTry: Int64 = 0
    /// SAVE and BGSAVE attempts (rdb_saves).
    var saves = 0
    var lastCopyOnWriteBytes = 0
    /// The shards' summed dirty counter that the last successful save covered: what INFO's
    /// rdb_changes_since_last_save subtracts (Redis resets its single counter instead).
    var dirtyCovered = 0
    /// The summed dirty counter at the running BGSAVE's fork.
    var dirtyAtFork = 0
    /// BGSAVE SCHEDULE while another kind of child runs: start one when it ends.
    var scheduled = false
    var lastLoadKeysLoaded = 0
    var lastLoadKeysExpired = 0

    /// CONFIG_BGSAVE_RETRY_DELAY.
    static let retryDelaySeconds: Int64 = 5

    /// Whether a BGSAVE may start from the cron now: at once after a success, 5 s after a failure.
    func mayRetry(now: Int64) -> Bool {
        lastBackgroundSaveSucceeded || now - lastBackgroundSaveTry > Self.retryDelaySeconds
    }
}
