#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place collection structures get and return their blocks: plain malloc (jemalloc in
/// the server), so a forked snapshot child walks them without touching a reference count.
///
/// Debug builds count live blocks per thread (`liveBlocks`), which lets a test prove that a
/// structure freed everything it allocated without being disturbed by tests on other threads.
enum StructureMemory {
    @inline(__always)
    static func allocate(_ size: Int) -> UnsafeMutableRawPointer {
        guard let block = malloc(size) else { fatalError("out of memory allocating \(size) bytes") }
        #if DEBUG
        liveBlocks += 1
        #endif
        return block
    }

    /// A block of `count` zeroed pointers (bucket arrays).
    @inline(__always)
    static func allocateZeroed(pointers count: Int) -> UnsafeMutablePointer<UnsafeMutableRawPointer?> {
        guard let block = calloc(count, MemoryLayout<UnsafeMutableRawPointer?>.stride) else {
            fatalError("out of memory allocating \(count) buckets")
        }
        #if DEBUG
        liveBlocks += 1
        #endif
        return block.bindMemory(to: UnsafeMutableRawPointer?.self, capacity: count)
    }

    @inline(__always)
    static func deallocate(_ block: UnsafeMutableRawPointer?) {
        guard let block else { return }
        #if DEBUG
        liveBlocks -= 1
        #endif
        free(block)
    }

    @inline(__always)
    static func deallocate(_ block: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) {
        deallocate(block.map(UnsafeMutableRawPointer.init))
    }

    /// Bytes the allocator really reserved for `block` (MEMORY USAGE counts these, as Redis's
    /// zmalloc_size does); the requested size is not known here, so without the allocator's
    /// answer this is 0.
    @inline(__always)
    static func usableSize(_ block: UnsafeRawPointer?) -> Int {
        guard let block, let usableSizeOf else { return 0 }
        return usableSizeOf(block)
    }

    private typealias UsableSize = @convention(c) (UnsafeRawPointer?) -> Int

    /// glibc and jemalloc both export `malloc_usable_size`, which Swift's Glibc module does not
    /// declare: found once with `dlsym`, like MemoryStats finds `mallctl`.
    private static let usableSizeOf: UsableSize? = {
        #if canImport(Darwin)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: -2), "malloc_size") else { return nil }
        #else
        guard let symbol = dlsym(nil, "malloc_usable_size") else { return nil }
        #endif
        return unsafeBitCast(symbol, to: UsableSize.self)
    }()

    #if DEBUG
    private static let liveBlocksKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Blocks this thread allocated and has not freed (debug builds only).
    static var liveBlocks: Int {
        get { Int(bitPattern: pthread_getspecific(liveBlocksKey)) }
        set { pthread_setspecific(liveBlocksKey, UnsafeRawPointer(bitPattern: newValue)) }
    }
    #endif
}
