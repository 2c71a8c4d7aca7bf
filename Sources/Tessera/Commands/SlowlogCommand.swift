/// SLOWLOG GET [count] | LEN | RESET | HELP (Redis 7.0's slowlog.c).
enum SlowlogCommand {
    static let table: [CommandSpec] = [
        CommandSpec("slowlog", arity: -2, flags: [], group: .server, summary: "A container for slow log commands",
                    since: "2.2.12", complexity: "Depends on subcommand.", scope: .connection, subcommands: [
                        CommandSpec("get", arity: -2, flags: [.admin, .loading, .stale], group: .server,
                                    summary: "Get the slow log's entries", since: "2.2.12",
                                    complexity: "O(N) where N is the number of entries returned", scope: .connection,
                                    handler: get),
                        CommandSpec("len", arity: 2, flags: [.admin, .loading, .stale], group: .server,
                                    summary: "Get the slow log's length", since: "2.2.12", scope: .connection,
                                    handler: len),
                        CommandSpec("reset", arity: 2, flags: [.admin, .loading, .stale], group: .server,
                                    summary: "Clear all entries from the slow log", since: "2.2.12",
                                    complexity: "O(N) where N is the number of entries in the slowlog", scope: .connection,
                                    handler: reset),
                        CommandSpec("help", arity: 2, flags: [.loading, .stale], group: .server,
                                    summary: "Show helpful text about the different subcommands", since: "6.2.0",
                                    scope: .connection, handler: help),
                    ], handler: { $0.replyWrongArity() }),
    ]

    /// Each entry: id, Unix time, microseconds, arguments, client address, client name; newest
    /// first, 10 by default, all with -1.
    static func get(_ context: inout CommandContext) {
        guard context.arguments.count <= 3 else { return ServerCommands.replySubcommandSyntaxError(&context) }
        var count = 10
        if context.arguments.count == 3 {
            guard let value = Integer.parseStrict(context[2]), value >= -1 else {
                return context.replyError(ReplyError.slowlogCount)
            }
            count = value > Int64(Int.max) ? Int.max : Int(value)
        }
        let entries = context.engine.slowlog.entries(count)
        context.replyArrayHeader(entries.count)
        for entry in entries {
            context.replyArrayHeader(6)
            context.replyInteger(entry.id)
            context.replyInteger(entry.timestamp)
            context.replyInteger(entry.microseconds)
            context.replyArrayHeader(entry.arguments.count)
            for argument in entry.arguments { context.reply.writeRESPBulkString(argument) }
            context.replyBulk(entry.client)
            context.reply.writeRESPBulkString(entry.clientName)
        }
    }

    static func len(_ context: inout CommandContext) {
        context.replyInteger(context.engine.slowlog.count)
    }

    static func reset(_ context: inout CommandContext) {
        context.engine.slowlog.reset()
        context.replyOK()
    }

    static func help(_ context: inout CommandContext) {
        ServerCommands.replyHelp(&context, [
            "GET [<count>]",
            "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
            "    Entries are made of:",
            "    id, timestamp, time in microseconds, arguments array, client IP and port,",
            "    client name",
            "LEN",
            "    Return the length of the slowlog.",
            "RESET",
            "    Reset the slowlog.",
        ])
    }
}
