/// Error replies of the server commands (INFO, CONFIG, COMMAND, DEBUG, SLOWLOG, LATENCY,
/// SHUTDOWN), byte for byte as Redis 7.0.
extension ReplyError {
    public static let debugNotAllowed: StaticString =
        "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server."
    public static let noConfigFile: StaticString = "ERR The server is running without a config file"
    public static let invalidCommand: StaticString = "ERR Invalid command specified"
    public static let noKeyArguments: StaticString = "ERR The command has no key arguments"
    public static let invalidArgumentCount: StaticString = "ERR Invalid number of arguments specified for command"
    public static let invalidArguments: StaticString = "ERR Invalid arguments specified for command"
    public static let slowlogCount: StaticString = "ERR count should be greater than or equal to -1"
    public static let mustBePositive: StaticString = "ERR value is out of range, must be positive"
    public static let shutdownFailed: StaticString = "ERR Errors trying to SHUTDOWN. Check logs."
    public static let noShutdownInProgress: StaticString = "ERR No shutdown in progress."
    public static let wrongProtocolType: StaticString =
        "ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false"
    public static let resp2NotSupported: StaticString = "ERR RESP2 is not supported by this command"
    public static let outOfMemory: StaticString = "OOM command not allowed when used memory > 'maxmemory'."

    public static func configSetUnknown(_ name: String) -> String {
        "ERR Unknown option or number of arguments for CONFIG SET - '\(sanitize(name))'"
    }

    public static func configSetFailed(_ name: String, _ reason: String) -> String {
        "ERR CONFIG SET failed (possibly related to argument '\(sanitize(name))') - \(reason)"
    }

    public static func rewriteFailed(_ reason: String) -> String {
        "ERR Rewriting config file: \(reason)"
    }
}
