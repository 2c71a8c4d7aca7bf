import NIOCore

/// Reply encoding. Each writer reserves its worst case once and formats straight into the
/// buffer's storage: no intermediate strings, arrays or per-call allocations.
///
/// A bare string literal resolves to the `String` overloads (Swift's default literal
/// type), which cost the same: literal strings live in the binary and `withUTF8` does
/// not copy them.
extension ByteBuffer {
    // MARK: Simple strings and errors

    public mutating func writeRESPSimpleString(_ bytes: UnsafeRawBufferPointer) {
        writeRESPLine(prefix: UInt8(ascii: "+"), bytes)
    }

    public mutating func writeRESPSimpleString(_ s: StaticString) {
        // withUTF8Buffer rather than utf8Start: a one-scalar StaticString has no pointer.
        s.withUTF8Buffer { writeRESPLine(prefix: UInt8(ascii: "+"), UnsafeRawBufferPointer($0)) }
    }

    public mutating func writeRESPSimpleString(_ s: String) {
        var s = s
        s.withUTF8 { writeRESPLine(prefix: UInt8(ascii: "+"), UnsafeRawBufferPointer($0)) }
    }

    /// `s` is the full text including the code, e.g. "ERR syntax error". Constant texts
    /// are trusted to hold no line breaks.
    public mutating func writeRESPError(_ s: StaticString) {
        s.withUTF8Buffer { writeRESPLine(prefix: UInt8(ascii: "-"), UnsafeRawBufferPointer($0)) }
    }

    /// Dynamic texts often quote client input (a command name, a key); CR and LF become
    /// spaces, as in Redis's `addReplyErrorFormat`, so they cannot end the reply early.
    public mutating func writeRESPError(_ bytes: UnsafeRawBufferPointer) {
        let count = bytes.count
        writeWithUnsafeMutableBytes(minimumWritableBytes: count + 3) { out in
            let base = out.baseAddress!
            base.storeBytes(of: UInt8(ascii: "-"), as: UInt8.self)
            for index in 0..<count {
                let byte = bytes[index]
                let safe = byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n") ? UInt8(ascii: " ") : byte
                base.storeBytes(of: safe, toByteOffset: index + 1, as: UInt8.self)
            }
            Self.storeCRLF(base + count + 1)
            return count + 3
        }
    }

    public mutating func writeRESPError(_ s: String) {
        var s = s
        s.withUTF8 { writeRESPError(UnsafeRawBufferPointer($0)) }
    }

    // MARK: Integers

    public mutating func writeRESPInteger(_ v: Int64) {
        writeRESPNumberLine(prefix: UInt8(ascii: ":"), v)
    }

    public mutating func writeRESPInteger(_ v: Int) {
        writeRESPNumberLine(prefix: UInt8(ascii: ":"), Int64(v))
    }

    // MARK: Bulk strings

    public mutating func writeRESPBulkString(_ bytes: UnsafeRawBufferPointer) {
        let count = bytes.count
        writeWithUnsafeMutableBytes(minimumWritableBytes: count + RedisInteger.maxWidth + 5) { out in
            let base = out.baseAddress!
            base.storeBytes(of: UInt8(ascii: "$"), as: UInt8.self)
            var position = 1 + RedisInteger.write(Int64(count), to: base + 1)
            Self.storeCRLF(base + position)
            position += 2
            if count > 0 { (base + position).copyMemory(from: bytes.baseAddress!, byteCount: count) }
            position += count
            Self.storeCRLF(base + position)
            return position + 2
        }
    }

    public mutating func writeRESPBulkString(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { writeRESPBulkString($0) }
    }

    public mutating func writeRESPBulkString(_ s: StaticString) {
        s.withUTF8Buffer { writeRESPBulkString(UnsafeRawBufferPointer($0)) }
    }

    public mutating func writeRESPBulkString(_ buf: ByteBuffer) {
        buf.withUnsafeReadableBytes { writeRESPBulkString($0) }
    }

    public mutating func writeRESPBulkString(_ s: String) {
        var s = s
        s.withUTF8 { writeRESPBulkString(UnsafeRawBufferPointer($0)) }
    }

    // MARK: Nulls

    /// The absent value: `$-1` in RESP2, `_` in RESP3.
    public mutating func writeRESPNull(_ version: RESPVersion) {
        switch version {
        case .v2: writeStaticString("$-1\r\n")
        case .v3: writeStaticString("_\r\n")
        }
    }

    /// The absent aggregate (e.g. a timed-out BLPOP): `*-1` in RESP2, `_` in RESP3.
    public mutating func writeRESPNullArray(_ version: RESPVersion) {
        switch version {
        case .v2: writeStaticString("*-1\r\n")
        case .v3: writeStaticString("_\r\n")
        }
    }

    // MARK: Aggregate headers

    public mutating func writeRESPArrayHeader(_ count: Int) {
        writeRESPNumberLine(prefix: UInt8(ascii: "*"), Int64(count))
    }

    /// `count` is the number of pairs; RESP2 has no maps, so it gets a flat array of
    /// twice as many elements.
    public mutating func writeRESPMapHeader(_ count: Int, _ version: RESPVersion) {
        switch version {
        case .v2: writeRESPNumberLine(prefix: UInt8(ascii: "*"), Int64(count) * 2)
        case .v3: writeRESPNumberLine(prefix: UInt8(ascii: "%"), Int64(count))
        }
    }

    public mutating func writeRESPSetHeader(_ count: Int, _ version: RESPVersion) {
        writeRESPNumberLine(prefix: version == .v3 ? UInt8(ascii: "~") : UInt8(ascii: "*"), Int64(count))
    }

    public mutating func writeRESPPushHeader(_ count: Int, _ version: RESPVersion) {
        writeRESPNumberLine(prefix: version == .v3 ? UInt8(ascii: ">") : UInt8(ascii: "*"), Int64(count))
    }

    // MARK: Doubles, booleans, verbatim strings

    /// Redis 7.0 `addReplyDouble`: infinities spelled out (libc spellings vary), NaN as
    /// "nan", everything else `%.17g`; RESP2 sends the same text as a bulk string.
    public mutating func writeRESPDouble(_ v: Double, _ version: RESPVersion) {
        if v.isNaN {
            switch version {
            case .v2: writeStaticString("$3\r\nnan\r\n")
            case .v3: writeStaticString(",nan\r\n")
            }
            return
        }
        if v.isInfinite {
            switch (version, v > 0) {
            case (.v2, true): writeStaticString("$3\r\ninf\r\n")
            case (.v2, false): writeStaticString("$4\r\n-inf\r\n")
            case (.v3, true): writeStaticString(",inf\r\n")
            case (.v3, false): writeStaticString(",-inf\r\n")
            }
            return
        }
        withUnsafeTemporaryAllocation(byteCount: RESPDoubleFormatter.capacity, alignment: 1) { scratch in
            let length = RESPDoubleFormatter.formatFinite(v, into: scratch)
            let text = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(scratch)[0..<length])
            switch version {
            case .v2: writeRESPBulkString(text)
            case .v3: writeRESPLine(prefix: UInt8(ascii: ","), text)
            }
        }
    }

    public mutating func writeRESPBoolean(_ v: Bool, _ version: RESPVersion) {
        switch (version, v) {
        case (.v2, true): writeStaticString(":1\r\n")
        case (.v2, false): writeStaticString(":0\r\n")
        case (.v3, true): writeStaticString("#t\r\n")
        case (.v3, false): writeStaticString("#f\r\n")
        }
    }

    /// Plain text meant for humans (INFO, LATENCY DOCTOR...): a `txt` verbatim string in
    /// RESP3, a bulk string in RESP2.
    public mutating func writeRESPVerbatim(_ bytes: UnsafeRawBufferPointer, _ version: RESPVersion) {
        guard version == .v3 else {
            writeRESPBulkString(bytes)
            return
        }
        Self.txtFormat.withUTF8Buffer { writeRESPVerbatimFrame(format: UnsafeRawBufferPointer($0), bytes) }
    }

    // MARK: Building blocks

    static let txtFormat: StaticString = "txt"

    /// `=<len>\r\n<format>:<text>\r\n`, shared with `writeRESPValue`.
    mutating func writeRESPVerbatimFrame(format: UnsafeRawBufferPointer, _ text: UnsafeRawBufferPointer) {
        let formatCount = format.count
        let count = text.count
        let payload = formatCount + 1 + count
        writeWithUnsafeMutableBytes(minimumWritableBytes: payload + RedisInteger.maxWidth + 5) { out in
            let base = out.baseAddress!
            base.storeBytes(of: UInt8(ascii: "="), as: UInt8.self)
            var position = 1 + RedisInteger.write(Int64(payload), to: base + 1)
            Self.storeCRLF(base + position)
            position += 2
            if formatCount > 0 { (base + position).copyMemory(from: format.baseAddress!, byteCount: formatCount) }
            position += formatCount
            base.storeBytes(of: UInt8(ascii: ":"), toByteOffset: position, as: UInt8.self)
            position += 1
            if count > 0 { (base + position).copyMemory(from: text.baseAddress!, byteCount: count) }
            position += count
            Self.storeCRLF(base + position)
            return position + 2
        }
    }

    /// `<prefix><bytes>\r\n`
    mutating func writeRESPLine(prefix: UInt8, _ bytes: UnsafeRawBufferPointer) {
        let count = bytes.count
        writeWithUnsafeMutableBytes(minimumWritableBytes: count + 3) { out in
            let base = out.baseAddress!
            base.storeBytes(of: prefix, as: UInt8.self)
            if count > 0 { (base + 1).copyMemory(from: bytes.baseAddress!, byteCount: count) }
            Self.storeCRLF(base + count + 1)
            return count + 3
        }
    }

    /// `<prefix><decimal>\r\n`
    mutating func writeRESPNumberLine(prefix: UInt8, _ value: Int64) {
        writeWithUnsafeMutableBytes(minimumWritableBytes: RedisInteger.maxWidth + 3) { out in
            let base = out.baseAddress!
            base.storeBytes(of: prefix, as: UInt8.self)
            let length = 1 + RedisInteger.write(value, to: base + 1)
            Self.storeCRLF(base + length)
            return length + 2
        }
    }

    @inline(__always)
    static func storeCRLF(_ destination: UnsafeMutableRawPointer) {
        destination.storeBytes(of: UInt8(ascii: "\r"), as: UInt8.self)
        destination.storeBytes(of: UInt8(ascii: "\n"), toByteOffset: 1, as: UInt8.self)
    }
}
