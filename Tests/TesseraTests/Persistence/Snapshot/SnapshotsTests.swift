#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Tessera

@Suite("Snapshot state")
struct SnapshotsTests {
    @Test("save points parse as seconds/changes pairs and fire only past both thresholds")
    func savePoints() {
        let points = SavePoint.parse("3600 1 300 100 60 10000")
        #expect(points == [SavePoint(seconds: 3600, changes: 1), SavePoint(seconds: 300, changes: 100),
                           SavePoint(seconds: 60, changes: 10000)])
        #expect(SavePoint.parse("").isEmpty)
        let point = SavePoint(seconds: 60, changes: 10)
        #expect(point.isDue(unsavedChanges: 10, secondsSinceLastSave: 61))
        #expect(!point.isDue(unsavedChanges: 10, secondsSinceLastSave: 60))
        #expect(!point.isDue(unsavedChanges: 9, secondsSinceLastSave: 1000))
    }

    @Test("after a failed BGSAVE the cron retries only after 5 seconds")
    func retryDelay() {
        var status = SnapshotStatus(lastSave: 0)
        #expect(status.mayRetry(now: 100))
        status.lastBackgroundSaveSucceeded = false
        status.lastBackgroundSaveTry = 100
        #expect(!status.mayRetry(now: 105))
        #expect(status.mayRetry(now: 106))
    }

    @Test("writes are refused only with stop-writes-on-bgsave-error, save points and a failed BGSAVE")
    func refusesWrites() throws {
        let configuration = Configuration()
        let snapshots = Snapshots(configuration: configuration, shardCount: 2, startTime: 0)
        func refused() -> Bool { snapshots.refusesWrites.load(ordering: .relaxed) }
        #expect(!refused())
        snapshots.update { $0.lastBackgroundSaveSucceeded = false }
        #expect(refused())
        try configuration.set("stop-writes-on-bgsave-error", "no")
        #expect(!refused())
        try configuration.set("stop-writes-on-bgsave-error", "yes")
        #expect(refused())
        try configuration.set("save", "")
        #expect(!refused())
        try configuration.set("save", "10 1")
        snapshots.update { $0.lastBackgroundSaveSucceeded = true }
        #expect(!refused())
    }

    @Test("the child's temporary path is temp-<pid>.rdb in the directory")
    func temporaryPath() {
        let buffer = TemporaryPathBuffer(directory: "/data/dir")
        defer { buffer.deallocate() }
        #expect(String(cString: buffer.fill(pid: 4321)) == "/data/dir/temp-4321.rdb")
        #expect(String(cString: buffer.fill(pid: 7)) == "/data/dir/temp-7.rdb")
        #expect(SnapshotFile.temporaryPath(in: ".", pid: 12) == "./temp-12.rdb")
        #expect(SnapshotFile.directory(of: "dump.rdb") == ".")
        #expect(SnapshotFile.directory(of: "/tmp/x/dump.rdb") == "/tmp/x")
        #expect(SnapshotFile.directory(of: "/dump.rdb") == "/")
    }
}
