#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Atomics
import NIOConcurrencyHelpers
import NIOCore
import RESP

/// SLOWLOG, the latency monitor and MONITOR: what is seen of each executed command besides its
/// reply. Both thresholds are read with one relaxed load each per command; the shared logs are
/// locked only when a command was slow.
extension Engine {
    @inline(__always)
    func observe(_ spec: CommandSpec, _ arguments: Arguments, session: ClientSession?, client: ClientIdentity? = nil,
                 microseconds: Int) {
        let slower = slowlog.threshold.load(ordering: .relaxed)
        if slower >= 0 && microseconds >= slower && !spec.flags.contains(.skipSlowlog) {
            slowlog.record(spec, arguments, microseconds: microseconds,
                           client: session.map(ClientIdentity.init) ?? client)
        }
        let latencyThreshold = latency.threshold.load(ordering: .relaxed)
        if latencyThreshold > 0 && microseconds / 1000 >= latencyThreshold {
            // Redis's call(): "fast-command" for commands flagged fast, "command" for the others.
            latency.addSample(spec.flags.contains(.fast) ? "fast-command" : "command", milliseconds: microseconds / 1000)
        }
    }

    /// Mirrors the directives the engine itself acts on into their consumers, now and after each
    /// CONFIG SET.
    func observeConfiguration() {
        for name in ["slowlog-log-slower-than", "slowlog-max-len", "latency-monitor-threshold", "maxmemory"]
            + EncodingLimits.names {
            configurationChanged(name, configuration[name] ?? "")
        }
        configuration.onChange { [weak self] name, value in self?.configurationChanged(name, value) }
    }

    private func configurationChanged(_ name: String, _ value: String) {
        switch name {
        case "slowlog-log-slower-than":
            slowlog.threshold.store(Int(value) ?? 10_000, ordering: .relaxed)
        case "slowlog-max-len":
            slowlog.setMaxLength(Int(value) ?? 128)
        case "latency-monitor-threshold":
            latency.threshold.store(Int(value) ?? 0, ordering: .relaxed)
        case "maxmemory":
            stats.memoryLimit.store(Int(value) ?? 0, ordering: .relaxed)
            stats.noteMemory(MemoryStats.current().allocated)
        case "hz":
            for shard in shards { shard.startCron() }
        case "dir":
            // Redis applies `dir` with chdir; the value was checked to be an enterable directory.
            _ = chdir(value)
        default:
            encodingLimits.update(name, value)
        }
    }
}

/// The client of a command as SLOWLOG shows it: address and name, copied on the client's own
/// loop for work that runs on another shard.
public struct ClientIdentity: Sendable {
    public let address: String
    public let name: [UInt8]

    public init(address: String, name: [UInt8]) {
        self.address = address
        self.name = name
    }

    init(_ session: ClientSession) {
        self.init(address: session.address, name: session.name)
    }
}

/// The slow log ring (SLOWLOG GET|LEN|RESET), shared by all loops behind a lock that is taken
/// only when a command was slow.
public final class SlowLog: @unchecked Sendable {
    public struct Record: Sendable {
        public let id: Int
        public let timestamp: Int64
        public let microseconds: Int
        public let arguments: [[UInt8]]
        public let client: String
        public let clientName: [UInt8]
    }

    private let lock = NIOLock()
    private var records: [Record] = []
    private var nextID = 0
    private var maxLength = 128
    /// Mirrors slowlog-log-slower-than (-1 disables, 0 logs everything).
    let threshold = ManagedAtomic<Int>(10_000)

    /// Redis keeps at most 32 arguments, each cut to 128 bytes, with a note of what was cut,
    /// and never the secrets of AUTH, HELLO ... AUTH and CONFIG SET requirepass/masterauth.
    func record(_ spec: CommandSpec, _ arguments: Arguments, microseconds: Int, client: ClientIdentity?) {
        let redacted = SlowLog.redactedIndexes(spec, arguments)
        var saved: [[UInt8]] = []
        let kept = min(arguments.count, 32)
        for index in 0..<kept {
            let argument = arguments[index]
            if redacted.contains(index) {
                saved.append(Array("(redacted)".utf8))
            } else if argument.count > 128 {
                saved.append(Array(argument.prefix(128)) + Array("... (\(argument.count - 128) more bytes)".utf8))
            } else {
                saved.append(Array(argument))
            }
        }
        if arguments.count > kept {
            saved[kept - 1] = Array("... (\(arguments.count - kept + 1) more arguments)".utf8)
        }
        let timestamp = Clock.milliseconds() / 1000
        lock.withLock {
            records.insert(Record(id: nextID, timestamp: timestamp, microseconds: microseconds, arguments: saved,
                                  client: client?.address ?? "", clientName: client?.name ?? []), at: 0)
            nextID += 1
            if records.count > maxLength { records.removeLast(records.count - maxLength) }
        }
    }

    /// The arguments Redis replaces with "(redacted)" (redactClientCommandArgument).
    static func redactedIndexes(_ spec: CommandSpec, _ arguments: Arguments) -> Set<Int> {
        switch spec.fullName {
        case "auth":
            return Set(1..<arguments.count)
        case "hello":
            var index = 2
            while index < arguments.count {
                if arguments.matches(index, "AUTH") && index + 2 < arguments.count { return [index + 1, index + 2] }
                index += 1
            }
            return []
        case "config|set":
            var indexes: Set<Int> = []
            var index = 2
            while index + 1 < arguments.count {
                if arguments.matches(index, "requirepass") || arguments.matches(index, "masterauth") {
                    indexes.insert(index + 1)
                }
                index += 2
            }
            return indexes
        default:
            return []
        }
    }

    /// The newest `count` records (all when negative), newest first.
    public func entries(_ count: Int) -> [Record] {
        lock.withLock { Array(records.prefix(count < 0 ? records.count : count)) }
    }

    public var count: Int { lock.withLock { records.count } }

    public func reset() { lock.withLock { records.removeAll() } }

    func setMaxLength(_ length: Int) {
        lock.withLock {
            maxLength = length
            if records.count > length { records.removeLast(records.count - length) }
        }
    }
}

/// Redis's latency monitor (latency.c): per event, the worst latency of each second over the
/// last 160 seconds with a sample, and the all-time maximum. Fed only when
/// latency-monitor-threshold is above zero.
public final class LatencyMonitor: @unchecked Sendable {
    public struct Sample: Sendable, Equatable {
        public let time: Int64
        public let milliseconds: Int
    }

    public struct Latest: Sendable {
        public let event: String
        public let time: Int64
        public let milliseconds: Int
        public let maxMilliseconds: Int
    }

    static let length = 160

    private struct Series {
        var samples: [Sample] = []
        var next = 0
        var max = 0
    }

    private let lock = NIOLock()
    private var series: [String: Series] = [:]
    /// Mirrors latency-monitor-threshold, in milliseconds (0: off).
    let threshold = ManagedAtomic<Int>(0)

    /// latencyAddSample: a second that already has a sample keeps its worst.
    public func addSample(_ event: String, milliseconds: Int, now: Int64 = Clock.milliseconds() / 1000) {
        lock.withLock {
            var entry = series[event] ?? Series()
            entry.max = Swift.max(entry.max, milliseconds)
            let previous = (entry.next + LatencyMonitor.length - 1) % LatencyMonitor.length
            if previous < entry.samples.count && entry.samples[previous].time == now {
                if milliseconds > entry.samples[previous].milliseconds {
                    entry.samples[previous] = Sample(time: now, milliseconds: milliseconds)
                }
            } else {
                let sample = Sample(time: now, milliseconds: milliseconds)
                if entry.next < entry.samples.count { entry.samples[entry.next] = sample } else { entry.samples.append(sample) }
                entry.next = (entry.next + 1) % LatencyMonitor.length
            }
            series[event] = entry
        }
    }

    /// LATENCY LATEST: each event's newest sample and maximum, events by name.
    public func latest() -> [Latest] {
        lock.withLock {
            series.keys.sorted().compactMap { event in
                let entry = series[event]!
                guard !entry.samples.isEmpty else { return nil }
                let last = entry.samples[(entry.next + LatencyMonitor.length - 1) % LatencyMonitor.length
                    % entry.samples.count]
                return Latest(event: event, time: last.time, milliseconds: last.milliseconds, maxMilliseconds: entry.max)
            }
        }
    }

    /// LATENCY HISTORY: the event's samples, oldest first.
    public func history(_ event: String) -> [Sample] {
        lock.withLock {
            guard let entry = series[event] else { return [] }
            if entry.samples.count < LatencyMonitor.length { return entry.samples }
            return Array(entry.samples[entry.next...] + entry.samples[..<entry.next])
        }
    }

    /// LATENCY RESET: forgets the named events (all with nil); returns how many existed.
    public func reset(_ events: [String]?) -> Int {
        lock.withLock {
            guard let events else {
                defer { series.removeAll() }
                return series.count
            }
            var removed = 0
            for event in Set(events) where series.removeValue(forKey: event) != nil { removed += 1 }
            return removed
        }
    }
}
