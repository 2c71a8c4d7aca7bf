#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RESP
import Testing
@testable import Tessera

/// SAVE, BGSAVE, LASTSAVE, the MISCONF rule and FLUSHALL's snapshot, in-process: each test
/// works in its own directory (the process's working directory, where Redis writes too).
@Suite("Persistence commands")
struct PersistenceCommandsTests {
    /// One INFO field's value.
    func info(_ db: Database, _ field: String) async throws -> String? {
        let text = try await db.execute("INFO", "all").string ?? ""
        for line in text.split(separator: "\r\n") where line.hasPrefix(field + ":") {
            return String(line.dropFirst(field.count + 1))
        }
        return nil
    }

    /// Waits (up to 10 s) until no snapshot child runs.
    func waitForBackgroundSave(_ db: Database) async throws {
        for _ in 0..<500 {
            if try await info(db, "rdb_bgsave_in_progress") == "0" { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the BGSAVE child was never reaped")
    }

    @Test("SAVE writes dbfilename and resets rdb_changes_since_last_save; LASTSAVE follows")
    func save() async throws {
        try await inTemporaryDirectory { directory async throws in
            try await withDatabase { db async throws in
                try await db.set("a", "1")
                try await db.set("b", "2")
                #expect(try await info(db, "rdb_changes_since_last_save") == "2")
                let before = try await db.execute("LASTSAVE").integerValue
                #expect(try await db.execute("SAVE") == .ok)
                #expect(fileExists(directory + "/dump.rdb"))
                #expect(try await info(db, "rdb_changes_since_last_save") == "0")
                #expect(try await info(db, "rdb_saves") == "1")
                let after = try await db.execute("LASTSAVE").integerValue
                #expect(after! >= before!)
                #expect(try await info(db, "rdb_last_save_time") == String(after!))
            }
        }
    }

    @Test("BGSAVE forks a child whose snapshot replaces dbfilename once it is reaped")
    func bgsave() async throws {
        try await inTemporaryDirectory { directory async throws in
            try await withDatabase { db async throws in
                try await db.set("a", "1")
                #expect(try await db.execute("BGSAVE") == .simpleString("Background saving started"))
                try await waitForBackgroundSave(db)
                #expect(fileExists(directory + "/dump.rdb"))
                #expect(try await info(db, "rdb_last_bgsave_status") == "ok")
                #expect(try await info(db, "rdb_changes_since_last_save") == "0")
                #expect(try await info(db, "total_forks") == "1")
                #expect(Int(try await info(db, "latest_fork_usec") ?? "0")! > 0)
                #expect(try await info(db, "rdb_last_bgsave_time_sec") != "-1")
            }
        }
    }

    @Test("BGSAVE and SAVE are refused while a BGSAVE runs; FLUSHALL kills it without an error status")
    func busy() async throws {
        try await inTemporaryDirectory { directory async throws in
            try await withDatabase { db async throws in
                for index in 0..<10 { try await db.set("k\(index)", "v") }
                #expect(try await db.execute("CONFIG", "SET", "rdb-key-save-delay", "1000000") == .ok)
                #expect(try await db.execute("BGSAVE") == .simpleString("Background saving started"))
                #expect(try await db.execute("BGSAVE") == .error("ERR Background save already in progress"))
                #expect(try await db.execute("BGSAVE", "SCHEDULE") == .error("ERR Background save already in progress"))
                #expect(try await db.execute("SAVE") == .error("ERR Background save already in progress"))
                #expect(try await info(db, "rdb_bgsave_in_progress") == "1")
                #expect(try await info(db, "rdb_current_bgsave_time_sec") != "-1")
                // Without save points (withDatabase's) FLUSHALL does not save: the status shows the kill alone.
                #expect(try await db.execute("FLUSHALL") == .ok)
                #expect(try await info(db, "rdb_bgsave_in_progress") == "0")
                #expect(try await info(db, "rdb_last_bgsave_status") == "ok")
                #expect(temporaryFiles(in: directory).isEmpty)
                #expect(!fileExists(directory + "/dump.rdb"))
            }
        }
    }

    @Test("BGSAVE SCHEDULE waits for another kind of child, then saves")
    func schedule() async throws {
        try await inTemporaryDirectory { directory async throws in
            try await withDatabase { db async throws in
                _ = db.engine.forks.fork(kind: .aof, body: { usleep(300_000); return 0 }, onExit: { _, _ in })
                #expect(try await db.execute("BGSAVE") == .error(
                    "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible."))
                #expect(try await db.execute("BGSAVE", "SCHEDULE") == .simpleString("Background saving scheduled"))
                for _ in 0..<500 where !fileExists(directory + "/dump.rdb") {
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(fileExists(directory + "/dump.rdb"))
                try await waitForBackgroundSave(db)
                #expect(try await info(db, "total_forks") == "2")
            }
        }
    }

    @Test("after a failed BGSAVE, writes and PING get MISCONF until a save succeeds")
    func misconf() async throws {
        try await inTemporaryDirectory { directory async throws in
            try await withDatabase { db async throws in
                #expect(try await db.execute("CONFIG", "SET", "save", "3600 1") == .ok)
                // A non-empty directory where the snapshot goes makes the final rename fail.
                mkdir(directory + "/dump.rdb", 0o755)
                mkdir(directory + "/dump.rdb/in-the-way", 0o755)
                #expect(try await db.execute("BGSAVE") == .simpleString("Background saving started"))
                try await waitForBackgroundSave(db)
                #expect(try await info(db, "rdb_last_bgsave_status") == "err")
                let misconf = RESPValue.error(String(describing: ReplyError.persistenceFailed))
                #expect(try await db.execute("SET", "a", "1") == misconf)
                #expect(try await db.execute("PING") == misconf)
                #expect(try await db.execute("GET", "a") == .null)
                #expect(try await db.execute("CONFIG", "SET", "stop-writes-on-bgsave-error", "no") == .ok)
                #expect(try await db.execute("SET", "a", "1") == .ok)
                #expect(try await db.execute("CONFIG", "SET", "stop-writes-on-bgsave-error", "yes") == .ok)
                #expect(try await db.execute("SET", "a", "1") == misconf)
                removeTree(directory + "/dump.rdb")
                #expect(try await db.execute("SAVE") == .ok)
                #expect(try await db.execute("SET", "a", "2") == .ok)
                #expect(try await info(db, "rdb_last_bgsave_status") == "ok")
            }
        }
    }

    @Test("FLUSHALL with save points saves the empty data set; without, the removed keys count as changes")
    func flushall() async throws {
        try await inTemporaryDirectory { directory async throws in
            try await withDatabase { db async throws in
                #expect(try await db.execute("CONFIG", "SET", "save", "3600 1") == .ok)
                try await db.set("a", "1")
                try await db.set("b", "2")
                #expect(try await db.execute("FLUSHALL") == .ok)
                #expect(fileExists(directory + "/dump.rdb"))
                #expect(try await info(db, "rdb_changes_since_last_save") == "0")
                #expect(try await db.execute("CONFIG", "SET", "save", "") == .ok)
                try await db.set("c", "3")
                #expect(try await db.execute("FLUSHALL") == .ok)
                #expect(try await info(db, "rdb_changes_since_last_save") == "2")
            }
        }
    }

    @Test("DEBUG RELOAD saves, empties and loads back; unknown options are refused")
    func debugReload() async throws {
        try await inTemporaryDirectory { directory async throws in
            try await withServerDatabase(["enable-debug-command": "yes"]) { db async throws in
                #expect(try await db.execute("DEBUG", "RELOAD") == .ok)
                #expect(fileExists(directory + "/dump.rdb"))
                #expect(try await db.execute("DEBUG", "RELOAD", "NOSAVE") == .ok)
                #expect(try await db.execute("DEBUG", "RELOAD", "FAST") == .error(
                    "ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options."))
                unlink(directory + "/dump.rdb")
                #expect(try await db.execute("DEBUG", "RELOAD", "NOSAVE") == .error(
                    "ERR Error trying to load the RDB dump, check server logs."))
            }
        }
    }

    @Test("SHUTDOWN of an embedded engine saves when asked, then is refused (no handler)")
    func shutdown() async throws {
        try await inTemporaryDirectory { directory async throws in
            try await withDatabase { db async throws in
                #expect(try await db.execute("CONFIG", "SET", "save", "3600 1") == .ok)
                #expect(try await db.execute("SHUTDOWN", "NOSAVE") == .error("ERR Errors trying to SHUTDOWN. Check logs."))
                #expect(!fileExists(directory + "/dump.rdb"))
                #expect(try await db.execute("SHUTDOWN") == .error("ERR Errors trying to SHUTDOWN. Check logs."))
                #expect(fileExists(directory + "/dump.rdb"))
            }
        }
    }
}
