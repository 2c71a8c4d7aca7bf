/// Look-ups and iteration. Listpack values stored as integers are formatted into a stack
/// buffer, so no read allocates.
extension HashValue {
    /// hashTypeExists.
    func contains(_ field: UnsafeRawBufferPointer) -> Bool {
        encoding == .listpack ? listpack.find(field, skip: 1) != nil : dict.contains(field)
    }

    /// Calls `body` with the field's value, or nil when the field is absent. The bytes are valid
    /// only inside `body`.
    func withValue<R>(of field: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
        guard encoding == .listpack else { return body(dict.find(field)?.value) }
        let listpack = self.listpack
        guard let fieldPosition = listpack.find(field, skip: 1) else { return body(nil) }
        return HashValue.withBytes(listpack, at: listpack.next(after: fieldPosition)!) { body($0) }
    }

    /// The field's value as stored: an integer when the listpack holds one (no parsing), or
    /// bytes. Nil when the field is absent.
    func storedValue(of field: UnsafeRawBufferPointer) -> ListpackValue? {
        guard encoding == .listpack else { return dict.find(field).map { .bytes($0.value) } }
        let listpack = self.listpack
        guard let fieldPosition = listpack.find(field, skip: 1) else { return nil }
        return listpack.value(at: listpack.next(after: fieldPosition)!)
    }

    /// HSTRLEN: the value's length in bytes (an integer's decimal digits), nil when absent.
    func valueLength(of field: UnsafeRawBufferPointer) -> Int? {
        switch storedValue(of: field) {
        case .none: return nil
        case .integer(let integer): return Integer.digitCount(integer)
        case .bytes(let bytes): return bytes.count
        }
    }

    /// Visits every field and value, in the encoding's order (listpack order, or dict order
    /// as HGETALL shows it). `body` must not write to the hash.
    func forEach(_ body: (_ field: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) -> Void) {
        guard encoding == .listpack else {
            dict.forEach { body($0.member, $0.value) }
            return
        }
        let listpack = self.listpack
        var position = listpack.first
        while let fieldPosition = position {
            let valuePosition = listpack.next(after: fieldPosition)!
            HashValue.withPair(listpack, fieldPosition, valuePosition, body)
            position = listpack.next(after: valuePosition)
        }
    }

    /// The pair whose field sits at `fieldPosition` of a listpack hash.
    static func withPair(_ listpack: Listpack, _ fieldPosition: Listpack.Position, _ valuePosition: Listpack.Position,
                         _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Void) {
        withBytes(listpack, at: fieldPosition) { field in
            withBytes(listpack, at: valuePosition) { value in body(field, value) }
        }
    }

    /// An entry as bytes, an integer formatted on the stack.
    static func withBytes<R>(_ listpack: Listpack, at position: Listpack.Position,
                             _ body: (UnsafeRawBufferPointer) -> R) -> R {
        switch listpack.value(at: position) {
        case .bytes(let bytes): return body(bytes)
        case .integer(let integer): return Integer.withDigits(integer, body)
        }
    }
}
