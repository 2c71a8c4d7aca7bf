import RESP
import Testing
@testable import Tessera

@Suite("Snapshot loading")
struct SnapshotLoadingTests {
    @Test("while a load holds the shards, commands without the loading flag get -LOADING and INFO shows the progress")
    func loadingReplies() async throws {
        try await withServerDatabase(["enable-debug-command": "yes"]) { db async throws in
            try await db.set("a", "1")
            let engine = db.engine
            engine.snapshots.beginLoading(totalBytes: 1000, at: Clock.milliseconds() / 1000)
            engine.snapshots.noteLoaded(250, of: 1000)
            await engine.acquireAllShards()
            let loading = RESPValue.error("LOADING Redis is loading the dataset in memory")
            #expect(try await db.execute("GET", "a") == loading)
            #expect(try await db.execute("SET", "a", "2") == loading)
            #expect(try await db.execute("PING") == loading)
            // Connection commands with the flag run at once.
            #expect(try await db.execute("LASTSAVE").integerValue != nil)
            let info = try await db.execute("INFO").string ?? ""
            #expect(info.contains("loading:1\r\n"))
            #expect(info.contains("loading_total_bytes:1000\r\n"))
            #expect(info.contains("loading_loaded_bytes:250\r\n"))
            #expect(info.contains("loading_loaded_perc:25.00\r\n"))
            #expect(!info.contains("# Keyspace"))
            #expect(!info.contains("# Stats"))
            // A command with the flag that needs the shards waits for the load to end.
            async let slept = db.execute("DEBUG", "SLEEP", "0")
            try await Task.sleep(for: .milliseconds(50))
            engine.snapshots.endLoading()
            engine.releaseAllShards()
            #expect(try await slept == .ok)
            #expect(try await db.execute("GET", "a") == .bulk("1"))
            #expect(try await db.execute("INFO", "persistence").string?.contains("loading:0\r\n") == true)
        }
    }

    @Test("load progress gives a percentage and an ETA from the rate so far")
    func progress() {
        var progress = LoadProgress(startedAt: 100, totalBytes: 1000)
        #expect(progress.percent == 0)
        #expect(progress.etaSeconds(now: 100) == 1)
        progress.loadedBytes = 250
        #expect(progress.percent == 25)
        #expect(progress.etaSeconds(now: 110) == 30)
    }
}
