/// Streams are not a Tessera type yet: a load refuses them (naming the key), but the checker and
/// the tests step over one to verify the rest of a file. The layout is rdbSaveObject's for
/// STREAM_LISTPACKS (v1), _2 (adds first id, max deleted id, entries added, entries read) and
/// _3 (adds each consumer's active time).
extension RDBLoader {
    mutating func skipStream(type: UInt8) throws(RDBError) {
        let version = type == RDBType.streamListpacks ? 1 : type == RDBType.streamListpacks2 ? 2 : 3
        let nodes = try reader.readCount(minimumBytes: 2)
        for _ in 0..<nodes {
            try reader.skipString()
            try reader.skipString()
        }
        _ = try reader.readLength()                            // length
        try skipLengths(2)                                     // last id
        if version >= 2 { try skipLengths(5) }                 // first id, max deleted id, entries added
        let groups = try reader.readCount()
        for _ in 0..<groups {
            try reader.skipString()                            // name
            try skipLengths(version >= 2 ? 3 : 2)              // last id, entries read
            let pending = try reader.readCount(minimumBytes: 17)
            for _ in 0..<pending {
                _ = try reader.readBytes(16 + 8)               // id, delivery time
                _ = try reader.readLength()                    // delivery count
            }
            let consumers = try reader.readCount()
            for _ in 0..<consumers {
                try reader.skipString()                        // name
                _ = try reader.readBytes(version >= 3 ? 16 : 8) // seen time, active time
                let owned = try reader.readCount(minimumBytes: 16)
                _ = try reader.readBytes(owned * 16)
            }
        }
    }

    private mutating func skipLengths(_ count: Int) throws(RDBError) {
        for _ in 0..<count { _ = try reader.readLength() }
    }
}
