#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the writer's bytes go (Redis's rio): a 64 KiB buffer flushed to a file descriptor with
/// write(2), or a growing memory block (DUMP-like uses, tests, a replica's full sync). It keeps
/// the running CRC64 and the LZF scratch, so writing a key allocates nothing.
///
/// Fork-safe by construction: malloc, write(2) and nothing else (no locks, no stdio, no
/// Foundation). An I/O failure is sticky: later writes do nothing and `failure` says why, so the
/// per-element walks need not throw.
struct RDBSink {
    enum Target {
        case file(Int32)
        case memory
    }

    static let fileBufferSize = 64 * 1024

    let target: Target
    private(set) var buffer: UnsafeMutableRawPointer
    private var capacity: Int
    private(set) var used = 0
    /// Bytes of `buffer` already folded into `crc`.
    private var checksummed = 0
    /// Bytes handed to the file so far.
    private var flushed = 0
    private let crcTables: CRC64?
    private(set) var crc: UInt64 = 0
    private(set) var failure: RDBError?
    /// LZF's hash table and output buffer, made on the first compressible string.
    private var lzfTable: UnsafeMutableRawPointer?
    private var lzfOutput: UnsafeMutableRawPointer?
    private var lzfOutputCapacity = 0

    init(target: Target, checksum: Bool) {
        self.target = target
        capacity = RDBSink.fileBufferSize
        buffer = malloc(capacity)!
        crcTables = checksum ? CRC64.make() : nil
    }

    /// Frees the buffers (for a memory sink, take `bytes` first).
    func release() {
        free(buffer)
        crcTables?.free()
        free(lzfTable)
        free(lzfOutput)
    }

    /// Everything written so far.
    var totalBytes: Int { flushed + used }

    /// A memory sink's contents (valid until the next write or `release`).
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: buffer, count: used) }

    // MARK: raw bytes

    @inline(__always)
    mutating func writeByte(_ byte: UInt8) {
        reserve(1)
        buffer.storeBytes(of: byte, toByteOffset: used, as: UInt8.self)
        used += 1
    }

    @inline(__always)
    mutating func writeLittleEndian<T: FixedWidthInteger>(_ value: T) {
        reserve(MemoryLayout<T>.size)
        buffer.storeBytes(of: value.littleEndian, toByteOffset: used, as: T.self)
        used += MemoryLayout<T>.size
    }

    @inline(__always)
    mutating func writeBigEndian<T: FixedWidthInteger>(_ value: T) {
        reserve(MemoryLayout<T>.size)
        buffer.storeBytes(of: value.bigEndian, toByteOffset: used, as: T.self)
        used += MemoryLayout<T>.size
    }

    mutating func write(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        if case .file = target, bytes.count > capacity - used {
            flush()
            if bytes.count >= capacity {
                if let crcTables { crc = crcTables.update(crc, bytes) }
                writeOut(bytes)
                return
            }
        }
        reserve(bytes.count)
        memcpy(buffer + used, source, bytes.count)
        used += bytes.count
    }

    /// Room for `count` more bytes: a file sink flushes, a memory sink grows.
    @inline(__always)
    private mutating func reserve(_ count: Int) {
        guard used + count > capacity else { return }
        switch target {
        case .file:
            flush()
        case .memory:
            var grown = capacity * 2
            while grown < used + count { grown *= 2 }
            buffer = realloc(buffer, grown)!
            capacity = grown
        }
    }

    // MARK: checksum and flushing

    /// Folds the bytes written since the last call into `crc`.
    mutating func updateChecksum() {
        guard let crcTables, used > checksummed else { return }
        crc = crcTables.update(crc, UnsafeRawBufferPointer(start: buffer + checksummed, count: used - checksummed))
        checksummed = used
    }

    /// Hands the buffer to the file (a memory sink keeps everything).
    mutating func flush() {
        guard case .file = target, used > 0 else { return }
        updateChecksum()
        writeOut(UnsafeRawBufferPointer(start: buffer, count: used))
        used = 0
        checksummed = 0
    }

    private mutating func writeOut(_ bytes: UnsafeRawBufferPointer) {
        guard case .file(let descriptor) = target, failure == nil else { return }
        var offset = 0
        while offset < bytes.count {
            let result = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if result < 0 {
                if errno == EINTR { continue }
                failure = RDBError(.io, offset: flushed + offset, "Write error saving DB on disk: errno \(errno)")
                return
            }
            offset += result
        }
        flushed += bytes.count
    }

    // MARK: LZF scratch

    /// The LZF hash table and an output buffer of at least `count` bytes.
    mutating func lzfScratch(outputCount count: Int) -> (table: UnsafeMutableRawPointer, output: UnsafeMutableRawPointer) {
        if lzfTable == nil { lzfTable = malloc(LZF.hashTableBytes)! }
        if count > lzfOutputCapacity {
            free(lzfOutput)
            lzfOutputCapacity = max(count, 4096)
            lzfOutput = malloc(lzfOutputCapacity)!
        }
        return (lzfTable!, lzfOutput!)
    }
}
