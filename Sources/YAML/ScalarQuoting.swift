/// Decides when a string must be quoted so that it reads back as the same string, both by
/// YAML 1.2 readers and by YAML 1.1 readers (go-yaml v2, PyYAML) that still see `yes`/`on`/`0644`
/// as booleans and numbers. Indicators, `: `, ` #`, and leading or trailing spaces are
/// left to libyaml's emitter, which never writes them plain.
enum ScalarQuoting {
    private static let yaml11Words: Set<String> = [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "on", "On", "ON", "off", "Off", "OFF", "<<", "=",
    ]

    static func needsQuotes(_ text: String) -> Bool {
        if text.isEmpty || ScalarResolver.resolvePlain(text) != .string || yaml11Words.contains(text) {
            return true
        }
        return looksNumeric(Array(text.utf8)) || looksLikeDate(Array(text.utf8))
    }

    /// A YAML 1.1 number in any spelling (`0644`, `1_000`, `0b101`, `1:30`, `1.5e3`, `.inf`),
    /// over-approximated: a sign, then a digit or `.`, then only number characters.
    private static func looksNumeric(_ b: [UInt8]) -> Bool {
        var rest = b[...]
        if let first = rest.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { rest = rest.dropFirst() }
        guard let first = rest.first, isDigit(first) || first == UInt8(ascii: ".") else { return false }
        let text = String(decoding: rest, as: UTF8.self)
        if [".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"].contains(text) { return true }
        return rest.allSatisfy { c in
            isDigit(c) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "F"))
                || "xXoObB_.:+-".utf8.contains(c)
        }
    }

    /// A YAML 1.1 timestamp starts with `YYYY-`.
    private static func looksLikeDate(_ b: [UInt8]) -> Bool {
        b.count >= 5 && b[0..<4].allSatisfy(isDigit) && b[4] == UInt8(ascii: "-")
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
}
