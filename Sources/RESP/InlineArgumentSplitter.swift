/// `sdssplitargs` from sds.c, which Redis uses to split inline commands (and redis-cli
/// its input), reproduced byte for byte including its quirks: a quote may open in the
/// middle of a token, a closing quote must be followed by whitespace or the end, and
/// only space, tab, CR and LF end an unquoted token although `isspace` separates tokens.
public enum InlineArgumentSplitter {
    /// Returns nil where Redis reports "unbalanced quotes". `line` holds no NUL (the
    /// line scanner stops at one), so its end plays the part of the C terminator.
    public static func split(_ line: UnsafeRawBufferPointer) -> [[UInt8]]? {
        let end = line.count
        @inline(__always) func at(_ index: Int) -> UInt8 { index < end ? line[index] : 0 }

        var arguments: [[UInt8]] = []
        var index = 0
        while true {
            while index < end && isCSpace(line[index]) { index += 1 }
            if index >= end { return arguments }

            var current: [UInt8] = []
            var inDoubleQuotes = false
            var inSingleQuotes = false
            var done = false
            while !done {
                let byte = at(index)
                if inDoubleQuotes {
                    let next = at(index + 1)
                    if byte == UInt8(ascii: "\\") && next == UInt8(ascii: "x"),
                       let high = hexValue(at(index + 2)), let low = hexValue(at(index + 3)) {
                        current.append(high << 4 | low)
                        index += 3
                    } else if byte == UInt8(ascii: "\\") && next != 0 {
                        index += 1
                        switch next {
                        case UInt8(ascii: "n"): current.append(UInt8(ascii: "\n"))
                        case UInt8(ascii: "r"): current.append(UInt8(ascii: "\r"))
                        case UInt8(ascii: "t"): current.append(UInt8(ascii: "\t"))
                        case UInt8(ascii: "b"): current.append(0x08)
                        case UInt8(ascii: "a"): current.append(0x07)
                        default: current.append(next)
                        }
                    } else if byte == UInt8(ascii: "\"") {
                        if next != 0 && !isCSpace(next) { return nil }
                        done = true
                    } else if byte == 0 {
                        return nil
                    } else {
                        current.append(byte)
                    }
                } else if inSingleQuotes {
                    let next = at(index + 1)
                    if byte == UInt8(ascii: "\\") && next == UInt8(ascii: "'") {
                        index += 1
                        current.append(UInt8(ascii: "'"))
                    } else if byte == UInt8(ascii: "'") {
                        if next != 0 && !isCSpace(next) { return nil }
                        done = true
                    } else if byte == 0 {
                        return nil
                    } else {
                        current.append(byte)
                    }
                } else {
                    switch byte {
                    case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"), 0:
                        done = true
                    case UInt8(ascii: "\""):
                        inDoubleQuotes = true
                    case UInt8(ascii: "'"):
                        inSingleQuotes = true
                    default:
                        current.append(byte)
                    }
                }
                // `if (*p) p++` in the C: never step past the terminator.
                if index < end { index += 1 }
            }
            arguments.append(current)
        }
    }

    /// `isspace` in the C locale. Bytes above 0x7F are negative `char`s there, never space.
    @inline(__always)
    static func isCSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
