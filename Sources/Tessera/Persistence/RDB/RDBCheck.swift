/// redis-check-rdb for tools and embedders: the loader's full validation over a file, into
/// throwaway tables, reporting its AUX fields and keys per type (streams stepped over).
public enum RDBCheck {
    public static func check(path: String) throws(RDBError) -> RDBCheckReport {
        let file = try MappedFile(path: path)
        defer { file.close() }
        return try RDBFile.check(bytes: file.bytes, limits: CollectionLimits(configuration: Configuration()))
    }
}
