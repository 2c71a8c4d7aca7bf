/// OBJECT ENCODING | FREQ | IDLETIME | REFCOUNT | HELP (Redis 7.0's object.c): a container
/// command whose subcommands the router resolves (arity and key positions are theirs).
extension KeyCommands {
    static let objectSpec = CommandSpec(
        "object", arity: -2, flags: [], group: .generic, summary: "A container for object introspection commands",
        since: "2.2.3", complexity: "Depends on subcommand.", categories: ["slow"],
        subcommands: [
            CommandSpec("encoding", arity: 3, flags: [.readonly], keys: (2, 2, 1), group: .generic,
                        summary: "Inspect the internal encoding of a Redis object", since: "2.2.3",
                        categories: ["keyspace", "read", "slow"], handler: objectEncoding),
            CommandSpec("freq", arity: 3, flags: [.readonly], keys: (2, 2, 1), group: .generic,
                        summary: "Get the logarithmic access frequency counter of a Redis object", since: "4.0.0",
                        categories: ["keyspace", "read", "slow"], handler: objectFreq),
            CommandSpec("idletime", arity: 3, flags: [.readonly], keys: (2, 2, 1), group: .generic,
                        summary: "Get the time since a Redis object was last accessed", since: "2.2.3",
                        categories: ["keyspace", "read", "slow"], handler: objectIdletime),
            CommandSpec("refcount", arity: 3, flags: [.readonly], keys: (2, 2, 1), group: .generic,
                        summary: "Get the number of references to the value of the key", since: "2.2.3",
                        categories: ["keyspace", "read", "slow"], handler: objectRefcount),
            CommandSpec("help", arity: 2, flags: [.loading, .stale], group: .generic,
                        summary: "Show helpful text about the different subcommands", since: "6.2.0",
                        categories: ["keyspace", "slow"], scope: .connection, handler: objectHelp),
        ],
        handler: { context in
            // Only reached if the router did not resolve a subcommand.
            context.replyError(ReplyError.unknownSubcommand(context.arguments.count > 1 ? context.arguments.string(1) : "",
                                                            "object"))
        })

    static let objectHelpLines: [StaticString] = [
        "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
        "HELP",
        "    Prints this help.",
    ]

    /// Redis's OBJ_SHARED_REFCOUNT: what REFCOUNT reports for a shared integer.
    static let sharedRefcount: Int64 = 2_147_483_647
    /// Redis's OBJ_SHARED_INTEGERS.
    static let sharedIntegers: Int64 = 10_000

    static func objectHelp(_ context: inout CommandContext) {
        context.replyArrayHeader(objectHelpLines.count)
        for line in objectHelpLines { context.replySimple(line) }
    }

    static func objectEncoding(_ context: inout CommandContext) {
        guard let entry = context.keyspace.lookupReadNoTouch(context[2]) else { return context.replyNull() }
        context.reply.writeRESPBulkString(entry.encoding.name)
    }

    /// Redis shares the integers 0...9999 (refcount INT_MAX) unless maxmemory is set with an LRU
    /// or LFU policy (MAXMEMORY_FLAG_NO_SHARED_INTEGERS); every other value has one reference.
    static func objectRefcount(_ context: inout CommandContext) {
        guard let entry = context.keyspace.lookupReadNoTouch(context[2]) else { return context.replyNull() }
        let policy = EvictionPolicy(context.engine.configuration)
        let shared = entry.encoding == .int && entry.intValue >= 0 && entry.intValue < sharedIntegers
            && policy.sharesIntegers
        context.replyInteger(shared ? sharedRefcount : 1)
    }

    static func objectIdletime(_ context: inout CommandContext) {
        guard let entry = context.keyspace.lookupReadNoTouch(context[2]) else { return context.replyNull() }
        guard !EvictionPolicy(context.engine.configuration).isLFU else {
            return context.replyError(ReplyError.lfuSelected)
        }
        let now = Clock.lruSeconds()
        context.replyInteger(now >= entry.lru ? Int(now - entry.lru) : 0)
    }

    /// LFUDecrAndReturn: the counter minus one per `lfu-decay-time` minutes since the last access.
    static func objectFreq(_ context: inout CommandContext) {
        guard let entry = context.keyspace.lookupReadNoTouch(context[2]) else { return context.replyNull() }
        let configuration = context.engine.configuration
        guard EvictionPolicy(configuration).isLFU else { return context.replyError(ReplyError.lfuNotSelected) }
        let decayTime = configuration["lfu-decay-time"].flatMap { Int($0) } ?? 1
        let now = Clock.lruSeconds()
        let minutes = now >= entry.lru ? Int(now / 60) - Int(entry.lru / 60) : 0
        let periods = decayTime > 0 ? minutes / decayTime : 0
        let counter = Int(entry.lfu)
        context.replyInteger(periods > counter ? 0 : counter - periods)
    }

    /// What OBJECT needs to know of maxmemory-policy (and maxmemory).
    struct EvictionPolicy {
        let isLFU: Bool
        let sharesIntegers: Bool

        init(_ configuration: Configuration) {
            let policy = configuration["maxmemory-policy"] ?? "noeviction"
            isLFU = policy.hasSuffix("-lfu")
            let noSharedIntegers = policy.hasSuffix("-lru") || isLFU
            sharesIntegers = configuration.integer("maxmemory") == 0 || !noSharedIntegers
        }
    }
}
