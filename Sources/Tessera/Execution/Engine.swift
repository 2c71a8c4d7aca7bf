import Atomics
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// The engine: N shard actors on N event loops, the command table, the configuration and the
/// clients. The server and the embedding API are both thin layers over one `Engine`.
public final class Engine: @unchecked Sendable {
    public let configuration: Configuration
    public let group: MultiThreadedEventLoopGroup
    public let loops: [any EventLoop]
    public let shards: [Shard]
    let stores: [ShardStore]
    public let shardCount: Int
    public let databaseCount: Int
    public let commands: CommandTable
    public let clients = ClientRegistry()
    public let stats: ServerStats
    public let slowlog = SlowLog()
    public let latency = LatencyMonitor()
    /// The encoding thresholds of collection writes (hashes, lists, sets, sorted sets), mirrored
    /// from `configuration`.
    public let collectionLimits: CollectionLimits
    /// The sorted-set encoding thresholds, read by every sorted-set write.
    public let logger: Logger
    public let startTime = Clock.milliseconds()
    /// Forked children (Persistence/Fork): one at a time, for snapshots and later AOF and sync.
    public let forks = ForkCoordinator()
    /// The snapshot state and save points (Persistence/Snapshot).
    public let snapshots: Snapshots
    /// serverCron's persistence share (reaping children, save points), on loop 0.
    var persistenceCronTask: RepeatedTask?
    private let ownsGroup: Bool
    private var statsSampling: [RepeatedTask] = []
    private let shutdownHook = NIOLockedValueBox<(@Sendable (ShutdownRequest) -> String?)?>(nil)

    /// Starts `shards` loops (default: one per core) and a shard on each.
    public init(configuration: Configuration = Configuration(), logger: Logger = Logger(label: "tessera"),
                group: MultiThreadedEventLoopGroup? = nil, commands: CommandTable = .standard) {
        self.configuration = configuration
        self.logger = logger
        let configured = Int(configuration.integer("shards"))
        let count = group.map { Array($0.makeIterator()).count } ?? (configured > 0 ? configured : System.coreCount)
        self.ownsGroup = group == nil
        self.group = group ?? MultiThreadedEventLoopGroup(numberOfThreads: count)
        self.loops = Array(self.group.makeIterator())
        self.shardCount = loops.count
        self.stats = ServerStats(loops: loops.count)
        self.databaseCount = Int(configuration.integer("databases"))
        self.commands = commands
        self.collectionLimits = CollectionLimits(configuration: configuration)
        let commandCount = commands.all.count
        let stores = (0..<shardCount).map {
            ShardStore(index: $0, databaseCount: Int(configuration.integer("databases")), commandCount: commandCount)
        }
        self.stores = stores
        self.snapshots = Snapshots(configuration: configuration, shardCount: stores.count, startTime: Clock.milliseconds())
        self.shards = zip(loops, stores).map { Shard(loop: $0, store: $1) }
        for shard in shards { shard.engine = self }
        for shard in shards { shard.startCron() }
        observeConfiguration()
        statsSampling = startStatsSampling()
        persistenceCronTask = startPersistenceCron()
    }

    /// Stops the loops this engine started.
    public func shutdown() async throws {
        for task in statsSampling { task.cancel() }
        persistenceCronTask?.cancel()
        // A child outliving its engine would write a snapshot nobody reaps.
        forks.killChild()
        if ownsGroup { try await group.shutdownGracefully() }
    }

    /// What SHUTDOWN asked for (the persistence part is decided before the handler is called).
    public struct ShutdownRequest: Sendable {
        /// NOW: do not wait for replicas to catch up.
        public var now = false
        /// FORCE: exit even when something on the way failed.
        public var force = false
    }

    /// Performs SHUTDOWN: installed by the process that owns the engine (the executable closes
    /// its listeners, logs as Redis and exits). It returns only when the shutdown was refused,
    /// with the error to reply. Without a handler, SHUTDOWN is refused: an embedding
    /// application decides itself when its process ends.
    public var shutdownHandler: (@Sendable (ShutdownRequest) -> String?)? {
        get { shutdownHook.withLockedValue { $0 } }
        set { shutdownHook.withLockedValue { $0 = newValue } }
    }

    /// The shard owning `key` (design §2: CRC16 slot, then slot mod N).
    @inline(__always)
    public func shardIndex(forKey key: UnsafeRawBufferPointer) -> Int {
        shardCount == 1 ? 0 : HashSlot.slot(of: key) % shardCount
    }

    /// The shard whose loop is `loop`.
    public func shardIndex(of loop: any EventLoop) -> Int {
        loops.firstIndex { $0 === loop } ?? 0
    }

    /// Runs `work` on shard `index`'s loop: inline when already there, else as one message.
    @inline(__always)
    func onShardLoop(_ index: Int, _ work: @escaping @Sendable () -> Void) {
        let loop = loops[index]
        if loop.inEventLoop { work() } else { loop.execute(work) }
    }

    /// Whether clients must AUTH first.
    public var requiresAuth: Bool { !(configuration["requirepass"] ?? "").isEmpty }
}
