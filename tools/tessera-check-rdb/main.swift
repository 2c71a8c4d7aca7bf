import Tessera

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// redis-check-rdb's output lines, from Tessera's loader.
let arguments = CommandLine.arguments
guard arguments.count == 2 else {
    print("Usage: \(arguments[0]) <rdb-file-name>")
    exit(1)
}
let path = arguments[1]
print("[offset 0] Checking RDB file \(path)")
do throws(RDBError) {
    let report = try RDBCheck.check(path: path)
    print("[offset 9] RDB version \(report.rdbVersion)")
    for (key, value) in report.auxFields {
        print("[offset 0] AUX FIELD \(key) = '\(value)'")
    }
    if report.checksum == 0 {
        print("[offset \(report.bytes)] RDB file was saved with checksum disabled: no check performed.")
    } else {
        print("[offset \(report.bytes)] Checksum OK")
    }
    print("[offset \(report.bytes)] \\o/ RDB looks OK! \\o/")
    print("[info] \(report.keysByType.values.reduce(0, +)) keys read")
    for (type, count) in report.keysByType.sorted(by: { $0.key < $1.key }) {
        print("[info] \(count) keys of type \(type)")
    }
    print("[info] \(report.expiredKeys) already expired")
} catch {
    print("--- RDB ERROR DETECTED ---")
    print("[offset \(error.offset ?? 0)] \(error.description)")
    exit(1)
}
