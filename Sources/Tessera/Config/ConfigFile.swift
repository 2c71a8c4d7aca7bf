/// redis.conf syntax: one directive per line, arguments split like Redis's sdssplitargs, `#`
/// comments. Command-line `--name value ...` pairs become lines of the same form, as
/// redis-server does. Errors name the file and line.
public enum ConfigFile {
    public struct Directive: Sendable {
        public let name: String
        public let arguments: [String]
        public let line: Int
        public let text: String
    }

    public struct ParseError: Error, Sendable {
        public let line: Int
        public let text: String
        public let reason: String
    }

    public static func parse(_ text: String) throws(ParseError) -> [Directive] {
        var directives: [Directive] = []
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let words = splitArguments(line), let name = words.first else {
                throw ParseError(line: number + 1, text: line, reason: "Unbalanced quotes in configuration line")
            }
            directives.append(Directive(name: name.lowercased(), arguments: Array(words.dropFirst()), line: number + 1,
                                        text: line))
        }
        return directives
    }

    /// `tessera-server [file] --port 7000 --save "" ...` -> config text, as Redis's main() does.
    public static func text(fromCommandLine arguments: [String]) -> (file: String?, text: String) {
        var file: String? = nil
        var rest = arguments[...]
        if let first = rest.first, !first.hasPrefix("--") {
            file = first
            rest = rest.dropFirst()
        }
        var text = ""
        var first = true
        for argument in rest {
            if argument.hasPrefix("--") && argument.count > 2 {
                if !first { text += "\n" }
                text += String(argument.dropFirst(2)) + " "
                first = false
            } else {
                text += quote(argument) + " "
            }
        }
        return (file, text)
    }

    static func quote(_ argument: String) -> String {
        var quoted = "\""
        for scalar in argument.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }

    /// sdssplitargs over a config line.
    static func splitArguments(_ line: String) -> [String]? {
        var words: [String] = []
        var iterator = Array(line.unicodeScalars)[...]
        while true {
            while let first = iterator.first, first == " " || first == "\t" { iterator = iterator.dropFirst() }
            guard !iterator.isEmpty else { return words }
            var word = String.UnicodeScalarView()
            var inDouble = false, inSingle = false
            while true {
                guard let scalar = iterator.first else {
                    if inDouble || inSingle { return nil }
                    break
                }
                iterator = iterator.dropFirst()
                if inDouble {
                    if scalar == "\\", iterator.first == "x", iterator.count >= 3,
                       let high = hexValue(iterator.dropFirst().first!), let low = hexValue(iterator.dropFirst(2).first!) {
                        // \xHH: one byte (kept as the scalar of that value).
                        iterator = iterator.dropFirst(3)
                        word.append(Unicode.Scalar(high * 16 + low))
                    } else if scalar == "\\", let next = iterator.first {
                        iterator = iterator.dropFirst()
                        switch next {
                        case "n": word.append("\n")
                        case "r": word.append("\r")
                        case "t": word.append("\t")
                        case "b": word.append("\u{8}")
                        case "a": word.append("\u{7}")
                        default: word.append(next)
                        }
                    } else if scalar == "\"" {
                        if let next = iterator.first, next != " " && next != "\t" { return nil }
                        inDouble = false
                        break
                    } else {
                        word.append(scalar)
                    }
                } else if inSingle {
                    if scalar == "\\", iterator.first == "'" {
                        iterator = iterator.dropFirst()
                        word.append("'")
                    } else if scalar == "'" {
                        if let next = iterator.first, next != " " && next != "\t" { return nil }
                        inSingle = false
                        break
                    } else {
                        word.append(scalar)
                    }
                } else if scalar == " " || scalar == "\t" {
                    break
                } else if scalar == "\"" {
                    inDouble = true
                } else if scalar == "'" {
                    inSingle = true
                } else {
                    word.append(scalar)
                }
            }
            words.append(String(word))
        }
    }
}

private func hexValue(_ scalar: Unicode.Scalar) -> UInt8? {
    switch scalar {
    case "0"..."9": UInt8(scalar.value - 48)
    case "a"..."f": UInt8(scalar.value - 87)
    case "A"..."F": UInt8(scalar.value - 55)
    default: nil
    }
}

extension Substring {
    func trimmingWhitespace() -> String {
        var view = self[...]
        while let first = view.first, first == " " || first == "\t" || first == "\r" { view = view.dropFirst() }
        while let last = view.last, last == " " || last == "\t" || last == "\r" { view = view.dropLast() }
        return String(view)
    }
}

extension Configuration {
    /// Applies config text (a file's, or the command line's); throws the first bad line.
    public func apply(_ text: String) throws(ConfigFile.ParseError) {
        var sawSave = false
        for directive in try ConfigFile.parse(text) {
            var value = directive.arguments.joined(separator: " ")
            if directive.name == "save" {
                // Successive save lines accumulate; the first one replaces the default.
                if sawSave, let current = self["save"], !current.isEmpty, !value.isEmpty { value = current + " " + value }
                sawSave = true
            }
            guard parameters[directive.name] != nil else {
                throw ConfigFile.ParseError(line: directive.line, text: directive.text,
                                            reason: "Bad directive or wrong number of arguments")
            }
            guard !directive.arguments.isEmpty || directive.name == "save" || parameters[directive.name]?.kind.allowsEmpty == true else {
                throw ConfigFile.ParseError(line: directive.line, text: directive.text,
                                            reason: "Bad directive or wrong number of arguments")
            }
            do {
                try set(directive.name, value)
            } catch {
                let reason: String
                switch error {
                case .invalid(let message): reason = message
                case .unknown, .immutable: reason = "Bad directive or wrong number of arguments"
                }
                throw ConfigFile.ParseError(line: directive.line, text: directive.text, reason: reason)
            }
        }
    }
}

extension ConfigParameter.Kind {
    var allowsEmpty: Bool {
        if case .string = self { return true }
        return false
    }
}
