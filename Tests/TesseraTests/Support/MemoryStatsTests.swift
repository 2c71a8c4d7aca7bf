#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Tessera

@Suite("Memory statistics")
struct MemoryStatsTests {
    @Test("the process allocator reports bytes in use")
    func current() {
        let stats = MemoryStats.current()
        #expect(!stats.allocator.isEmpty)
        #expect(stats.allocated > 0)
        #expect(stats.resident >= stats.allocated || stats.allocator == "libc")
        #expect(MemoryStats.residentSetSize() > 0)
        #expect(MemoryStats.systemMemory() > 0)
    }

    @Test("allocated memory grows by the data DEBUG POPULATE 100000 adds")
    func growsWithData() async throws {
        try await withServerDatabase(debugEnabled) { db async throws in
            let before = MemoryStats.current().allocated
            // 100000 entries holding a 200-byte value each: more than 20 MB.
            #expect(try await db.execute("DEBUG", "POPULATE", "100000", "key", "200") == .ok)
            let after = MemoryStats.current().allocated
            #expect(after > before)
            let used = try #require(try await db.infoFields("memory")["used_memory"].flatMap { Int($0) })
            // The counters are process-wide and the other tests run meanwhile: the difference
            // that pins the data down is taken over the short FLUSHALL rather than the long
            // POPULATE.
            #expect(try await db.execute("FLUSHALL") == .ok)
            let flushed = MemoryStats.current().allocated
            #expect(used - flushed > 20_000_000)
        }
    }

    @Test("jemalloc's mallctl answers version and statistics (when libjemalloc is installed)")
    func jemalloc() throws {
        guard let handle = dlopen("libjemalloc.so.2", RTLD_NOW | RTLD_LOCAL) else { return }
        let jemalloc = try #require(Jemalloc(symbol: dlsym(handle, "mallctl")))
        #expect(jemalloc.version.hasPrefix("5."))
        let stats = jemalloc.stats()
        #expect(stats.allocator.hasPrefix("jemalloc-5."))
        #expect(!stats.allocator.contains("-g"))
        #expect(stats.active >= stats.allocated)
        guard case .success(let arenas?) = jemalloc.integer("arenas.narenas", set: nil) else {
            Issue.record("arenas.narenas unreadable")
            return
        }
        #expect(arenas > 0)
        guard case .failure(let error) = jemalloc.integer("no.such.ctl", set: nil) else {
            Issue.record("an unknown name was readable")
            return
        }
        #expect(error.message == "No such file or directory")
        guard case .success(let version?) = jemalloc.string("version", set: nil) else {
            Issue.record("version unreadable")
            return
        }
        #expect(version == jemalloc.version)
    }

    @Test("no mallctl means no jemalloc")
    func noJemalloc() {
        #expect(Jemalloc(symbol: nil) == nil)
    }

    @Test("glibc's statistics count an 8 MB block while it lives (when glibc's malloc is in use)")
    func glibcCountsABlock() throws {
        #if os(Linux)
        guard Jemalloc.inProcess == nil else { return }
        let glibc = GlibcMalloc()
        let before = glibc.stats()
        #expect(before.allocator == "libc" && before.allocated > 0)
        let block = try #require(malloc(8 << 20))
        memset(block, 1, 8 << 20)
        let during = glibc.stats().allocated
        free(block)
        // Other tests allocate meanwhile: the block must show, give or take a megabyte.
        #expect(during - before.allocated > 7 << 20)
        #endif
    }

    @Test("glibc's malloc_info totals are read from after the last heap")
    func glibcTotals() {
        let xml = """
            <malloc version="1">
            <heap nr="0">
            <total type="fast" count="0" size="0"/>
            <total type="rest" count="3" size="999"/>
            <system type="current" size="111"/>
            </heap>
            <total type="fast" count="1" size="32"/>
            <total type="rest" count="2" size="1504"/>
            <total type="mmap" count="1" size="200000"/>
            <system type="current" size="135168"/>
            <system type="max" size="140000"/>
            </malloc>
            """
        let totals = Array(xml.utf8).withUnsafeBytes { GlibcMalloc.totals($0) }
        #expect(totals == GlibcMalloc.Totals(fast: 32, rest: 1504, mmap: 200_000, systemCurrent: 135_168))
    }
}
