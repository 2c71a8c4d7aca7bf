import Testing
@testable import Tessera

@Suite("LZF")
struct LZFTests {
    func compress(_ input: [UInt8], limit: Int) -> [UInt8]? {
        let table = UnsafeMutableRawPointer.allocate(byteCount: LZF.hashTableBytes, alignment: 8)
        defer { table.deallocate() }
        var output = [UInt8](repeating: 0, count: limit)
        let count = input.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { LZF.compress(source, into: $0, hashTable: table) }
        }
        return count == 0 ? nil : Array(output[0..<count])
    }

    func decompress(_ input: [UInt8], size: Int) -> [UInt8]? {
        var output = [UInt8](repeating: 0, count: size)
        let count = input.withUnsafeBytes { source in output.withUnsafeMutableBytes { LZF.decompress(source, into: $0) } }
        return count.map { Array(output[0..<$0]) }
    }

    @Test("LZF compresses 100 x's to the bytes Redis 7.0.15 wrote for them")
    func matchesRedis() {
        let input = [UInt8](repeating: UInt8(ascii: "x"), count: 100)
        #expect(compress(input, limit: 96) == [0x01, 0x78, 0x78, 0xE0, 0x57, 0x00, 0x01, 0x78, 0x78])
    }

    @Test("LZF round-trips text, repeats and random bytes")
    func roundTrip() {
        var generator = FastRandom(seed: 42)
        let random = (0..<5000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let text = Array(String(repeating: "the quick brown fox jumps over the lazy dog ", count: 50).utf8)
        let mixed = text + random[0..<300] + text[0..<700] + [UInt8](repeating: 0, count: 9000)
        for input in [text, mixed, Array(random[0..<40]) + Array(random[0..<40])] {
            guard let compressed = compress(input, limit: input.count - 4) else {
                Issue.record("did not compress")
                continue
            }
            #expect(decompress(compressed, size: input.count) == input)
        }
    }

    @Test("LZF gives up on incompressible input rather than overflow the output")
    func incompressible() {
        var generator = FastRandom(seed: 7)
        let random = (0..<1000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(compress(random, limit: 996) == nil)
    }

    @Test("LZF decompression rejects references before the start and outputs that do not fit")
    func malformed() {
        #expect(decompress([0x20, 0x05], size: 100) == nil)           // back-reference with nothing written
        #expect(decompress([0x03, 0x61, 0x62], size: 100) == nil)     // literal run longer than the input
        #expect(decompress([0x01, 0x61, 0x62], size: 1) == nil)       // output too small
        #expect(decompress([0x01, 0x78, 0x78, 0xE0, 0x57, 0x00, 0x01, 0x78, 0x78], size: 100)
            == [UInt8](repeating: UInt8(ascii: "x"), count: 100))
    }
}
