import JSON
import Basics
import FoundationEssentials

/// The parts of a CRD's structural OpenAPI v3 schema that the emulator enforces: defaults,
/// pruning of unknown fields, and validation of types, required members, enums, patterns,
/// lengths and bounds.
struct KubernetesStructuralSchema: Sendable {
    var root: JSONValue

    /// Fills in `default` values of absent members, recursively.
    func applyingDefaults(to value: JSONValue) -> JSONValue {
        Self.defaults(root, value)
    }

    private static func defaults(_ schema: JSONValue, _ value: JSONValue) -> JSONValue {
        switch value {
        case .object(var members):
            if let properties = schema["properties"]?.objectValue {
                for (name, propertySchema) in properties {
                    if let existing = members[name] {
                        members[name] = defaults(propertySchema, existing)
                    } else if let defaultValue = propertySchema["default"] {
                        members[name] = defaults(propertySchema, defaultValue)
                    }
                }
            } else if let additional = schema["additionalProperties"], additional.objectValue != nil {
                for (name, member) in members { members[name] = defaults(additional, member) }
            }
            return .object(members)
        case .array(let elements):
            guard let items = schema["items"] else { return value }
            return .array(elements.map { defaults(items, $0) })
        default:
            return value
        }
    }

    /// Removes members the schema does not declare (unless it preserves unknown fields) and
    /// returns their paths.
    func pruning(_ value: JSONValue) -> (JSONValue, [String]) {
        var removed: [String] = []
        let pruned = Self.prune(root, value, path: "", removed: &removed, isRoot: true)
        return (pruned, removed)
    }

    private static func prune(_ schema: JSONValue, _ value: JSONValue, path: String, removed: inout [String], isRoot: Bool) -> JSONValue {
        if schema["x-kubernetes-preserve-unknown-fields"]?.boolValue == true, schema["properties"] == nil { return value }
        if schema["x-kubernetes-embedded-resource"]?.boolValue == true { return value }
        switch value {
        case .object(var members):
            if let properties = schema["properties"]?.objectValue {
                let preserve = schema["x-kubernetes-preserve-unknown-fields"]?.boolValue == true
                for (name, member) in members {
                    if isRoot, ["apiVersion", "kind", "metadata"].contains(name) { continue }
                    let childPath = path.isEmpty ? name : "\(path).\(name)"
                    if let propertySchema = properties[name] {
                        members[name] = prune(propertySchema, member, path: childPath, removed: &removed, isRoot: false)
                    } else if !preserve {
                        members.removeValue(forKey: name)
                        removed.append(childPath)
                    }
                }
            } else if let additional = schema["additionalProperties"], additional.objectValue != nil {
                for (name, member) in members {
                    members[name] = prune(additional, member, path: "\(path).\(name)", removed: &removed, isRoot: false)
                }
            } else if !isRoot, schema["type"]?.stringValue == "object", schema["additionalProperties"] == nil {
                for name in members.keys { removed.append(path.isEmpty ? name : "\(path).\(name)") }
                return .object([:])
            }
            return .object(members)
        case .array(let elements):
            guard let items = schema["items"] else { return value }
            return .array(elements.enumerated().map { prune(items, $1, path: "\(path)[\($0)]", removed: &removed, isRoot: false) })
        default:
            return value
        }
    }

    /// Every violation of the schema in `value`, each naming its field.
    func validate(_ value: JSONValue) -> [KubernetesFieldError] {
        var errors: [KubernetesFieldError] = []
        var members = value.objectValue ?? [:]
        members.removeValue(forKey: "metadata")
        members.removeValue(forKey: "apiVersion")
        members.removeValue(forKey: "kind")
        var rootSchema = root
        if var properties = rootSchema["properties"]?.objectValue {
            properties.removeValue(forKey: "metadata")
            properties.removeValue(forKey: "apiVersion")
            properties.removeValue(forKey: "kind")
            rootSchema["properties"] = .object(properties)
        }
        Self.check(rootSchema, .object(members), path: "", errors: &errors)
        return errors
    }

    private static func check(_ schema: JSONValue, _ value: JSONValue, path: String, errors: inout [KubernetesFieldError]) {
        let field = path.isEmpty ? "<root>" : path
        if value.isNull {
            if schema["nullable"]?.boolValue != true {
                errors.append(.init(field: field, reason: "FieldValueTypeInvalid", message: "Invalid value: \"null\": \(field) in body must be of type \(schema["type"]?.stringValue ?? "object"): \"null\""))
            }
            return
        }
        if let type = schema["type"]?.stringValue, !matches(type: type, value) {
            errors.append(.init(field: field, reason: "FieldValueTypeInvalid", message: "Invalid value: \"\(value.typeName)\": \(field) in body must be of type \(type): \"\(value.typeName)\""))
            return
        }
        if schema["x-kubernetes-int-or-string"]?.boolValue == true, value.intValue == nil, value.stringValue == nil {
            errors.append(.init(field: field, reason: "FieldValueTypeInvalid", message: "Invalid value: \"\(value.typeName)\": \(field) in body must be of type integer or string"))
        }
        if let options = schema["enum"]?.arrayValue, !options.contains(value) {
            let list = options.map { $0.stringValue.map { "\"\($0)\"" } ?? $0.jsonString }.joined(separator: ", ")
            errors.append(.init(field: field, reason: "FieldValueNotSupported", message: "Unsupported value: \(display(value)): supported values: \(list)"))
        }
        switch value {
        case .string(let text):
            if let pattern = schema["pattern"]?.stringValue,
                let regex = RegexCache.regex(pattern),
                text.firstMatch(of: regex) == nil
            {
                errors.append(.init(field: field, message: "Invalid value: \(display(value)): \(field) in body should match '\(pattern)'"))
            }
            if let maximum = schema["maxLength"]?.intValue, text.count > maximum {
                errors.append(.init(field: field, reason: "FieldValueTooLong", message: "Too long: may not be more than \(maximum) bytes"))
            }
            if let minimum = schema["minLength"]?.intValue, text.count < minimum {
                errors.append(.init(field: field, message: "Invalid value: \(display(value)): \(field) in body should be at least \(minimum) chars long"))
            }
        case .int, .double:
            let number = value.doubleValue ?? 0
            if let maximum = schema["maximum"]?.doubleValue {
                let exclusive = schema["exclusiveMaximum"]?.boolValue == true
                if exclusive ? number >= maximum : number > maximum {
                    errors.append(.init(field: field, message: "Invalid value: \(display(value)): \(field) in body should be less than \(exclusive ? "" : "or equal to ")\(schema["maximum"]?.jsonString ?? "")"))
                }
            }
            if let minimum = schema["minimum"]?.doubleValue {
                let exclusive = schema["exclusiveMinimum"]?.boolValue == true
                if exclusive ? number <= minimum : number < minimum {
                    errors.append(.init(field: field, message: "Invalid value: \(display(value)): \(field) in body should be greater than \(exclusive ? "" : "or equal to ")\(schema["minimum"]?.jsonString ?? "")"))
                }
            }
        case .array(let elements):
            if let maximum = schema["maxItems"]?.intValue, elements.count > maximum {
                errors.append(.init(field: field, reason: "FieldValueTooMany", message: "Too many: \(elements.count): must have at most \(maximum) items"))
            }
            if let minimum = schema["minItems"]?.intValue, elements.count < minimum {
                errors.append(.init(field: field, message: "Invalid value: \(elements.count): \(field) in body should have at least \(minimum) items"))
            }
            if let items = schema["items"] {
                for (position, element) in elements.enumerated() { check(items, element, path: "\(path)[\(position)]", errors: &errors) }
            }
        case .object(let members):
            for name in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[name] == nil {
                let childPath = path.isEmpty ? name : "\(path).\(name)"
                errors.append(.init(field: childPath, reason: "FieldValueRequired", message: "Required value"))
            }
            if let maximum = schema["maxProperties"]?.intValue, members.count > maximum {
                errors.append(.init(field: field, reason: "FieldValueTooMany", message: "Too many: \(members.count): must have at most \(maximum) items"))
            }
            let properties = schema["properties"]?.objectValue
            let additional = schema["additionalProperties"]
            for name in members.keys.sorted() {
                let childPath = path.isEmpty ? name : "\(path).\(name)"
                guard let member = members[name] else { continue }
                if let propertySchema = properties?[name] {
                    check(propertySchema, member, path: childPath, errors: &errors)
                } else if let additional, additional.objectValue != nil {
                    check(additional, member, path: childPath, errors: &errors)
                }
            }
        default:
            break
        }
    }

    private static func matches(type: String, _ value: JSONValue) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("integer", .int): return true
        case ("integer", .double(let number)): return number.rounded() == number
        case ("number", .int), ("number", .double): return true
        default: return false
        }
    }

    private static func display(_ value: JSONValue) -> String {
        if let text = value.stringValue { return "\"\(text)\"" }
        return value.jsonString
    }
}
