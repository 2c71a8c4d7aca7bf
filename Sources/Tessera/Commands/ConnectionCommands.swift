/// Connection commands: they run on the client's own loop and act on its session.
enum ConnectionCommands {
    static let table: [CommandSpec] = [
        CommandSpec("ping", arity: -1, flags: [.fast], group: .connection, summary: "Ping the server",
                    categories: ["fast", "connection"], scope: .connection, handler: ping),
        CommandSpec("echo", arity: 2, flags: [.fast], group: .connection, summary: "Echo the given string",
                    categories: ["fast", "connection"], scope: .connection, handler: echo),
        CommandSpec("select", arity: 2, flags: [.loading, .stale, .fast], group: .connection,
                    summary: "Change the selected database for the current connection", categories: ["fast", "connection"],
                    scope: .connection, handler: select),
        CommandSpec("quit", arity: -1, flags: [.allowBusy, .noAuth, .fast, .loading, .stale, .noscript],
                    group: .connection, summary: "Close the connection", categories: ["fast", "connection"],
                    scope: .connection, handler: quit),
    ]

    static func ping(_ context: inout CommandContext) {
        switch context.arguments.count {
        case 1: context.replySimple("PONG")
        case 2: context.replyBulk(context[1])
        default: context.replyWrongArity()
        }
    }

    static func echo(_ context: inout CommandContext) {
        context.replyBulk(context[1])
    }

    static func select(_ context: inout CommandContext) {
        guard let index = Integer.parseStrict(context[1]), index >= Int32.min, index <= Int32.max else {
            return context.replyError(ReplyError.invalidDBIndex)
        }
        guard index >= 0 && index < context.engine.databaseCount else {
            return context.replyError(ReplyError.dbIndexOutOfRange)
        }
        context.session?.db = Int(index)
        context.replyOK()
    }

    static func quit(_ context: inout CommandContext) {
        context.session?.closeAfterReply = true
        context.replyOK()
    }
}
