/// Redis 7.0.15's error replies of the connection commands (HELLO, AUTH, CLIENT, MONITOR).
extension ReplyError {
    public static let noProto: StaticString = "NOPROTO unsupported protocol version"
    public static let protocolVersionNotInteger: StaticString = "ERR Protocol version is not an integer or out of range"
    public static let helloNoAuth: StaticString =
        "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time"
    public static let invalidClientName: StaticString =
        "ERR Client names cannot contain spaces, newlines or special characters."
    public static let invalidClientID: StaticString = "ERR Invalid client ID"
    public static let unblocked: StaticString = "UNBLOCKED client unblocked via CLIENT UNBLOCK"
    public static let clientIDNotPositive: StaticString = "ERR client-id should be greater than 0"
    public static let noSuchClient: StaticString = "ERR No such client"
    public static let timeoutNotInteger: StaticString = "ERR timeout is not an integer or out of range"
    public static let timeoutNegative: StaticString = "ERR timeout is negative"
    public static let timeoutNotFloat: StaticString = "ERR timeout is not a float or out of range"
    public static let timeoutOutOfRange: StaticString = "ERR timeout is out of range"
    public static let pauseMode: StaticString = "ERR CLIENT PAUSE mode must be WRITE or ALL"
    public static let unblockReason: StaticString = "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"
    public static let cachingWithoutTracking: StaticString =
        "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled"
    public static let trackingUnsupported: StaticString = "ERR client-side caching (CLIENT TRACKING ON) is not supported"
    public static let replicaKeyspace: StaticString = "ERR Replica can't interact with the keyspace"
    public static let intOutOfRange: StaticString =
        "ERR value is out of range, value must between -2147483648 and 2147483647"
    public static let maxClients: StaticString = "ERR max number of clients reached"

    public static func unknownClientType(_ type: String) -> String {
        "ERR Unknown client type '\(type)'"
    }

    public static func noSuchUser(_ user: String) -> String {
        "ERR No such user '\(user)'"
    }

    public static func helloSyntax(_ option: String) -> String {
        "ERR Syntax error in HELLO option '\(option)'"
    }

}
