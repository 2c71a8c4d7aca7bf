/// Setting and deleting fields, and the one-way conversion listpack -> hashtable
/// (hashTypeTryConversion / hashTypeConvert), decided by the limits at the time of the write.
extension HashValue {
    /// Redis's LISTPACK_MAX_SAFETY_SIZE: a listpack never grows past 1 GiB.
    static let listpackSafetyLimit = 1 << 30

    /// hashTypeTryConversion over the arguments about to be written: a field or value longer
    /// than `maxValue`, or a listpack that would pass the safety size, converts first.
    mutating func prepareForWrite(of arguments: Arguments, from start: Int, limits: HashLimits) {
        guard encoding == .listpack else { return }
        var sum = 0
        for index in start..<arguments.count {
            let length = arguments[index].count
            if length > limits.maxValue { return convertToHashtable() }
            sum += length
        }
        if listpack.totalBytes + sum > HashValue.listpackSafetyLimit { convertToHashtable() }
    }

    /// hashTypeSet: sets `field` to `value`; returns whether the field is new. A listpack that
    /// gets a too-long field or value, or too many fields, becomes a hashtable.
    @discardableResult
    mutating func set(_ field: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer, limits: HashLimits) -> Bool {
        if encoding == .listpack && (field.count > limits.maxValue || value.count > limits.maxValue) {
            convertToHashtable()
        }
        guard encoding == .listpack else { return dict.set(field, value: value) }
        var listpack = self.listpack
        var inserted = false
        if let fieldPosition = listpack.find(field, skip: 1) {
            listpack.replace(at: listpack.next(after: fieldPosition)!, with: .bytes(value))
        } else {
            listpack.append(.bytes(field))
            listpack.append(.bytes(value))
            inserted = true
        }
        payload = HashValue.address(listpack.base)
        if inserted && count > limits.maxEntries { convertToHashtable() }
        return inserted
    }

    /// hashTypeDelete: returns whether the field was there.
    @discardableResult
    mutating func delete(_ field: UnsafeRawBufferPointer) -> Bool {
        guard encoding == .listpack else { return dict.remove(field) }
        var listpack = self.listpack
        guard let fieldPosition = listpack.find(field, skip: 1) else { return false }
        listpack.deleteRange(from: fieldPosition, count: 2)
        payload = HashValue.address(listpack.base)
        return true
    }

    /// hashTypeConvertListpack: every pair into a new dict sized for them; never back.
    mutating func convertToHashtable() {
        guard encoding == .listpack else { return }
        let source = listpack
        let dict = ByteDict.make(.bytes)
        dict.reserve(source.count / 2)
        forEach { field, value in dict.set(field, value: value) }
        source.free()
        encoding = .hashtable
        payload = HashValue.address(dict.header)
    }
}
