#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The text of a double as Redis 7.0's `addReplyDouble` prints it: `%.17g`.
public enum RESPDoubleFormatter {
    /// Enough for the longest `%.17g` output, "-2.2250738585072014e-308" (24 bytes).
    public static let capacity = 32

    typealias StrFromD = @convention(c) (UnsafeMutablePointer<CChar>?, Int, UnsafePointer<CChar>?, Double) -> Int32

    /// glibc's `strfromd` runs the same `%g` engine as `snprintf` but is not variadic.
    /// Swift cannot call the variadic `snprintf`, and going through `vsnprintf` needs
    /// `withVaList`, which allocates on every call. Its declaration sits behind a feature
    /// macro the Swift importer does not define, hence the lookup by name.
    static let strfromd: StrFromD? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(nil, "strfromd") else { return nil }
        return unsafeBitCast(symbol, to: StrFromD.self)
        #else
        return nil
        #endif
    }()

    /// Writes `%.17g` of a finite `value` into `destination` (at least `capacity` bytes)
    /// and returns the length. Infinities and NaN are the caller's business, as in Redis,
    /// because libc spellings of them differ between platforms.
    public static func formatFinite(_ value: Double, into destination: UnsafeMutableRawBufferPointer) -> Int {
        let format: StaticString = "%.17g"
        let formatPointer = UnsafeRawPointer(format.utf8Start).assumingMemoryBound(to: CChar.self)
        let out = destination.baseAddress!.assumingMemoryBound(to: CChar.self)
        let written: Int32
        if let strfromd {
            written = strfromd(out, destination.count, formatPointer, value)
        } else {
            written = withVaList([value]) { vsnprintf(out, destination.count, formatPointer, $0) }
        }
        return Int(min(max(written, 0), Int32(destination.count - 1)))
    }
}
