/// The type of a stored value, as `TYPE` names it.
public enum ValueType: UInt8, Sendable {
    case string = 0
    case list = 1
    case set = 2
    case zset = 3
    case hash = 4

    public var name: StaticString {
        switch self {
        case .string: "string"
        case .list: "list"
        case .set: "set"
        case .zset: "zset"
        case .hash: "hash"
        }
    }
}

/// How a value is laid out in memory; the names are Redis's, which `OBJECT ENCODING` reports.
public enum ValueEncoding: UInt8, Sendable {
    case int = 0
    case embstr = 1
    case raw = 2
    case listpack = 3
    case intset = 4
    case hashtable = 5
    case skiplist = 6
    case quicklist = 7

    public var name: StaticString {
        switch self {
        case .int: "int"
        case .embstr: "embstr"
        case .raw: "raw"
        case .listpack: "listpack"
        case .intset: "intset"
        case .hashtable: "hashtable"
        case .skiplist: "skiplist"
        case .quicklist: "quicklist"
        }
    }
}
