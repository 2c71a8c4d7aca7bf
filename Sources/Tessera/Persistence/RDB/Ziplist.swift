/// Redis's ziplist (src/ziplist.c), which RDB files before version 10 hold for small lists,
/// hashes and sorted sets and for quicklist nodes. Tessera never stores one: the loader walks a
/// blob once, validating as ziplistValidateIntegrity (deep) does, and hands each entry on.
///
/// Layout: zlbytes u32 LE, zltail u32 LE, zllen u16 LE (65535 = unknown), entries, 0xFF. An
/// entry: prevlen (1 byte, or 0xFE and a u32 LE), an encoding (string lengths of 6/14/32 bits,
/// or an integer of 8/16/24/32/64 bits, or 0xF1...0xFD holding 0...12), then its data.
enum Ziplist {
    static let headerSize = 10
    static let end: UInt8 = 0xFF

    /// Calls `body` with each entry in order, after checking the whole blob; false (and no call
    /// at all) when the blob is not a sound ziplist.
    static func forEachEntry(_ blob: UnsafeRawBufferPointer, _ body: (ListpackValue) -> Void) -> Bool {
        guard validate(blob) else { return false }
        var offset = headerSize
        while blob[offset] != end {
            let entry = parse(blob, at: offset)!
            body(entry.value)
            offset = entry.next
        }
        return true
    }

    static func validate(_ blob: UnsafeRawBufferPointer) -> Bool {
        let size = blob.count
        guard size >= headerSize + 1 else { return false }
        let total = Int(UInt32(littleEndian: blob.loadUnaligned(as: UInt32.self)))
        let tail = Int(UInt32(littleEndian: blob.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
        let declared = Int(UInt16(littleEndian: blob.loadUnaligned(fromByteOffset: 8, as: UInt16.self)))
        guard total == size, blob[size - 1] == end else { return false }
        var offset = headerSize
        var previousSize = 0
        var lastOffset = headerSize
        var count = 0
        while offset < size - 1 {
            guard let entry = parse(blob, at: offset), entry.previousLength == previousSize else { return false }
            previousSize = entry.next - offset
            lastOffset = offset
            offset = entry.next
            count += 1
        }
        guard offset == size - 1, tail == lastOffset else { return false }
        return declared == 65535 || declared == count
    }

    private struct Parsed {
        var previousLength: Int
        var value: ListpackValue
        var next: Int
    }

    /// One entry at `offset`, entirely inside the blob before its final 0xFF; nil otherwise.
    private static func parse(_ blob: UnsafeRawBufferPointer, at start: Int) -> Parsed? {
        let limit = blob.count - 1
        var offset = start
        func take(_ count: Int) -> Int? {
            guard count >= 0, offset + count <= limit else { return nil }
            defer { offset += count }
            return offset
        }
        guard let first = take(1) else { return nil }
        var previousLength = Int(blob[first])
        if previousLength == 0xFE {
            guard let at = take(4) else { return nil }
            previousLength = Int(UInt32(littleEndian: blob.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
        } else if previousLength == 0xFF {
            return nil
        }
        guard let encodingAt = take(1) else { return nil }
        let encoding = blob[encodingAt]
        var stringLength: Int?
        switch encoding >> 6 {
        case 0:
            stringLength = Int(encoding & 0x3F)
        case 1:
            guard let at = take(1) else { return nil }
            stringLength = (Int(encoding & 0x3F) << 8) | Int(blob[at])
        case 2:
            guard let at = take(4) else { return nil }
            stringLength = Int(UInt32(bigEndian: blob.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
        default:
            break
        }
        if let stringLength {
            guard let at = take(stringLength) else { return nil }
            return Parsed(previousLength: previousLength,
                          value: .bytes(UnsafeRawBufferPointer(rebasing: blob[at..<at + stringLength])), next: offset)
        }
        let value: Int64
        switch encoding {
        case 0xFE:
            guard let at = take(1) else { return nil }
            value = Int64(Int8(bitPattern: blob[at]))
        case 0xC0:
            guard let at = take(2) else { return nil }
            value = Int64(Int16(littleEndian: blob.loadUnaligned(fromByteOffset: at, as: Int16.self)))
        case 0xF0:
            guard let at = take(3) else { return nil }
            let raw = UInt32(blob[at]) << 8 | UInt32(blob[at + 1]) << 16 | UInt32(blob[at + 2]) << 24
            value = Int64(Int32(bitPattern: raw) >> 8)
        case 0xD0:
            guard let at = take(4) else { return nil }
            value = Int64(Int32(littleEndian: blob.loadUnaligned(fromByteOffset: at, as: Int32.self)))
        case 0xE0:
            guard let at = take(8) else { return nil }
            value = Int64(littleEndian: blob.loadUnaligned(fromByteOffset: at, as: Int64.self))
        case 0xF1...0xFD:
            value = Int64(encoding & 0x0F) - 1
        default:
            return nil
        }
        return Parsed(previousLength: previousLength, value: .integer(value), next: offset)
    }
}
