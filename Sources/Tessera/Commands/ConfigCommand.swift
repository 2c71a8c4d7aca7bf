import RESP

/// CONFIG GET | SET | RESETSTAT | REWRITE | HELP (Redis 7.0's config.c).
enum ConfigCommand {
    static let table: [CommandSpec] = [
        CommandSpec("config", arity: -2, flags: [], group: .server, summary: "A container for server configuration commands",
                    since: "2.0.0", complexity: "Depends on subcommand.", scope: .connection, subcommands: [
                        CommandSpec("get", arity: -3, flags: adminFlags, group: .server,
                                    summary: "Get the values of configuration parameters", since: "2.0.0",
                                    complexity: "O(N) when N is the number of configuration parameters provided",
                                    scope: .connection, handler: get),
                        CommandSpec("set", arity: -4, flags: adminFlags, group: .server,
                                    summary: "Set configuration parameters to the given values", since: "2.0.0",
                                    complexity: "O(N) when N is the number of configuration parameters provided",
                                    scope: .connection, handler: set),
                        CommandSpec("resetstat", arity: 2, flags: adminFlags, group: .server,
                                    summary: "Reset the stats returned by INFO", since: "2.0.0",
                                    scope: .allShards, handler: resetstat),
                        CommandSpec("rewrite", arity: 2, flags: adminFlags, group: .server,
                                    summary: "Rewrite the configuration file with the in memory configuration",
                                    since: "2.8.0", scope: .connection, handler: rewrite),
                        CommandSpec("help", arity: 2, flags: [.loading, .stale], group: .server, summary: "Show helpful text about the different subcommands",
                                    since: "5.0.0", scope: .connection, handler: help),
                    ], handler: { $0.replyWrongArity() }),
    ]

    static let adminFlags: CommandFlags = [.admin, .noscript, .loading, .stale]

    /// CONFIG GET pattern [pattern ...]: a name without glob characters is answered under the
    /// spelling the client used; a glob matches canonical names and aliases, never hidden ones;
    /// each name is reported once.
    static func get(_ context: inout CommandContext) {
        let configuration = context.engine.configuration
        var pairs: [(String, String)] = []
        var seen: Set<String> = []
        for index in 2..<context.arguments.count {
            let pattern = context.arguments.string(index)
            if !pattern.contains(where: { $0 == "*" || $0 == "?" || $0 == "[" }) {
                let lowered = pattern.lowercased()
                guard !seen.contains(lowered), let parameter = configuration.parameters[lowered] else { continue }
                seen.insert(lowered)
                pairs.append((pattern, configuration.reported(parameter)))
                continue
            }
            for (name, value) in configuration.matching(pattern) where !seen.contains(name) {
                seen.insert(name)
                pairs.append((name, value))
            }
        }
        context.replyMapHeader(pairs.count)
        for (name, value) in pairs {
            context.replyBulk(name)
            context.replyBulk(value)
        }
    }

    /// CONFIG SET name value [name value ...]: all or nothing. Names are checked first (unknown,
    /// immutable, protected, given twice: the first problem is reported), then every value, and
    /// only when all are valid is anything changed.
    static func set(_ context: inout CommandContext) {
        guard context.arguments.count % 2 == 0 else { return context.replyError(ReplyError.syntax) }
        let configuration = context.engine.configuration
        var assignments: [(ConfigParameter, String)] = []
        var typed: [String] = []
        for index in stride(from: 2, to: context.arguments.count, by: 2) {
            let name = context.arguments.string(index)
            let value = context.arguments.string(index + 1)
            guard let parameter = configuration.parameters[name.lowercased()] else {
                return context.replyError(ReplyError.configSetUnknown(name))
            }
            if !parameter.mutable {
                // Tessera cannot change some directives Redis changes at run time (port, bind):
                // an invalid value is still reported as such before the immutability.
                if case .failure(let error) = parameter.normalize(value) {
                    return context.replyError(ReplyError.configSetFailed(name.lowercased(), reason(error)))
                }
                return context.replyError(ReplyError.configSetFailed(name, "can't set immutable config"))
            }
            if parameter.protected && !allowsProtected(configuration["enable-protected-configs"], context.session) {
                return context.replyError(ReplyError.configSetFailed(name, "can't set protected config"))
            }
            if assignments.contains(where: { $0.0.name == parameter.name }) {
                return context.replyError(ReplyError.configSetFailed(name, "duplicate parameter"))
            }
            assignments.append((parameter, value))
            typed.append(name.lowercased())
        }
        do {
            try configuration.set(assignments)
        } catch {
            let index = assignments.firstIndex { $0.0.name == error.parameter.name } ?? 0
            return context.replyError(ReplyError.configSetFailed(typed[index], reason(error.error)))
        }
        context.replyOK()
    }

    static func reason(_ error: ConfigError) -> String {
        switch error {
        case .invalid(let message): message
        case .immutable: "can't set immutable config"
        case .unknown: "unknown parameter"
        }
    }

    /// CONFIG RESETSTAT (resetServerStats, resetCommandTableStats, resetErrorTableStats). It
    /// holds every shard: their keyspace counters are reset here; each shard's command counters
    /// belong to its own loop, which resets them itself as soon as the shards are released,
    /// before any command that follows this one.
    static func resetstat(_ context: inout CommandContext) {
        let engine = context.engine
        for store in engine.stores {
            let dirty = store.stats.dirty
            store.stats = ShardStats()
            store.stats.dirty = dirty
        }
        for (index, loop) in engine.loops.enumerated() {
            let store = engine.stores[index]
            if loop.inEventLoop {
                store.commandStats.reset()
            } else {
                loop.execute { store.lock.whenFree { store.commandStats.reset() } }
            }
        }
        engine.stats.reset()
        engine.clients.totalConnections.store(0, ordering: .relaxed)
        engine.clients.rejectedConnections.store(0, ordering: .relaxed)
        context.replyOK()
    }

    /// CONFIG REWRITE: the file the server started with, rewritten in place (ConfigFile+Rewrite).
    static func rewrite(_ context: inout CommandContext) {
        guard let file = context.engine.configuration.file else {
            return context.replyError(ReplyError.noConfigFile)
        }
        do {
            try rewriteFile(file, context.engine.configuration)
        } catch {
            context.engine.logger.warning("CONFIG REWRITE failed: \(error.reason)")
            return context.replyError(ReplyError.rewriteFailed(error.reason))
        }
        context.engine.logger.notice("CONFIG REWRITE executed with success.")
        context.replyOK()
    }

    static func rewriteFile(_ file: String, _ configuration: Configuration, forceAll: Bool = false)
        throws(ConfigFile.FileError)
    {
        let old = try ConfigFile.readFile(file)
        try ConfigFile.replaceFile(file, with: ConfigFile.rewrite(old, with: configuration, forceAll: forceAll))
    }

    static func help(_ context: inout CommandContext) {
        ServerCommands.replyHelp(&context, [
            "GET <pattern>",
            "    Return parameters matching the glob-like <pattern> and their values.",
            "SET <directive> <value>",
            "    Set the configuration <directive> to <value>.",
            "RESETSTAT",
            "    Reset statistics reported by the INFO command.",
            "REWRITE",
            "    Rewrite the configuration file.",
        ])
    }

    /// Redis's allowProtectedAction: "yes", or "local" for a client on the loopback interface
    /// (or in the same process: an embedding application).
    static func allowsProtected(_ setting: String?, _ session: ClientSession?) -> Bool {
        switch setting {
        case "yes": return true
        case "local": return session.map(isLocal) ?? false
        default: return false
        }
    }

    /// islocalClient: 127.0.0.1 or ::1 (or a unix socket, or an in-process caller).
    static func isLocal(_ session: ClientSession) -> Bool {
        let address = session.address
        if address == "embedded" || address.hasPrefix("/") { return true }
        guard let colon = address.lastIndex(of: ":") else { return false }
        let host = address[..<colon].trimmingCharacters(in: "[]")
        return host == "127.0.0.1" || host == "::1"
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var view = self
        while let first = view.first, set.contains(first) { view = view.dropFirst() }
        while let last = view.last, set.contains(last) { view = view.dropLast() }
        return String(view)
    }
}
