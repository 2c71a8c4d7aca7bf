/// Server commands: whole-keyspace and administrative ones.
enum ServerCommands {
    static let table: [CommandSpec] = [
        CommandSpec("flushall", arity: -1, flags: [.write], group: .server, summary: "Remove all keys from all databases",
                    complexity: "O(N)", categories: ["keyspace", "write", "slow", "dangerous"], scope: .allShards,
                    handler: flushall),
    ]

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
