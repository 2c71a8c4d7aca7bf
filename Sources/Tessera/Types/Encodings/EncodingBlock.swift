#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The malloc calls behind listpacks and intsets. Blocks are resized to their exact size on every
/// change, as Redis's intset does (its listpack skips the call while the allocation still has
/// room); jemalloc and glibc resize in place within a size class, so the common case copies
/// nothing either way.
enum EncodingBlock {
    static func allocate(_ byteCount: Int) -> UnsafeMutableRawPointer {
        guard let block = malloc(byteCount) else { fatalError("out of memory allocating \(byteCount) bytes") }
        return block
    }

    static func reallocate(_ block: UnsafeMutableRawPointer, to byteCount: Int) -> UnsafeMutableRawPointer {
        guard let moved = realloc(block, byteCount) else { fatalError("out of memory reallocating to \(byteCount) bytes") }
        return moved
    }

    static func release(_ block: UnsafeMutableRawPointer) {
        free(block)
    }

    /// A block holding a copy of `bytes`.
    static func copy(_ bytes: UnsafeRawBufferPointer) -> UnsafeMutableRawPointer {
        let block = allocate(bytes.count)
        if let source = bytes.baseAddress { block.copyMemory(from: source, byteCount: bytes.count) }
        return block
    }
}
