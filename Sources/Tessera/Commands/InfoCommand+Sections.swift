#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fields of each INFO section, in Redis 7.0.15's names and order. A field is printed when
/// Tessera knows its true value: zero where the feature it counts does not exist yet (AOF,
/// replicas, evictions, pub/sub), and left out where Tessera does not measure it (Redis's
/// dataset/overhead split, per-thread CPU, client buffer peaks, I/O event counts).
extension InfoCommand {
    static func write(_ section: Section, into fields: inout InfoFields, engine: Engine, now: Int64) {
        switch section {
        case .server: server(&fields, engine)
        case .clients: clients(&fields, engine)
        case .memory: memory(&fields, engine)
        case .persistence: persistence(&fields, engine)
        case .stats: stats(&fields, engine)
        case .replication: replication(&fields, engine)
        case .cpu: cpu(&fields)
        case .modules, .latencystats: break
        case .commandstats: commandstats(&fields, engine)
        case .errorstats: errorstats(&fields, engine)
        case .cluster: fields.add("cluster_enabled", 0)
        case .keyspace: keyspace(&fields, engine, now: now)
        }
    }

    // MARK: sections

    static func server(_ fields: inout InfoFields, _ engine: Engine) {
        let now = Clock.microseconds()
        let uptime = (now / 1000 - engine.startTime) / 1000
        fields.add("redis_version", TesseraVersion.redisCompatible)
        fields.add("redis_git_sha1", "00000000")
        fields.add("redis_git_dirty", 0)
        fields.add("redis_build_id", "0")
        fields.add("redis_mode", "standalone")
        fields.add("os", operatingSystem())
        fields.add("arch_bits", MemoryLayout<Int>.size * 8)
        fields.add("monotonic_clock", "POSIX clock_gettime")
        #if os(Linux)
        fields.add("multiplexing_api", "epoll")
        #else
        fields.add("multiplexing_api", "kqueue")
        #endif
        fields.add("atomicvar_api", "c11-builtin")
        fields.add("gcc_version", "0.0.0")
        fields.add("process_id", Int(getpid()))
        fields.add("process_supervised", "no")
        fields.add("run_id", engine.stats.runID)
        fields.add("tcp_port", engine.configuration["port"] ?? "0")
        fields.add("server_time_usec", now)
        fields.add("uptime_in_seconds", uptime)
        fields.add("uptime_in_days", uptime / 86400)
        let hz = engine.configuration["hz"] ?? "10"
        fields.add("hz", hz)
        fields.add("configured_hz", hz)
        fields.add("lru_clock", (now / 1_000_000) & 0xFF_FFFF)
        fields.add("executable", executablePath())
        fields.add("config_file", engine.configuration.file ?? "")
        fields.add("io_threads_active", 0)
        fields.add("tessera_version", TesseraVersion.current)
        fields.add("shards", engine.shardCount)
    }

    static func clients(_ fields: inout InfoFields, _ engine: Engine) {
        fields.add("connected_clients", engine.clients.count)
        fields.add("cluster_connections", 0)
        fields.add("maxclients", engine.configuration["maxclients"] ?? "10000")
        fields.add("blocked_clients", engine.clients.blockedCount.load(ordering: .relaxed))
        fields.add("tracking_clients", 0)
        fields.add("clients_in_timeout_table", 0)
    }

    static func memory(_ fields: inout InfoFields, _ engine: Engine) {
        let memory = MemoryStats.current()
        let used = memory.allocated
        let peak = engine.stats.notePeak(used)
        let rss = MemoryStats.residentSetSize()
        let system = MemoryStats.systemMemory()
        let maxmemory = Int(engine.configuration.integer("maxmemory"))
        fields.add("used_memory", used)
        fields.add("used_memory_human", InfoFormat.humanBytes(used))
        fields.add("used_memory_rss", rss)
        fields.add("used_memory_rss_human", InfoFormat.humanBytes(rss))
        fields.add("used_memory_peak", peak)
        fields.add("used_memory_peak_human", InfoFormat.humanBytes(peak))
        fields.add("used_memory_peak_perc", InfoFormat.fixed2(peak > 0 ? Double(used) * 100 / Double(peak) : 0) + "%")
        fields.add("used_memory_startup", engine.stats.startupMemory)
        fields.add("allocator_allocated", memory.allocated)
        fields.add("allocator_active", memory.active)
        fields.add("allocator_resident", memory.resident)
        fields.add("total_system_memory", system)
        fields.add("total_system_memory_human", InfoFormat.humanBytes(system))
        // No scripting engine: no Lua memory, scripts or functions.
        fields.add("used_memory_lua", 0)
        fields.add("used_memory_vm_eval", 0)
        fields.add("used_memory_lua_human", "0B")
        fields.add("used_memory_scripts_eval", 0)
        fields.add("number_of_cached_scripts", 0)
        fields.add("number_of_functions", 0)
        fields.add("number_of_libraries", 0)
        fields.add("used_memory_vm_functions", 0)
        fields.add("used_memory_vm_total", 0)
        fields.add("used_memory_vm_total_human", "0B")
        fields.add("used_memory_functions", 0)
        fields.add("used_memory_scripts", 0)
        fields.add("used_memory_scripts_human", "0B")
        fields.add("maxmemory", maxmemory)
        fields.add("maxmemory_human", InfoFormat.humanBytes(maxmemory))
        fields.add("maxmemory_policy", engine.configuration["maxmemory-policy"] ?? "noeviction")
        fields.add("allocator_frag_ratio", ratio(memory.active, memory.allocated))
        fields.add("allocator_frag_bytes", memory.active - memory.allocated)
        fields.add("allocator_rss_ratio", ratio(memory.resident, memory.active))
        fields.add("allocator_rss_bytes", memory.resident - memory.active)
        fields.add("rss_overhead_ratio", ratio(rss, memory.resident))
        fields.add("rss_overhead_bytes", rss - memory.resident)
        fields.add("mem_fragmentation_ratio", ratio(rss, used))
        fields.add("mem_fragmentation_bytes", rss - used)
        fields.add("mem_not_counted_for_evict", 0)
        fields.add("mem_replication_backlog", 0)
        fields.add("mem_total_replication_buffers", 0)
        fields.add("mem_clients_slaves", 0)
        fields.add("mem_cluster_links", 0)
        fields.add("mem_aof_buffer", 0)
        fields.add("mem_allocator", memory.allocator)
        fields.add("active_defrag_running", 0)
        fields.add("lazyfree_pending_objects", 0)
        fields.add("lazyfreed_objects", 0)
    }

    /// Snapshot state (Persistence/Snapshot) and the fork machinery's child; AOF fields keep a
    /// fresh server's values until AOF exists. The child reports its copy-on-write bytes once,
    /// when it ends, so the current_cow_* and current_fork_perc fields stay 0 while it runs.
    static func persistence(_ fields: inout InfoFields, _ engine: Engine) {
        let loading = engine.snapshots.isLoading
        // The loader owns the shards while it loads; they hold no unsaved change before it ends.
        let dirty = loading ? 0 : engine.dirtyHoldingShards()
        let status = engine.snapshots.current
        let savingSince = PersistenceCommands.writesSnapshot(engine.forks.activeKind) ? engine.forks.activeSince : nil
        fields.add("loading", loading ? 1 : 0)
        fields.add("async_loading", 0)
        fields.add("current_cow_peak", 0)
        fields.add("current_cow_size", 0)
        fields.add("current_cow_size_age", 0)
        fields.add("current_fork_perc", "0.00")
        fields.add("current_save_keys_processed", 0)
        fields.add("current_save_keys_total", 0)
        fields.add("rdb_changes_since_last_save", dirty - status.dirtyCovered)
        fields.add("rdb_bgsave_in_progress", savingSince == nil ? 0 : 1)
        fields.add("rdb_last_save_time", status.lastSave)
        fields.add("rdb_last_bgsave_status", status.lastBackgroundSaveSucceeded ? "ok" : "err")
        fields.add("rdb_last_bgsave_time_sec", status.lastBackgroundSaveSeconds)
        fields.add("rdb_current_bgsave_time_sec", savingSince.map { Clock.milliseconds() / 1000 - $0 } ?? -1)
        fields.add("rdb_saves", status.saves)
        fields.add("rdb_last_cow_size", status.lastCopyOnWriteBytes)
        fields.add("rdb_last_load_keys_expired", status.lastLoadKeysExpired)
        fields.add("rdb_last_load_keys_loaded", status.lastLoadKeysLoaded)
        fields.add("aof_enabled", 0)
        fields.add("aof_rewrite_in_progress", 0)
        fields.add("aof_rewrite_scheduled", 0)
        fields.add("aof_last_rewrite_time_sec", -1)
        fields.add("aof_current_rewrite_time_sec", -1)
        fields.add("aof_last_bgrewrite_status", "ok")
        fields.add("aof_rewrites", 0)
        fields.add("aof_rewrites_consecutive_failures", 0)
        fields.add("aof_last_write_status", "ok")
        fields.add("aof_last_cow_size", 0)
        fields.add("module_fork_in_progress", 0)
        fields.add("module_fork_last_cow_size", 0)
        if loading { loadingProgress(&fields, engine.snapshots.loadProgress) }
    }

    /// The loading_* fields Redis adds while it loads.
    static func loadingProgress(_ fields: inout InfoFields, _ progress: LoadProgress) {
        let now = Clock.milliseconds() / 1000
        fields.add("loading_start_time", progress.startedAt)
        fields.add("loading_total_bytes", progress.totalBytes)
        fields.add("loading_rdb_used_mem", 0)
        fields.add("loading_loaded_bytes", progress.loadedBytes)
        fields.add("loading_loaded_perc", InfoFormat.fixed2(progress.percent))
        fields.add("loading_eta_seconds", progress.etaSeconds(now: now))
    }

    static func stats(_ fields: inout InfoFields, _ engine: Engine) {
        var keyspace = ShardStats()
        var stalePercent = 0.0
        var commands = 0, errors = 0
        for store in engine.stores {
            keyspace.expiredKeys &+= store.stats.expiredKeys
            keyspace.expiredTimeCapReached &+= store.stats.expiredTimeCapReached
            keyspace.expireCycleCpuMicros &+= store.stats.expireCycleCpuMicros
            keyspace.keyspaceHits &+= store.stats.keyspaceHits
            keyspace.keyspaceMisses &+= store.stats.keyspaceMisses
            stalePercent += store.stats.expiredStalePercent
            for calls in store.commandStats.calls { commands &+= calls }
            errors &+= store.commandStats.errorReplies
        }
        let rates = engine.stats.networkRates
        fields.add("total_connections_received", engine.clients.totalConnections.load(ordering: .relaxed))
        fields.add("total_commands_processed", commands)
        fields.add("instantaneous_ops_per_sec", engine.stats.operationsPerSecond)
        fields.add("total_net_input_bytes", engine.stats.netInputBytes.load())
        fields.add("total_net_output_bytes", engine.stats.netOutputBytes.load())
        fields.add("total_net_repl_input_bytes", 0)
        fields.add("total_net_repl_output_bytes", 0)
        fields.add("instantaneous_input_kbps", InfoFormat.fixed2(Double(rates.input) / 1024))
        fields.add("instantaneous_output_kbps", InfoFormat.fixed2(Double(rates.output) / 1024))
        fields.add("instantaneous_input_repl_kbps", "0.00")
        fields.add("instantaneous_output_repl_kbps", "0.00")
        fields.add("rejected_connections", engine.clients.rejectedConnections.load(ordering: .relaxed))
        fields.add("sync_full", 0)
        fields.add("sync_partial_ok", 0)
        fields.add("sync_partial_err", 0)
        fields.add("expired_keys", keyspace.expiredKeys)
        fields.add("expired_stale_perc", InfoFormat.fixed2(stalePercent * 100 / Double(max(1, engine.stores.count))))
        fields.add("expired_time_cap_reached_count", keyspace.expiredTimeCapReached)
        fields.add("expire_cycle_cpu_milliseconds", keyspace.expireCycleCpuMicros / 1000)
        fields.add("evicted_keys", 0)
        fields.add("evicted_clients", 0)
        fields.add("total_eviction_exceeded_time", 0)
        fields.add("current_eviction_exceeded_time", 0)
        fields.add("keyspace_hits", keyspace.keyspaceHits)
        fields.add("keyspace_misses", keyspace.keyspaceMisses)
        fields.add("pubsub_channels", 0)
        fields.add("pubsub_patterns", 0)
        fields.add("pubsubshard_channels", 0)
        fields.add("latest_fork_usec", engine.forks.latestForkMicroseconds)
        fields.add("total_forks", engine.forks.totalForks)
        fields.add("migrate_cached_sockets", 0)
        fields.add("slave_expires_tracked_keys", 0)
        fields.add("active_defrag_hits", 0)
        fields.add("active_defrag_misses", 0)
        fields.add("active_defrag_key_hits", 0)
        fields.add("active_defrag_key_misses", 0)
        fields.add("total_active_defrag_time", 0)
        fields.add("current_active_defrag_time", 0)
        fields.add("tracking_total_keys", 0)
        fields.add("tracking_total_items", 0)
        fields.add("tracking_total_prefixes", 0)
        fields.add("unexpected_error_replies", 0)
        fields.add("total_error_replies", errors)
        fields.add("dump_payload_sanitizations", 0)
        fields.add("io_threaded_reads_processed", 0)
        fields.add("io_threaded_writes_processed", 0)
    }

    /// A master without replicas, whose replication stream has not started.
    static func replication(_ fields: inout InfoFields, _ engine: Engine) {
        fields.add("role", "master")
        fields.add("connected_slaves", 0)
        fields.add("master_failover_state", "no-failover")
        fields.add("master_replid", engine.stats.replicationID)
        fields.add("master_replid2", String(repeating: "0", count: 40))
        fields.add("master_repl_offset", 0)
        fields.add("second_repl_offset", -1)
        fields.add("repl_backlog_active", 0)
        fields.add("repl_backlog_size", engine.configuration["repl-backlog-size"] ?? "1048576")
        fields.add("repl_backlog_first_byte_offset", 0)
        fields.add("repl_backlog_histlen", 0)
    }

    static func cpu(_ fields: inout InfoFields) {
        var own = rusage(), children = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &own)
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &children)
        #else
        getrusage(RUSAGE_SELF, &own)
        getrusage(RUSAGE_CHILDREN, &children)
        #endif
        fields.add("used_cpu_sys", seconds(own.ru_stime))
        fields.add("used_cpu_user", seconds(own.ru_utime))
        fields.add("used_cpu_sys_children", seconds(children.ru_stime))
        fields.add("used_cpu_user_children", seconds(children.ru_utime))
    }

    /// cmdstat_<name>:calls=..,usec=..,usec_per_call=..,rejected_calls=..,failed_calls=.. for
    /// every command (and "container|sub" subcommand) used since the last CONFIG RESETSTAT.
    static func commandstats(_ fields: inout InfoFields, _ engine: Engine) {
        for spec in engine.commands.all {
            var calls = 0, microseconds = 0, rejected = 0, failed = 0
            for store in engine.stores {
                calls &+= store.commandStats.calls[spec.id]
                microseconds &+= store.commandStats.microseconds[spec.id]
                rejected &+= store.commandStats.rejected[spec.id]
                failed &+= store.commandStats.failed[spec.id]
            }
            guard calls > 0 || rejected > 0 || failed > 0 else { continue }
            let perCall = calls > 0 ? Double(microseconds) / Double(calls) : 0
            fields.add("cmdstat_" + spec.fullName,
                       "calls=\(calls),usec=\(microseconds),usec_per_call=\(InfoFormat.fixed2(perCall)),"
                       + "rejected_calls=\(rejected),failed_calls=\(failed)")
        }
    }

    /// errorstat_<CODE>:count=N, by error code in byte order (Redis keeps them in a rax).
    static func errorstats(_ fields: inout InfoFields, _ engine: Engine) {
        var counts: [String: Int] = [:]
        for store in engine.stores {
            for (prefix, count) in store.commandStats.errorsByPrefix { counts[prefix, default: 0] += count }
        }
        for prefix in counts.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            fields.add("errorstat_" + prefix, "count=\(counts[prefix]!)")
        }
    }

    /// db<N>:keys=..,expires=..,avg_ttl=.. for each non-empty database. avg_ttl (milliseconds)
    /// is estimated from up to 20 keys with a deadline per shard, where Redis keeps a running
    /// estimate from its expire cycle's samples.
    static func keyspace(_ fields: inout InfoFields, _ engine: Engine, now: Int64) {
        for db in 0..<engine.databaseCount {
            var keys = 0, expires = 0
            var ttlSum: Int64 = 0, ttlSamples: Int64 = 0
            for store in engine.stores {
                let table = store.databases[db]
                keys += table.count
                expires += table.volatileCount
                for _ in 0..<min(20, table.volatileCount) {
                    guard let deadline = table.randomVolatileEntry(using: &store.random)?.expireAt,
                          deadline > now else { continue }
                    ttlSum += deadline - now
                    ttlSamples += 1
                }
            }
            guard keys > 0 else { continue }
            fields.add("db\(db)", "keys=\(keys),expires=\(expires),avg_ttl=\(ttlSamples > 0 ? ttlSum / ttlSamples : 0)")
        }
    }

    // MARK: helpers

    /// "%.2f" of a / b, or 0.00 when b is 0.
    static func ratio(_ a: Int, _ b: Int) -> String {
        InfoFormat.fixed2(b > 0 ? Double(a) / Double(b) : 0)
    }

    /// "%ld.%06ld" of a timeval.
    static func seconds(_ time: timeval) -> String {
        InfoFormat.printf("%ld.%06ld", Int(time.tv_sec), Int(time.tv_usec))
    }

    /// "Linux 6.1.0 x86_64", as Redis prints uname's sysname, release and machine.
    static func operatingSystem() -> String {
        var names = utsname()
        guard uname(&names) == 0 else { return "" }
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return "\(field(names.sysname)) \(field(names.release)) \(field(names.machine))"
    }

    /// The absolute path of the running executable (Redis resolves argv[0]).
    static func executablePath() -> String {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return "" }
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #else
        return ""
        #endif
    }
}
