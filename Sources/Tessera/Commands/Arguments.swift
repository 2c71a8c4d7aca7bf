import RESP

/// The arguments of one command: borrowed views into the request bytes, valid only while the
/// command runs (nothing is copied to execute a command).
public struct Arguments {
    @usableFromInline let base: UnsafeRawPointer
    @usableFromInline let spans: UnsafeBufferPointer<ArgumentSpan>

    @inlinable init(base: UnsafeRawPointer, spans: UnsafeBufferPointer<ArgumentSpan>) {
        self.base = base
        self.spans = spans
    }

    @inlinable public var count: Int { spans.count }

    @inlinable public subscript(index: Int) -> UnsafeRawBufferPointer {
        let span = spans[index]
        return UnsafeRawBufferPointer(start: base + span.start, count: span.count)
    }

    /// Case-insensitive comparison with an ASCII keyword (option names such as `NX`, `WITHSCORES`).
    @inlinable public func matches(_ index: Int, _ keyword: StaticString) -> Bool {
        Bytes.equalsIgnoringCase(self[index], keyword)
    }

    public func string(_ index: Int) -> String { String(decoding: self[index], as: UTF8.self) }
}

/// Small byte helpers shared by the command families.
public enum Bytes {
    @inlinable
    public static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ keyword: StaticString) -> Bool {
        guard bytes.count == keyword.utf8CodeUnitCount else { return false }
        let word = keyword.utf8Start
        for index in 0..<bytes.count where lower(bytes[index]) != lower(word[index]) {
            return false
        }
        return true
    }

    @inlinable @inline(__always)
    public static func lower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }
}
