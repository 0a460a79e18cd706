/// Plain-scalar resolution by go-yaml v2's rules (``YAMLSchema/yaml11``): the result's text is the
/// canonical spelling of the value, so the rest of the module reads it as it reads YAML 1.2.
enum YAML11Resolver {
    /// The type and canonical text of an untagged plain scalar.
    static func resolvePlain(_ text: String) -> (type: YAMLScalarType, text: String) {
        switch text {
        case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON": return (.bool, "true")
        case "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF": return (.bool, "false")
        case "", "~", "null", "Null", "NULL": return (.null, "null")
        case ".nan", ".NaN", ".NAN": return (.float, ".nan")
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return (.float, ".inf")
        case "-.inf", "-.Inf", "-.INF": return (.float, "-.inf")
        default: break
        }
        let bytes = Array(text.utf8)
        guard let first = bytes.first else { return (.string, text) }
        switch first {
        case UInt8(ascii: "."):
            // go-yaml hands these to strconv.ParseFloat as written: underscores only between digits.
            let plain = bytes.filter { $0 != UInt8(ascii: "_") }
            guard underscoresSeparateDigits(bytes), isDecimalFloat(plain) else { return (.string, text) }
            return number(Double(String(decoding: plain, as: UTF8.self))) ?? (.string, text)
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"):
            let plain = bytes.filter { $0 != UInt8(ascii: "_") }
            if let value = goInteger(plain) { return (.int, value) }
            if isDecimalFloat(plain), let resolved = number(Double(String(decoding: plain, as: UTF8.self))) { return resolved }
            return (.string, text)
        default:
            return (.string, text)
        }
    }

    /// Whether an explicitly tagged scalar's text is a valid `type`, and its canonical text.
    static func resolveTagged(_ text: String, as type: YAMLScalarType) -> (type: YAMLScalarType, text: String)? {
        if type == .string { return (.string, text) }
        let resolved = resolvePlain(text)
        if resolved.type == type || (type == .float && resolved.type == .int) { return resolved }
        return nil
    }

    /// A float value as JSON carries it: integral values within 64 bits as integers.
    private static func number(_ value: Double?) -> (type: YAMLScalarType, text: String)? {
        guard let value else { return nil }
        if value == value.rounded(), abs(value) < 9.2e18 { return (.int, String(Int64(value))) }
        return (.float, ScalarResolver.canonicalText(of: value))
    }

    /// strconv.ParseInt(s, 0, 64), then ParseUint: optional sign, `0x`/`0o`/`0b` prefixes (any
    /// case), a leading `0` for octal. Returns the decimal text, or nil.
    private static func goInteger(_ bytes: [UInt8]) -> String? {
        var digits = bytes[...]
        var negative = false
        if let sign = digits.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard let first = digits.first else { return nil }
        var radix = 10
        if first == UInt8(ascii: "0"), digits.count >= 2 {
            let marker = digits[digits.startIndex + 1] | 0x20
            if digits.count >= 3, marker == UInt8(ascii: "x") {
                radix = 16
                digits = digits.dropFirst(2)
            } else if digits.count >= 3, marker == UInt8(ascii: "o") {
                radix = 8
                digits = digits.dropFirst(2)
            } else if digits.count >= 3, marker == UInt8(ascii: "b") {
                radix = 2
                digits = digits.dropFirst(2)
            } else {
                radix = 8
                digits = digits.dropFirst()
            }
        }
        guard !digits.isEmpty, let magnitude = UInt64(String(decoding: digits, as: UTF8.self), radix: radix) else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == 0 ? "0" : "-\(magnitude)"
        }
        return String(magnitude)
    }

    /// Whether every `_` stands between two digits, as Go's number syntax requires.
    private static func underscoresSeparateDigits(_ b: [UInt8]) -> Bool {
        func isDigit(_ i: Int) -> Bool { i >= 0 && i < b.count && b[i] >= 0x30 && b[i] <= 0x39 }
        return b.indices.allSatisfy { b[$0] != UInt8(ascii: "_") || (isDigit($0 - 1) && isDigit($0 + 1)) }
    }

    /// go-yaml's float pattern: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
    private static func isDecimalFloat(_ b: [UInt8]) -> Bool {
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        var i = 0
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
        let integerStart = i
        while i < b.count, isDigit(b[i]) { i += 1 }
        let integerDigits = i - integerStart
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while i < b.count, isDigit(b[i]) { i += 1 }
            guard integerDigits > 0 || i > fractionStart else { return false }
        } else if integerDigits == 0 {
            return false
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            let exponentStart = i
            while i < b.count, isDigit(b[i]) { i += 1 }
            guard i > exponentStart else { return false }
        }
        return i == b.count
    }
}
