/// The directives Tessera knows, with Redis 7.0's names, defaults (those of a redis-server started
/// without a config file) and mutability. Later features add their rows here.
public enum ConfigParameters {
    static let maxInt = Int64(Int32.max)

    public static let all: [ConfigParameter] = [
        ConfigParameter("port", .integer(min: 0, max: 65535), default: "6379", mutable: false),
        ConfigParameter("bind", .string, default: "127.0.0.1 -::1", mutable: false),
        ConfigParameter("protected-mode", .boolean, default: "yes"),
        ConfigParameter("shards", .integer(min: 1, max: 1024), default: "0", mutable: false),
        ConfigParameter("databases", .integer(min: 1, max: maxInt), default: "16", mutable: false),
        ConfigParameter("dir", .string, default: ".", mutable: true),
        ConfigParameter("dbfilename", .string, default: "dump.rdb"),
        ConfigParameter("logfile", .string, default: "", mutable: false),
        ConfigParameter("loglevel", .enumeration(["debug", "verbose", "notice", "warning", "nothing"]), default: "notice"),
        ConfigParameter("maxclients", .integer(min: 1, max: maxInt), default: "10000"),
        ConfigParameter("timeout", .integer(min: 0, max: maxInt), default: "0"),
        ConfigParameter("tcp-keepalive", .integer(min: 0, max: maxInt), default: "300"),
        ConfigParameter("tcp-backlog", .integer(min: 0, max: maxInt), default: "511", mutable: false),
        ConfigParameter("requirepass", .string, default: ""),
        ConfigParameter("proto-max-bulk-len", .memory(min: 1024 * 1024, max: Int64.max), default: "536870912"),
        ConfigParameter("client-query-buffer-limit", .memory(min: 1024 * 1024, max: Int64.max), default: "1073741824"),
        ConfigParameter("enable-debug-command", .enumeration(["no", "yes", "local"]), default: "no", mutable: false),
        ConfigParameter("hz", .integer(min: 0, max: maxInt), default: "10"),
        ConfigParameter("slowlog-log-slower-than", .integer(min: -1, max: Int64.max), default: "10000"),
        ConfigParameter("slowlog-max-len", .integer(min: 0, max: Int64(Int.max)), default: "128"),
        ConfigParameter("latency-monitor-threshold", .integer(min: 0, max: Int64.max), default: "0"),
        ConfigParameter("save", .string, default: "3600 1 300 100 60 10000"),
        ConfigParameter("appendonly", .boolean, default: "no"),
        ConfigParameter("daemonize", .boolean, default: "no", mutable: false),
        ConfigParameter("pidfile", .string, default: "", mutable: false),
        ConfigParameter("maxmemory", .memory(min: 0, max: Int64.max), default: "0"),
        ConfigParameter("maxmemory-policy", .enumeration(["volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
                                                          "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"]),
                        default: "noeviction"),
        ConfigParameter("lazyfree-lazy-user-flush", .boolean, default: "no"),
        ConfigParameter("lazyfree-lazy-user-del", .boolean, default: "no"),
    ]
}
