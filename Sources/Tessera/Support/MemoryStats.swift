#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the process allocator reports (INFO memory, design §3 and §8). The executable links
/// jemalloc, which becomes the process allocator; its `mallctl` is found at run time with
/// `dlsym`, so the embedding library, which may run on glibc's malloc, needs no link to it and
/// falls back to glibc's own statistics (`malloc_info`).
public struct MemoryStats: Sendable, Equatable {
    /// INFO's mem_allocator: "jemalloc-5.3.0" or "libc".
    public var allocator: String
    /// Bytes handed out to the program and not freed (jemalloc `stats.allocated` less the
    /// thread caches' bytes): INFO's used_memory.
    public var allocated: Int
    /// Bytes in pages holding allocations (jemalloc `stats.active`).
    public var active: Int
    /// Bytes of allocator memory resident in RAM (jemalloc `stats.resident`).
    public var resident: Int

    /// The allocator this process runs on, found once.
    public static let processAllocator: MemoryAllocator = Jemalloc.inProcess ?? GlibcMalloc()

    /// Fresh statistics of the process allocator.
    public static func current() -> MemoryStats { processAllocator.stats() }

    /// Resident set size of the process (used_memory_rss), from /proc/self/statm.
    public static func residentSetSize() -> Int {
        #if os(Linux)
        guard let text = try? ConfigFile.readFile("/proc/self/statm"),
              let pages = text.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        #else
        return 0
        #endif
    }

    /// Physical memory of the machine (total_system_memory).
    public static func systemMemory() -> Int {
        #if os(Linux)
        return Int(sysconf(Int32(_SC_PHYS_PAGES))) * Int(sysconf(Int32(_SC_PAGESIZE)))
        #else
        return 0
        #endif
    }
}

public protocol MemoryAllocator: Sendable {
    func stats() -> MemoryStats
}

/// jemalloc through `mallctl` (the names of jemalloc's manual: `version`, `epoch`,
/// `stats.allocated`...).
public final class Jemalloc: MemoryAllocator, Sendable {
    typealias Mallctl = @convention(c) (
        UnsafePointer<CChar>?, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int>?, UnsafeMutableRawPointer?, Int
    ) -> Int32

    private let mallctl: Mallctl
    /// `version` as jemalloc reports it, e.g. "5.3.0-0-g54eaed1d8b56b1aa528be3bdd1877e59c56fa90c".
    public let version: String

    /// The process's jemalloc when it is linked in (the executable), nil on glibc's malloc.
    public static let inProcess: Jemalloc? = Jemalloc(symbol: dlsym(nil, "mallctl"))

    /// A jemalloc whose `mallctl` is `symbol` (from `dlsym`), or nil when there is none.
    public init?(symbol: UnsafeMutableRawPointer?) {
        guard let symbol else { return nil }
        mallctl = unsafeBitCast(symbol, to: Mallctl.self)
        var pointer: UnsafePointer<CChar>? = nil
        var size = MemoryLayout<UnsafePointer<CChar>?>.size
        guard mallctl("version", &pointer, &size, nil, 0) == 0, let pointer else { return nil }
        version = String(cString: pointer)
    }

    public func stats() -> MemoryStats {
        refresh()
        // jemalloc counts blocks parked in the threads' caches as allocated; Redis's used_memory
        // counts live allocations only, so freeing a large value must show at once.
        let cached = readInteger("stats.arenas.\(Jemalloc.allArenas).tcache_bytes") ?? 0
        let allocated = readInteger("stats.allocated") ?? 0
        return MemoryStats(allocator: "jemalloc-" + (version.split(separator: "-").first.map(String.init) ?? version),
                           allocated: Swift.max(0, allocated - cached), active: readInteger("stats.active") ?? 0,
                           resident: readInteger("stats.resident") ?? 0)
    }

    /// MALLCTL_ARENAS_ALL: the arena index that sums every arena.
    static let allArenas = 4096

    /// Writes `epoch`, which makes jemalloc recompute the `stats.*` values it caches.
    public func refresh() {
        var epoch: UInt64 = 1
        var current: UInt64 = 0
        var size = MemoryLayout<UInt64>.size
        _ = mallctl("epoch", &current, &size, &epoch, size)
    }

    /// A `size_t` statistic such as `stats.allocated`.
    public func readInteger(_ name: String) -> Int? {
        var value = 0
        var size = MemoryLayout<Int>.size
        return mallctl(name, &value, &size, nil, 0) == 0 ? value : nil
    }

    /// DEBUG MALLCTL: reads (and with `newValue`, writes) an integer tunable, trying 8-, 4-, 2-
    /// then 1-byte sizes as Redis's mallctl_int does; the error is strerror of mallctl's result.
    public func integer(_ name: String, set newValue: Int64?) -> Result<Int64?, MallctlError> {
        var size = MemoryLayout<Int64>.size
        while size > 0 {
            var old: Int64 = 0
            var value = newValue ?? 0
            var length = size
            let result = newValue == nil
                ? mallctl(name, &old, &length, nil, 0)
                : mallctl(name, &old, &length, &value, size)
            if result == 0 { return .success(old) }
            if result == EPERM, newValue != nil, mallctl(name, nil, nil, &value, size) == 0 {
                return .success(nil)
            }
            guard result == EINVAL else { return .failure(MallctlError(code: result)) }
            size /= 2
        }
        return .failure(MallctlError(code: EINVAL))
    }

    /// DEBUG MALLCTL-STR: reads a string tunable, then with `newValue` writes it; returns the
    /// value read before the write.
    public func string(_ name: String, set newValue: String?) -> Result<String?, MallctlError> {
        var old: UnsafePointer<CChar>? = nil
        var length = MemoryLayout<UnsafePointer<CChar>?>.size
        let result = mallctl(name, &old, &length, nil, 0)
        guard result == 0 else { return .failure(MallctlError(code: result)) }
        let previous = old.map { String(cString: $0) }
        if let newValue {
            let written = newValue.withCString { text in
                var pointer: UnsafePointer<CChar>? = text
                return mallctl(name, nil, nil, &pointer, MemoryLayout<UnsafePointer<CChar>?>.size)
            }
            guard written == 0 else { return .failure(MallctlError(code: written)) }
        }
        return .success(previous)
    }

    public struct MallctlError: Error, Sendable {
        public let code: Int32
        public var message: String { String(cString: strerror(code)) }
    }
}

/// glibc's malloc, read through `malloc_info` (whose XML totals are what mallinfo2 sums: bytes
/// taken from the system, minus free chunks, plus mmapped chunks). Found with `dlsym` because
/// <malloc.h> is not part of the Glibc module.
public struct GlibcMalloc: MemoryAllocator {
    public init() {}

    public func stats() -> MemoryStats {
        var stats = MemoryStats(allocator: "libc", allocated: 0, active: 0, resident: 0)
        #if os(Linux)
        typealias MallocInfo = @convention(c) (Int32, UnsafeMutablePointer<FILE>?) -> Int32
        guard let symbol = dlsym(nil, "malloc_info") else { return stats }
        let mallocInfo = unsafeBitCast(symbol, to: MallocInfo.self)
        var buffer: UnsafeMutablePointer<CChar>? = nil
        var length = 0
        guard let stream = open_memstream(&buffer, &length) else { return stats }
        _ = mallocInfo(0, stream)
        fclose(stream)
        guard let buffer else { return stats }
        defer { free(buffer) }
        let totals = GlibcMalloc.totals(String(cString: buffer))
        let system = totals["system:current"] ?? 0
        let freeChunks = (totals["total:fast"] ?? 0) + (totals["total:rest"] ?? 0)
        let mmapped = totals["total:mmap"] ?? 0
        stats.allocated = max(0, system - freeChunks) + mmapped
        stats.active = stats.allocated
        stats.resident = system + mmapped
        #endif
        return stats
    }

    /// The process-wide `<total type=... size=...>` and `<system type=... size=...>` lines, those
    /// after the last `</heap>`, keyed "total:rest", "system:current"...
    static func totals(_ xml: String) -> [String: Int] {
        let tail = xml.split(separator: "</heap>").last ?? xml[...]
        var totals: [String: Int] = [:]
        for line in tail.split(separator: "\n") {
            let words = line.split(separator: " ")
            guard let tag = words.first, tag == "<total" || tag == "<system" else { continue }
            var type = "", size = 0
            for word in words.dropFirst() {
                let parts = word.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                let value = parts[1].filter { $0 != "\"" && $0 != "/" && $0 != ">" }
                if parts[0] == "type" { type = value }
                if parts[0] == "size" { size = Int(value) ?? 0 }
            }
            totals["\(tag.dropFirst()):\(type)"] = size
        }
        return totals
    }
}
