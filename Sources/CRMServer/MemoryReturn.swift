/// Large blocks go straight back to the system when freed. glibc serves blocks above its mmap
/// threshold with their own mappings, but raises that threshold (up to 32 MB) each time such a
/// block is freed; the analytics' scratch arrays (tens of MB per request at a million customers)
/// then came from the heap and stayed resident after the request — ~100 MB measured after one
/// round of every analytics endpoint. A fixed 1 MB threshold keeps them mapped, so freeing them
/// returns them.
enum MemoryReturn {
    static func keepLargeBlocksMapped() {
        #if os(Linux)
        _ = mallocOptions(mmapThreshold, 1 << 20)
        #endif
    }
}

#if os(Linux)
/// glibc's `M_MMAP_THRESHOLD` parameter of `mallopt(3)`.
private let mmapThreshold: Int32 = -3

/// glibc's `mallopt(3)` (declared in `malloc.h`, which the Glibc module does not import).
@_silgen_name("mallopt")
private func mallocOptions(_ parameter: Int32, _ value: Int32) -> Int32
#endif
