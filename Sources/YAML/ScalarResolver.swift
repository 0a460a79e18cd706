/// Type resolution and value parsing for scalars by the YAML 1.2 core schema.
enum ScalarResolver {
    /// The type an untagged plain scalar resolves to.
    static func resolvePlain(_ text: String) -> YAMLScalarType {
        if let first = text.utf8.first, !mayStartNonString(first) { return .string }
        let bytes = Array(text.utf8)
        if isNull(bytes) { return .null }
        if isBool(text) { return .bool }
        if isInt(bytes) { return .int }
        if isFloat(bytes) { return .float }
        return .string
    }

    /// Whether `text` is a valid spelling of `type` (for explicitly tagged scalars).
    /// `!!float` also accepts integer spellings.
    static func accepts(_ text: String, as type: YAMLScalarType) -> Bool {
        let bytes = Array(text.utf8)
        switch type {
        case .null: return isNull(bytes)
        case .bool: return isBool(text)
        case .int: return isInt(bytes)
        case .float: return isFloat(bytes) || isInt(bytes)
        case .string: return true
        }
    }

    static func boolValue(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }

    /// The value of an integer spelling, or nil when it is not one or does not fit `Int64`.
    static func integerValue(_ text: String) -> Int64? {
        var digits = Substring(text)
        if digits.hasPrefix("0x") { return Int64(digits.dropFirst(2), radix: 16) }
        if digits.hasPrefix("0o") { return Int64(digits.dropFirst(2), radix: 8) }
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard let magnitude = UInt64(digits, radix: 10) else { return nil }
        if negative {
            if magnitude == UInt64(Int64.max) + 1 { return Int64.min }
            return Int64(exactly: magnitude).map { -$0 }
        }
        return Int64(exactly: magnitude)
    }

    /// The value of a float (or integer) spelling, including `.inf`, `-.inf` and `.nan`.
    static func floatValue(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        if isInt(Array(text.utf8)) { return integerValue(text).map(Double.init) ?? Double(text) }
        return Double(text)
    }

    /// A spelling of `value` that YAML 1.2 and YAML 1.1 readers both resolve to a float.
    static func canonicalText(of value: Double) -> String {
        if value.isNaN { return ".nan" }
        if value.isInfinite { return value < 0 ? "-.inf" : ".inf" }
        var text = "\(value)"
        if !text.contains(".") {
            if let exponent = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
                text.insert(contentsOf: ".0", at: exponent)
            } else {
                text += ".0"
            }
        }
        return text
    }

    // MARK: - Core schema patterns

    /// Whether a plain scalar starting with `c` can resolve to anything but a string.
    private static func mayStartNonString(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
            UInt8(ascii: "f"), UInt8(ascii: "F"):
            true
        default: false
        }
    }

    private static func isNull(_ b: [UInt8]) -> Bool {
        b.isEmpty || b == Array("~".utf8) || b == Array("null".utf8) || b == Array("Null".utf8)
            || b == Array("NULL".utf8)
    }

    private static func isBool(_ text: String) -> Bool { boolValue(text) != nil }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    private static func isOctal(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x37 }
    private static func isHex(_ c: UInt8) -> Bool {
        isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)
    }
    private static func isSign(_ c: UInt8) -> Bool { c == UInt8(ascii: "+") || c == UInt8(ascii: "-") }

    /// `[-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+`
    static func isInt(_ b: [UInt8]) -> Bool {
        if b.count > 2, b[0] == UInt8(ascii: "0") {
            if b[1] == UInt8(ascii: "o") { return b.dropFirst(2).allSatisfy(isOctal) }
            if b[1] == UInt8(ascii: "x") { return b.dropFirst(2).allSatisfy(isHex) }
        }
        let digits = b.first.map(isSign) == true ? b.dropFirst() : b[...]
        return !digits.isEmpty && digits.allSatisfy(isDigit)
    }

    /// `[-+]? ( \.[0-9]+ | [0-9]+ ( \.[0-9]* )? ) ( [eE][-+]?[0-9]+ )?`, `[-+]?\.inf`, `\.nan`
    static func isFloat(_ b: [UInt8]) -> Bool {
        let text = String(decoding: b, as: UTF8.self)
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
            ".nan", ".NaN", ".NAN":
            return true
        default: break
        }
        var i = 0
        if i < b.count, isSign(b[i]) { i += 1 }
        let integerStart = i
        while i < b.count, isDigit(b[i]) { i += 1 }
        let integerDigits = i - integerStart
        var fractionDigits = 0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while i < b.count, isDigit(b[i]) { i += 1 }
            fractionDigits = i - fractionStart
        }
        guard integerDigits > 0 || fractionDigits > 0 else { return false }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, isSign(b[i]) { i += 1 }
            let exponentStart = i
            while i < b.count, isDigit(b[i]) { i += 1 }
            guard i > exponentStart else { return false }
        }
        return i == b.count
    }
}
