import JSON

/// The JMESPath functions the scenarios call.
enum ConformanceQueryFunctions {
    static func call(_ name: String, _ arguments: [ConformanceQuery], on value: JSONValue?) -> JSONValue? {
        let values = arguments.map { $0.evaluate(value) }
        switch (name, values.count) {
        case ("length", 1):
            switch values[0] {
            case .string(let text)?: return .int(text.count)
            case .array(let items)?: return .int(items.count)
            case .object(let members)?: return .int(members.count)
            default: return nil
            }
        case ("keys", 1):
            guard let members = values[0]?.objectValue else { return nil }
            return .array(members.keys.sorted().map(JSONValue.string))
        case ("values", 1):
            guard let members = values[0]?.objectValue else { return nil }
            return .array(members.keys.sorted().map { members[$0]! })
        case ("sort", 1):
            guard let items = values[0]?.arrayValue else { return nil }
            return .array(items.sorted(by: ConformanceJSON.less))
        case ("sort_by", 2):
            guard let items = values[0]?.arrayValue, case .reference(let key) = arguments[1] else { return nil }
            return .array(items.sorted { ConformanceJSON.less(key.evaluate($0) ?? .null, key.evaluate($1) ?? .null) })
        case ("contains", 2):
            if let items = values[0]?.arrayValue { return .bool(items.contains { ConformanceJSON.equal($0, values[1] ?? .null) }) }
            if let text = values[0]?.stringValue, let part = values[1]?.stringValue { return .bool(text.contains(part)) }
            return nil
        case ("starts_with", 2):
            guard let text = values[0]?.stringValue, let prefix = values[1]?.stringValue else { return nil }
            return .bool(text.hasPrefix(prefix))
        default:
            return nil
        }
    }
}

/// Comparisons of JSON values that treat `1` and `1.0` alike.
enum ConformanceJSON {
    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = a.doubleValue, let y = b.doubleValue { return x == y }
        switch (a, b) {
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.object(let x), .object(let y)): return x.count == y.count && x.allSatisfy { key, value in y[key].map { equal(value, $0) } ?? false }
        default: return a == b
        }
    }

    static func less(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = a.doubleValue, let y = b.doubleValue { return x < y }
        return (a.stringValue ?? a.jsonString) < (b.stringValue ?? b.jsonString)
    }
}
