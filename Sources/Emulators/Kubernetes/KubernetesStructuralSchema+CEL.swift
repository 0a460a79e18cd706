import JSON

extension KubernetesStructuralSchema {
    /// The `x-kubernetes-validations` rules the object breaks, checked node by node; transition rules (using
    /// `oldSelf`) only where an old value exists. A rule that does not compile or fails to evaluate counts as broken.
    func celErrors(_ value: JSONValue, old: JSONValue?) -> [KubernetesFieldError] {
        var errors: [KubernetesFieldError] = []
        Self.checkRules(root, value, old, path: "", errors: &errors)
        return errors
    }

    private static func checkRules(_ schema: JSONValue, _ value: JSONValue, _ old: JSONValue?, path: String, errors: inout [KubernetesFieldError]) {
        for rule in schema["x-kubernetes-validations"]?.arrayValue ?? [] {
            guard let text = rule["rule"]?.stringValue else { continue }
            let compiled = try? KubernetesCEL.compile(text)
            if compiled?.usesOldSelf == true, old == nil { continue }
            var variables: [String: JSONValue] = ["self": value]
            if let old { variables["oldSelf"] = old }
            let passed = compiled.flatMap { try? $0.evaluate(variables) } == .bool(true)
            guard !passed else { continue }
            let message = rule["message"]?.stringValue ?? "failed rule: \(text)"
            let fieldPath = rule["fieldPath"]?.stringValue ?? ""
            let field = path + (fieldPath.isEmpty ? "" : (path.isEmpty ? String(fieldPath.dropFirst()) : fieldPath))
            let shown: String
            switch value {
            case .object, .array: shown = ""
            default: shown = "\(value.jsonString): "
            }
            errors.append(.init(field: field, message: "Invalid value: \(shown)\(message)"))
        }
        switch value {
        case .object(let members):
            for (name, member) in members {
                guard let child = schema["properties"]?[name] ?? schema["additionalProperties"].flatMap({ $0.objectValue != nil ? $0 : nil }) else { continue }
                checkRules(child, member, old?[name], path: path.isEmpty ? name : "\(path).\(name)", errors: &errors)
            }
        case .array(let items):
            guard let itemSchema = schema["items"] else { return }
            let oldItems = old?.arrayValue ?? []
            for (index, item) in items.enumerated() {
                checkRules(itemSchema, item, index < oldItems.count ? oldItems[index] : nil, path: "\(path)[\(index)]", errors: &errors)
            }
        default: break
        }
    }

    /// Problems of a CRD schema the real server rejects: object fields without a type (not structural) and rules
    /// that do not compile. `prefix` names the schema (`spec.validation.openAPIV3Schema`).
    static func schemaErrors(_ schema: JSONValue, prefix: String) -> [KubernetesFieldError] {
        var errors: [KubernetesFieldError] = []
        for (index, rule) in (schema["x-kubernetes-validations"]?.arrayValue ?? []).enumerated() {
            let text = rule["rule"]?.stringValue ?? ""
            do throws(KubernetesCEL.CompileError) {
                _ = try KubernetesCEL.compile(text)
            } catch {
                errors.append(.init(field: "\(prefix).x-kubernetes-validations[\(index)].rule", message: "Invalid value: \(rule.jsonString): compilation failed: ERROR: <input>: \(error.message)"))
            }
        }
        for (name, child) in (schema["properties"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            let childPrefix = "\(prefix).properties[\(name)]"
            let open = child["x-kubernetes-int-or-string"]?.boolValue == true || child["x-kubernetes-preserve-unknown-fields"]?.boolValue == true
            if child["type"] == nil, !open {
                errors.append(.init(field: "\(childPrefix).type", reason: "FieldValueRequired", message: "Required value: must not be empty for specified object fields"))
            }
            errors += schemaErrors(child, prefix: childPrefix)
        }
        if let items = schema["items"] { errors += schemaErrors(items, prefix: "\(prefix).items") }
        return errors
    }
}
