import Atomics
import NIOConcurrencyHelpers
import NIOCore

/// Server-wide counters that INFO stats reports and that any loop may bump (rarely: per-command
/// counters live per shard, to keep shared cache lines off the hot path), and the identities
/// INFO shows.
public final class ServerStats: @unchecked Sendable {
    /// One stripe per loop, so that each has a single writer.
    public let netInputBytes: StripedCounter
    public let netOutputBytes: StripedCounter
    /// INFO server's run_id: 40 random hex digits, new at every start.
    public let runID = ServerStats.randomHex(40)
    /// INFO replication's master_replid (a master's replication id starts random too).
    public let replicationID = ServerStats.randomHex(40)
    /// Allocator bytes in use when the engine started (used_memory_startup).
    public let startupMemory = MemoryStats.current().allocated
    /// The most allocator bytes seen in use (used_memory_peak), sampled like Redis's cron.
    let peakMemory = ManagedAtomic<Int>(0)
    /// Mirrors maxmemory (0: no limit).
    let memoryLimit = ManagedAtomic<Int>(0)
    /// Whether the allocator's bytes in use exceeded maxmemory at the last sample: commands
    /// flagged denyoom are refused meanwhile (maxmemory-policy noeviction, the only policy).
    public let overMemoryLimit = ManagedAtomic<Bool>(false)

    private let lock = NIOLock()
    /// Commands per second of each shard (Redis's STATS_METRIC_COMMAND, one per shard here
    /// because each shard counts its own commands); INFO adds them up.
    private var commandRates: [InstantaneousMetric] = []
    private var inputRate = InstantaneousMetric()
    private var outputRate = InstantaneousMetric()

    public init(loops: Int) {
        netInputBytes = StripedCounter(stripes: loops)
        netOutputBytes = StripedCounter(stripes: loops)
    }

    /// instantaneous_ops_per_sec.
    public var operationsPerSecond: Int {
        lock.withLock { commandRates.reduce(0) { $0 + $1.average } }
    }

    /// instantaneous_input_kbps and instantaneous_output_kbps, in bytes per second.
    public var networkRates: (input: Int, output: Int) {
        lock.withLock { (inputRate.average, outputRate.average) }
    }

    func trackCommands(shard: Int, total: Int, now: Int64) {
        lock.withLock {
            while commandRates.count <= shard { commandRates.append(InstantaneousMetric()) }
            commandRates[shard].track(total, now: now)
        }
    }

    func trackNetwork(now: Int64) {
        let input = netInputBytes.load()
        let output = netOutputBytes.load()
        lock.withLock {
            inputRate.track(input, now: now)
            outputRate.track(output, now: now)
        }
    }

    /// Records a sample of the allocator's bytes in use: the peak, and the maxmemory check.
    func noteMemory(_ used: Int) {
        notePeak(used)
        let limit = memoryLimit.load(ordering: .relaxed)
        overMemoryLimit.store(limit > 0 && used > limit, ordering: .relaxed)
    }

    /// Raises the peak to `used` when above it; returns the peak.
    @discardableResult
    func notePeak(_ used: Int) -> Int {
        var peak = peakMemory.load(ordering: .relaxed)
        while used > peak {
            let (exchanged, original) = peakMemory.compareExchange(expected: peak, desired: used, ordering: .relaxed)
            if exchanged { return used }
            peak = original
        }
        return peak
    }

    /// The server-wide part of CONFIG RESETSTAT (resetServerStats); per-shard counters are
    /// reset by their shards.
    func reset() {
        netInputBytes.reset()
        netOutputBytes.reset()
        peakMemory.store(0, ordering: .relaxed)
        lock.withLock {
            for index in commandRates.indices { commandRates[index] = InstantaneousMetric() }
            inputRate = InstantaneousMetric()
            outputRate = InstantaneousMetric()
        }
    }

    static func randomHex(_ count: Int) -> String {
        let digits = Array("0123456789abcdef")
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in digits[Int(generator.next() & 15)] })
    }
}

/// Redis's trackInstantaneousMetric: a rate per second from the counter's growth since the last
/// sample, kept over the last 16 samples; the metric is their average.
struct InstantaneousMetric {
    static let samples = 16
    private var rates = [Int](repeating: 0, count: InstantaneousMetric.samples)
    private var index = 0
    private var lastTime: Int64 = 0
    private var lastValue = 0

    mutating func track(_ value: Int, now: Int64) {
        let elapsed = now - lastTime
        // A counter that went down was reset (CONFIG RESETSTAT): count from zero.
        let growth = value >= lastValue ? value - lastValue : value
        rates[index] = lastTime > 0 && elapsed > 0 ? Int(Int64(growth) * 1000 / elapsed) : 0
        index = (index + 1) % InstantaneousMetric.samples
        lastTime = now
        lastValue = value
    }

    var average: Int { rates.reduce(0, +) / InstantaneousMetric.samples }
}

extension Engine {
    /// The metrics part of Redis's serverCron, every 100 ms (run_with_period(100)): each loop
    /// samples its own shard's command count (no other loop reads it), loop 0 also the network
    /// byte counters and the allocator (memory peak, maxmemory).
    func startStatsSampling() -> [RepeatedTask] {
        loops.enumerated().map { index, loop in
            loop.scheduleRepeatedTask(initialDelay: .milliseconds(100), delay: .milliseconds(100)) { [weak self] _ in
                self?.sampleStats(shard: index)
            }
        }
    }

    private func sampleStats(shard index: Int) {
        let now = Clock.milliseconds()
        var total = 0
        for calls in stores[index].commandStats.calls { total &+= calls }
        stats.trackCommands(shard: index, total: total, now: now)
        if index == 0 {
            stats.trackNetwork(now: now)
            stats.noteMemory(MemoryStats.current().allocated)
        }
    }
}
