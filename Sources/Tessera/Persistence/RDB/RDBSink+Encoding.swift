/// The RDB encodings of lengths, strings and numbers (rdbSaveLen, rdbSaveRawString,
/// rdbSaveLongLongAsStringObject, rdbSaveBinaryDoubleValue), byte for byte as Redis 7.0 writes.
extension RDBSink {
    /// rdbSaveLen: 6 bits, 14 bits, or a 32/64-bit big-endian length after a marker byte.
    mutating func writeLength(_ length: UInt64) {
        if length < 1 << 6 {
            writeByte(UInt8(length))
        } else if length < 1 << 14 {
            writeByte(UInt8(length >> 8) | 0x40)
            writeByte(UInt8(truncatingIfNeeded: length))
        } else if length <= UInt64(UInt32.max) {
            writeByte(RDBFormat.length32Bit)
            writeBigEndian(UInt32(length))
        } else {
            writeByte(RDBFormat.length64Bit)
            writeBigEndian(length)
        }
    }

    @inline(__always)
    mutating func writeLength(_ length: Int) { writeLength(UInt64(length)) }

    /// rdbSaveRawString: a canonical integer of at most 11 bytes that fits 32 bits as an encoded
    /// integer, a string over 20 bytes LZF-compressed when `compression` is on and that saves at
    /// least 4 bytes, anything else as length and bytes.
    mutating func writeString(_ bytes: UnsafeRawBufferPointer, compression: Bool) {
        if bytes.count <= 11, let integer = Integer.parseStrict(bytes), writeEncodedInteger(integer) { return }
        if compression && bytes.count > 20 && writeCompressed(bytes) { return }
        writeLength(bytes.count)
        write(bytes)
    }

    /// rdbSaveLongLongAsStringObject: an `int` string value, encoded when it fits 32 bits.
    mutating func writeIntegerString(_ value: Int64) {
        if writeEncodedInteger(value) { return }
        Integer.withDigits(value) { digits in
            writeLength(digits.count)
            write(digits)
        }
    }

    /// rdbEncodeInteger: 0xC0 int8, 0xC1 int16 LE, 0xC2 int32 LE; false when wider.
    private mutating func writeEncodedInteger(_ value: Int64) -> Bool {
        let marker = RDBFormat.encodedValue << 6
        if value >= Int64(Int8.min) && value <= Int64(Int8.max) {
            writeByte(marker | RDBFormat.encodingInt8)
            writeByte(UInt8(bitPattern: Int8(value)))
        } else if value >= Int64(Int16.min) && value <= Int64(Int16.max) {
            writeByte(marker | RDBFormat.encodingInt16)
            writeLittleEndian(Int16(value))
        } else if value >= Int64(Int32.min) && value <= Int64(Int32.max) {
            writeByte(marker | RDBFormat.encodingInt32)
            writeLittleEndian(Int32(value))
        } else {
            return false
        }
        return true
    }

    /// rdbSaveLzfStringObject: false when LZF cannot save 4 bytes (stored plain instead).
    private mutating func writeCompressed(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let limit = bytes.count - 4
        let scratch = lzfScratch(outputCount: limit)
        let compressed = LZF.compress(bytes, into: UnsafeMutableRawBufferPointer(start: scratch.output, count: limit),
                                      hashTable: scratch.table)
        guard compressed > 0 else { return false }
        writeByte((RDBFormat.encodedValue << 6) | RDBFormat.encodingLZF)
        writeLength(compressed)
        writeLength(bytes.count)
        write(UnsafeRawBufferPointer(start: scratch.output, count: compressed))
        return true
    }

    /// rdbSaveBinaryDoubleValue: the IEEE 754 bits, little-endian.
    mutating func writeBinaryDouble(_ value: Double) {
        writeLittleEndian(value.bitPattern)
    }

    /// rdbSaveMillisecondTime.
    mutating func writeMilliseconds(_ value: Int64) {
        writeLittleEndian(value)
    }
}
