#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value held outside any table: what `KeyTable.detach` hands out and `attach` takes back, so
/// RENAME, MOVE and cross-shard moves transfer a value without copying its external memory.
/// Whoever holds one owns its memory: attach it or `release()` it.
public struct StoredValue {
    var type: ValueType
    var encoding: ValueEncoding
    /// int value or pointer to an external object; for embstr, unused.
    var payload: UInt64
    /// Owned copy of an embstr's bytes (malloc'd), nil otherwise.
    var inlineBytes: UnsafeMutableRawBufferPointer?
    var expireAt: Int64?

    static func integer(_ value: Int64) -> StoredValue {
        StoredValue(type: .string, encoding: .int, payload: UInt64(bitPattern: value), inlineBytes: nil, expireAt: nil)
    }

    /// Copies the value out of `entry` (deep for external objects), leaving the entry as it is.
    static func copy(of entry: Entry) -> StoredValue {
        var value = StoredValue(type: entry.type, encoding: entry.encoding, payload: entry.payload, inlineBytes: nil,
                                expireAt: entry.expireAt)
        switch entry.encoding {
        case .embstr:
            value.inlineBytes = copyBytes(entry.stringBytes)
        case .int:
            break
        default:
            value.payload = ValueLifecycle.clone(type: entry.type, encoding: entry.encoding, payload: entry.payload)
        }
        return value
    }

    static func copyBytes(_ bytes: UnsafeRawBufferPointer) -> UnsafeMutableRawBufferPointer {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        if bytes.count > 0 { copy.copyMemory(from: bytes) }
        return UnsafeMutableRawBufferPointer(rebasing: copy[0..<bytes.count])
    }

    func release() {
        if let inlineBytes {
            inlineBytes.deallocate()
        } else if encoding != .int {
            ValueLifecycle.free(type: type, encoding: encoding, payload: payload)
        }
    }
}

/// Frees and clones the external objects of each type; each type's storage adds its case here.
enum ValueLifecycle {
    static func free(type: ValueType, encoding: ValueEncoding, payload: UInt64) {
        switch (type, encoding) {
        case (.string, .raw):
            RawString(UnsafeMutableRawPointer(bitPattern: UInt(payload))!).deallocate()
        case (.string, .int), (.string, .embstr):
            break
        case (.list, .quicklist):
            ListValue(payload: payload).free()
        case (.hash, .listpack), (.hash, .hashtable):
            HashValue(encoding: encoding, payload: payload).free()
        case (.set, .intset), (.set, .hashtable):
            SetValue(encoding: encoding, payload: payload).free()
        case (.zset, .listpack), (.zset, .skiplist):
            SortedSetValue(encoding: encoding, payload: UnsafeMutableRawPointer(bitPattern: UInt(payload))!).free()
        default:
            preconditionFailure("no storage for \(type) \(encoding)")
        }
    }

    static func clone(type: ValueType, encoding: ValueEncoding, payload: UInt64) -> UInt64 {
        switch (type, encoding) {
        case (.string, .raw):
            let source = RawString(UnsafeMutableRawPointer(bitPattern: UInt(payload))!)
            return UInt64(UInt(bitPattern: RawString.allocate(copying: source.bytes).base))
        case (.string, .int), (.string, .embstr):
            return payload
        case (.list, .quicklist):
            return ListValue(payload: payload).clone().newValue.payload
        case (.hash, .listpack), (.hash, .hashtable):
            return HashValue(encoding: encoding, payload: payload).clone().payload
        case (.set, .intset), (.set, .hashtable):
            return SetValue(encoding: encoding, payload: payload).clone().payload
        case (.zset, .listpack), (.zset, .skiplist):
            return SortedSetValue(encoding: encoding, payload: UnsafeMutableRawPointer(bitPattern: UInt(payload))!)
                .clone().payloadBits
        default:
            preconditionFailure("no storage for \(type) \(encoding)")
        }
    }
}
