import Basics
import FoundationEssentials
import JSON
import YAML

/// Checks a YAML node against a CRD's structural OpenAPI schema the way the API server would:
/// types, required fields, unknown fields (as `kubectl apply` with strict validation reports them),
/// enums, patterns, lengths and bounds. Every problem is reported with the node's position.
struct StructuralSchemaCheck {
    struct Finding {
        var mark: YAMLMark
        var message: String
    }

    private(set) var findings: [Finding] = []

    mutating func check(_ node: YAMLNode, against schema: JSONValue, path: String) {
        guard let type = schema["type"]?.stringValue else { return }
        switch type {
        case "object": checkObject(node, schema, path)
        case "array": checkArray(node, schema, path)
        case "string": checkString(node, schema, path)
        case "integer": checkNumber(node, schema, path, integer: true)
        case "number": checkNumber(node, schema, path, integer: false)
        case "boolean":
            if node.scalar?.type != .bool { report(node, path, "must be a boolean (true or false), not \(node.kindDescription)") }
        default:
            break
        }
    }

    private mutating func checkObject(_ node: YAMLNode, _ schema: JSONValue, _ path: String) {
        guard let pairs = node.mapping else {
            if !node.isNull { report(node, path, "must be an object, not \(node.kindDescription)") }
            return
        }
        let properties = schema["properties"]?.objectValue ?? [:]
        let additional = schema["additionalProperties"]
        let preserveUnknown = schema["x-kubernetes-preserve-unknown-fields"]?.boolValue == true
        var present: Set<String> = []
        for pair in pairs {
            guard let key = pair.key.string else {
                report(pair.key, path, "keys must be strings")
                continue
            }
            present.insert(key)
            let childPath = path.isEmpty ? key : "\(path).\(key)"
            if let property = properties[key] {
                check(pair.value, against: property, path: childPath)
            } else if let additional, additional.objectValue != nil {
                check(pair.value, against: additional, path: "\(path)[\(key)]")
            } else if !preserveUnknown {
                report(pair.key, childPath, "unknown field \"\(key)\"")
            }
        }
        for required in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where !present.contains(required) {
            report(node, path, "missing required field \"\(required)\"")
        }
    }

    private mutating func checkArray(_ node: YAMLNode, _ schema: JSONValue, _ path: String) {
        guard let items = node.sequence else {
            if !node.isNull { report(node, path, "must be a list, not \(node.kindDescription)") }
            return
        }
        if let minimum = schema["minItems"]?.intValue, items.count < minimum { report(node, path, "must have at least \(minimum) item(s)") }
        if let maximum = schema["maxItems"]?.intValue, items.count > maximum { report(node, path, "must have at most \(maximum) item(s)") }
        guard let itemSchema = schema["items"] else { return }
        for (index, item) in items.enumerated() { check(item, against: itemSchema, path: "\(path)[\(index)]") }
    }

    private mutating func checkString(_ node: YAMLNode, _ schema: JSONValue, _ path: String) {
        guard let scalar = node.scalar, scalar.type == .string else {
            if !node.isNull { report(node, path, "must be a string, not \(node.kindDescription); quote it") }
            return
        }
        let text = scalar.text
        if let allowed = schema["enum"]?.arrayValue?.compactMap(\.stringValue), !allowed.contains(text) {
            report(node, path, "\"\(text)\" is not one of \(allowed.map { "\"\($0)\"" }.joined(separator: ", "))")
        }
        if let minimum = schema["minLength"]?.intValue, text.count < minimum { report(node, path, "must be at least \(minimum) character(s) long") }
        if let maximum = schema["maxLength"]?.intValue, text.count > maximum { report(node, path, "must be at most \(maximum) characters long") }
        if let pattern = schema["pattern"]?.stringValue, !Self.matches(text, pattern) {
            report(node, path, "\"\(text)\" does not match \(pattern)")
        }
    }

    private mutating func checkNumber(_ node: YAMLNode, _ schema: JSONValue, _ path: String, integer: Bool) {
        guard let scalar = node.scalar, scalar.type == .int || (!integer && scalar.type == .float), let value = node.double else {
            if !node.isNull { report(node, path, "must be \(integer ? "an integer" : "a number"), not \(node.kindDescription)") }
            return
        }
        if let minimum = schema["minimum"]?.doubleValue, value < minimum { report(node, path, "must be at least \(Self.number(minimum))") }
        if let maximum = schema["maximum"]?.doubleValue, value > maximum { report(node, path, "must be at most \(Self.number(maximum))") }
    }

    private mutating func report(_ node: YAMLNode, _ path: String, _ message: String) {
        findings.append(Finding(mark: node.mark, message: path.isEmpty ? message : "\(path): \(message)"))
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    private static func matches(_ text: String, _ pattern: String) -> Bool {
        guard let regex = RegexCache.regex(pattern) else { return true }
        return text.firstMatch(of: regex) != nil
    }
}
