import Foundation
import JSON
import YAML

/// A recorded scenario (`scenarios/NAME.yaml`) with the steps of its `use:` fixtures in front: fixture steps
/// default to `compare: none` and get ids `FIXTURE:ID`; fixture vars become defaults.
struct ConformanceScenario {
    var name: String
    var profile: String
    var createsNamespace: Bool
    var vars: [String: JSONValue]
    var steps: [JSONValue]
    /// Every `generateName` the scenario sends (names generated from them are normalized).
    var generateNamePrefixes: [String]

    static func load(name: String, directory: URL) throws -> ConformanceScenario {
        let document = try yaml(directory.appending(path: "scenarios/\(name).yaml"))
        var steps: [JSONValue] = []
        var vars: [String: JSONValue] = [:]
        for fixture in document["use"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
            let fixtureDocument = try yaml(directory.appending(path: "fixtures/\(fixture).yaml"))
            for (offset, step) in (fixtureDocument["steps"]?.arrayValue ?? []).enumerated() {
                var members = step.objectValue ?? [:]
                if members["compare"] == nil { members["compare"] = "none" }
                members["id"] = .string(fixture + ":" + (members["id"]?.stringValue ?? String(steps.count + offset)))
                steps.append(.object(members))
            }
            vars.merge(fixtureDocument["vars"]?.objectValue ?? [:]) { $1 }
        }
        vars.merge(document["vars"]?.objectValue ?? [:]) { $1 }
        steps += document["steps"]?.arrayValue ?? []
        return ConformanceScenario(
            name: name, profile: document["profile"]?.stringValue ?? "default",
            createsNamespace: document["namespace"]?.boolValue ?? true, vars: vars, steps: steps,
            generateNamePrefixes: Array(Set(strings(forKey: "generateName", in: .array(steps)))).sorted { $0.count > $1.count }
        )
    }

    /// Every scenario name in `directory/scenarios`.
    static func names(directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.appending(path: "scenarios").path)
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    static func yaml(_ url: URL) throws -> JSONValue {
        let node = try YAMLParser().node(from: try Data(contentsOf: url), fileName: url.lastPathComponent)
        return try JSONValue(parsing: [UInt8](try node.jsonData()))
    }

    static func strings(forKey key: String, in value: JSONValue) -> [String] {
        switch value {
        case .object(let members):
            return members.flatMap { name, member -> [String] in
                if name == key, let text = member.stringValue, !text.isEmpty { return [text] }
                return strings(forKey: key, in: member)
            }
        case .array(let items): return items.flatMap { strings(forKey: key, in: $0) }
        default: return []
        }
    }
}

/// `{name}` placeholders: variables, `{time:+5y}` (RFC 3339, whole seconds) and `{microtime:-10s}`.
enum ConformancePlaceholders {
    static func substitute(_ value: JSONValue, _ vars: [String: String]) -> JSONValue {
        switch value {
        case .string(let text): return .string(substitute(text, vars))
        case .array(let items): return .array(items.map { substitute($0, vars) })
        case .object(let members):
            return .object(Dictionary(members.map { (substitute($0.key, vars), substitute($0.value, vars)) }) { $1 })
        default: return value
        }
    }

    static func substitute(_ text: String, _ vars: [String: String]) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let key = String(rest[rest.index(after: open)..<close])
            if let replacement = replacement(for: key, vars) {
                out += replacement
                rest = rest[rest.index(after: close)...]
            } else {
                out.append("{")
                rest = rest[rest.index(after: open)...]
            }
        }
        return out + rest
    }

    static func replacement(for key: String, _ vars: [String: String]) -> String? {
        if key.hasPrefix("time:") { return offsetTime(String(key.dropFirst(5))) }
        if key.hasPrefix("microtime:") { return offsetTime(String(key.dropFirst(10))).map { $0.dropLast() + ".000000Z" } }
        return vars[key]
    }

    /// `+5y`, `-3650d`, `+90m` from now, formatted as RFC 3339 in UTC (a year is 365 days).
    static func offsetTime(_ spec: String) -> String? {
        guard let unit = spec.last, let amount = Int(spec.dropLast()) else { return nil }
        let seconds: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "y": 365 * 86_400]
        guard let factor = seconds[unit] else { return nil }
        let date = Date(timeIntervalSince1970: (Date().timeIntervalSince1970).rounded(.down) + Double(amount * factor))
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
