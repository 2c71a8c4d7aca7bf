@testable import Tessera

/// Byte helpers shared by the structure suites: members are built from Strings in tests only.
enum StructureBytes {
    static func with<R>(_ text: String, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        Array(text.utf8).withUnsafeBytes(body)
    }

    static func string(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

}

/// memcmp order on byte arrays, a shorter prefix first: the order a skiplist keeps for equal
/// scores, computed independently of `SkiplistNode.compare`.
func bytesPrecede(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    a.lexicographicallyPrecedes(b)
}
