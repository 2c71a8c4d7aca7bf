import NIOCore

extension ByteBuffer {
    /// Encodes `value` as the server would send it to a client speaking `version`, so
    /// that `RESPValueDecoder` reads it back (as the RESP2 downgrade, where types differ).
    /// A map's flattened elements are expected to come in pairs.
    public mutating func writeRESPValue(_ value: RESPValue, _ version: RESPVersion) {
        switch value {
        case .simpleString(let s):
            writeRESPSimpleString(s)
        case .error(let s):
            writeRESPError(s)
        case .integer(let v):
            writeRESPInteger(v)
        case .bulkString(let bytes):
            writeRESPBulkString(bytes)
        case .null:
            writeRESPNull(version)
        case .array(let elements):
            writeRESPArrayHeader(elements.count)
            for element in elements { writeRESPValue(element, version) }
        case .map(let elements):
            writeRESPMapHeader(elements.count / 2, version)
            for element in elements { writeRESPValue(element, version) }
        case .set(let elements):
            writeRESPSetHeader(elements.count, version)
            for element in elements { writeRESPValue(element, version) }
        case .push(let elements):
            writeRESPPushHeader(elements.count, version)
            for element in elements { writeRESPValue(element, version) }
        case .double(let v):
            writeRESPDouble(v, version)
        case .boolean(let v):
            writeRESPBoolean(v, version)
        case .verbatim(let format, let text):
            switch version {
            case .v2:
                writeRESPBulkString(text)
            case .v3:
                var format = format
                format.withUTF8 { formatBytes in
                    text.withUnsafeBytes { writeRESPVerbatimFrame(format: UnsafeRawBufferPointer(formatBytes), $0) }
                }
            }
        case .bigNumber(let digits):
            // Redis's addReplyBigNum falls back to a bulk string for RESP2.
            switch version {
            case .v2:
                writeRESPBulkString(digits)
            case .v3:
                var digits = digits
                digits.withUTF8 { writeRESPLine(prefix: UInt8(ascii: "("), UnsafeRawBufferPointer($0)) }
            }
        }
    }
}
