import FoundationEssentials
import JSON
import YAML

/// Request bodies sent as `application/yaml`, read as the real server reads them (sigs.k8s.io/yaml, YAML 1.1):
/// plain `y`, `yes`, `on`, `n`, `no`, `off` (any case) are booleans, not strings.
enum KubernetesYAMLBody {
    static let booleans: [String: Bool] = ["y": true, "yes": true, "on": true, "true": true, "n": false, "no": false, "off": false, "false": false]

    static func decode(_ bytes: [UInt8]) throws(KubernetesStatusError) -> JSONValue {
        let node: YAMLNode
        do {
            node = try YAMLParser().node(from: Data(bytes))
        } catch {
            throw .badRequest("error converting YAML to JSON: \(error)")
        }
        return json(node)
    }

    static func json(_ node: YAMLNode) -> JSONValue {
        switch node.content {
        case .scalar(let scalar):
            if scalar.style == .plain, let flag = booleans[scalar.text.lowercased()] { return .bool(flag) }
            switch scalar.type {
            case .null: return .null
            case .bool: return .bool(scalar.text.lowercased() == "true")
            case .int: return Int(scalar.text).map(JSONValue.int) ?? .string(scalar.text)
            case .float: return Double(scalar.text).map(JSONValue.double) ?? .string(scalar.text)
            case .string: return .string(scalar.text)
            }
        case .sequence(let items): return .array(items.map(json))
        case .mapping(let pairs):
            var members: [String: JSONValue] = [:]
            for pair in pairs { members[pair.key.scalar?.text ?? ""] = json(pair.value) }
            return .object(members)
        }
    }
}
