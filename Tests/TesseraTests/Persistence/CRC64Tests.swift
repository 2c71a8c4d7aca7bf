import Testing
@testable import Tessera

@Suite("CRC64")
struct CRC64Tests {
    @Test("crc64 of 123456789 is Redis's check value e9c6d914c4b8d9ca")
    func checkValue() {
        let crc = CRC64.make()
        defer { crc.free() }
        let value = Array("123456789".utf8).withUnsafeBytes { crc.update(0, $0) }
        #expect(value == 0xe9c6_d914_c4b8_d9ca)
    }

    @Test("crc64 continued over any split equals crc64 of the whole")
    func splits() {
        let crc = CRC64.make()
        defer { crc.free() }
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let whole = data.withUnsafeBytes { crc.update(0, $0) }
        for split in [0, 1, 7, 8, 9, 500, 999, 1000] {
            let value = data.withUnsafeBytes { bytes in
                crc.update(crc.update(0, UnsafeRawBufferPointer(rebasing: bytes[0..<split])),
                           UnsafeRawBufferPointer(rebasing: bytes[split...]))
            }
            #expect(value == whole, "split at \(split)")
        }
    }
}
