import NIOCore
import RESP

/// Connection commands: they run on the client's own loop and act on its session.
enum ConnectionCommands {
    static let table: [CommandSpec] = [
        CommandSpec("ping", arity: -1, flags: [.fast], group: .connection, summary: "Ping the server",
                    categories: ["fast", "connection"], scope: .connection, handler: ping),
        CommandSpec("echo", arity: 2, flags: [.loading, .stale, .fast], group: .connection, summary: "Echo the given string",
                    categories: ["fast", "connection"], scope: .connection, handler: echo),
        CommandSpec("select", arity: 2, flags: [.loading, .stale, .fast], group: .connection,
                    summary: "Change the selected database for the current connection", categories: ["fast", "connection"],
                    scope: .connection, handler: select),
        CommandSpec("quit", arity: -1, flags: [.allowBusy, .noAuth, .fast, .loading, .stale, .noscript],
                    group: .connection, summary: "Close the connection", categories: ["fast", "connection"],
                    scope: .connection, handler: quit),
        CommandSpec("hello", arity: -1, flags: [.noscript, .loading, .stale, .fast, .noAuth, .allowBusy],
                    group: .connection, summary: "Handshake with Redis", since: "6.0.0",
                    categories: ["fast", "connection"], scope: .connection, handler: hello),
        CommandSpec("auth", arity: -2, flags: [.noscript, .loading, .stale, .fast, .noAuth, .allowBusy],
                    group: .connection, summary: "Authenticate to the server",
                    complexity: "O(N) where N is the number of passwords defined for the user",
                    categories: ["fast", "connection"], scope: .connection, handler: auth),
        CommandSpec("reset", arity: 1, flags: [.noscript, .loading, .stale, .fast, .noAuth, .allowBusy],
                    group: .connection, summary: "Reset the connection", since: "6.2.0",
                    categories: ["fast", "connection"], scope: .connection, handler: reset),
        CommandSpec("monitor", arity: 1, flags: [.admin, .noscript, .loading, .stale], group: .server,
                    summary: "Listen for all requests received by the server in real time", complexity: "",
                    categories: ["admin", "slow", "dangerous"], scope: .connection, handler: monitor),
        ClientCommands.spec,
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
        // Redis 7.0's getIntFromObjectOrReply: an integer first, then one that fits an int.
        guard let index = context.integerArgument(1) else { return }
        guard index >= Int32.min, index <= Int32.max else { return context.replyError(ReplyError.intOutOfRange) }
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

    // MARK: HELLO

    /// HELLO [protover [AUTH user pass] [SETNAME name]], as Redis 7.0.15: options take effect in
    /// order (a SETNAME before a failing AUTH sticks), then the client must be authenticated, then
    /// the protocol switches and the reply, in the new protocol, describes the server.
    static func hello(_ context: inout CommandContext) {
        guard let session = context.session else { return context.replyError(ReplyError.noAuth) }
        let count = context.arguments.count
        var version: Int64 = 0
        var index = 1
        if count >= 2 {
            guard let requested = Integer.parseStrict(context[1]) else {
                return context.replyError(ReplyError.protocolVersionNotInteger)
            }
            guard requested == 2 || requested == 3 else { return context.replyError(ReplyError.noProto) }
            version = requested
            index = 2
        }
        while index < count {
            let more = count - 1 - index
            if context.arguments.matches(index, "AUTH") && more >= 2 {
                guard authenticate(context, user: context[index + 1], password: context[index + 2]) else {
                    return context.replyError(ReplyError.wrongPass)
                }
                session.authenticated = true
                index += 3
            } else if context.arguments.matches(index, "SETNAME") && more >= 1 {
                guard let name = ClientCommands.validName(context[index + 1]) else {
                    return context.replyError(ReplyError.invalidClientName)
                }
                session.name = name
                index += 2
            } else {
                return context.replyError(ReplyError.helloSyntax(context.arguments.string(index)))
            }
        }
        guard session.authenticated else { return context.replyError(ReplyError.helloNoAuth) }
        if version != 0 { session.resp = version == 3 ? .v3 : .v2 }
        writeHelloReply(into: &context.reply, session: session)
    }

    static func writeHelloReply(into reply: inout ByteBuffer, session: ClientSession) {
        let resp = session.resp
        reply.writeRESPMapHeader(7, resp)
        reply.writeRESPBulkString("server")
        reply.writeRESPBulkString("redis")
        reply.writeRESPBulkString("version")
        reply.writeRESPBulkString(TesseraVersion.redisCompatible)
        reply.writeRESPBulkString("proto")
        reply.writeRESPInteger(resp == .v3 ? 3 : 2)
        reply.writeRESPBulkString("id")
        reply.writeRESPInteger(session.id)
        reply.writeRESPBulkString("mode")
        reply.writeRESPBulkString("standalone")
        reply.writeRESPBulkString("role")
        reply.writeRESPBulkString("master")
        reply.writeRESPBulkString("modules")
        reply.writeRESPArrayHeader(0)
    }

    // MARK: AUTH

    /// AUTH [username] password. Only the `default` user exists; its password is `requirepass`
    /// (none: any password is accepted, as Redis's `nopass`).
    static func auth(_ context: inout CommandContext) {
        let count = context.arguments.count
        guard count <= 3 else { return context.replyError(ReplyError.syntax) }
        let accepted: Bool
        if count == 2 {
            guard context.engine.requiresAuth else { return context.replyError(ReplyError.noPasswordSet) }
            accepted = authenticate(context, user: nil, password: context[1])
        } else {
            accepted = authenticate(context, user: context[1], password: context[2])
        }
        guard accepted else { return context.replyError(ReplyError.wrongPass) }
        context.session?.authenticated = true
        context.replyOK()
    }

    /// Whether `user` (nil: default) may log in with `password`.
    static func authenticate(_ context: CommandContext, user: UnsafeRawBufferPointer?, password: UnsafeRawBufferPointer) -> Bool {
        if let user, !user.elementsEqual("default".utf8) { return false }
        let required = context.engine.configuration["requirepass"] ?? ""
        if required.isEmpty { return true }
        return constantTimeEquals(password, Array(required.utf8))
    }

    /// Compares without stopping at the first difference (Redis's time_independent_strcmp).
    static func constantTimeEquals(_ a: UnsafeRawBufferPointer, _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= x ^ y
        }
        return difference == 0
    }

    // MARK: RESET, MONITOR

    static func reset(_ context: inout CommandContext) {
        guard let session = context.session else { return context.replySimple("RESET") }
        if session.isMonitor { context.engine.clients.monitors.remove(session) }
        session.reset(requiresAuth: context.engine.requiresAuth)
        context.replySimple("RESET")
    }

    /// MONITOR: "+OK", then the feed (see `MonitorFeed`). Again on a monitor: no reply, as Redis.
    static func monitor(_ context: inout CommandContext) {
        guard let session = context.session else { return context.replyOK() }
        guard context.engine.clients.monitors.add(session) else { return }
        context.replyOK()
    }
}
