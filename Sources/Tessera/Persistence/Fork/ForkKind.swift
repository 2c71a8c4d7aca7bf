/// What a forked child produces (Redis's child_type). One child runs at a time, whatever its
/// kind: a second fork would double the copy-on-write cost, as Redis reasons.
public enum ForkKind: Sendable, Equatable {
    /// BGSAVE and save points: an RDB file.
    case rdb
    /// BGREWRITEAOF: new AOF base files.
    case aof
    /// A replica's full synchronisation: an RDB for the replica.
    case sync

    /// The name Redis's "Fork CoW for ..." log line gives the child.
    var logName: String {
        switch self {
        case .rdb, .sync: "RDB"
        case .aof: "AOF rewrite"
        }
    }
}
