/// Version strings: Tessera's own, and the Redis version it is compatible with, which INFO
/// reports as `redis_version` so clients enable Redis 7 features.
public enum TesseraVersion {
    public static let current = "0.1.0"
    public static let redisCompatible = "7.0.15"
}
