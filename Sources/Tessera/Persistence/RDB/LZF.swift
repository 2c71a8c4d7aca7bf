/// liblzf 3.6 as Redis builds it (lzfP.h: HLOG 16, VERY_FAST, no ULTRA_FAST): Redis compresses
/// RDB strings with it, so what `compress` writes is what Redis would, and `decompress` reads
/// anything Redis wrote. Both work on caller-owned memory and allocate nothing.
enum LZF {
    static let hashLog = 16
    static let hashSize = 1 << hashLog
    /// Bytes of the hash table `compress` needs (one UInt32 offset per slot).
    static let hashTableBytes = hashSize * 4
    private static let maxLiteral = 1 << 5
    private static let maxOffset = 1 << 13
    private static let maxReference = (1 << 8) + (1 << 3)

    /// lzf_compress: the compressed size, or 0 when the output would not fit `output` (the
    /// caller then stores the bytes as they are). `hashTable` is `hashTableBytes` of scratch.
    static func compress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
                         hashTable: UnsafeMutableRawPointer) -> Int {
        guard input.count > 0, output.count > 0, let inBase = input.baseAddress, let outBase = output.baseAddress else {
            return 0
        }
        // Offsets of 0 never match (a reference must lie after the first byte), so a zeroed
        // table stands for lzf's uninitialised one without its non-determinism.
        let table = hashTable.bindMemory(to: UInt32.self, capacity: hashSize)
        table.initialize(repeating: 0, count: hashSize)
        let source = inBase.assumingMemoryBound(to: UInt8.self)
        let target = outBase.assumingMemoryBound(to: UInt8.self)
        let inEnd = input.count
        let outEnd = output.count
        var ip = 0
        var op = 1
        var literals = 0

        @inline(__always) func index(_ h: UInt32) -> Int {
            Int(((h >> UInt32(24 - hashLog)) &- (h &* 5)) & UInt32(hashSize - 1))
        }

        var hval = (UInt32(source[0]) << 8) | UInt32(source[1 < inEnd ? 1 : 0])
        while ip < inEnd - 2 {
            hval = (hval << 8) | UInt32(source[ip + 2])
            let slot = index(hval)
            let reference = Int(table[slot])
            table[slot] = UInt32(ip)
            let offset = ip - reference - 1
            if offset >= 0, offset < maxOffset, reference > 0,
               source[reference + 2] == source[ip + 2], source[reference] == source[ip],
               source[reference + 1] == source[ip + 1] {
                var length = 2
                let maxLength = min(inEnd - ip - length, maxReference)
                if op + 3 + 1 >= outEnd, op - (literals == 0 ? 1 : 0) + 3 + 1 >= outEnd { return 0 }
                target[op - literals - 1] = UInt8(truncatingIfNeeded: literals - 1)
                if literals == 0 { op -= 1 }
                length = matchLength(source, ip: ip, reference: reference, maxLength: maxLength)
                length -= 2
                ip += 1
                if length < 7 {
                    target[op] = UInt8(truncatingIfNeeded: (offset >> 8) + (length << 5)); op += 1
                } else {
                    target[op] = UInt8(truncatingIfNeeded: (offset >> 8) + (7 << 5)); op += 1
                    target[op] = UInt8(truncatingIfNeeded: length - 7); op += 1
                }
                target[op] = UInt8(truncatingIfNeeded: offset); op += 1
                literals = 0; op += 1
                ip += length + 1
                if ip >= inEnd - 2 { break }
                ip -= 2
                hval = (UInt32(source[ip]) << 8) | UInt32(source[ip + 1])
                hval = (hval << 8) | UInt32(source[ip + 2])
                table[index(hval)] = UInt32(ip)
                ip += 1
                hval = (hval << 8) | UInt32(source[ip + 2])
                table[index(hval)] = UInt32(ip)
                ip += 1
            } else {
                if op >= outEnd { return 0 }
                literals += 1; target[op] = source[ip]; op += 1; ip += 1
                if literals == maxLiteral {
                    target[op - literals - 1] = UInt8(truncatingIfNeeded: literals - 1)
                    literals = 0; op += 1
                }
            }
        }
        if op + 3 > outEnd { return 0 }
        while ip < inEnd {
            literals += 1; target[op] = source[ip]; op += 1; ip += 1
            if literals == maxLiteral {
                target[op - literals - 1] = UInt8(truncatingIfNeeded: literals - 1)
                literals = 0; op += 1
            }
        }
        target[op - literals - 1] = UInt8(truncatingIfNeeded: literals - 1)
        if literals == 0 { op -= 1 }
        return op
    }

    /// The match length as lzf counts it, including its unrolled first 16 steps, which may run
    /// past `maxLength` by up to two bytes (still inside the input): the same bytes as liblzf.
    @inline(__always)
    private static func matchLength(_ source: UnsafePointer<UInt8>, ip: Int, reference: Int, maxLength: Int) -> Int {
        var length = 2
        if maxLength > 16 {
            for _ in 0..<16 {
                length += 1
                if source[reference + length] != source[ip + length] { return length }
            }
        }
        repeat { length += 1 } while length < maxLength && source[reference + length] == source[ip + length]
        return length
    }

    /// lzf_decompress: the decompressed size, or nil when the input is malformed or needs more
    /// than `output.count` bytes. Every reference is checked against the bytes already written.
    static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Int? {
        guard input.count > 0, let inBase = input.baseAddress else { return 0 }
        guard let outBase = output.baseAddress else { return nil }
        let source = inBase.assumingMemoryBound(to: UInt8.self)
        let target = outBase.assumingMemoryBound(to: UInt8.self)
        let inEnd = input.count
        let outEnd = output.count
        var ip = 0
        var op = 0
        repeat {
            var control = Int(source[ip]); ip += 1
            if control < 1 << 5 {
                control += 1
                guard op + control <= outEnd, ip + control <= inEnd else { return nil }
                (target + op).update(from: source + ip, count: control)
                op += control; ip += control
            } else {
                var length = control >> 5
                var reference = op - ((control & 0x1F) << 8) - 1
                guard ip < inEnd else { return nil }
                if length == 7 {
                    length += Int(source[ip]); ip += 1
                    guard ip < inEnd else { return nil }
                }
                reference -= Int(source[ip]); ip += 1
                guard op + length + 2 <= outEnd, reference >= 0 else { return nil }
                length += 2
                for _ in 0..<length {
                    target[op] = target[reference]; op += 1; reference += 1
                }
            }
        } while ip < inEnd
        return op
    }
}
