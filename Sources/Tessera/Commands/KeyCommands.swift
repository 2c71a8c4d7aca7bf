/// Generic key commands (Redis's db.c and expire.c).
enum KeyCommands {
    static let table: [CommandSpec] = [
        CommandSpec("del", arity: -2, flags: [.write], keys: (1, -1, 1), group: .generic,
                    summary: "Delete a key", complexity: "O(N)", categories: ["keyspace", "write", "slow"], handler: del),
        CommandSpec("dbsize", arity: 1, flags: [.readonly, .fast], group: .server,
                    summary: "Return the number of keys in the selected database",
                    categories: ["keyspace", "read", "fast"], scope: .allShards, handler: dbsize),
        CommandSpec("flushall", arity: -1, flags: [.write], group: .server, summary: "Remove all keys from all databases",
                    complexity: "O(N)", categories: ["keyspace", "write", "slow", "dangerous"], scope: .allShards,
                    handler: flushall),
    ]

    static func del(_ context: inout CommandContext) {
        var removed = 0
        for index in 1..<context.arguments.count {
            let key = context[index]
            if context.keyspace.lookupWrite(key) != nil, context.keyspace.remove(key) { removed += 1 }
        }
        context.replyInteger(removed)
    }

    static func dbsize(_ context: inout CommandContext) {
        var total = 0
        for shard in 0..<context.keyspace.shardCount { total += context.keyspace.table(shard: shard).count }
        context.replyInteger(total)
    }

    static func flushall(_ context: inout CommandContext) {
        if context.arguments.count > 2 || (context.arguments.count == 2 && !context.arguments.matches(1, "ASYNC")
            && !context.arguments.matches(1, "SYNC")) {
            return context.replyError(ReplyError.syntax)
        }
        for shard in context.engine.stores {
            var removed = 0
            for table in shard.databases {
                removed += table.count
                table.removeAll()
            }
            shard.stats.dirty &+= removed
        }
        context.replyOK()
    }
}
