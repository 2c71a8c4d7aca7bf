import NIOCore
import RESP

/// COMMAND and its subcommands (Redis 7.0's commandCommand and friends). Name, arity, flags,
/// key positions, ACL categories and subcommands come from Tessera's own command table, the
/// facts the router uses; tips, key specs and the documentation come from Redis 7.0.15's
/// (RedisCommandReference, generated), where Tessera's table has nothing of its own to say.
enum CommandCommand {
    static let table: [CommandSpec] = [
        CommandSpec("command", arity: -1, flags: [.loading, .stale], group: .server,
                    summary: "Get array of Redis command details", since: "2.8.13", complexity: "O(N) where N is the total number of Redis commands",
                    categories: ["connection"], scope: .connection, subcommands: [
                        sub("count", arity: 2, summary: "Get total number of Redis commands", since: "2.8.13", handler: count),
                        sub("docs", arity: -2, summary: "Get array of specific Redis command documentation", since: "7.0.0",
                            complexity: "O(N) where N is the number of commands to look up", handler: docs),
                        sub("getkeys", arity: -4, summary: "Extract keys given a full Redis command", since: "2.8.13",
                            complexity: "O(N) where N is the number of arguments to the command", handler: getkeys),
                        sub("getkeysandflags", arity: -4, summary: "Extract keys and access flags given a full Redis command",
                            since: "7.0.0", complexity: "O(N) where N is the number of arguments to the command",
                            handler: getkeysandflags),
                        sub("help", arity: 2, summary: "Show helpful text about the different subcommands", since: "5.0.0",
                            handler: help),
                        sub("info", arity: -2, summary: "Get array of specific Redis command details, or all when no argument is given",
                            since: "2.8.13", complexity: "O(N) where N is the number of commands to look up", handler: info),
                        sub("list", arity: -2, summary: "Get an array of Redis command names", since: "7.0.0",
                            complexity: "O(N) where N is the total number of Redis commands", handler: list),
                    ], handler: all),
    ]

    private static func sub(_ name: String, arity: Int, summary: String, since: String, complexity: String = "O(1)",
                            handler: @escaping CommandFunction) -> CommandSpec {
        CommandSpec(name, arity: arity, flags: [.loading, .stale], group: .server, summary: summary, since: since,
                    complexity: complexity, categories: ["connection"], scope: .connection, handler: handler)
    }

    // MARK: COMMAND, COUNT, INFO

    /// COMMAND: every top-level command's row.
    static func all(_ context: inout CommandContext) {
        let commands = context.engine.commands.commands
        context.replyArrayHeader(commands.count)
        for spec in commands { writeInfo(spec, &context.reply, context.resp) }
    }

    static func count(_ context: inout CommandContext) {
        context.replyInteger(context.engine.commands.commands.count)
    }

    /// COMMAND INFO [name ...]: a row per name ("container|sub" names a subcommand), nil for
    /// unknown names; every command without names.
    static func info(_ context: inout CommandContext) {
        guard context.arguments.count > 2 else { return all(&context) }
        context.replyArrayHeader(context.arguments.count - 2)
        for index in 2..<context.arguments.count {
            if let spec = lookup(context.arguments.string(index), in: context.engine.commands) {
                writeInfo(spec, &context.reply, context.resp)
            } else {
                context.replyNull()
            }
        }
    }

    /// Redis 7.0's 10-field row: name, arity, flags, first key, last key, step, ACL categories,
    /// tips, key specs, subcommands.
    static func writeInfo(_ spec: CommandSpec, _ reply: inout ByteBuffer, _ resp: RESPVersion) {
        let reference = CommandReference.entries[spec.fullName]
        reply.writeRESPArrayHeader(10)
        reply.writeRESPBulkString(spec.fullName)
        reply.writeRESPInteger(spec.arity)
        let flags = flagNames(spec)
        reply.writeRESPSetHeader(flags.count, resp)
        for flag in flags { reply.writeRESPSimpleString(flag) }
        reply.writeRESPInteger(spec.firstKey)
        reply.writeRESPInteger(spec.lastKey)
        reply.writeRESPInteger(spec.keyStep)
        let categories = aclCategories(spec)
        reply.writeRESPSetHeader(categories.count, resp)
        for category in categories { reply.writeRESPSimpleString("@" + category) }
        reply.writeRESPValue(reference?.tips ?? .set([]), resp)
        reply.writeRESPValue(reference?.keySpecs ?? synthesizedKeySpecs(spec), resp)
        reply.writeRESPSetHeader(spec.subcommands.count, resp)
        for sub in spec.subcommands { writeInfo(sub, &reply, resp) }
    }

    /// The flags COMMAND shows, in Redis's order (may_replicate and protected are hidden there);
    /// movablekeys also for commands whose keys are not a plain range.
    static func flagNames(_ spec: CommandSpec) -> [String] {
        var flags = spec.flags
        if spec.keyIndexes != nil { flags.insert(.movableKeys) }
        let order: [(CommandFlags, String)] = [
            (.write, "write"), (.readonly, "readonly"), (.denyoom, "denyoom"), (.admin, "admin"), (.pubsub, "pubsub"),
            (.noscript, "noscript"), (.blocking, "blocking"), (.loading, "loading"), (.stale, "stale"),
            (.skipMonitor, "skip_monitor"), (.skipSlowlog, "skip_slowlog"), (.fast, "fast"), (.noAuth, "no_auth"),
            (.noMulti, "no_multi"), (.movableKeys, "movablekeys"), (.allowBusy, "allow_busy"),
        ]
        return order.filter { flags.contains($0.0) }.map(\.1)
    }

    /// ACL categories in Redis's order (ACLCommandCategories), with those Redis implies from the
    /// flags (setImplicitACLCategories): write, read, admin and dangerous, pubsub, fast,
    /// blocking, and slow for whatever is not fast.
    static let categoryOrder = ["keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap",
                                "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking", "dangerous",
                                "connection", "transaction", "scripting"]

    static func aclCategories(_ spec: CommandSpec) -> [String] {
        var categories = Set(spec.categories)
        if spec.flags.contains(.write) { categories.insert("write") }
        if spec.flags.contains(.readonly) && !categories.contains("scripting") { categories.insert("read") }
        if spec.flags.contains(.admin) { categories.formUnion(["admin", "dangerous"]) }
        if spec.flags.contains(.pubsub) { categories.insert("pubsub") }
        if spec.flags.contains(.fast) { categories.insert("fast") }
        if spec.flags.contains(.blocking) { categories.insert("blocking") }
        if !categories.contains("fast") { categories.insert("slow") }
        return categoryOrder.filter(categories.contains)
    }

    /// A key spec from the table's first/last/step, for commands Redis does not have.
    static func synthesizedKeySpecs(_ spec: CommandSpec) -> RESPValue {
        guard spec.firstKey > 0 else { return .array([]) }
        let lastKey = spec.lastKey < 0 ? spec.lastKey : spec.lastKey - spec.firstKey
        return .array([.map([
            .bulk("flags"), .set([]),
            .bulk("begin_search"), .map([.bulk("type"), .bulk("index"),
                                         .bulk("spec"), .map([.bulk("index"), .integer(Int64(spec.firstKey))])]),
            .bulk("find_keys"), .map([.bulk("type"), .bulk("range"),
                                      .bulk("spec"), .map([.bulk("lastkey"), .integer(Int64(lastKey)),
                                                           .bulk("keystep"), .integer(Int64(spec.keyStep)),
                                                           .bulk("limit"), .integer(0)])]),
        ])])
    }

    // MARK: DOCS

    /// COMMAND DOCS [name ...]: a map of the found names to their documentation (every command
    /// without names); unknown names are left out.
    static func docs(_ context: inout CommandContext) {
        var specs: [CommandSpec] = []
        if context.arguments.count == 2 {
            specs = context.engine.commands.commands
        } else {
            for index in 2..<context.arguments.count {
                if let spec = lookup(context.arguments.string(index), in: context.engine.commands) { specs.append(spec) }
            }
        }
        context.replyMapHeader(specs.count)
        for spec in specs {
            context.replyBulk(spec.fullName)
            context.reply.writeRESPValue(documentation(spec), context.resp)
        }
    }

    /// The documentation map: Redis's, or the table's summary, since, group and complexity; then
    /// the subcommands Tessera has.
    static func documentation(_ spec: CommandSpec) -> RESPValue {
        var fields = CommandReference.entries[spec.fullName]?.docs ?? [
            .bulk("summary"), .bulk(spec.summary), .bulk("since"), .bulk(spec.since),
            .bulk("group"), .bulk(spec.group.rawValue), .bulk("complexity"), .bulk(spec.complexity),
        ]
        if !spec.subcommands.isEmpty {
            fields += [.bulk("subcommands"), .map(spec.subcommands.flatMap { [.bulk($0.fullName), documentation($0)] })]
        }
        return .map(fields)
    }

    // MARK: LIST

    /// COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern]: every command and
    /// subcommand name that passes the filter.
    static func list(_ context: inout CommandContext) {
        var filter: (CommandSpec) -> Bool = { _ in true }
        var index = 2
        while index < context.arguments.count {
            guard context.arguments.matches(index, "FILTERBY"), context.arguments.count - 1 - index == 2 else {
                return context.replyError(ReplyError.syntax)
            }
            let argument = context.arguments.string(index + 2)
            if context.arguments.matches(index + 1, "MODULE") {
                filter = { _ in false }  // Tessera loads no modules.
            } else if context.arguments.matches(index + 1, "ACLCAT") {
                let category = argument.lowercased()
                filter = { aclCategories($0).contains(category) }
            } else if context.arguments.matches(index + 1, "PATTERN") {
                let pattern = Array(argument.utf8)
                filter = { GlobPattern.matches(pattern: pattern, Array($0.fullName.utf8), ignoringCase: true) }
            } else {
                return context.replyError(ReplyError.syntax)
            }
            index += 3
        }
        var names: [String] = []
        for spec in context.engine.commands.commands {
            if filter(spec) { names.append(spec.fullName) }
            for sub in spec.subcommands where filter(sub) { names.append(sub.fullName) }
        }
        context.replyArrayHeader(names.count)
        for name in names { context.replyBulk(name) }
    }

    // MARK: GETKEYS, GETKEYSANDFLAGS

    /// The command named by `arguments[2...]` (a container's subcommand when it has them), or
    /// replies with Redis's error and returns nil.
    private static func target(_ context: inout CommandContext) -> CommandSpec? {
        let table = context.engine.commands
        var spec = table.lookup(context.arguments[2])
        if let container = spec, !container.subcommands.isEmpty, context.arguments.count > 3 {
            spec = table.subcommand(of: container, context.arguments[3])
        }
        guard let spec else {
            context.replyError(ReplyError.invalidCommand)
            return nil
        }
        guard spec.firstKey > 0 || spec.keyIndexes != nil else {
            context.replyError(ReplyError.noKeyArguments)
            return nil
        }
        guard spec.acceptsArgumentCount(context.arguments.count - 2) else {
            context.replyError(ReplyError.invalidArgumentCount)
            return nil
        }
        return spec
    }

    /// The argument indexes (in the full COMMAND GETKEYS line) of the target's keys.
    private static func keyIndexes(_ spec: CommandSpec, _ context: CommandContext) -> [Int] {
        var indexes: [Int] = []
        let inner = context.arguments.dropping(2)
        spec.forEachKeyIndex(inner) { indexes.append($0 + 2) }
        return indexes
    }

    static func getkeys(_ context: inout CommandContext) {
        guard let spec = target(&context) else { return }
        let indexes = keyIndexes(spec, context)
        guard !indexes.isEmpty else { return context.replyError(ReplyError.invalidArguments) }
        context.replyArrayHeader(indexes.count)
        for index in indexes { context.replyBulk(context[index]) }
    }

    /// Like GETKEYS, each key with the flags of the Redis key spec that finds it (RO, RW, OW,
    /// RM, access, update, insert, delete...).
    static func getkeysandflags(_ context: inout CommandContext) {
        guard let spec = target(&context) else { return }
        let indexes = keyIndexes(spec, context)
        guard !indexes.isEmpty else { return context.replyError(ReplyError.invalidArguments) }
        let flags = CommandReference.keyFlags(spec.fullName, context.arguments.dropping(2))
        context.replyArrayHeader(indexes.count)
        for index in indexes {
            context.replyArrayHeader(2)
            context.replyBulk(context[index])
            let names = flags[index - 2] ?? []
            context.reply.writeRESPSetHeader(names.count, context.resp)
            for name in names { context.reply.writeRESPSimpleString(name) }
        }
    }

    static func help(_ context: inout CommandContext) {
        ServerCommands.replyHelp(&context, [
            "(no subcommand)",
            "    Return details about all Redis commands.",
            "COUNT",
            "    Return the total number of commands in this Redis server.",
            "LIST",
            "    Return a list of all commands in this Redis server.",
            "INFO [<command-name> ...]",
            "    Return details about multiple Redis commands.",
            "    If no command names are given, documentation details for all",
            "    commands are returned.",
            "DOCS [<command-name> ...]",
            "    Return documentation details about multiple Redis commands.",
            "    If no command names are given, documentation details for all",
            "    commands are returned.",
            "GETKEYS <full-command>",
            "    Return the keys from a full Redis command.",
            "GETKEYSANDFLAGS <full-command>",
            "    Return the keys and the access flags from a full Redis command.",
        ])
    }

    /// lookupCommandBySds: "name" or "container|sub", case-insensitively.
    static func lookup(_ name: String, in table: CommandTable) -> CommandSpec? {
        let parts = name.lowercased().split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        guard let top = table.commands.first(where: { $0.name == parts[0] }) else { return nil }
        guard parts.count == 2 else { return top }
        return top.subcommands.first { $0.name == parts[1] }
    }
}

extension Arguments {
    /// The arguments after the first `count` (COMMAND GETKEYS's inner command).
    func dropping(_ count: Int) -> Arguments {
        Arguments(base: base, spans: UnsafeBufferPointer(rebasing: spans[count...]))
    }
}

extension RESPValue {
    fileprivate static func bulk(_ text: String) -> RESPValue { .bulkString(Array(text.utf8)) }
}

/// Redis 7.0.15's command facts that Tessera's table does not hold, decoded once from
/// RedisCommandReference.
enum CommandReference {
    struct Entry {
        let tips: RESPValue
        let keySpecs: RESPValue
        /// The COMMAND DOCS map's fields, flattened, without "subcommands".
        let docs: [RESPValue]
    }

    static let entries: [String: Entry] = {
        var buffer = ByteBuffer(string: RedisCommandReference.resp3)
        var decoder = RESPValueDecoder()
        guard let decoded = try? decoder.decode(&buffer), case .map(let items) = decoded else { return [:] }
        var entries: [String: Entry] = [:]
        var index = 0
        while index + 1 < items.count {
            if let name = items[index].string, case .array(let parts) = items[index + 1], parts.count == 3,
               case .map(let docs) = parts[2] {
                entries[name] = Entry(tips: parts[0], keySpecs: parts[1], docs: docs)
            }
            index += 2
        }
        return entries
    }()

    /// Redis's getKeysUsingKeySpecs over the command's key specs: for each argument index (of
    /// `arguments`, the command line itself) that a spec finds, that spec's flags.
    static func keyFlags(_ name: String, _ arguments: Arguments) -> [Int: [String]] {
        // The commands whose key flags depend on their arguments (VARIABLE_FLAGS, SORT's STORE),
        // as Redis's setGetKeys, sortGetKeys and bitfieldGetKeys decide them.
        if name == "set" {
            let get = (3..<max(3, arguments.count)).contains { arguments.matches($0, "GET") }
            return [1: get ? ["RW", "access", "update"] : ["OW", "update"]]
        }
        if name == "sort" {
            // sortGetKeys: the STORE key, which the key specs leave "unknown", is OW update.
            var flags = [1: ["RO", "access"]]
            if let store = SortOptions.keyIndexes(arguments).dropFirst().first { flags[store] = ["OW", "update"] }
            return flags
        }
        if name == "bitfield" {
            let writes = (2..<max(2, arguments.count)).contains { arguments.matches($0, "SET") || arguments.matches($0, "INCRBY") }
            return [1: writes ? ["RW", "access", "update"] : ["RO", "access"]]
        }
        let specs: [RESPValue]
        switch entries[name]?.keySpecs {
        case .set(let values)?, .array(let values)?: specs = values
        default: return [:]
        }
        var result: [Int: [String]] = [:]
        let count = arguments.count
        for case .map(let fields) in specs {
            let spec = dictionary(fields)
            let flags: [String]
            switch spec["flags"] {
            case .set(let values)?, .array(let values)?: flags = values.compactMap(\.string)
            default: flags = []
            }
            if flags.contains("incomplete") { continue }
            guard case .map(let beginFields)? = spec["begin_search"], case .map(let findFields)? = spec["find_keys"] else {
                continue
            }
            let begin = dictionary(beginFields), find = dictionary(findFields)
            guard case .map(let beginSpecFields)? = begin["spec"], case .map(let findSpecFields)? = find["spec"] else {
                continue
            }
            let beginSpec = dictionary(beginSpecFields), findSpec = dictionary(findSpecFields)
            var first = 0
            switch begin["type"]?.string {
            case "index":
                first = Int(beginSpec["index"]?.integerValue ?? 0)
            case "keyword":
                guard let keyword = beginSpec["keyword"]?.string else { continue }
                let startFrom = Int(beginSpec["startfrom"]?.integerValue ?? 1)
                let start = startFrom > 0 ? startFrom : count + startFrom
                let end = startFrom > 0 ? count - 1 : 1
                var position = start
                while position >= 1 && position < count {
                    if arguments.string(position).lowercased() == keyword.lowercased() {
                        first = position + 1
                        break
                    }
                    if position == end { break }
                    position += start <= end ? 1 : -1
                }
                if first == 0 { continue }
            default:
                continue
            }
            var last = 0, step = 1
            switch find["type"]?.string {
            case "range":
                step = Int(findSpec["keystep"]?.integerValue ?? 1)
                let lastKey = Int(findSpec["lastkey"]?.integerValue ?? 0)
                let limit = Int(findSpec["limit"]?.integerValue ?? 0)
                if lastKey >= 0 {
                    last = first + lastKey
                } else if limit == 0 {
                    last = count + lastKey
                } else {
                    last = first + ((count - first) / limit + lastKey)
                }
            case "keynum":
                step = Int(findSpec["keystep"]?.integerValue ?? 1)
                let numberIndex = Int(findSpec["keynumidx"]?.integerValue ?? 0)
                guard numberIndex < count - first,
                      let keys = Integer.parseStrict(arguments[first + numberIndex]), keys >= 0 else { continue }
                first += Int(findSpec["firstkey"]?.integerValue ?? 1)
                last = first + Int(keys) - 1
            default:
                continue
            }
            guard last < count, last >= first, first < count, step > 0 else { continue }
            for position in stride(from: first, through: last, by: step) where result[position] == nil {
                result[position] = flags
            }
        }
        return result
    }

    private static func dictionary(_ flattened: [RESPValue]) -> [String: RESPValue] {
        var result: [String: RESPValue] = [:]
        var index = 0
        while index + 1 < flattened.count {
            if let key = flattened[index].string { result[key] = flattened[index + 1] }
            index += 2
        }
        return result
    }
}
