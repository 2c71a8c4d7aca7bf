#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RESP

/// INFO [section ...] (Redis 7.0's genRedisInfoString). It holds every shard while it runs, so
/// it reads every ShardStore: their keyspaces and counters are summed.
enum InfoCommand {
    static let table: [CommandSpec] = [
        CommandSpec("info", arity: -1, flags: [.loading, .stale], group: .server,
                    summary: "Get information and statistics about the server", complexity: "O(1)",
                    categories: ["dangerous"], scope: .allShards, handler: info),
    ]

    /// The sections in the order INFO prints them.
    enum Section: String, CaseIterable {
        case server, clients, memory, persistence, stats, replication, cpu, modules, commandstats, errorstats,
            latencystats, cluster, keyspace

        /// INFO's header: "# Server", "# CPU"...
        var title: String {
            switch self {
            case .cpu: "CPU"
            default: rawValue.prefix(1).uppercased() + rawValue.dropFirst()
            }
        }

        /// The sections summed over the shards' stores.
        static let readingShards: Set<Section> = [.stats, .commandstats, .errorstats, .keyspace]

        static let defaults: Set<Section> = [.server, .clients, .memory, .persistence, .stats, .replication, .cpu,
                                             .modules, .errorstats, .cluster, .keyspace]
    }

    /// genInfoSectionDict: no argument or "default" for the default sections, "all" and
    /// "everything" for all of them (Tessera has no module sections to tell them apart),
    /// otherwise the named ones, case-insensitively; unknown names add nothing.
    static func sections(_ arguments: Arguments) -> Set<Section> {
        guard arguments.count > 1 else { return Section.defaults }
        var selected: Set<Section> = []
        for index in 1..<arguments.count {
            let name = arguments.string(index).lowercased()
            switch name {
            case "default": selected.formUnion(Section.defaults)
            case "all", "everything": selected.formUnion(Section.allCases)
            default: if let section = Section(rawValue: name) { selected.insert(section) }
            }
        }
        return selected
    }

    static func info(_ context: inout CommandContext) {
        var selected = sections(context.arguments)
        // During the start-up load INFO runs without the shards, which the loader is filling:
        // the sections made of their contents and counters wait for the load to end.
        if context.engine.snapshots.isLoading { selected.subtract(Section.readingShards) }
        var text = ""
        var first = true
        for section in Section.allCases where selected.contains(section) {
            if !first { text += "\r\n" }
            first = false
            text += "# \(section.title)\r\n"
            var fields = InfoFields()
            write(section, into: &fields, engine: context.engine, now: context.now)
            text += fields.text
        }
        var bytes = text
        bytes.withUTF8 { context.reply.writeRESPVerbatim(UnsafeRawBufferPointer($0), context.resp) }
    }
}

/// The "name:value\r\n" lines of one INFO section.
struct InfoFields {
    var text = ""

    mutating func add(_ name: String, _ value: String) {
        text += name + ":" + value + "\r\n"
    }

    mutating func add(_ name: String, _ value: Int) {
        add(name, String(value))
    }

    mutating func add(_ name: String, _ value: Int64) {
        add(name, String(value))
    }
}

/// printf formats INFO shares with Redis (through vsnprintf, so the rounding is libc's).
enum InfoFormat {
    static func printf(_ format: String, _ arguments: CVarArg...) -> String {
        var buffer = [CChar](repeating: 0, count: 128)
        let count = withVaList(arguments) { vsnprintf(&buffer, buffer.count, format, $0) }
        return String(decoding: buffer.prefix(Int(max(0, min(count, 127)))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// "%.2f".
    static func fixed2(_ value: Double) -> String { printf("%.2f", value) }

    /// Redis's bytesToHuman: B below 1024, then K, M, G, T, P with two decimals.
    static func humanBytes(_ bytes: Int) -> String {
        let value = Double(bytes)
        let units: [(Double, String)] = [(1024, "K"), (1024 * 1024, "M"), (1024 * 1024 * 1024, "G"),
                                         (1024.0 * 1024 * 1024 * 1024, "T"), (1024.0 * 1024 * 1024 * 1024 * 1024, "P")]
        if bytes < 1024 { return "\(bytes)B" }
        for (index, (scale, suffix)) in units.enumerated() {
            let next = index + 1 < units.count ? units[index + 1].0 : 1024.0 * 1024 * 1024 * 1024 * 1024 * 1024
            if value < next { return fixed2(value / scale) + suffix }
        }
        return "\(bytes)B"
    }
}
