import NIOConcurrencyHelpers

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
    private let report = MallocInfoReport()

    public init() {}

    public func stats() -> MemoryStats {
        var stats = MemoryStats(allocator: "libc", allocated: 0, active: 0, resident: 0)
        guard let totals = report.read() else { return stats }
        stats.allocated = max(0, totals.systemCurrent - totals.fast - totals.rest) + totals.mmap
        stats.active = stats.allocated
        stats.resident = totals.systemCurrent + totals.mmap
        return stats
    }

    /// The process-wide sizes of malloc_info: its `<total type=... size=...>` and
    /// `<system type="current" size=...>` lines after the last `</heap>`.
    struct Totals: Equatable {
        var fast = 0
        var rest = 0
        var mmap = 0
        var systemCurrent = 0
    }

    static func totals(_ xml: UnsafeRawBufferPointer) -> Totals {
        var totals = Totals()
        var lineStart = lastEnd(of: heapEnd, in: xml) ?? 0
        while lineStart < xml.count {
            var lineEnd = lineStart
            while lineEnd < xml.count && xml[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            record(UnsafeRawBufferPointer(rebasing: xml[lineStart..<lineEnd]), into: &totals)
            lineStart = lineEnd + 1
        }
        return totals
    }

    private static let heapEnd = Array("</heap>".utf8)
    private static let totalTag = Array("<total ".utf8)
    private static let systemTag = Array("<system ".utf8)
    private static let typeAttribute = Array("type=\"".utf8)
    private static let sizeAttribute = Array("size=\"".utf8)
    private static let fastType = Array("fast".utf8)
    private static let restType = Array("rest".utf8)
    private static let mmapType = Array("mmap".utf8)
    private static let currentType = Array("current".utf8)

    private static func record(_ line: UnsafeRawBufferPointer, into totals: inout Totals) {
        let text = UnsafeRawBufferPointer(rebasing: line.drop { $0 == UInt8(ascii: " ") })
        let isTotal = text.starts(with: totalTag)
        guard isTotal || text.starts(with: systemTag),
              let typeStart = lastEnd(of: typeAttribute, in: text),
              let sizeStart = lastEnd(of: sizeAttribute, in: text) else { return }
        let type = text[typeStart...].prefix { $0 != UInt8(ascii: "\"") }
        var size = 0
        for byte in text[sizeStart...] {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { break }
            size = size &* 10 &+ Int(byte - UInt8(ascii: "0"))
        }
        if isTotal {
            if type.elementsEqual(fastType) { totals.fast = size }
            if type.elementsEqual(restType) { totals.rest = size }
            if type.elementsEqual(mmapType) { totals.mmap = size }
        } else if type.elementsEqual(currentType) {
            totals.systemCurrent = size
        }
    }

    /// The index just past the last occurrence of `needle` in `haystack`.
    private static func lastEnd(of needle: [UInt8], in haystack: UnsafeRawBufferPointer) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var start = haystack.count - needle.count
        while start >= 0 {
            if haystack[start..<start + needle.count].elementsEqual(needle) { return start + needle.count }
            start -= 1
        }
        return nil
    }
}

/// malloc_info's XML, written into one buffer made once through one memory stream opened on it
/// once, and read in place: a sample allocates nothing. (open_memstream and a String per sample
/// cost a few hundred allocations every 100 ms, which the microbenchmarks' allocation counts
/// caught whenever a sample fell inside one.)
final class MallocInfoReport: @unchecked Sendable {
    private typealias MallocInfo = @convention(c) (Int32, UnsafeMutablePointer<FILE>?) -> Int32
    /// Room for the XML of a few dozen arenas; a longer report is cut, and its process-wide
    /// totals (at the end) read as zero.
    private static let capacity = 1 << 16
    private let lock = NIOLock()
    private let buffer = UnsafeMutableRawPointer.allocate(byteCount: MallocInfoReport.capacity, alignment: 16)
    private let stream: UnsafeMutablePointer<FILE>?
    private let mallocInfo: MallocInfo?

    init() {
        #if os(Linux)
        stream = fmemopen(buffer, MallocInfoReport.capacity, "w")
        // Unbuffered: stdio would otherwise allocate a buffer of its own at the first write.
        if let stream { setvbuf(stream, nil, _IONBF, 0) }
        mallocInfo = dlsym(nil, "malloc_info").map { unsafeBitCast($0, to: MallocInfo.self) }
        #else
        stream = nil
        mallocInfo = nil
        #endif
    }

    deinit {
        if let stream { fclose(stream) }
        buffer.deallocate()
    }

    func read() -> GlibcMalloc.Totals? {
        lock.withLock {
            guard let stream, let mallocInfo else { return nil }
            rewind(stream)
            guard mallocInfo(0, stream) == 0 else { return nil }
            fflush(stream)
            let length = min(max(0, ftell(stream)), MallocInfoReport.capacity)
            return GlibcMalloc.totals(UnsafeRawBufferPointer(start: buffer, count: length))
        }
    }
}
