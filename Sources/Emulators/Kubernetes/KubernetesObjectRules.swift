import Basics
import JSON
import FoundationEssentials

/// What the API server does to an object on create and update, per kind: metadata that the
/// server owns, generation, status isolation, Secret data, workload defaults, CRD schemas.
enum KubernetesObjectRules {
    private static let nameCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789-.")

    /// Prepares a new object for storage (resourceVersion is set when it is committed).
    static func prepareCreate(
        _ input: JSONValue, type: KubernetesResourceType, version: String, namespace: String,
        schema: KubernetesStructuralSchema?, strictFields: Bool, now: Date
    ) throws(KubernetesStatusError) -> JSONValue {
        guard input.objectValue != nil else { throw .badRequest("the body of the request is not a JSON object") }
        var object = input
        try checkKind(object, type: type, version: version)
        for field in ["name", "generateName", "namespace"] {
            if let value = object[path: ["metadata", field]], value.stringValue == nil, !value.isNull {
                throw .badRequest("\(type.kind) in version \"\(version)\" cannot be handled as a \(type.kind): json: cannot unmarshal \(value.typeName) into Go struct field ObjectMeta.metadata.\(field) of type string")
            }
        }
        object["apiVersion"] = .string(type.apiVersion(version))
        object["kind"] = .string(type.kind)
        var name = object.metadataName
        if name.isEmpty, let prefix = object[path: ["metadata", "generateName"]]?.stringValue, !prefix.isEmpty {
            let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
            name = prefix + String((0..<5).map { _ in alphabet.randomElement() ?? "x" })
        }
        guard !name.isEmpty else {
            throw .invalid(type, name: "", [.init(field: "metadata.name", reason: "FieldValueRequired", message: "Required value: name or generateName is required")])
        }
        if let error = nameError(name) {
            var errors = [error]
            if let prefix = object[path: ["metadata", "generateName"]]?.stringValue, !prefix.isEmpty, object.metadataName.isEmpty, var prefixError = nameError(prefix) {
                prefixError.field = "metadata.generateName"
                errors.insert(prefixError, at: 0)
            }
            throw .invalid(type, name: name, errors)
        }
        object[path: ["metadata", "name"]] = .string(name)
        if type.namespaced {
            let given = object.metadataNamespace
            if !given.isEmpty, given != namespace {
                throw .badRequest("the namespace of the provided object does not match the namespace sent on the request")
            }
            object[path: ["metadata", "namespace"]] = .string(namespace)
        } else {
            object[path: ["metadata", "namespace"]] = nil
        }
        object[path: ["metadata", "uid"]] = .string(UUID().uuidString.lowercased())
        object[path: ["metadata", "creationTimestamp"]] = .string(RFC3339.seconds(now))
        object[path: ["metadata", "generation"]] = type.hasGeneration ? 1 : nil
        object[path: ["metadata", "deletionTimestamp"]] = nil
        object[path: ["metadata", "deletionGracePeriodSeconds"]] = nil
        object[path: ["metadata", "resourceVersion"]] = nil
        object[path: ["metadata", "selfLink"]] = nil
        if type.hasStatusSubresource { object["status"] = nil }
        try applyKindRules(&object, old: nil, type: type)
        return try finish(object, old: nil, type: type, schema: schema, strictFields: strictFields)
    }

    /// Prepares the replacement of `old` by `input` through the main resource or `/status`.
    static func prepareUpdate(
        _ input: JSONValue, old: JSONValue, type: KubernetesResourceType, version: String,
        subresource: String, schema: KubernetesStructuralSchema?, strictFields: Bool
    ) throws(KubernetesStatusError) -> JSONValue {
        guard input.objectValue != nil else { throw .badRequest("the body of the request is not a JSON object") }
        try checkKind(input, type: type, version: version)
        let name = old.metadataName
        let givenName = input.metadataName
        if !givenName.isEmpty, givenName != name {
            throw .badRequest("the name of the object (\(givenName)) does not match the name on the URL (\(name))")
        }
        if type.namespaced, !input.metadataNamespace.isEmpty, input.metadataNamespace != old.metadataNamespace {
            throw .badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        let givenVersion = input.metadataResourceVersion
        if !givenVersion.isEmpty, givenVersion != old.metadataResourceVersion {
            throw .conflict(type, name: name, "the object has been modified; please apply your changes to the latest version and try again")
        }
        var object: JSONValue
        if subresource == "status" {
            object = old
            object["status"] = input["status"]
            // A server-side apply to /status carries the managedFields it computed.
            if let managedFields = input[path: ["metadata", "managedFields"]] { object[path: ["metadata", "managedFields"]] = managedFields }
        } else {
            object = input
            object["apiVersion"] = .string(type.apiVersion(version))
            object["kind"] = .string(type.kind)
            for key in ["name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "resourceVersion"] {
                object[path: ["metadata", key]] = old[path: ["metadata", key]]
            }
            if input[path: ["metadata", "managedFields"]] == nil {
                object[path: ["metadata", "managedFields"]] = old[path: ["metadata", "managedFields"]]
            }
            if type.hasStatusSubresource { object["status"] = old["status"] }
            if old[path: ["metadata", "deletionTimestamp"]] != nil {
                let added = Set(object.metadataFinalizers).subtracting(old.metadataFinalizers)
                if !added.isEmpty {
                    // The real server reports this cause twice (metadata is validated twice on update).
                    let error = KubernetesFieldError(field: "metadata.finalizers", reason: "FieldValueForbidden", message: "Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\(added.sorted().map { JSONValue.string($0).jsonString }.joined(separator: ", "))}")
                    throw .invalid(type, name: name, [error, error])
                }
            }
            try applyKindRules(&object, old: old, type: type)
        }
        object = try finish(object, old: subresource == "status" ? nil : old, type: type, schema: schema, strictFields: strictFields)
        if type.hasGeneration, specChanged(old: old, new: object, type: type) {
            object[path: ["metadata", "generation"]] = .int((old[path: ["metadata", "generation"]]?.intValue ?? 1) + 1)
        }
        return object
    }

    private static func checkKind(_ object: JSONValue, type: KubernetesResourceType, version: String) throws(KubernetesStatusError) {
        if let kind = object["kind"]?.stringValue, !kind.isEmpty, kind != type.kind {
            throw .badRequest("the kind of the object (\(kind)) does not match the resource (\(type.kind))")
        }
        if let apiVersion = object["apiVersion"]?.stringValue, !apiVersion.isEmpty, !type.versions.map(type.apiVersion).contains(apiVersion) {
            throw .badRequest("the API version in the data (\(apiVersion)) does not match the expected API version (\(type.apiVersion(version)))")
        }
    }

    static func nameError(_ name: String) -> KubernetesFieldError? {
        let valid = name.count <= 253 && name.allSatisfy(nameCharacters.contains)
            && name.first.map({ $0.isLetter || $0.isNumber }) == true && name.last.map({ $0.isLetter || $0.isNumber }) == true
        if valid { return nil }
        return .init(field: "metadata.name", message: "Invalid value: \"\(name)\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character")
    }

    /// What Go's `omitempty` drops from built-in objects: empty metadata maps and lists, empty or null ConfigMap
    /// and Secret data maps, and null top-level fields.
    static func dropEmptyOptionalFields(_ object: inout JSONValue, type: KubernetesResourceType) {
        for key in ["labels", "annotations"] where object[path: ["metadata", key]]?.objectValue?.isEmpty == true || object[path: ["metadata", key]] == .null {
            object[path: ["metadata", key]] = nil
        }
        for key in ["finalizers", "ownerReferences"] where object[path: ["metadata", key]]?.arrayValue?.isEmpty == true || object[path: ["metadata", key]] == .null {
            object[path: ["metadata", key]] = nil
        }
        guard type.schemas.isEmpty, type.group.isEmpty, ["ConfigMap", "Secret"].contains(type.kind) else { return }
        for key in ["data", "binaryData", "stringData"] where object[key]?.objectValue?.isEmpty == true || object[key] == .null {
            object[key] = nil
        }
    }

    /// Whether a change bumps `metadata.generation`: any change outside metadata (and outside
    /// status when status is a subresource).
    static func specChanged(old: JSONValue, new: JSONValue, type: KubernetesResourceType) -> Bool {
        var oldRest = old.objectValue ?? [:]
        var newRest = new.objectValue ?? [:]
        for key in ["metadata", "status", "apiVersion", "kind"] {
            if key == "status", !type.hasStatusSubresource { continue }
            oldRest.removeValue(forKey: key)
            newRest.removeValue(forKey: key)
        }
        if !type.hasStatusSubresource, type.kind == "Secret" || type.kind == "ConfigMap" { return oldRest != newRest }
        return oldRest != newRest
    }

    private static func finish(_ input: JSONValue, old: JSONValue?, type: KubernetesResourceType, schema: KubernetesStructuralSchema?, strictFields: Bool) throws(KubernetesStatusError) -> JSONValue {
        guard let schema else { return input }
        var object = schema.applyingDefaults(to: input)
        let (pruned, removed) = schema.pruning(object)
        if strictFields, !removed.isEmpty {
            throw .badRequest("strict decoding error: \(removed.map { "unknown field \"\($0)\"" }.joined(separator: ", "))")
        }
        object = pruned
        var errors = schema.validate(object)
        if errors.isEmpty {
            errors = schema.celErrors(object, old: old)
        } else if schema.root.jsonString.contains("\"x-kubernetes-validations\""),
                  errors.contains(where: { ["FieldValueRequired", "FieldValueTypeInvalid", "FieldValueNotSupported", "FieldValueTooLong"].contains($0.reason) }) {
            // Errors that leave the object ill-typed keep CEL from running, and the real server says so.
            errors.append(.init(field: "<nil>", message: "Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"))
        }
        if !errors.isEmpty { throw .invalid(type, name: object.metadataName, errors) }
        return object
    }

    private static func applyKindRules(_ object: inout JSONValue, old: JSONValue?, type: KubernetesResourceType) throws(KubernetesStatusError) {
        dropEmptyOptionalFields(&object, type: type)
        if type.schemas.isEmpty { try KubernetesBuiltinValidation.decodeChecks(object, type: type) }
        switch (type.group, type.kind) {
        case ("", "Secret"): try KubernetesSecretRules.apply(&object, old: old, type: type)
        case ("", "Event"): KubernetesEventConversion.applyCoreDefaults(&object)
        case ("policy", "PodDisruptionBudget"):
            if old == nil { object["status"] = ["currentHealthy": 0, "desiredHealthy": 0, "disruptionsAllowed": 0, "expectedPods": 0] }
        case ("apps", "DaemonSet") where old == nil:
            try KubernetesWorkloadRules.applyDefaults(&object, type: type)
            object[path: ["metadata", "annotations", "deprecated.daemonset.template.generation"]] = "1"
        case ("", "Namespace"):
            if old == nil { object["status"] = ["phase": "Active"] }
            // spec.finalizers is set on create and changed only through the finalize subresource.
            object[path: ["spec", "finalizers"]] = old.map { $0[path: ["spec", "finalizers"]] ?? [] } ?? ["kubernetes"]
            object[path: ["metadata", "labels", "kubernetes.io/metadata.name"]] = .string(object.metadataName)
        case ("apps", _):
            try KubernetesWorkloadRules.applyDefaults(&object, type: type)
            if let old, let selector = object[path: ["spec", "selector"]], selector != old[path: ["spec", "selector"]] {
                throw .invalid(type, name: object.metadataName, [.init(field: "spec.selector", message: "Invalid value: \(selector.jsonString): field is immutable")])
            }
        case ("apiextensions.k8s.io", "CustomResourceDefinition"):
            if object[path: ["spec", "conversion"]] == nil { object[path: ["spec", "conversion"]] = ["strategy": "None"] }
            try KubernetesCRDRules.validate(object, type: type)
        default: break
        }
        if type.schemas.isEmpty { try KubernetesBuiltinValidation.validate(object, old: old, type: type) }
    }
}
