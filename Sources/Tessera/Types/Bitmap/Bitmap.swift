/// Bit-level reads over a string's bytes, in Redis's bit order (src/bitops.c): bit 0 is the most
/// significant bit of byte 0. A view only: the bytes belong to a string value or an argument.
struct Bitmap {
    let bytes: UnsafeRawBufferPointer

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var count: Int { bytes.count }
    var bitCount: Int { bytes.count << 3 }

    /// The bit at `offset`; bits past the end read as 0, as GETBIT answers.
    func bit(at offset: Int) -> Bool {
        let byte = offset >> 3
        guard byte < bytes.count else { return false }
        return bytes[byte] & (0x80 >> UInt8(offset & 7)) != 0
    }

    /// The number of set bits in `byteRange` (redisPopcount), eight bytes at a time.
    func populationCount(bytes byteRange: Range<Int>) -> Int {
        var index = byteRange.lowerBound
        var total = 0
        while index + 32 <= byteRange.upperBound {
            total &+= bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self).nonzeroBitCount
            total &+= bytes.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self).nonzeroBitCount
            total &+= bytes.loadUnaligned(fromByteOffset: index + 16, as: UInt64.self).nonzeroBitCount
            total &+= bytes.loadUnaligned(fromByteOffset: index + 24, as: UInt64.self).nonzeroBitCount
            index += 32
        }
        while index + 8 <= byteRange.upperBound {
            total &+= bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self).nonzeroBitCount
            index += 8
        }
        while index < byteRange.upperBound {
            total &+= bytes[index].nonzeroBitCount
            index += 1
        }
        return total
    }

    /// The number of set bits among the bits `bitRange` (both ends inside the string).
    func populationCount(bits bitRange: ClosedRange<Int>) -> Int {
        let first = bitRange.lowerBound >> 3
        let last = bitRange.upperBound >> 3
        let whole = populationCount(bytes: first..<(last + 1))
        let before = bytes[first] & ~(0xFF >> UInt8(bitRange.lowerBound & 7))
        let after = bytes[last] & (0x7F >> UInt8(bitRange.upperBound & 7))
        return whole - before.nonzeroBitCount - after.nonzeroBitCount
    }

    /// The offset of the first bit equal to `value` among the bits `bitRange` (both ends inside
    /// the string), or nil. Whole words that cannot hold it are skipped eight bytes at a time.
    func firstBit(_ value: Bool, in bitRange: ClosedRange<Int>) -> Int? {
        let firstByte = bitRange.lowerBound >> 3
        let lastByte = bitRange.upperBound >> 3
        let skippable: UInt64 = value ? 0 : ~0
        var index = firstByte
        while index <= lastByte {
            if index > firstByte && index + 8 <= lastByte
                && bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) == skippable {
                index += 8
                continue
            }
            var mask: UInt8 = 0xFF
            if index == firstByte { mask &= 0xFF >> UInt8(bitRange.lowerBound & 7) }
            if index == lastByte { mask &= 0xFF << UInt8(7 - bitRange.upperBound & 7) }
            let candidates = (value ? bytes[index] : ~bytes[index]) & mask
            if candidates != 0 { return index << 3 + candidates.leadingZeroBitCount }
            index += 1
        }
        return nil
    }

    /// The unsigned integer of `width` bits (1...64) at bit `offset`, most significant bit first
    /// (getUnsignedBitfield); bits past the end read as 0.
    func unsignedField(at offset: Int, width: Int) -> UInt64 {
        var value: UInt64 = 0
        var position = offset
        var remaining = width
        while remaining > 0 {
            let byteIndex = position >> 3
            let shift = position & 7
            let taken = min(8 - shift, remaining)
            let byte = byteIndex < bytes.count ? UInt64(bytes[byteIndex]) : 0
            let chunk = (byte >> UInt64(8 - shift - taken)) & ((1 << UInt64(taken)) - 1)
            value = value << UInt64(taken) | chunk
            position += taken
            remaining -= taken
        }
        return value
    }

    /// The two's complement integer of `width` bits at `offset` (getSignedBitfield).
    func signedField(at offset: Int, width: Int) -> Int64 {
        BitfieldType(signed: true, width: width).signExtend(unsignedField(at: offset, width: width))
    }
}

/// Writes into a string's bytes in the same bit order; the caller has made the string long enough.
struct MutableBitmap {
    let base: UnsafeMutableRawPointer

    init(_ base: UnsafeMutableRawPointer) { self.base = base }

    /// Sets the bit at `offset` and returns its previous value.
    @discardableResult
    func setBit(at offset: Int, to value: Bool) -> Bool {
        let pointer = base + (offset >> 3)
        let mask: UInt8 = 0x80 >> UInt8(offset & 7)
        let byte = pointer.load(as: UInt8.self)
        pointer.storeBytes(of: value ? byte | mask : byte & ~mask, as: UInt8.self)
        return byte & mask != 0
    }

    /// Stores the low `width` bits of `value` at bit `offset`, most significant first
    /// (setUnsignedBitfield; a signed value is stored as its two's complement bits).
    func setField(at offset: Int, width: Int, to value: UInt64) {
        var position = offset
        var remaining = width
        while remaining > 0 {
            let pointer = base + (position >> 3)
            let shift = position & 7
            let taken = min(8 - shift, remaining)
            let lowMask: UInt64 = (1 << UInt64(taken)) - 1
            let chunk = UInt8((value >> UInt64(remaining - taken)) & lowMask)
            let placement = UInt8(8 - shift - taken)
            let mask = UInt8(lowMask) << placement
            let byte = pointer.load(as: UInt8.self)
            pointer.storeBytes(of: (byte & ~mask) | (chunk << placement), as: UInt8.self)
            position += taken
            remaining -= taken
        }
    }
}
