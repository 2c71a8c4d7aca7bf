/// Error replies of the persistence commands and of the checks snapshots add to every command,
/// byte for byte as Redis 7.0 (server.c's shared objects, rdb.c, debug.c).
extension ReplyError {
    public static let backgroundSaveInProgress: StaticString = "ERR Background save already in progress"
    public static let anotherChildActive: StaticString =
        "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible."
    /// shared.err: what SAVE and BGSAVE answer when the save itself failed (the log says why).
    public static let bare: StaticString = "ERR"
    /// shared.bgsaveerr.
    public static let persistenceFailed: StaticString =
        "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error."
    /// shared.loadingerr.
    public static let loading: StaticString = "LOADING Redis is loading the dataset in memory"
    public static let reloadOptions: StaticString = "ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options."
    public static let reloadFailed: StaticString = "ERR Error trying to load the RDB dump, check server logs."
}
