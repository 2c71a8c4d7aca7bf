/// The opcodes between keys (rdb.h's RDB_OPCODE_*).
enum RDBOpcode {
    static let function2: UInt8 = 245
    static let function: UInt8 = 246
    static let moduleAux: UInt8 = 247
    static let idle: UInt8 = 248
    static let freq: UInt8 = 249
    static let aux: UInt8 = 250
    static let resizeDB: UInt8 = 251
    static let expireTimeMilliseconds: UInt8 = 252
    static let expireTime: UInt8 = 253
    static let selectDB: UInt8 = 254
    static let eof: UInt8 = 255
}

/// Value types (rdb.h's RDB_TYPE_*), including the ones only older versions write.
enum RDBType {
    static let string: UInt8 = 0
    static let list: UInt8 = 1
    static let set: UInt8 = 2
    static let zset: UInt8 = 3
    static let hash: UInt8 = 4
    static let zset2: UInt8 = 5
    static let module: UInt8 = 6
    static let module2: UInt8 = 7
    static let hashZipmap: UInt8 = 9
    static let listZiplist: UInt8 = 10
    static let setIntset: UInt8 = 11
    static let zsetZiplist: UInt8 = 12
    static let hashZiplist: UInt8 = 13
    static let listQuicklist: UInt8 = 14
    static let streamListpacks: UInt8 = 15
    static let hashListpack: UInt8 = 16
    static let zsetListpack: UInt8 = 17
    static let listQuicklist2: UInt8 = 18
    static let streamListpacks2: UInt8 = 19
    static let setListpack: UInt8 = 20
    static let streamListpacks3: UInt8 = 21

    static func isStream(_ type: UInt8) -> Bool {
        type == streamListpacks || type == streamListpacks2 || type == streamListpacks3
    }

    /// The TYPE name of what a value type loads as (redis-check-rdb's per-type counts).
    static func name(_ type: UInt8) -> String {
        switch type {
        case string: "string"
        case list, listZiplist, listQuicklist, listQuicklist2: "list"
        case set, setIntset, setListpack: "set"
        case zset, zset2, zsetZiplist, zsetListpack: "zset"
        case hash, hashZipmap, hashZiplist, hashListpack: "hash"
        case module, module2: "module"
        case streamListpacks, streamListpacks2, streamListpacks3: "stream"
        default: "unknown"
        }
    }
}

/// Format constants: the magic, the version written and the newest read, length encodings.
enum RDBFormat {
    static let version = 10
    static let newestReadable = 11
    static let redisVersion = "7.0.15"

    static let length6Bit: UInt8 = 0
    static let length14Bit: UInt8 = 1
    static let length32Bit: UInt8 = 0x80
    static let length64Bit: UInt8 = 0x81
    static let encodedValue: UInt8 = 3
    static let encodingInt8: UInt8 = 0
    static let encodingInt16: UInt8 = 1
    static let encodingInt32: UInt8 = 2
    static let encodingLZF: UInt8 = 3

    /// quicklist 2 node containers.
    static let containerPlain = 1
    static let containerPacked = 2
}
