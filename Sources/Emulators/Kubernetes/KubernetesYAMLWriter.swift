import JSON

/// Writes a JSON value as block-style YAML (what `Accept: application/yaml` answers): mappings with sorted
/// keys, sequences with `- `, strings quoted JSON-style whenever plain YAML could read them differently.
enum KubernetesYAMLWriter {
    static func yaml(_ value: JSONValue) -> String {
        var out = ""
        write(value, indent: 0, into: &out, inline: false)
        return out
    }

    private static func write(_ value: JSONValue, indent: Int, into out: inout String, inline: Bool) {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .object(let members) where !members.isEmpty:
            var first = true
            for key in members.keys.sorted() {
                if !(inline && first) { out += pad }
                first = false
                out += scalar(.string(key)) + ":"
                writeMember(members[key]!, indent: indent, into: &out)
            }
        case .array(let items) where !items.isEmpty:
            var first = true
            for item in items {
                if !(inline && first) { out += pad }
                first = false
                out += "- "
                if isCollection(item) {
                    write(item, indent: indent + 2, into: &out, inline: true)
                } else {
                    out += scalar(item) + "\n"
                }
            }
        default:
            out += scalar(value) + "\n"
        }
    }

    private static func writeMember(_ value: JSONValue, indent: Int, into out: inout String) {
        switch value {
        case .object(let members) where !members.isEmpty:
            out += "\n"
            write(value, indent: indent + 2, into: &out, inline: false)
        case .array(let items) where !items.isEmpty:
            out += "\n"
            write(value, indent: indent, into: &out, inline: false)
        default:
            out += " " + scalar(value) + "\n"
        }
    }

    private static func isCollection(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let members): return !members.isEmpty
        case .array(let items): return !items.isEmpty
        default: return false
        }
    }

    private static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .object: return "{}"
        case .array: return "[]"
        case .string(let text):
            let plain = !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || "-_./".contains($0) }
                && !(text.first?.isNumber ?? false) && !["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"].contains(text.lowercased())
                && !text.hasPrefix("-") && !text.hasPrefix(".")
            return plain ? text : JSONValue.string(text).jsonString
        default: return value.jsonString
        }
    }
}
