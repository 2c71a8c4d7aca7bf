#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import RESP

/// DEBUG (Redis 7.0's debug.c), allowed by `enable-debug-command` as in Redis: "no" refuses it,
/// "local" allows loopback (and in-process) clients, "yes" everyone. It holds every shard while
/// it runs, like Redis's single thread: DEBUG SLEEP stops every keyspace, POPULATE fills the
/// client's database on every shard, DIGEST is one instant of every shard, RELOAD saves and
/// loads back with every shard held. The subcommands Tessera has are those below; the others
/// (SEGFAULT...) answer as unknown, as Redis does for a misspelt one.
enum DebugCommand {
    static let table: [CommandSpec] = [
        CommandSpec("debug", arity: -2, flags: [.admin, .noscript, .loading, .stale], group: .server,
                    summary: "A container for debugging commands", since: "1.0.0",
                    complexity: "Depends on subcommand.", scope: .allShards, handler: debug),
    ]

    static func debug(_ context: inout CommandContext) {
        guard ConfigCommand.allowsProtected(context.engine.configuration["enable-debug-command"], context.session) else {
            return context.replyError(ReplyError.debugNotAllowed)
        }
        let count = context.arguments.count
        let arguments = context.arguments
        switch count {
        case 2 where arguments.matches(1, "HELP"): help(&context)
        case 3 where arguments.matches(1, "SLEEP"): sleep(&context)
        case 3...5 where arguments.matches(1, "POPULATE"): populate(&context)
        case 3 where arguments.matches(1, "OBJECT"): object(&context)
        case 2 where arguments.matches(1, "DIGEST"): digest(&context)
        case 2... where arguments.matches(1, "DIGEST-VALUE"): digestValue(&context)
        case 3 where arguments.matches(1, "SET-ACTIVE-EXPIRE"):
            let enabled = atoi(arguments.string(2)) != 0
            for store in context.engine.stores { store.activeExpireEnabled = enabled }
            context.replyOK()
        case 3 where arguments.matches(1, "PROTOCOL"): replyProtocolSample(&context)
        case 3 where arguments.matches(1, "ERROR"): context.replyError(arguments.string(2))
        case 3 where arguments.matches(1, "LOG"):
            context.engine.logger.warning("DEBUG LOG: \(arguments.string(2))")
            context.replyOK()
        case 3...4 where arguments.matches(1, "MALLCTL") && Jemalloc.inProcess != nil: mallctl(&context)
        case 3...4 where arguments.matches(1, "MALLCTL-STR") && Jemalloc.inProcess != nil: mallctlString(&context)
        case 2 where arguments.matches(1, "CONFIG-REWRITE-FORCE-ALL"): rewriteAll(&context)
        case _ where arguments.matches(1, "RELOAD"): reload(&context)
        default: ServerCommands.replySubcommandSyntaxError(&context)
        }
    }

    /// DEBUG SLEEP seconds: strtod's reading of the argument, as Redis (garbage sleeps 0).
    static func sleep(_ context: inout CommandContext) {
        let seconds = strtod(context.arguments.string(2), nil)
        let micros = Int64(seconds * 1_000_000)
        if micros > 0 {
            var time = timespec(tv_sec: Int(micros / 1_000_000), tv_nsec: Int(micros % 1_000_000) * 1000)
            var remaining = timespec()
            while nanosleep(&time, &remaining) != 0 && errno == EINTR { time = remaining }
        }
        context.replyOK()
    }

    /// DEBUG POPULATE count [prefix] [size]: string keys "prefix:N" (prefix "key") with values
    /// "value:N", padded with zero bytes or cut to `size` when given; existing keys are left
    /// alone.
    static func populate(_ context: inout CommandContext) {
        guard let count = Integer.parseStrict(context[2]), count >= 0 else {
            return context.replyError(ReplyError.mustBePositive)
        }
        var size = 0
        if context.arguments.count == 5 {
            guard let value = Integer.parseStrict(context[4]), value >= 0, value <= Int64(Int32.max) else {
                return context.replyError(ReplyError.mustBePositive)
            }
            size = Int(value)
        }
        let prefix: [UInt8] = context.arguments.count >= 4 ? Array(context[3]) : Array("key".utf8)
        var key: [UInt8] = []
        var value: [UInt8] = []
        for number in 0..<count {
            key.removeAll(keepingCapacity: true)
            key.append(contentsOf: prefix)
            key.append(UInt8(ascii: ":"))
            key.append(contentsOf: String(number).utf8)
            // Redis formats the key into a 128-byte buffer.
            if key.count > 127 { key.removeLast(key.count - 127) }
            let exists = key.withUnsafeBytes { context.keyspace.lookupWrite($0) != nil }
            if exists { continue }
            value.removeAll(keepingCapacity: true)
            value.append(contentsOf: "value:\(number)".utf8)
            if size > 0 {
                if value.count > size {
                    value.removeLast(value.count - size)
                } else {
                    value.append(contentsOf: repeatElement(0, count: size - value.count))
                }
            }
            key.withUnsafeBytes { keyBytes in
                value.withUnsafeBytes { _ = context.keyspace.store(keyBytes, .verbatimString($0)) }
            }
        }
        context.replyOK()
    }

    /// DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: saves (unless NOSAVE), empties the data set
    /// (unless MERGE or NOFLUSH) and loads `dbfilename` back, through the same functions as SAVE
    /// and start-up loading.
    static func reload(_ context: inout CommandContext) {
        var flush = true, save = true
        for index in 2..<context.arguments.count {
            if context.arguments.matches(index, "MERGE") || context.arguments.matches(index, "NOFLUSH") {
                flush = false
            } else if context.arguments.matches(index, "NOSAVE") {
                save = false
            } else {
                return context.replyError(ReplyError.reloadOptions)
            }
        }
        let engine = context.engine
        if save && !engine.saveHoldingShards() { return context.replyError(ReplyError.bare) }
        if flush {
            for store in engine.stores {
                for table in store.databases { table.removeAll() }
            }
        }
        do {
            try engine.loadSnapshotHoldingShards(from: engine.snapshotPath)
        } catch {
            engine.logger.warning("\(error)")
            return context.replyError(ReplyError.reloadFailed)
        }
        engine.logger.warning("DB reloaded by DEBUG RELOAD")
        context.replyOK()
    }

    /// DEBUG OBJECT key: Redis 7.0's status line. The key is found as Redis's dictFind finds it,
    /// without expiring it or touching its access time.
    static func object(_ context: inout CommandContext) {
        let key = context[2]
        guard let entry = context.keyspace.table(for: key).find(key) else {
            return context.replyError(ReplyError.noSuchKey)
        }
        let now = Clock.lruSeconds()
        let idle = now >= entry.lru ? now - entry.lru : 0
        let address = "0x" + String(UInt(bitPattern: entry.base), radix: 16)
        context.reply.writeRESPSimpleString(
            "Value at:\(address) refcount:1 encoding:\(entry.encoding.name) serializedlength:\(serializedLength(entry)) "
            + "lru:\(entry.lru & 0xFF_FFFF) lru_seconds_idle:\(idle)")
    }

    /// rdbSavedObjectLen for strings: a small integer in 2, 3 or 5 bytes, otherwise a length
    /// prefix and the bytes. (Redis would LZF-compress strings over 20 bytes when that is
    /// smaller; Tessera has no RDB writer yet to say so.) Other types report 0 until theirs.
    static func serializedLength(_ entry: Entry) -> Int {
        guard entry.type == .string else { return 0 }
        if entry.encoding == .int {
            let value = entry.intValue
            if let encoded = integerEncodingLength(value) { return encoded }
            let digits = Integer.digitCount(value)
            return lengthPrefix(digits) + digits
        }
        let bytes = entry.stringBytes
        if bytes.count <= 11, let value = Integer.parseStrict(bytes),
           Integer.digitCount(value) == bytes.count, let encoded = integerEncodingLength(value) {
            return encoded
        }
        return lengthPrefix(bytes.count) + bytes.count
    }

    /// rdbEncodeInteger: one type byte and 1, 2 or 4 bytes, for values that fit 32 bits.
    private static func integerEncodingLength(_ value: Int64) -> Int? {
        if value >= -(1 << 7) && value <= (1 << 7) - 1 { return 2 }
        if value >= -(1 << 15) && value <= (1 << 15) - 1 { return 3 }
        if value >= -(1 << 31) && value <= (1 << 31) - 1 { return 5 }
        return nil
    }

    /// rdbSaveLen's size.
    private static func lengthPrefix(_ length: Int) -> Int {
        if length < 1 << 6 { return 1 }
        if length < 1 << 14 { return 2 }
        if length <= Int(UInt32.max) { return 5 }
        return 9
    }

    /// DEBUG PROTOCOL type: one test value of each RESP type, as Redis sends it.
    static func replyProtocolSample(_ context: inout CommandContext) {
        let resp = context.resp
        let name = context.arguments
        if name.matches(2, "string") {
            context.replyBulk("Hello World")
        } else if name.matches(2, "integer") {
            context.replyInteger(12345)
        } else if name.matches(2, "double") {
            context.replyDouble(3.141)
        } else if name.matches(2, "bignum") {
            context.reply.writeRESPValue(.bigNumber("1234567999999999999999999999999999999"), resp)
        } else if name.matches(2, "null") {
            context.replyNull()
        } else if name.matches(2, "array") {
            context.replyArrayHeader(3)
            for value in 0..<3 { context.replyInteger(value) }
        } else if name.matches(2, "set") {
            context.reply.writeRESPSetHeader(3, resp)
            for value in 0..<3 { context.replyInteger(value) }
        } else if name.matches(2, "map") {
            context.replyMapHeader(3)
            for value in 0..<3 {
                context.replyInteger(value)
                context.reply.writeRESPBoolean(value == 1, resp)
            }
        } else if name.matches(2, "attrib") {
            if resp == .v3 {
                context.reply.writeStaticString("|1\r\n")
                context.replyBulk("key-popularity")
                context.replyArrayHeader(2)
                context.replyBulk("key:123")
                context.replyInteger(90)
            }
            context.replyBulk("Some real reply following the attribute")
        } else if name.matches(2, "push") {
            guard resp == .v3 else { return context.replyError(ReplyError.resp2NotSupported) }
            context.reply.writeRESPPushHeader(2, resp)
            context.replyBulk("server-cpu-usage")
            context.replyInteger(42)
            context.replyBulk("Some real reply following the push reply")
        } else if name.matches(2, "verbatim") {
            var text = "This is a verbatim\nstring"
            text.withUTF8 { context.reply.writeRESPVerbatim(UnsafeRawBufferPointer($0), resp) }
        } else if name.matches(2, "true") {
            context.reply.writeRESPBoolean(true, resp)
        } else if name.matches(2, "false") {
            context.reply.writeRESPBoolean(false, resp)
        } else {
            context.replyError(ReplyError.wrongProtocolType)
        }
    }

    /// DEBUG MALLCTL key [value]: a jemalloc integer tunable, read (and written).
    static func mallctl(_ context: inout CommandContext) {
        var newValue: Int64?
        if context.arguments.count == 4 {
            guard let value = context.integerArgument(3) else { return }
            newValue = value
        }
        switch Jemalloc.inProcess!.integer(context.arguments.string(2), set: newValue) {
        case .success(let old?): context.replyInteger(old)
        case .success(nil): context.replyOK()
        case .failure(let error): context.replyError("ERR " + error.message)
        }
    }

    /// DEBUG MALLCTL-STR key [value]: a jemalloc string tunable, read (and written).
    static func mallctlString(_ context: inout CommandContext) {
        let newValue = context.arguments.count == 4 ? context.arguments.string(3) : nil
        switch Jemalloc.inProcess!.string(context.arguments.string(2), set: newValue) {
        case .success(let old): old.map { context.replyBulk($0) } ?? context.replyNull()
        case .failure(let error): context.replyError("ERR " + error.message)
        }
    }

    /// DEBUG CONFIG-REWRITE-FORCE-ALL: CONFIG REWRITE writing every directive.
    static func rewriteAll(_ context: inout CommandContext) {
        guard let file = context.engine.configuration.file else { return context.replyError(ReplyError.noConfigFile) }
        do {
            try ConfigCommand.rewriteFile(file, context.engine.configuration, forceAll: true)
        } catch {
            return context.replyError("ERR CONFIG-REWRITE-FORCE-ALL failed: \(error.reason)")
        }
        context.replyOK()
    }

    static func help(_ context: inout CommandContext) {
        var lines = [
            "CONFIG-REWRITE-FORCE-ALL",
            "    Like CONFIG REWRITE but writes all configuration options, including",
            "    keywords not listed in original configuration file or default values.",
            "DIGEST",
            "    Output a hex signature representing the current DB content.",
            "DIGEST-VALUE <key> [<key> ...]",
            "    Output a hex signature of the values of all the specified keys.",
            "ERROR <string>",
            "    Return a Redis protocol error with <string> as message. Useful for clients",
            "    unit tests to simulate Redis errors.",
            "LOG <message>",
            "    Write <message> to the server log.",
        ]
        if Jemalloc.inProcess != nil {
            lines += [
                "MALLCTL <key> [<val>]",
                "    Get or set a malloc tuning integer.",
                "MALLCTL-STR <key> [<val>]",
                "    Get or set a malloc tuning string.",
            ]
        }
        lines += [
            "OBJECT <key>",
            "    Show low level info about `key` and associated value.",
            "POPULATE <count> [<prefix>] [<size>]",
            "    Create <count> string keys named key:<num>. If <prefix> is specified then",
            "    it is used instead of the 'key' prefix. These are not propagated to",
            "    replicas. Cluster slots are not respected so keys not belonging to the",
            "    current node can be created in cluster mode.",
            "PROTOCOL <type>",
            "    Reply with a test value of the specified type. <type> can be: string,",
            "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
            "    true, false.",
            "RELOAD [option ...]",
            "    Save the RDB on disk and reload it back to memory. Available <option> values:",
            "    * MERGE: conflicting keys will be loaded from RDB.",
            "    * NOFLUSH: the existing database will not be removed before load, but",
            "      conflicting keys will generate an exception and kill the server.",
            "    * NOSAVE: the database will be loaded from an existing RDB file.",
            "    Examples:",
            "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
            "      the database.",
            "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
            "      existing RDB file.",
            "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
            "      file to the database.",
            "SET-ACTIVE-EXPIRE <0|1>",
            "    Setting it to 0 disables expiring keys in background when they are not",
            "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
            "    default.",
            "SLEEP <seconds>",
            "    Stop the server for <seconds>. Decimals allowed.",
        ]
        ServerCommands.replyHelp(&context, lines)
    }
}
