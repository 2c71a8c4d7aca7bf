#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `body` with a fresh directory as the process's working directory (where SAVE and BGSAVE
/// write, as in Redis), then returns to the previous one and removes the directory. Tests run
/// serially (`--no-parallel`), so changing the process-wide directory is safe.
func inTemporaryDirectory(_ body: (String) async throws -> Void) async throws {
    var template = Array("/tmp/tessera-tests-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { throw TemporaryDirectoryError() }
    let path = String(cString: made)
    var previous = [CChar](repeating: 0, count: Int(PATH_MAX))
    guard getcwd(&previous, previous.count) != nil, chdir(path) == 0 else { throw TemporaryDirectoryError() }
    defer {
        chdir(previous)
        removeTree(path)
    }
    try await body(path)
}

struct TemporaryDirectoryError: Error {}

/// rm -r of a small test directory.
func removeTree(_ path: String) {
    if let directory = opendir(path) {
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name == "." || name == ".." { continue }
            removeTree(path + "/" + name)
        }
        closedir(directory)
        rmdir(path)
    } else {
        unlink(path)
    }
}

func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }

/// The `temp-*.rdb` files a save left in `directory`.
func temporaryFiles(in directory: String) -> [String] {
    guard let handle = opendir(directory) else { return [] }
    defer { closedir(handle) }
    var names: [String] = []
    while let entry = readdir(handle) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name.hasPrefix("temp-") { names.append(name) }
    }
    return names
}
