/// SHA-1 (FIPS 180-1), for DEBUG DIGEST only: Redis's digest is defined over SHA-1, and it is no
/// security primitive here. Written out (as Redis carries its own sha1.c) rather than taken from
/// swift-crypto, whose BoringSSL build cost this 2-core machine about 17 minutes and CI three
/// times over (server, tests, microbenchmarks) for one 80-line function.
struct SHA1 {
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32) =
        (0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0)
    /// The partial 64-byte block not yet compressed.
    private var block = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
    private var blockFill = 0
    private var totalBytes: UInt64 = 0

    init() {}

    /// The 20-byte digest of `bytes`.
    static func hash(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) {
        var hasher = SHA1()
        hasher.update(bytes)
        hasher.finalize(into: output)
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        totalBytes &+= UInt64(bytes.count)
        for byte in bytes { append(byte) }
    }

    /// Pads, compresses the last block(s) and writes the 20 digest bytes (big-endian words).
    mutating func finalize(into output: UnsafeMutableRawBufferPointer) {
        precondition(output.count >= 20)
        let bitLength = totalBytes &* 8
        append(0x80)
        while blockFill != 56 { append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        output.storeBytes(of: state.0.bigEndian, toByteOffset: 0, as: UInt32.self)
        output.storeBytes(of: state.1.bigEndian, toByteOffset: 4, as: UInt32.self)
        output.storeBytes(of: state.2.bigEndian, toByteOffset: 8, as: UInt32.self)
        output.storeBytes(of: state.3.bigEndian, toByteOffset: 12, as: UInt32.self)
        output.storeBytes(of: state.4.bigEndian, toByteOffset: 16, as: UInt32.self)
    }

    private mutating func append(_ byte: UInt8) {
        withUnsafeMutableBytes(of: &block) { $0[blockFill] = byte }
        blockFill += 1
        if blockFill == 64 {
            compress()
            blockFill = 0
        }
    }

    private mutating func compress() {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 80) { w in
            withUnsafeBytes(of: block) { raw in
                for i in 0..<16 { w[i] = UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)) }
            }
            for i in 16..<80 { w[i] = rotate(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1) }
            var (a, b, c, d, e) = state
            for i in 0..<80 {
                let f: UInt32, k: UInt32
                switch i {
                case 0..<20: f = (b & c) | (~b & d); k = 0x5A82_7999
                case 20..<40: f = b ^ c ^ d; k = 0x6ED9_EBA1
                case 40..<60: f = (b & c) | (b & d) | (c & d); k = 0x8F1B_BCDC
                default: f = b ^ c ^ d; k = 0xCA62_C1D6
                }
                let temp = rotate(a, 5) &+ f &+ e &+ k &+ w[i]
                e = d; d = c; c = rotate(b, 30); b = a; a = temp
            }
            state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e)
        }
    }

    @inline(__always)
    private func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 { (value << count) | (value >> (32 - count)) }
}
