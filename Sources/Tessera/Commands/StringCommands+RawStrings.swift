#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing into a string value in place, as Redis does through sds: the family's commands that
/// grow or patch a string (APPEND, SETRANGE, SETBIT, BITFIELD) share these, so every one of them
/// leaves the same `raw` string with the same spare room that Redis's sdsMakeRoomFor would.
extension StringCommands {
    /// Redis's dbUnshareStringValue then sdsgrowzero: the key's value as a `raw` string at least
    /// `length` bytes long, the new bytes zeroed. An `int` or `embstr` value becomes an unshared
    /// raw copy (its TTL kept). Records nothing: the caller calls `keyspace.modified` once done.
    static func unsharedRaw(_ entry: Entry, key: UnsafeRawBufferPointer, zeroPaddedTo length: Int,
                            _ context: inout CommandContext) -> RawString {
        let oldLength = self.length(of: entry)
        let newLength = max(oldLength, length)
        let string: RawString
        if entry.encoding == .raw {
            string = growRaw(entry, to: newLength, key: key, &context)
        } else {
            let capacity = newLength > oldLength ? greedyCapacity(newLength) : oldLength
            let value = withBytes(of: entry) { NewValue.raw($0, capacity: capacity) }
            string = value.rawString
            context.keyspace.table(for: key).store(key, hash: KeyHash.hash(key), value: value, expiry: .keep)
        }
        if newLength > oldLength {
            memset(string.mutableBytes + oldLength, 0, newLength - oldLength)
            string.length = newLength
        }
        return string
    }

    /// A new `raw` string of `length` zero bytes and no spare room (sdsnewlen(NULL, length)).
    static func zeroedRaw(length: Int) -> (NewValue, RawString) {
        let value = NewValue.raw(emptyBytes, capacity: length)
        let string = value.rawString
        memset(string.mutableBytes, 0, length)
        string.length = length
        return (value, string)
    }

    /// The raw string of `entry` with room for `length` bytes, re-pointing the entry when it moved.
    static func growRaw(_ entry: Entry, to length: Int, key: UnsafeRawBufferPointer,
                        _ context: inout CommandContext) -> RawString {
        let old = RawString(entry.object)
        let grown = old.reserving(length)
        if grown.base != old.base {
            context.keyspace.table(for: key).setPayload(of: entry, encoding: .raw,
                                                        payload: UInt64(UInt(bitPattern: grown.base)))
        }
        return grown
    }

    @inline(__always)
    static func copy(_ bytes: UnsafeRawBufferPointer, to destination: UnsafeMutableRawPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        memcpy(destination, source, bytes.count)
    }
}
