import NIOCore
import RESP

/// CLIENT and its subcommands (Redis 7.0.15). They run on the caller's loop; the ones that look
/// at other clients (LIST, KILL) read them through `ClientRegistry` and the guarded fields of
/// `ClientSession`.
enum ClientCommands {
    private static let connectionCategories = ["slow", "connection"]
    private static let adminCategories = ["admin", "slow", "dangerous", "connection"]
    private static let sessionFlags: CommandFlags = [.noscript, .loading, .stale]
    private static let adminFlags: CommandFlags = [.admin, .noscript, .loading, .stale]

    static let spec = CommandSpec(
        "client", arity: -2, flags: [], group: .connection, summary: "A container for client connection commands",
        since: "2.4.0", complexity: "Depends on subcommand.", categories: ["slow"], scope: .connection,
        subcommands: [
            CommandSpec("caching", arity: 3, flags: sessionFlags, group: .connection,
                        summary: "Instruct the server about tracking or not keys in the next request", since: "6.0.0",
                        categories: connectionCategories, scope: .connection, handler: caching),
            CommandSpec("getname", arity: 2, flags: sessionFlags, group: .connection,
                        summary: "Get the current connection name", since: "2.6.9",
                        categories: connectionCategories, scope: .connection, handler: getName),
            CommandSpec("getredir", arity: 2, flags: sessionFlags, group: .connection,
                        summary: "Get tracking notifications redirection client ID if any", since: "6.0.0",
                        categories: connectionCategories, scope: .connection, handler: getRedirect),
            CommandSpec("help", arity: 2, flags: [.loading, .stale], group: .connection,
                        summary: "Show helpful text about the different subcommands", since: "5.0.0",
                        categories: connectionCategories, scope: .connection, handler: help),
            CommandSpec("id", arity: 2, flags: sessionFlags, group: .connection,
                        summary: "Returns the client ID for the current connection", since: "5.0.0",
                        categories: connectionCategories, scope: .connection, handler: id),
            CommandSpec("info", arity: 2, flags: sessionFlags, group: .connection,
                        summary: "Returns information about the current client connection.", since: "6.2.0",
                        categories: connectionCategories, scope: .connection, handler: info),
            CommandSpec("kill", arity: -3, flags: adminFlags, group: .connection,
                        summary: "Kill the connection of a client", since: "2.4.0",
                        complexity: "O(N) where N is the number of client connections",
                        categories: adminCategories, scope: .connection, handler: kill),
            CommandSpec("list", arity: -2, flags: adminFlags, group: .connection,
                        summary: "Get the list of client connections", since: "2.4.0",
                        complexity: "O(N) where N is the number of client connections",
                        categories: adminCategories, scope: .connection, handler: list),
            CommandSpec("no-evict", arity: 3, flags: adminFlags, group: .connection,
                        summary: "Set client eviction mode for the current connection", since: "7.0.0",
                        categories: adminCategories, scope: .connection, handler: noEvict),
            CommandSpec("pause", arity: -3, flags: adminFlags, group: .connection,
                        summary: "Stop processing commands from clients for some time", since: "2.9.50",
                        categories: adminCategories, scope: .connection, handler: pause),
            CommandSpec("reply", arity: 3, flags: sessionFlags, group: .connection,
                        summary: "Instruct the server whether to reply to commands", since: "3.2.0",
                        categories: connectionCategories, scope: .connection, handler: reply),
            CommandSpec("setname", arity: 3, flags: sessionFlags, group: .connection,
                        summary: "Set the current connection name", since: "2.6.9",
                        categories: connectionCategories, scope: .connection, handler: setName),
            CommandSpec("tracking", arity: -3, flags: sessionFlags, group: .connection,
                        summary: "Enable or disable server assisted client side caching support", since: "6.0.0",
                        complexity: "O(1). Some options may introduce additional complexity.",
                        categories: connectionCategories, scope: .connection, handler: tracking),
            CommandSpec("trackinginfo", arity: 2, flags: sessionFlags, group: .connection,
                        summary: "Return information about server assisted client side caching for the current connection",
                        since: "6.2.0", categories: connectionCategories, scope: .connection, handler: trackingInfo),
            CommandSpec("unblock", arity: -3, flags: adminFlags, group: .connection,
                        summary: "Unblock a client blocked in a blocking command from a different connection",
                        since: "5.0.0", complexity: "O(log N) where N is the number of client connections",
                        categories: adminCategories, scope: .connection, handler: unblock),
            CommandSpec("unpause", arity: 2, flags: adminFlags, group: .connection,
                        summary: "Resume processing of clients that were paused", since: "6.2.0",
                        complexity: "O(N) Where N is the number of paused clients",
                        categories: adminCategories, scope: .connection, handler: unpause),
        ],
        handler: { context in
            context.replyError(ReplyError.unknownSubcommand(context.arguments.string(1), "client"))
        })

    // MARK: identity

    static func id(_ context: inout CommandContext) {
        context.replyInteger(context.session?.id ?? 0)
    }

    /// Redis's clientSetNameOrReply: printable ASCII without spaces ('!'...'~'); empty clears.
    static func validName(_ bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        for byte in bytes where byte < UInt8(ascii: "!") || byte > UInt8(ascii: "~") { return nil }
        return Array(bytes)
    }

    static func setName(_ context: inout CommandContext) {
        guard let name = validName(context[2]) else { return context.replyError(ReplyError.invalidClientName) }
        context.session?.name = name
        context.replyOK()
    }

    static func getName(_ context: inout CommandContext) {
        guard let name = context.session?.name, !name.isEmpty else { return context.replyNull() }
        context.reply.writeRESPBulkString(name)
    }

    // MARK: LIST, INFO

    static func info(_ context: inout CommandContext) {
        guard let session = context.session else { return context.replyNull() }
        var text = ""
        appendInfoLine(&text, session, caller: context)
        text += "\n"
        replyText(&context, text)
    }

    /// Plain text for humans: a bulk string in RESP2, a `txt` verbatim string in RESP3.
    static func replyText(_ context: inout CommandContext, _ text: String) {
        var text = text
        let resp = context.resp
        text.withUTF8 { context.reply.writeRESPVerbatim(UnsafeRawBufferPointer($0), resp) }
    }

    /// CLIENT LIST [TYPE type | ID id ...]: Redis checks the form before anything else, so
    /// `TYPE` takes exactly one value and unknown options are a syntax error.
    static func list(_ context: inout CommandContext) {
        let count = context.arguments.count
        let registry = context.engine.clients
        var sessions: [ClientSession]
        if count == 4 && context.arguments.matches(2, "TYPE") {
            guard let type = ClientType(context[3]) else {
                return context.replyError(ReplyError.unknownClientType(context.arguments.string(3)))
            }
            sessions = registry.snapshot().filter { ClientType.of($0) == type }
        } else if count > 3 && context.arguments.matches(2, "ID") {
            sessions = []
            for index in 3..<count {
                guard let id = Integer.parseStrict(context[index]) else {
                    return context.replyError(ReplyError.invalidClientID)
                }
                if let session = registry.session(id: id) { sessions.append(session) }
            }
        } else if count != 2 {
            return context.replyError(ReplyError.syntax)
        } else {
            sessions = registry.snapshot()
        }
        var text = ""
        for session in sessions {
            appendInfoLine(&text, session, caller: context)
            text += "\n"
        }
        replyText(&context, text)
    }

    /// One CLIENT LIST line, fields in Redis 7.0's order (catClientInfoString). Buffer sizes
    /// follow Redis's allocation pattern: a query buffer exists once the client sent something
    /// (PROTO_IOBUF_LEN, 20474 usable bytes), the reply buffer shrinks to 1 KiB unless replies
    /// were bigger, and only the caller has arguments in flight.
    static func appendInfoLine(_ text: inout String, _ session: ClientSession, caller context: CommandContext) {
        let info = session.info()
        let isCaller = session === context.session
        let now = Clock.milliseconds() / 1000
        let lastCommand = session.lastCommand
        var queryBuffer = 0
        var argumentBytes = 0
        if isCaller {
            let arguments = context.arguments
            queryBuffer = 1 + String(arguments.count).utf8.count + 2
            for index in 0..<arguments.count {
                let length = arguments[index].count
                argumentBytes += length
                queryBuffer += 1 + String(length).utf8.count + 2 + length + 2
            }
        }
        let peak = session.replyBufferPeak
        var replyBuffer = 1024
        while replyBuffer <= peak && replyBuffer < ClientSession.replyChunkBytes { replyBuffer *= 2 }
        let queryFree: Int
        var totalMemory: Int
        if lastCommand == -2 && !isCaller {
            queryFree = 4
            totalMemory = 776 + replyBuffer
        } else {
            let allocated = max(20474, queryBuffer)
            queryFree = allocated - queryBuffer
            totalMemory = allocated + 6 + 768 + replyBuffer
            if isCaller { totalMemory += argumentBytes + 8 * context.arguments.count }
        }
        let commandName = lastCommand >= 0 && lastCommand < context.engine.commands.all.count
            ? context.engine.commands.all[lastCommand].fullName : "NULL"
        text += "id=\(session.id) addr=\(session.address) laddr=\(session.localAddress) fd=\(session.fileDescriptor)"
        text += " name=\(String(decoding: info.name, as: UTF8.self))"
        text += " age=\(now - session.createdAt / 1000) idle=\(max(0, now - session.lastInteraction / 1000))"
        text += " flags=\(info.flags.letters) db=\(info.db)"
        text += " sub=\(info.subscriptions.channels) psub=\(info.subscriptions.patterns) ssub=\(info.subscriptions.shardChannels)"
        text += " multi=\(info.multiCount) qbuf=\(queryBuffer) qbuf-free=\(queryFree) argv-mem=\(argumentBytes)"
        text += " multi-mem=0 rbs=\(replyBuffer) rbp=\(min(peak, replyBuffer)) obl=0 oll=0 omem=0 tot-mem=\(totalMemory)"
        text += " events=r cmd=\(commandName) user=default redir=-1 resp=\(info.resp == .v3 ? 3 : 2)"
    }

    // MARK: KILL

    /// CLIENT KILL ip:port (old form: OK or "No such client", may kill the caller) or
    /// CLIENT KILL <filter> <value> ... (new form: the number killed; SKIPME yes by default).
    static func kill(_ context: inout CommandContext) {
        let count = context.arguments.count
        var address: [UInt8]?
        var localAddress: [UInt8]?
        var type: ClientType?
        var id: Int64 = 0
        var skipMe = true
        if count == 3 {
            address = Array(context[2])
            skipMe = false
        } else {
            var index = 2
            while index < count {
                guard index + 1 < count else { return context.replyError(ReplyError.syntax) }
                let value = context[index + 1]
                if context.arguments.matches(index, "ID") {
                    guard let parsed = Integer.parseStrict(value), parsed >= 1 else {
                        return context.replyError(ReplyError.clientIDNotPositive)
                    }
                    id = parsed
                } else if context.arguments.matches(index, "TYPE") {
                    guard let parsed = ClientType(value) else {
                        return context.replyError(ReplyError.unknownClientType(context.arguments.string(index + 1)))
                    }
                    type = parsed
                } else if context.arguments.matches(index, "ADDR") {
                    address = Array(value)
                } else if context.arguments.matches(index, "LADDR") {
                    localAddress = Array(value)
                } else if context.arguments.matches(index, "USER") {
                    guard value.elementsEqual("default".utf8) else {
                        return context.replyError(ReplyError.noSuchUser(context.arguments.string(index + 1)))
                    }
                } else if context.arguments.matches(index, "SKIPME") {
                    if Bytes.equalsIgnoringCase(value, "yes") {
                        skipMe = true
                    } else if Bytes.equalsIgnoringCase(value, "no") {
                        skipMe = false
                    } else {
                        return context.replyError(ReplyError.syntax)
                    }
                } else {
                    return context.replyError(ReplyError.syntax)
                }
                index += 2
            }
        }
        let registry = context.engine.clients
        var killed = 0
        for session in registry.snapshot() {
            if let address, !address.elementsEqual(session.address.utf8) { continue }
            if let localAddress, !localAddress.elementsEqual(session.localAddress.utf8) { continue }
            if let type, ClientType.of(session) != type { continue }
            if id != 0 && session.id != id { continue }
            if session === context.session {
                if skipMe { continue }
                session.closeAfterReply = true
            } else {
                close(session, registry: registry)
            }
            killed += 1
        }
        if count == 3 {
            if killed == 0 { return context.replyError(ReplyError.noSuchClient) }
            context.replyOK()
        } else {
            context.replyInteger(killed)
        }
    }

    /// Closes another client: its connection on its own loop, or, for an embedding session, its
    /// registration.
    static func close(_ session: ClientSession, registry: ClientRegistry) {
        guard session.markClosed() else { return }
        if let kill = session.kill {
            kill()
        } else {
            registry.unregister(session)
        }
    }

    // MARK: REPLY, NO-EVICT

    /// CLIENT REPLY ON|OFF|SKIP. OFF and SKIP reply nothing; ON replies OK even though the
    /// mode suppressed replies when it started (`forceReply`); SKIP is ignored while OFF.
    static func reply(_ context: inout CommandContext) {
        guard let session = context.session else { return context.replyOK() }
        if context.arguments.matches(2, "ON") {
            session.replyMode = .on
            session.forceReply = true
            context.replyOK()
        } else if context.arguments.matches(2, "OFF") {
            session.replyMode = .off
        } else if context.arguments.matches(2, "SKIP") {
            if session.replyMode != .off { session.replyMode = .skip }
        } else {
            context.replyError(ReplyError.syntax)
        }
    }

    static func noEvict(_ context: inout CommandContext) {
        if context.arguments.matches(2, "ON") {
            context.session?.noEvict = true
        } else if context.arguments.matches(2, "OFF") {
            context.session?.noEvict = false
        } else {
            return context.replyError(ReplyError.syntax)
        }
        context.replyOK()
    }

    // MARK: PAUSE, UNPAUSE, UNBLOCK

    /// CLIENT PAUSE timeout [WRITE|ALL]: the mode is checked before the timeout, as in Redis.
    static func pause(_ context: inout CommandContext) {
        let count = context.arguments.count
        guard count <= 4 else {
            return context.replyError(ReplyError.subcommandSyntax(context.arguments.string(1), "client"))
        }
        var mode = ClientPause.Mode.all
        if count == 4 {
            if context.arguments.matches(3, "WRITE") {
                mode = .write
            } else if context.arguments.matches(3, "ALL") {
                mode = .all
            } else {
                return context.replyError(ReplyError.pauseMode)
            }
        }
        guard let timeout = Integer.parseStrict(context[2]) else {
            return context.replyError(ReplyError.timeoutNotInteger)
        }
        guard timeout >= 0 else { return context.replyError(ReplyError.timeoutNegative) }
        // Redis 7.0 accepts any non-negative timeout (a huge one pauses until UNPAUSE).
        let now = Clock.milliseconds()
        let (until, overflow) = now.addingReportingOverflow(timeout)
        let loop = context.engine.loops[context.session?.loopIndex ?? 0]
        context.engine.clients.pause.pause(mode, until: timeout == 0 ? 0 : (overflow ? Int64.max : until), timerLoop: loop)
        context.replyOK()
    }

    static func unpause(_ context: inout CommandContext) {
        context.engine.clients.pause.unpause()
        context.replyOK()
    }

    /// CLIENT UNBLOCK id [TIMEOUT|ERROR]: ends the wait of a client blocked in a blocking
    /// command, as a timeout (the default) or with the UNBLOCKED error; 0 when it is not blocked.
    static func unblock(_ context: inout CommandContext) {
        let count = context.arguments.count
        guard count <= 4 else {
            return context.replyError(ReplyError.subcommandSyntax(context.arguments.string(1), "client"))
        }
        var withError = false
        if count == 4 {
            if context.arguments.matches(3, "ERROR") {
                withError = true
            } else if !context.arguments.matches(3, "TIMEOUT") {
                return context.replyError(ReplyError.unblockReason)
            }
        }
        guard let id = context.integerArgument(2) else { return }
        guard let blocked = context.engine.clients.session(id: id)?.blockedClient else { return context.replyInteger(0) }
        context.replyInteger(blocked.unblock(withError: withError) ? 1 : 0)
    }

    // MARK: client-side caching (not supported: tracking stays off)

    /// CLIENT TRACKING on|off [options]: options are parsed as Redis does; OFF is accepted, ON is
    /// refused because Tessera sends no invalidations.
    static func tracking(_ context: inout CommandContext) {
        let count = context.arguments.count
        var index = 3
        var redirect: Int64 = 0
        while index < count {
            let more = count - 1 - index
            if context.arguments.matches(index, "REDIRECT") && more > 0 {
                index += 1
                if redirect != 0 { return context.replyError("ERR A client can only redirect to a single other client") }
                guard let target = context.integerArgument(index) else { return }
                guard context.engine.clients.session(id: target) != nil else {
                    return context.replyError("ERR The client ID you want redirect to does not exist")
                }
                redirect = target
            } else if context.arguments.matches(index, "PREFIX") && more > 0 {
                index += 1
            } else if !(context.arguments.matches(index, "BCAST") || context.arguments.matches(index, "OPTIN")
                        || context.arguments.matches(index, "OPTOUT") || context.arguments.matches(index, "NOLOOP")) {
                return context.replyError(ReplyError.syntax)
            }
            index += 1
        }
        if context.arguments.matches(2, "OFF") {
            context.replyOK()
        } else if context.arguments.matches(2, "ON") {
            context.replyError(ReplyError.trackingUnsupported)
        } else {
            context.replyError(ReplyError.syntax)
        }
    }

    static func caching(_ context: inout CommandContext) {
        context.replyError(ReplyError.cachingWithoutTracking)
    }

    static func getRedirect(_ context: inout CommandContext) {
        context.replyInteger(-1)
    }

    static func trackingInfo(_ context: inout CommandContext) {
        context.replyMapHeader(3)
        context.replyBulk("flags")
        context.reply.writeRESPSetHeader(1, context.resp)
        context.replyBulk("off")
        context.replyBulk("redirect")
        context.replyInteger(-1)
        context.replyBulk("prefixes")
        context.replyArrayHeader(0)
    }

    // MARK: HELP

    static func help(_ context: inout CommandContext) {
        context.replyArrayHeader(helpLines.count)
        for line in helpLines { context.reply.writeRESPSimpleString(line) }
    }

    /// Redis 7.0.15's CLIENT HELP, line for line.
    static let helpLines: [String] = [
        "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CACHING (YES|NO)",
        "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
        "GETREDIR",
        "    Return the client ID we are redirecting to when tracking is enabled.",
        "GETNAME",
        "    Return the name of the current connection.",
        "ID",
        "    Return the ID of the current connection.",
        "INFO",
        "    Return information about the current client connection.",
        "KILL <ip:port>",
        "    Kill connection made from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]",
        "    Kill connections. Options are:",
        "    * ADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made from the specified address",
        "    * LADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made to specified local address",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Kill connections by type.",
        "    * USER <username>",
        "      Kill connections authenticated by <username>.",
        "    * SKIPME (YES|NO)",
        "      Skip killing current connection (default: yes).",
        "LIST [options ...]",
        "    Return information about client connections. Options:",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Return clients of specified type.",
        "UNPAUSE",
        "    Stop the current client pause, resuming traffic.",
        "PAUSE <timeout> [WRITE|ALL]",
        "    Suspend all, or just write, clients for <timeout> milliseconds.",
        "REPLY (ON|OFF|SKIP)",
        "    Control the replies sent to the current connection.",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
        "UNBLOCK <clientid> [TIMEOUT|ERROR]",
        "    Unblock the specified blocked client.",
        "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
        "         [OPTIN] [OPTOUT] [NOLOOP]",
        "    Control server assisted client side caching.",
        "TRACKINGINFO",
        "    Report tracking status for the current connection.",
        "NO-EVICT (ON|OFF)",
        "    Protect current client connection from eviction.",
        "HELP",
        "    Prints this help.",
    ]
}

/// Redis's client types (getClientType): a monitor counts as normal.
enum ClientType: Equatable {
    case normal, master, replica, pubsub

    /// getClientTypeByName: normal, master, replica or slave, pubsub (any case).
    init?(_ name: UnsafeRawBufferPointer) {
        if Bytes.equalsIgnoringCase(name, "normal") {
            self = .normal
        } else if Bytes.equalsIgnoringCase(name, "master") {
            self = .master
        } else if Bytes.equalsIgnoringCase(name, "replica") || Bytes.equalsIgnoringCase(name, "slave") {
            self = .replica
        } else if Bytes.equalsIgnoringCase(name, "pubsub") {
            self = .pubsub
        } else {
            return nil
        }
    }

    static func of(_ session: ClientSession) -> ClientType {
        let flags = session.info().flags
        if flags.contains(.master) { return .master }
        if flags.contains(.replica) && !flags.contains(.monitor) { return .replica }
        if flags.contains(.pubsub) { return .pubsub }
        return .normal
    }
}
