#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The value half of a new entry: an int, bytes to copy inline (embstr), or an external object
/// whose ownership passes to the table.
public struct NewValue {
    var type: ValueType
    var encoding: ValueEncoding
    var payload: UInt64
    var inline: UnsafeRawBufferPointer?

    /// Redis's largest embstr: a robj and sdshdr8 header in one 64-byte jemalloc bin.
    static let embstrLimit = 44

    static func integer(_ value: Int64) -> NewValue {
        NewValue(type: .string, encoding: .int, payload: UInt64(bitPattern: value), inline: nil)
    }

    /// A string value encoded as Redis's createStringObject + tryObjectEncoding would: `int` for
    /// a canonical integer of at most 20 bytes, `embstr` up to 44 bytes, `raw` beyond.
    // SPI-public only so Benchmarks/ can fill a KeyTable directly.
    @_spi(Benchmarks) public static func string(_ bytes: UnsafeRawBufferPointer) -> NewValue {
        if bytes.count <= 20, let integer = Integer.parseStrict(bytes) {
            return .integer(integer)
        }
        return bytes.count <= embstrLimit ? embedded(bytes) : raw(bytes)
    }

    /// A string kept byte for byte (no int encoding), embedded when short: createStringObject.
    static func verbatimString(_ bytes: UnsafeRawBufferPointer) -> NewValue {
        bytes.count <= embstrLimit ? embedded(bytes) : raw(bytes)
    }

    static func embedded(_ bytes: UnsafeRawBufferPointer) -> NewValue {
        NewValue(type: .string, encoding: .embstr, payload: UInt64(bytes.count), inline: bytes)
    }

    /// A `raw` string with room to grow, as APPEND and SETRANGE leave it.
    static func raw(_ bytes: UnsafeRawBufferPointer, capacity: Int? = nil) -> NewValue {
        let string = RawString.allocate(copying: bytes, capacity: capacity)
        return NewValue(type: .string, encoding: .raw, payload: UInt64(UInt(bitPattern: string.base)), inline: nil)
    }

    /// The string of a `raw` value, to fill in before the value is stored.
    var rawString: RawString {
        precondition(encoding == .raw)
        return RawString(UnsafeMutableRawPointer(bitPattern: UInt(payload))!)
    }
}

extension Entry {
    static func make(key: UnsafeRawBufferPointer, hash32: UInt32, value: NewValue, expireAt: Int64?) -> Entry {
        let keyOffset = expireAt == nil ? headerSize : headerSize + expirySize
        let inlineCount = value.inline?.count ?? 0
        let base = malloc(keyOffset + key.count + inlineCount)!
        base.storeBytes(of: nil, as: UnsafeMutableRawPointer?.self)
        base.storeBytes(of: hash32, toByteOffset: 8, as: UInt32.self)
        base.storeBytes(of: UInt32(key.count), toByteOffset: 12, as: UInt32.self)
        base.storeBytes(of: value.type.rawValue, toByteOffset: 16, as: UInt8.self)
        base.storeBytes(of: value.encoding.rawValue, toByteOffset: 17, as: UInt8.self)
        base.storeBytes(of: expireAt == nil ? 0 : hasExpiryFlag, toByteOffset: 18, as: UInt8.self)
        base.storeBytes(of: Entry.initialLFU, toByteOffset: 19, as: UInt8.self)
        base.storeBytes(of: Clock.lruSeconds(), toByteOffset: 20, as: UInt32.self)
        base.storeBytes(of: value.payload, toByteOffset: 24, as: UInt64.self)
        if let expireAt {
            base.storeBytes(of: expireAt, toByteOffset: 32, as: Int64.self)
            base.storeBytes(of: Int64(-1), toByteOffset: 40, as: Int64.self)
        }
        if let source = key.baseAddress, key.count > 0 {
            memcpy(base + keyOffset, source, key.count)
        }
        if let inline = value.inline, let source = inline.baseAddress, inline.count > 0 {
            memcpy(base + keyOffset + key.count, source, inline.count)
        }
        return Entry(base)
    }

    /// Copies `old` into a new block with or without the expiry header; the caller frees `old`.
    static func relocate(_ old: Entry, expireAt: Int64?) -> Entry {
        let value = NewValue(type: old.type, encoding: old.encoding, payload: old.payload,
                             inline: old.encoding == .embstr ? old.stringBytes : nil)
        let moved = make(key: old.key, hash32: old.hash32, value: value, expireAt: expireAt)
        moved.lru = old.lru
        moved.lfu = old.lfu
        return moved
    }

    /// Redis's LFU_INIT_VAL.
    static let initialLFU: UInt8 = 5
}

extension ValueLifecycle {
    /// Frees what an entry owns outside its own block.
    static func freeValue(of entry: Entry) {
        switch entry.encoding {
        case .int, .embstr: break
        default: free(type: entry.type, encoding: entry.encoding, payload: entry.payload)
        }
    }
}
