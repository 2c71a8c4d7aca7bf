/// A failed RDB write or load. `description` is the text Redis would log for the same failure
/// ("Short read or OOM loading DB. Unrecoverable error, aborting now.", "Wrong RDB checksum
/// expected: (...) got (...). Aborting now.", ...); `offset` is where in the file it happened.
public struct RDBError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// open/read/write/mmap failed (errno in the text).
        case io
        /// The file ends before its EOF opcode and checksum.
        case shortRead
        /// Not an RDB file, or a version this loader does not read.
        case signature
        case checksum
        /// A malformed length, blob, opcode or value.
        case corrupt
        /// A well-formed value Tessera cannot hold (streams, modules, functions).
        case unsupported
    }

    public let kind: Kind
    public let offset: Int?
    public let description: String

    init(_ kind: Kind, offset: Int?, _ description: String) {
        self.kind = kind
        self.offset = offset
        self.description = description
    }

    static func shortRead(at offset: Int) -> RDBError {
        RDBError(.shortRead, offset: offset, "Short read or OOM loading DB. Unrecoverable error, aborting now.")
    }

    /// rdbReportCorruptRDB's wording.
    static func corrupt(at offset: Int, _ reason: String) -> RDBError {
        RDBError(.corrupt, offset: offset, "Internal error in RDB reading offset \(offset), function at rdb.c -> \(reason)")
    }

    static func checksum(expected: UInt64, got: UInt64, at offset: Int) -> RDBError {
        RDBError(.checksum, offset: offset, "Wrong RDB checksum expected: (\(hex(expected))) got (\(hex(got))). Aborting now.")
    }

    static func unsupportedType(_ type: UInt8, key: UnsafeRawBufferPointer, at offset: Int) -> RDBError {
        RDBError(.unsupported, offset: offset,
                 "Unsupported RDB value type \(RDBType.name(type)) (\(type)) for key '\(printable(key))' at offset \(offset)")
    }

    static func io(_ operation: String, path: String, errno code: Int32) -> RDBError {
        RDBError(.io, offset: nil, "\(operation) \(path): errno \(code)")
    }

    private static func hex(_ value: UInt64) -> String { String(value, radix: 16) }

    /// A key for an error message, non-printable bytes as \xNN (as Redis's sdscatrepr).
    static func printable(_ bytes: UnsafeRawBufferPointer) -> String {
        var text = ""
        for byte in bytes.prefix(128) {
            if byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "'") && byte != UInt8(ascii: "\\") {
                text.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                text += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
            }
        }
        return text
    }
}
