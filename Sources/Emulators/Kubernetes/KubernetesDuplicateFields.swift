import JSON

/// Finds members that a JSON body names twice in one object (`{"data":{"a":"1","a":"2"}}` → `data.a`), which the
/// real server reports: a 400 under `fieldValidation=Strict`, a Warning otherwise (the last value wins).
enum KubernetesDuplicateFields {
    private enum Container {
        case object(path: String, keys: Set<String>, pendingKey: String?)
        case array(path: String, index: Int)
    }

    /// The dotted paths of duplicated members, in the order they occur; empty for invalid JSON.
    static func paths(in bytes: [UInt8]) -> [String] {
        var stack: [Container] = []
        var duplicates: [String] = []
        var index = 0
        var expectingKey = false

        func childPath(_ base: String, _ key: String) -> String { base.isEmpty ? key : "\(base).\(key)" }

        /// The path of the value that starts now (in the innermost container).
        func valuePath() -> String {
            switch stack.last {
            case .object(let path, _, let key)?: return childPath(path, key ?? "")
            case .array(let path, let position)?: return "\(path)[\(position)]"
            case nil: return ""
            }
        }

        func readString() -> String? {
            var text: [UInt8] = []
            index += 1
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\") { text.append(bytes[index]); index += 1 }
                if index < bytes.count { text.append(bytes[index]) }
                index += 1
            }
            guard index < bytes.count else { return nil }
            index += 1
            return (try? JSONValue(parsing: [UInt8(ascii: "\"")] + text + [UInt8(ascii: "\"")]))?.stringValue
        }

        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"):
                stack.append(.object(path: valuePath(), keys: [], pendingKey: nil))
                expectingKey = true
                index += 1
            case UInt8(ascii: "["):
                stack.append(.array(path: valuePath(), index: 0))
                index += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                stack.removeLast()
                index += 1
            case UInt8(ascii: ","):
                if case .array(let path, let position)? = stack.last {
                    stack[stack.count - 1] = .array(path: path, index: position + 1)
                } else {
                    expectingKey = true
                }
                index += 1
            case UInt8(ascii: "\""):
                guard let text = readString() else { return [] }
                if expectingKey, case .object(let path, var keys, _)? = stack.last {
                    if keys.contains(text) { duplicates.append(childPath(path, text)) }
                    keys.insert(text)
                    stack[stack.count - 1] = .object(path: path, keys: keys, pendingKey: text)
                    expectingKey = false
                }
            default:
                index += 1
            }
            if stack.isEmpty, index < bytes.count, byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") { break }
        }
        return duplicates
    }
}
