extension Intset {
    /// intsetValidateIntegrity (deep): whether a blob read from a file is a sound intset. The
    /// width must be 2, 4 or 8, the size must be exactly header plus count elements, the set must
    /// not be empty (Redis never writes an empty one), and the elements must strictly ascend.
    public static func validate(bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= headerSize, let start = bytes.baseAddress else { return false }
        let width = Int(UInt32(littleEndian: start.loadUnaligned(as: UInt32.self)))
        guard width == 2 || width == 4 || width == 8 else { return false }
        let count = Int(UInt32(littleEndian: start.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
        guard count > 0, headerSize + count * width == bytes.count else { return false }
        var previous = load(start, index: 0, width: width)
        for index in 1..<count {
            let current = load(start, index: index, width: width)
            guard current > previous else { return false }
            previous = current
        }
        return true
    }
}
