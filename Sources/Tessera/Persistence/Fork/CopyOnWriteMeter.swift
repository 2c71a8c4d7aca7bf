#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes a forked child has copied on write: `Private_Dirty` of /proc/self/smaps_rollup (the
/// pages this process alone has written since the fork), as Redis's zmalloc_get_private_dirty.
/// Child-safe: open, read and close on a stack buffer, no allocation, no stdio.
enum CopyOnWriteMeter {
    static func privateDirtyBytes() -> Int {
        let fd = open("/proc/self/smaps_rollup", O_RDONLY)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4096) { buffer in
            var filled = 0
            while filled < buffer.count {
                let count = read(fd, buffer.baseAddress! + filled, buffer.count - filled)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                filled += count
            }
            return kilobytes(after: "Private_Dirty:", in: UnsafeBufferPointer(rebasing: buffer[0..<filled])) * 1024
        }
    }

    /// The number of kB on the line starting with `label`, or 0.
    static func kilobytes(after label: StaticString, in text: UnsafeBufferPointer<UInt8>) -> Int {
        let labelBytes = UnsafeBufferPointer(start: label.utf8Start, count: label.utf8CodeUnitCount)
        var lineStart = 0
        while lineStart + labelBytes.count <= text.count {
            if UnsafeBufferPointer(rebasing: text[lineStart..<(lineStart + labelBytes.count)]).elementsEqual(labelBytes) {
                var index = lineStart + labelBytes.count
                while index < text.count && text[index] == UInt8(ascii: " ") { index += 1 }
                var value = 0
                while index < text.count, text[index] >= UInt8(ascii: "0"), text[index] <= UInt8(ascii: "9") {
                    value = value * 10 + Int(text[index] - UInt8(ascii: "0"))
                    index += 1
                }
                return value
            }
            while lineStart < text.count && text[lineStart] != UInt8(ascii: "\n") { lineStart += 1 }
            lineStart += 1
        }
        return 0
    }
}
