import Atomics
import NIOConcurrencyHelpers

/// The snapshot feature's state: the status INFO reports, the save points, and the two facts
/// the command path reads without a lock (whether writes are refused after a failed BGSAVE,
/// and each shard's last published dirty counter for the save points' cron).
public final class Snapshots: Sendable {
    private let status: NIOLockedValueBox<SnapshotStatus>
    private let points: NIOLockedValueBox<[SavePoint]>
    private let stopWritesOnError: ManagedAtomic<Bool>
    /// stop-writes-on-bgsave-error with save points set and the last BGSAVE failed: write
    /// commands (and PING) answer -MISCONF (Redis's writeCommandsDeniedByDiskError).
    let refusesWrites = ManagedAtomic<Bool>(false)
    /// Each shard's dirty counter as its cron last published it: the save points' cron reads
    /// these instead of stopping every shard ten times a second.
    private let publishedDirty: [ManagedAtomic<Int>]
    /// A save point's BGSAVE is on its way to the barrier: the cron does not ask twice.
    let barrierPending = ManagedAtomic<Bool>(false)
    /// The start-up load holds every shard: commands without the `loading` flag answer
    /// -LOADING, INFO shows the progress.
    let loading = ManagedAtomic<Bool>(false)
    private let progress = NIOLockedValueBox(LoadProgress())

    init(configuration: Configuration, shardCount: Int, startTime: Int64) {
        status = NIOLockedValueBox(SnapshotStatus(lastSave: startTime / 1000))
        points = NIOLockedValueBox(SavePoint.parse(configuration["save"] ?? ""))
        stopWritesOnError = ManagedAtomic(configuration.bool("stop-writes-on-bgsave-error"))
        publishedDirty = (0..<shardCount).map { _ in ManagedAtomic(0) }
        configuration.onChange { [weak self] name, value in
            guard let self else { return }
            switch name {
            case "save": self.points.withLockedValue { $0 = SavePoint.parse(value) }
            case "stop-writes-on-bgsave-error": self.stopWritesOnError.store(value == "yes", ordering: .relaxed)
            default: return
            }
            self.update { _ in }
        }
    }

    var current: SnapshotStatus { status.withLockedValue { $0 } }
    var savePoints: [SavePoint] { points.withLockedValue { $0 } }

    /// Changes the status and recomputes whether writes are refused.
    func update(_ change: (inout SnapshotStatus) -> Void) {
        let failed = status.withLockedValue { status in
            change(&status)
            return !status.lastBackgroundSaveSucceeded
        }
        let refuse = failed && stopWritesOnError.load(ordering: .relaxed) && !savePoints.isEmpty
        refusesWrites.store(refuse, ordering: .relaxed)
    }

    var isLoading: Bool { loading.load(ordering: .relaxed) }
    var loadProgress: LoadProgress { progress.withLockedValue { $0 } }

    func beginLoading(totalBytes: Int, at now: Int64) {
        progress.withLockedValue { $0 = LoadProgress(startedAt: now, totalBytes: totalBytes) }
        loading.store(true, ordering: .relaxed)
    }

    func noteLoaded(_ bytes: Int, of total: Int) {
        progress.withLockedValue {
            $0.loadedBytes = bytes
            if total > 0 { $0.totalBytes = total }
        }
    }

    func endLoading() { loading.store(false, ordering: .relaxed) }

    func publishDirty(shard: Int, _ value: Int) {
        publishedDirty[shard].store(value, ordering: .relaxed)
    }

    var publishedDirtyTotal: Int {
        publishedDirty.reduce(0) { $0 &+ $1.load(ordering: .relaxed) }
    }
}
