import Basics
import FoundationEssentials
import JSON

/// Validation the real server applies to built-in kinds beyond what the other rules cover, with its causes:
/// owner references, ConfigMap keys and immutability, Secret types and immutability, Lease times,
/// workload replicas and pull policies, PodDisruptionBudget, RBAC rules and roleRef.
enum KubernetesBuiltinValidation {
    static func validate(_ object: JSONValue, old: JSONValue?, type: KubernetesResourceType) throws(KubernetesStatusError) {
        var errors = ownerReferences(object)
        switch (type.group, type.kind) {
        case ("", "ConfigMap"): errors += configMap(object, old: old)
        case ("", "Secret"): errors += secret(object, old: old)
        case ("coordination.k8s.io", "Lease"): errors += lease(object)
        case ("apps", _): errors += workload(object)
        case ("policy", "PodDisruptionBudget"): errors += disruptionBudget(object)
        case ("rbac.authorization.k8s.io", "RoleBinding"), ("rbac.authorization.k8s.io", "ClusterRoleBinding"):
            if let old, let roleRef = object["roleRef"], roleRef != old["roleRef"] {
                let goForm = "{\"APIGroup\":\(old[path: ["roleRef", "apiGroup"]]?.jsonString ?? "\"\""),\"Kind\":\(old[path: ["roleRef", "kind"]]?.jsonString ?? "\"\""),\"Name\":\(old[path: ["roleRef", "name"]]?.jsonString ?? "\"\"")}"
                errors.append(.init(field: "roleRef", message: "Invalid value: \(goForm): cannot change roleRef"))
            }
        case ("rbac.authorization.k8s.io", "Role"), ("rbac.authorization.k8s.io", "ClusterRole"):
            for (index, rule) in (object["rules"]?.arrayValue ?? []).enumerated() where (rule["verbs"]?.arrayValue ?? []).isEmpty {
                errors.append(.init(field: "rules[\(index)].verbs", reason: "FieldValueRequired", message: "Required value: verbs must contain at least one value"))
            }
        default: break
        }
        if !errors.isEmpty { throw .invalid(type, name: object.metadataName, errors) }
    }

    /// Type errors the real server meets while decoding the body (400, before validation).
    static func decodeChecks(_ object: JSONValue, type: KubernetesResourceType) throws(KubernetesStatusError) {
        let prefix = "\(type.kind) in version \"\(type.apiVersion(type.storageVersion))\" cannot be handled as a \(type.kind): "
        if type.group.isEmpty, ["ConfigMap", "Secret"].contains(type.kind) {
            for field in ["data", "binaryData", "stringData"] {
                for (_, value) in object[field]?.objectValue ?? [:] where value.stringValue == nil && !value.isNull {
                    throw .badRequest(prefix + "json: cannot unmarshal \(value.typeName) into Go struct field \(type.kind).\(field) of type string")
                }
            }
        }
        if type.kind == "Lease" {
            for field in ["acquireTime", "renewTime"] {
                if let text = object[path: ["spec", field]]?.stringValue, !isMicroTime(text) {
                    throw .badRequest(prefix + "parsing time \(JSONValue.string(text).jsonString) as \"2006-01-02T15:04:05.000000Z07:00\": cannot parse")
                }
            }
        }
    }

    /// RFC 3339 with exactly six fractional digits, as metav1.MicroTime is read.
    static func isMicroTime(_ text: String) -> Bool {
        let characters = Array(text)
        guard characters.count == 27, characters[19] == ".", characters[26] == "Z" else { return false }
        return characters[20..<26].allSatisfy(\.isNumber) && RFC3339.parse(String(characters[0..<19]) + "Z") != nil
    }

    static func ownerReferences(_ object: JSONValue) -> [KubernetesFieldError] {
        let references = object[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []
        var errors: [KubernetesFieldError] = []
        for reference in references where (reference["uid"]?.stringValue ?? "").isEmpty {
            errors.append(.init(field: "metadata.ownerReferences.uid", message: "Invalid value: \"\": must not be empty"))
        }
        let controllers = references.filter { $0["controller"]?.boolValue == true }
        if controllers.count > 1 {
            let names = controllers.map { "\($0["kind"]?.stringValue ?? "")/\($0["name"]?.stringValue ?? "")" }.joined(separator: " and ")
            errors.append(.init(field: "metadata.ownerReferences", message: "Invalid value: \(JSONValue.array(references).jsonString): Only one reference can have Controller set to true. Found \"true\" in references for \(names)"))
        }
        return errors
    }

    static func configMap(_ object: JSONValue, old: JSONValue?) -> [KubernetesFieldError] {
        var errors: [KubernetesFieldError] = []
        let binary = object["binaryData"]?.objectValue ?? [:]
        for key in (object["data"]?.objectValue ?? [:]).keys.sorted() where binary[key] != nil {
            errors.append(.init(field: "data[\(key)]", message: "Invalid value: \(JSONValue.string(key).jsonString): duplicate of key present in binaryData"))
        }
        return errors + immutability(object, old: old, fields: ["data", "binaryData"])
    }

    static func secret(_ object: JSONValue, old: JSONValue?) -> [KubernetesFieldError] {
        var errors: [KubernetesFieldError] = []
        let data = object["data"]?.objectValue ?? [:]
        switch object["type"]?.stringValue ?? "Opaque" {
        case "kubernetes.io/dockerconfigjson":
            if let encoded = data[".dockerconfigjson"]?.stringValue {
                let decoded = Data(base64Encoded: encoded).map { [UInt8]($0) } ?? []
                if (try? JSONValue(parsing: decoded)) == nil {
                    errors.append(.init(field: "data[.dockerconfigjson]", message: "Invalid value: \"<secret contents redacted>\": the content is not valid JSON"))
                }
            } else {
                errors.append(.init(field: "data[.dockerconfigjson]", reason: "FieldValueRequired", message: "Required value"))
            }
        case "kubernetes.io/tls":
            for key in ["tls.crt", "tls.key"] where data[key] == nil {
                errors.append(.init(field: "data[\(key)]", reason: "FieldValueRequired", message: "Required value"))
            }
        case "kubernetes.io/service-account-token":
            if object[path: ["metadata", "annotations", "kubernetes.io/service-account.name"]] == nil {
                errors.append(.init(field: "metadata.annotations[kubernetes.io/service-account.name]", reason: "FieldValueRequired", message: "Required value"))
            }
        default: break
        }
        return errors + immutability(object, old: old, fields: ["data"])
    }

    /// ConfigMaps and Secrets with `immutable: true` keep their data and their immutability.
    static func immutability(_ object: JSONValue, old: JSONValue?, fields: [String]) -> [KubernetesFieldError] {
        guard let old, old["immutable"]?.boolValue == true else { return [] }
        var errors: [KubernetesFieldError] = []
        for field in fields where (object[field] ?? .emptyObject) != (old[field] ?? .emptyObject) {
            errors.append(.init(field: field, reason: "FieldValueForbidden", message: "Forbidden: field is immutable when `immutable` is set"))
        }
        if object["immutable"]?.boolValue != true {
            errors.append(.init(field: "immutable", reason: "FieldValueForbidden", message: "Forbidden: field is immutable when `immutable` is set"))
        }
        return errors
    }

    static func lease(_ object: JSONValue) -> [KubernetesFieldError] {
        guard let duration = object[path: ["spec", "leaseDurationSeconds"]]?.intValue, duration <= 0 else { return [] }
        return [.init(field: "spec.leaseDurationSeconds", message: "Invalid value: \(duration): must be greater than 0")]
    }

    static func workload(_ object: JSONValue) -> [KubernetesFieldError] {
        var errors: [KubernetesFieldError] = []
        if let replicas = object[path: ["spec", "replicas"]]?.intValue, replicas < 0 {
            errors.append(.init(field: "spec.replicas", message: "Invalid value: \(replicas): must be greater than or equal to 0"))
        }
        for (index, container) in (object[path: ["spec", "template", "spec", "containers"]]?.arrayValue ?? []).enumerated() {
            if let policy = container["imagePullPolicy"]?.stringValue, !["Always", "IfNotPresent", "Never"].contains(policy) {
                errors.append(.init(field: "spec.template.spec.containers[\(index)].imagePullPolicy", reason: "FieldValueNotSupported",
                                    message: "Unsupported value: \(JSONValue.string(policy).jsonString): supported values: \"Always\", \"IfNotPresent\", \"Never\""))
            }
        }
        return errors
    }

    static func disruptionBudget(_ object: JSONValue) -> [KubernetesFieldError] {
        guard let spec = object["spec"], spec["minAvailable"] != nil, spec["maxUnavailable"] != nil else { return [] }
        return [.init(field: "spec", message: "Invalid value: \(spec.jsonString): minAvailable and maxUnavailable cannot be both set")]
    }
}
