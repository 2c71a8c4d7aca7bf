import RESP

/// Executes one command: reads `context.arguments`, touches `context.keyspace`, writes exactly
/// one reply into `context.reply`.
public typealias CommandFunction = (inout CommandContext) -> Void

/// Where a command runs (design §2).
public enum CommandScope: Sendable {
    /// Routed by its keys: on the owning shard, or across shards under their locks.
    case keys
    /// On the client's own loop, with its session, touching no keyspace (PING, SELECT, CLIENT).
    case connection
    /// Holding every shard at once: whole-keyspace commands (FLUSHALL, DBSIZE, KEYS, SCAN, INFO).
    case allShards
}

/// Command flags as `COMMAND INFO` reports them.
public struct CommandFlags: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let write = CommandFlags(rawValue: 1 << 0)
    public static let readonly = CommandFlags(rawValue: 1 << 1)
    public static let denyoom = CommandFlags(rawValue: 1 << 2)
    public static let admin = CommandFlags(rawValue: 1 << 3)
    public static let pubsub = CommandFlags(rawValue: 1 << 4)
    public static let noscript = CommandFlags(rawValue: 1 << 5)
    public static let blocking = CommandFlags(rawValue: 1 << 6)
    public static let loading = CommandFlags(rawValue: 1 << 7)
    public static let stale = CommandFlags(rawValue: 1 << 8)
    public static let skipMonitor = CommandFlags(rawValue: 1 << 9)
    public static let skipSlowlog = CommandFlags(rawValue: 1 << 10)
    public static let fast = CommandFlags(rawValue: 1 << 11)
    public static let noAuth = CommandFlags(rawValue: 1 << 12)
    public static let mayReplicate = CommandFlags(rawValue: 1 << 13)
    public static let noMulti = CommandFlags(rawValue: 1 << 14)
    public static let allowBusy = CommandFlags(rawValue: 1 << 15)
    public static let movableKeys = CommandFlags(rawValue: 1 << 16)

    static let names: [(CommandFlags, String)] = [
        (.write, "write"), (.readonly, "readonly"), (.denyoom, "denyoom"), (.admin, "admin"),
        (.pubsub, "pubsub"), (.noscript, "noscript"), (.blocking, "blocking"), (.loading, "loading"),
        (.stale, "stale"), (.skipMonitor, "skip_monitor"), (.skipSlowlog, "skip_slowlog"), (.fast, "fast"),
        (.noAuth, "no_auth"), (.mayReplicate, "may_replicate"), (.noMulti, "no_multi"),
        (.allowBusy, "allow_busy"), (.movableKeys, "movablekeys"),
    ]
}

/// The command's group, as COMMAND DOCS reports it.
public enum CommandGroup: String, Sendable {
    case generic, string, list, set, sortedSet = "sorted-set", hash, pubsub, transactions, connection, server,
        scripting, hyperloglog, cluster, sentinel, geo, stream, bitmap
}

/// One row of the command table: everything the router, COMMAND and ACL need to know.
/// A class so the router passes one reference per command, not a copy of every field.
public final class CommandSpec: @unchecked Sendable {
    public let name: String
    /// Positive: exact argument count including the name; negative: at least -arity.
    public let arity: Int
    public let flags: CommandFlags
    public let firstKey: Int
    public let lastKey: Int
    public let keyStep: Int
    public let group: CommandGroup
    public let summary: String
    public let since: String
    public let complexity: String
    /// ACL categories without the '@' (COMMAND INFO's seventh field).
    public let categories: [String]
    public let scope: CommandScope
    public let handler: CommandFunction
    public internal(set) var subcommands: [CommandSpec]
    /// For commands whose keys are not a fixed range (e.g. numkeys-counted): the key indexes.
    public let keyIndexes: ((Arguments) -> [Int])?
    /// For commands that also touch keys that are not among the key indexes (SORT's BY and GET
    /// patterns build key names while it runs): calls `visit` with a key in the slot of each
    /// such key, or returns false when they may be in any slot. The router holds their shards
    /// too (every shard on false).
    public let reachedKeys: ((Arguments, (UnsafeRawBufferPointer) -> Void) -> Bool)?
    /// Index in the flattened table, for per-command stats.
    public internal(set) var id = 0
    /// "get", or "client|list" for a subcommand.
    public internal(set) var fullName: String

    public init(
        _ name: String, arity: Int, flags: CommandFlags, keys: (first: Int, last: Int, step: Int) = (0, 0, 0),
        group: CommandGroup, summary: String = "", since: String = "1.0.0", complexity: String = "O(1)",
        categories: [String] = [], scope: CommandScope = .keys, subcommands: [CommandSpec] = [],
        keyIndexes: ((Arguments) -> [Int])? = nil,
        reachedKeys: ((Arguments, (UnsafeRawBufferPointer) -> Void) -> Bool)? = nil,
        handler: @escaping CommandFunction
    ) {
        self.name = name
        self.fullName = name
        self.arity = arity
        self.flags = flags
        self.firstKey = keys.first
        self.lastKey = keys.last
        self.keyStep = keys.step
        self.group = group
        self.summary = summary
        self.since = since
        self.complexity = complexity
        self.categories = categories
        self.scope = scope
        self.subcommands = subcommands
        self.keyIndexes = keyIndexes
        self.reachedKeys = reachedKeys
        self.handler = handler
    }

    /// Whether `count` arguments (including the name) satisfy the arity.
    @inline(__always)
    func acceptsArgumentCount(_ count: Int) -> Bool {
        arity >= 0 ? count == arity : count >= -arity
    }

    /// Calls `body` with each key's argument index.
    @inline(__always)
    func forEachKeyIndex(_ arguments: Arguments, _ body: (Int) -> Void) {
        if let keyIndexes {
            for index in keyIndexes(arguments) { body(index) }
            return
        }
        guard firstKey > 0 else { return }
        let last = lastKey < 0 ? arguments.count + lastKey : lastKey
        var index = firstKey
        while index <= last && index < arguments.count {
            body(index)
            index += keyStep
        }
    }
}
