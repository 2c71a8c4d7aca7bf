/// SAVE, BGSAVE [SCHEDULE] and LASTSAVE (Redis 7.0's rdb.c commands). SAVE and BGSAVE hold
/// every shard: SAVE writes while the whole keyspace waits, as Redis's blocking SAVE; BGSAVE's
/// hold is the fork barrier, so its child copies one instant of every shard.
enum PersistenceCommands {
    static let table: [CommandSpec] = [
        CommandSpec("save", arity: 1, flags: [.admin, .noscript, .noMulti], group: .server,
                    summary: "Synchronously save the dataset to disk", since: "1.0.0",
                    complexity: "O(N) where N is the total number of keys in all databases",
                    scope: .allShards, handler: save),
        CommandSpec("bgsave", arity: -1, flags: [.admin, .noscript], group: .server,
                    summary: "Asynchronously save the dataset to disk", since: "1.0.0",
                    scope: .allShards, handler: bgsave),
        CommandSpec("lastsave", arity: 1, flags: [.loading, .stale, .fast], group: .server,
                    summary: "Get the UNIX time stamp of the last successful save to disk", since: "1.0.0",
                    categories: ["admin", "dangerous"], scope: .connection, handler: lastsave),
    ]

    /// SAVE: refused while a BGSAVE child runs (the two would race for the file).
    static func save(_ context: inout CommandContext) {
        let engine = context.engine
        if writesSnapshot(engine.forks.activeKind) { return context.replyError(ReplyError.backgroundSaveInProgress) }
        engine.snapshots.update { $0.saves += 1 }
        if engine.saveHoldingShards() { context.replyOK() } else { context.replyError(ReplyError.bare) }
    }

    /// BGSAVE [SCHEDULE]: with another kind of child running (an AOF rewrite), SCHEDULE defers
    /// the save until it ends; without it the command is refused.
    static func bgsave(_ context: inout CommandContext) {
        var schedule = false
        if context.arguments.count > 1 {
            guard context.arguments.count == 2, context.arguments.matches(1, "SCHEDULE") else {
                return context.replyError(ReplyError.syntax)
            }
            schedule = true
        }
        let engine = context.engine
        let running = engine.forks.activeKind
        if writesSnapshot(running) {
            context.replyError(ReplyError.backgroundSaveInProgress)
        } else if running != nil {
            guard schedule else { return context.replyError(ReplyError.anotherChildActive) }
            engine.snapshots.update { $0.scheduled = true }
            context.replySimple("Background saving scheduled")
        } else if case .success = engine.startBackgroundSaveHoldingShards() {
            context.replySimple("Background saving started")
        } else {
            context.replyError(ReplyError.bare)
        }
    }

    static func lastsave(_ context: inout CommandContext) {
        context.replyInteger(context.engine.snapshots.current.lastSave)
    }

    /// Redis's child_type == CHILD_TYPE_RDB: a BGSAVE child or a full sync's.
    static func writesSnapshot(_ kind: ForkKind?) -> Bool {
        kind == .rdb || kind == .sync
    }
}
