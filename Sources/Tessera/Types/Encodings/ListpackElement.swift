/// A value to store in a listpack. Bytes that spell a canonical Int64 ("12", "-7", not "007" or
/// "+5") are stored as that integer, as lpInsertString does, so a listpack built here holds the
/// same bytes as one Redis built from the same commands.
public enum ListpackElement {
    case bytes(UnsafeRawBufferPointer)
    case integer(Int64)
}

/// An entry as read back: an integer, or bytes pointing into the listpack (valid until the next
/// mutation).
public enum ListpackValue {
    case integer(Int64)
    case bytes(UnsafeRawBufferPointer)
}
