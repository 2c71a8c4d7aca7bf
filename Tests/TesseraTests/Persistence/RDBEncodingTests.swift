import Testing
@testable import Tessera

/// Writes with a memory sink and reads back with RDBReader.
func sinkBytes(_ body: (inout RDBSink) -> Void) -> [UInt8] {
    var sink = RDBSink(target: .memory, checksum: false)
    defer { sink.release() }
    body(&sink)
    return Array(sink.bytes)
}

@Suite("RDB encodings")
struct RDBEncodingTests {
    @Test("lengths use 6, 14, 32 and 64 bits as rdbSaveLen does, and read back")
    func lengths() throws {
        let cases: [(UInt64, [UInt8])] = [
            (0, [0x00]), (63, [0x3F]), (64, [0x40, 0x40]), (16383, [0x7F, 0xFF]),
            (16384, [0x80, 0x00, 0x00, 0x40, 0x00]), (UInt64(UInt32.max), [0x80, 0xFF, 0xFF, 0xFF, 0xFF]),
            (1 << 32, [0x81, 0, 0, 0, 1, 0, 0, 0, 0]),
        ]
        for (length, expected) in cases {
            let bytes = sinkBytes { $0.writeLength(length) }
            #expect(bytes == expected, "length \(length)")
            let read = try bytes.withUnsafeBytes { raw in
                var reader = RDBReader(bytes: raw)
                return try reader.readLength()
            }
            #expect(read == length)
        }
    }

    @Test("strings that are canonical 32-bit integers are int-encoded, others kept as bytes")
    func integerStrings() throws {
        func encode(_ text: String) -> [UInt8] {
            sinkBytes { sink in Array(text.utf8).withUnsafeBytes { sink.writeString($0, compression: true) } }
        }
        #expect(encode("12") == [0xC0, 12])
        #expect(encode("-1") == [0xC0, 0xFF])
        #expect(encode("1000") == [0xC1, 0xE8, 0x03])
        #expect(encode("-2147483648") == [0xC2, 0x00, 0x00, 0x00, 0x80])
        #expect(encode("2147483648") == [10] + Array("2147483648".utf8))
        #expect(encode("007") == [3] + Array("007".utf8))
        #expect(encode("+5") == [2] + Array("+5".utf8))
        #expect(sinkBytes { $0.writeIntegerString(9_999_999_999) } == [10] + Array("9999999999".utf8))
    }

    @Test("strings over 20 bytes are LZF-compressed when that saves space and compression is on")
    func compressedStrings() throws {
        let repetitive = [UInt8](repeating: UInt8(ascii: "x"), count: 100)
        let compressed = sinkBytes { sink in repetitive.withUnsafeBytes { sink.writeString($0, compression: true) } }
        #expect(compressed == [0xC3, 0x09, 0x40, 0x64, 0x01, 0x78, 0x78, 0xE0, 0x57, 0x00, 0x01, 0x78, 0x78])
        let plain = sinkBytes { sink in repetitive.withUnsafeBytes { sink.writeString($0, compression: false) } }
        #expect(plain == [0x40, 0x64] + repetitive)
        for bytes in [compressed, plain] {
            let read = try bytes.withUnsafeBytes { raw -> [UInt8] in
                var reader = RDBReader(bytes: raw)
                let string = try reader.readString()
                defer { string.release() }
                return Array(string.bytes)
            }
            #expect(read == repetitive)
        }
    }

    @Test("binary doubles are 8 little-endian bytes; text doubles read inf, -inf and nan markers")
    func doubles() throws {
        let bytes = sinkBytes { $0.writeBinaryDouble(-2.5) }
        #expect(bytes == Array(withUnsafeBytes(of: (-2.5).bitPattern.littleEndian) { Array($0) }))
        let text: [UInt8] = [254, 255, 253, 3] + Array("1.5".utf8)
        let values = try text.withUnsafeBytes { raw -> [Double] in
            var reader = RDBReader(bytes: raw)
            var values: [Double] = []
            for _ in 0..<4 { values.append(try reader.readTextDouble()) }
            return values
        }
        #expect(values[0] == .infinity)
        #expect(values[1] == -.infinity)
        #expect(values[2].isNaN)
        #expect(values[3] == 1.5)
    }

    @Test("reads past the end are short reads, never out of bounds")
    func shortReads() {
        for bytes: [UInt8] in [[], [0x80, 0x00], [0x05, 0x61], [0xC3, 0x05, 0x10, 0x01]] {
            #expect(throws: RDBError.self) {
                try bytes.withUnsafeBytes { raw in
                    var reader = RDBReader(bytes: raw)
                    try reader.readString().release()
                }
            }
        }
    }
}
