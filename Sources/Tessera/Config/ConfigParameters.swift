#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The directives Tessera knows, with Redis 7.0's names, aliases, defaults (those of a
/// redis-server started without a config file) and mutability. Later features add their rows here.
///
/// A directive is listed only when the value CONFIG GET shows is true of this server. Where Redis
/// would take a value that nothing in Tessera acts on yet (`appendonly yes`, an eviction policy,
/// keyspace notifications), `refine` refuses it with the reason, instead of storing a promise the
/// server does not keep. The table in Sources/Tessera/Config/README.md says which directives act
/// today and which wait for their feature.
public enum ConfigParameters {
    static let maxInt = Int64(Int32.max)
    static let maxUInt = Int64(UInt32.max)

    public static let all: [ConfigParameter] = general + persistence + encodings + replication + limits

    static let general: [ConfigParameter] = [
        ConfigParameter("port", .integer(min: 0, max: 65535), default: "6379", mutable: false),
        ConfigParameter("bind", .string, default: "127.0.0.1 -::1", mutable: false),
        ConfigParameter("protected-mode", .boolean, default: "yes"),
        ConfigParameter("shards", .integer(min: 1, max: 1024), default: "0", mutable: false),
        ConfigParameter("databases", .integer(min: 1, max: maxInt), default: "16", mutable: false),
        ConfigParameter("dir", .string, default: ".", protected: true, refine: directory),
        ConfigParameter("logfile", .string, default: "", mutable: false),
        ConfigParameter("loglevel", .enumeration(["debug", "verbose", "notice", "warning", "nothing"]), default: "notice"),
        ConfigParameter("maxclients", .integer(min: 1, max: maxUInt), default: "10000"),
        ConfigParameter("timeout", .integer(min: 0, max: maxInt), default: "0"),
        ConfigParameter("tcp-keepalive", .integer(min: 0, max: maxInt), default: "300"),
        ConfigParameter("tcp-backlog", .integer(min: 0, max: maxInt), default: "511", mutable: false),
        ConfigParameter("requirepass", .string, default: ""),
        ConfigParameter("proto-max-bulk-len", .memory(min: 1024 * 1024, max: Int64.max), default: "536870912"),
        ConfigParameter("client-query-buffer-limit", .memory(min: 1024 * 1024, max: Int64.max), default: "1073741824"),
        ConfigParameter("enable-debug-command", .enumeration(["no", "yes", "local"]), default: "no", mutable: false),
        ConfigParameter("enable-protected-configs", .enumeration(["no", "yes", "local"]), default: "no", mutable: false),
        ConfigParameter("enable-module-command", .enumeration(["no", "yes", "local"]), default: "no", mutable: false,
                        refine: only(["no"], "Tessera does not load modules")),
        ConfigParameter("hz", .integer(min: 0, max: maxInt), default: "10", refine: clamp(1...500)),
        ConfigParameter("slowlog-log-slower-than", .integer(min: -1, max: Int64.max), default: "10000"),
        ConfigParameter("slowlog-max-len", .integer(min: 0, max: Int64.max), default: "128"),
        ConfigParameter("latency-monitor-threshold", .integer(min: 0, max: Int64.max), default: "0"),
        ConfigParameter("daemonize", .boolean, default: "no", mutable: false,
                        refine: only(["no"], "Tessera does not daemonize: run it under a supervisor")),
        ConfigParameter("supervised", .enumeration(["upstart", "systemd", "auto", "no"]), default: "no", mutable: false,
                        refine: only(["no"], "Tessera does not talk to supervisors")),
        ConfigParameter("pidfile", .string, default: "", mutable: false),
        ConfigParameter("unixsocket", .string, default: "", mutable: false,
                        refine: only([""], "Tessera does not listen on unix sockets")),
        ConfigParameter("unixsocketperm", .integer(min: 0, max: 0o777), default: "0", mutable: false),
        ConfigParameter("tls-port", .integer(min: 0, max: 65535), default: "0",
                        refine: only(["0"], "Tessera does not speak TLS")),
        ConfigParameter("syslog-enabled", .boolean, default: "no", mutable: false,
                        refine: only(["no"], "Tessera does not log to syslog")),
        ConfigParameter("always-show-logo", .boolean, default: "no", mutable: false,
                        refine: only(["no"], "Tessera has no logo")),
        ConfigParameter("cluster-enabled", .boolean, default: "no", mutable: false,
                        refine: only(["no"], "cluster mode is not implemented")),
        ConfigParameter("notify-keyspace-events", .string, default: "", refine: keyspaceEvents),
        ConfigParameter("busy-reply-threshold", .integer(min: 0, max: Int64.max), default: "5000",
                        aliases: ["lua-time-limit"]),
        ConfigParameter("activerehashing", .boolean, default: "yes",
                        refine: only(["yes"], "Tessera always rehashes incrementally in the shards' cron")),
        ConfigParameter("active-expire-effort", .integer(min: 1, max: 10), default: "1",
                        refine: only(["1"], "the active expire cycle runs at effort 1 only")),
        ConfigParameter("activedefrag", .boolean, default: "no",
                        refine: only(["no"], "active defragmentation is not implemented")),
        ConfigParameter("shutdown-on-sigint", .string, default: "default", refine: shutdownFlags),
        ConfigParameter("shutdown-on-sigterm", .string, default: "default", refine: shutdownFlags),
        ConfigParameter("shutdown-timeout", .integer(min: 0, max: maxInt), default: "10"),
    ]

    static let persistence: [ConfigParameter] = [
        ConfigParameter("save", .string, default: "3600 1 300 100 60 10000", refine: savePoints),
        ConfigParameter("dbfilename", .string, default: "dump.rdb", protected: true, refine: baseName("dbfilename")),
        ConfigParameter("rdbcompression", .boolean, default: "yes"),
        ConfigParameter("rdbchecksum", .boolean, default: "yes", mutable: false),
        ConfigParameter("stop-writes-on-bgsave-error", .boolean, default: "yes"),
        ConfigParameter("rdb-del-sync-files", .boolean, default: "no"),
        ConfigParameter("rdb-save-incremental-fsync", .boolean, default: "yes"),
        // Redis's test knob (hidden as in Redis): a BGSAVE child waits this many microseconds
        // per key, so tests can catch a child mid-save.
        ConfigParameter("rdb-key-save-delay", .integer(min: -2_147_483_648, max: 2_147_483_647), default: "0",
                        hidden: true),
        // Its twin for the start-up load: microseconds per key loaded, so tests see -LOADING.
        ConfigParameter("key-load-delay", .integer(min: -2_147_483_648, max: 2_147_483_647), default: "0",
                        hidden: true),
        ConfigParameter("appendonly", .boolean, default: "no",
                        refine: only(["no"], "appendonly yes is not supported yet: Tessera has no AOF")),
        ConfigParameter("appendfilename", .string, default: "appendonly.aof", mutable: false,
                        refine: baseName("appendfilename")),
        ConfigParameter("appenddirname", .string, default: "appendonlydir", mutable: false,
                        refine: baseName("appenddirname")),
        ConfigParameter("appendfsync", .enumeration(["everysec", "always", "no"]), default: "everysec"),
        ConfigParameter("no-appendfsync-on-rewrite", .boolean, default: "no"),
        ConfigParameter("auto-aof-rewrite-percentage", .integer(min: 0, max: maxInt), default: "100"),
        ConfigParameter("auto-aof-rewrite-min-size", .memory(min: 0, max: Int64.max), default: "67108864"),
        ConfigParameter("aof-load-truncated", .boolean, default: "yes"),
        ConfigParameter("aof-use-rdb-preamble", .boolean, default: "yes"),
        ConfigParameter("aof-rewrite-incremental-fsync", .boolean, default: "yes"),
        ConfigParameter("aof-timestamp-enabled", .boolean, default: "no"),
    ]

    /// Compact-encoding thresholds (design §3), read by the data types.
    static let encodings: [ConfigParameter] = [
        ConfigParameter("hash-max-listpack-entries", .integer(min: 0, max: Int64.max), default: "512",
                        aliases: ["hash-max-ziplist-entries"]),
        ConfigParameter("hash-max-listpack-value", .memory(min: 0, max: Int64.max), default: "64",
                        aliases: ["hash-max-ziplist-value"]),
        ConfigParameter("set-max-intset-entries", .integer(min: 0, max: Int64.max), default: "512"),
        ConfigParameter("zset-max-listpack-entries", .integer(min: 0, max: Int64.max), default: "128",
                        aliases: ["zset-max-ziplist-entries"]),
        ConfigParameter("zset-max-listpack-value", .memory(min: 0, max: Int64.max), default: "64",
                        aliases: ["zset-max-ziplist-value"]),
        ConfigParameter("list-max-listpack-size", .integer(min: Int64(Int32.min), max: maxInt), default: "-2",
                        aliases: ["list-max-ziplist-size"]),
        ConfigParameter("list-compress-depth", .integer(min: 0, max: maxInt), default: "0",
                        refine: only(["0"], "list compression is not implemented: list nodes are never compressed")),
    ]

    static let replication: [ConfigParameter] = [
        ConfigParameter("repl-backlog-size", .memory(min: 1, max: Int64.max), default: "1048576"),
        ConfigParameter("repl-backlog-ttl", .integer(min: 0, max: maxInt), default: "3600"),
        ConfigParameter("replica-read-only", .boolean, default: "yes", aliases: ["slave-read-only"]),
        ConfigParameter("replica-serve-stale-data", .boolean, default: "yes", aliases: ["slave-serve-stale-data"]),
        ConfigParameter("replica-lazy-flush", .boolean, default: "no", aliases: ["slave-lazy-flush"]),
        ConfigParameter("replica-ignore-maxmemory", .boolean, default: "yes", aliases: ["slave-ignore-maxmemory"]),
        ConfigParameter("replica-priority", .integer(min: 0, max: maxInt), default: "100", aliases: ["slave-priority"]),
        ConfigParameter("replica-announced", .boolean, default: "yes"),
        ConfigParameter("repl-timeout", .integer(min: 1, max: maxInt), default: "60"),
        ConfigParameter("repl-ping-replica-period", .integer(min: 1, max: maxInt), default: "10",
                        aliases: ["repl-ping-slave-period"]),
        ConfigParameter("repl-disable-tcp-nodelay", .boolean, default: "no"),
        ConfigParameter("repl-diskless-sync", .boolean, default: "yes"),
        ConfigParameter("repl-diskless-sync-delay", .integer(min: 0, max: maxInt), default: "5"),
        ConfigParameter("repl-diskless-sync-max-replicas", .integer(min: 0, max: maxInt), default: "0"),
        ConfigParameter("repl-diskless-load", .enumeration(["disabled", "on-empty-db", "swapdb"]), default: "disabled"),
        ConfigParameter("masterauth", .string, default: ""),
        ConfigParameter("masteruser", .string, default: ""),
        ConfigParameter("min-replicas-to-write", .integer(min: 0, max: maxInt), default: "0",
                        aliases: ["min-slaves-to-write"],
                        refine: only(["0"], "replication is not implemented yet: no replica could acknowledge writes")),
        ConfigParameter("min-replicas-max-lag", .integer(min: 0, max: maxInt), default: "10",
                        aliases: ["min-slaves-max-lag"]),
    ]

    /// Memory limits and what happens at them (no eviction yet: only `noeviction` is true).
    static let limits: [ConfigParameter] = [
        ConfigParameter("maxmemory", .memory(min: 0, max: Int64.max), default: "0"),
        ConfigParameter("maxmemory-policy", .enumeration(["volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
                                                          "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"]),
                        default: "noeviction",
                        refine: only(["noeviction"], "eviction is not implemented yet: only noeviction is supported")),
        ConfigParameter("maxmemory-samples", .integer(min: 1, max: maxInt), default: "5"),
        ConfigParameter("maxmemory-eviction-tenacity", .integer(min: 0, max: 100), default: "10"),
        ConfigParameter("maxmemory-clients", .string, default: "0", refine: clientMemoryLimit),
        ConfigParameter("lfu-log-factor", .integer(min: 0, max: maxInt), default: "10"),
        ConfigParameter("lfu-decay-time", .integer(min: 0, max: maxInt), default: "1"),
        ConfigParameter("lazyfree-lazy-eviction", .boolean, default: "no"),
        ConfigParameter("lazyfree-lazy-expire", .boolean, default: "no"),
        ConfigParameter("lazyfree-lazy-server-del", .boolean, default: "no"),
        ConfigParameter("lazyfree-lazy-user-del", .boolean, default: "no"),
        ConfigParameter("lazyfree-lazy-user-flush", .boolean, default: "no"),
    ]

    // MARK: refinements

    typealias Refinement = @Sendable (String) -> Result<String, ConfigError>

    /// Accepts only `values` (canonical forms); anything else, though valid for Redis, is refused
    /// with `reason`.
    static func only(_ values: Set<String>, _ reason: String) -> Refinement {
        { value in values.contains(value) ? .success(value) : .failure(.invalid(reason)) }
    }

    /// Redis's post-set clamp (updateHZ: 1...500).
    static func clamp(_ range: ClosedRange<Int64>) -> Refinement {
        { value in .success(String(min(max(Int64(value) ?? range.lowerBound, range.lowerBound), range.upperBound))) }
    }

    /// `save <seconds> <changes> [...]` as Redis 7.0's setConfigSaveOption checks it: pairs of
    /// integers split on single spaces, seconds >= 1, changes >= 0; "" clears the save points.
    static let savePoints: Refinement = { value in
        if value.isEmpty { return .success("") }
        let words = value.split(separator: " ", omittingEmptySubsequences: false)
        guard words.count % 2 == 0 else { return .failure(.invalid("Invalid save parameters")) }
        var numbers: [Int64] = []
        for (index, word) in words.enumerated() {
            guard let number = Int64(word), number >= (index % 2 == 0 ? 1 : 0) else {
                return .failure(.invalid("Invalid save parameters"))
            }
            numbers.append(number)
        }
        return .success(numbers.map(String.init).joined(separator: " "))
    }

    /// Redis's pathIsBaseName check for dbfilename and the AOF names.
    static func baseName(_ name: String) -> Refinement {
        { value in value.contains("/") ? .failure(.invalid("\(name) can't be a path, just a filename")) : .success(value) }
    }

    /// `dir` must name a directory the process can enter (applying it is a chdir).
    static let directory: Refinement = { value in
        var status = stat()
        guard stat(value, &status) == 0 else { return .failure(.invalid(String(cString: strerror(errno)))) }
        guard status.st_mode & S_IFMT == S_IFDIR else { return .failure(.invalid(String(cString: strerror(ENOTDIR)))) }
        guard access(value, X_OK) == 0 else { return .failure(.invalid(String(cString: strerror(errno)))) }
        return .success(value)
    }

    /// The class characters Redis 7.0 accepts; any non-empty set is refused, since no keyspace
    /// notification is published yet.
    static let keyspaceEvents: Refinement = { value in
        let classes = Set("Ag$lshzxeKEtmdn")
        guard value.allSatisfy({ classes.contains($0) }) else {
            return .failure(.invalid("Invalid event class character. Use 'Ag$lshzxeKEtmdn'."))
        }
        return value.isEmpty
            ? .success("") : .failure(.invalid("keyspace notifications are not implemented yet"))
    }

    /// shutdown-on-sigint / shutdown-on-sigterm: space-separated flags out of Redis's set.
    static let shutdownFlags: Refinement = { value in
        let options = ["default", "save", "nosave", "now", "force"]
        let words = value.lowercased().split(separator: " ").map(String.init)
        guard !words.isEmpty, words.allSatisfy(options.contains) else {
            return .failure(.invalid("argument(s) must be one of the following: " + options.joined(separator: ", ")))
        }
        return .success(words.joined(separator: " "))
    }

    /// maxmemory-clients: a memory value or a percentage; only 0 (client eviction off) is true.
    static let clientMemoryLimit: Refinement = { value in
        let number = value.hasSuffix("%") ? Int64(value.dropLast()) : ConfigParameter.parseMemory(value)
        guard let number, number >= 0, !value.hasPrefix("-") else {
            return .failure(.invalid("argument must be a memory or percent value"))
        }
        return number == 0 ? .success("0") : .failure(.invalid("client eviction is not implemented yet"))
    }
}
