import JSON

/// `/openapi/v2`: a Swagger 2.0 document with a definition per served kind (its group-version-kind and
/// top-level properties; nested objects are left open) and the object paths with the patch types they
/// consume, enough for kubectl's client-side validation and `kubectl explain` at the top level.
/// Nested schemas of built-in kinds are not published (a shortcut, see the README).
enum KubernetesOpenAPIV2 {
    /// Top-level fields of the built-in kinds besides apiVersion, kind and metadata.
    static let builtinProperties: [String: [String]] = [
        "ConfigMap": ["binaryData", "data", "immutable"],
        "Secret": ["data", "immutable", "stringData", "type"],
        "ServiceAccount": ["automountServiceAccountToken", "imagePullSecrets", "secrets"],
        "Event": ["action", "count", "eventTime", "firstTimestamp", "involvedObject", "lastTimestamp", "message", "reason", "related",
                  "reportingComponent", "reportingInstance", "series", "source", "type"],
        "ClusterRole": ["aggregationRule", "rules"],
        "Role": ["rules"],
        "ClusterRoleBinding": ["roleRef", "subjects"],
        "RoleBinding": ["roleRef", "subjects"],
    ]
    static let eventsV1Properties = ["action", "deprecatedCount", "deprecatedFirstTimestamp", "deprecatedLastTimestamp", "deprecatedSource", "eventTime",
                                     "note", "reason", "regarding", "related", "reportingController", "reportingInstance", "series", "type"]

    /// The definition name of a kind (`io.k8s.api.apps.v1.Deployment`, reversed group for custom resources).
    static func definitionName(_ type: KubernetesResourceType, version: String) -> String {
        switch type.group {
        case "": return "io.k8s.api.core.\(version).\(type.kind)"
        case "apiextensions.k8s.io": return "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.\(version).\(type.kind)"
        case let group where group.hasSuffix(".k8s.io") && type.schemas.isEmpty:
            return "io.k8s.api.\(group.dropLast(".k8s.io".count).split(separator: ".").first ?? "").\(version).\(type.kind)"
        case let group where type.schemas.isEmpty: return "io.k8s.api.\(group).\(version).\(type.kind)"
        case let group: return group.split(separator: ".").reversed().joined(separator: ".") + ".\(version).\(type.kind)"
        }
    }

    static func document(_ types: [KubernetesResourceType]) -> JSONValue {
        var definitions: [String: JSONValue] = [:]
        var paths: [String: JSONValue] = [:]
        for type in types {
            for version in type.versions {
                var properties: [String: JSONValue] = [
                    "apiVersion": ["type": "string"], "kind": ["type": "string"], "metadata": ["type": "object"],
                ]
                if let custom = type.schemas[version] {
                    for (name, schema) in custom["properties"]?.objectValue ?? [:] where properties[name] == nil { properties[name] = schema }
                } else {
                    let names = type.group == "events.k8s.io" ? eventsV1Properties : builtinProperties[type.kind] ?? ["spec", "status"]
                    for name in names { properties[name] = .emptyObject }
                }
                let oneGVK: JSONValue = ["group": .string(type.group), "version": .string(version), "kind": .string(type.kind)]
                let gvk: JSONValue = [oneGVK]
                definitions[definitionName(type, version: version)] = [
                    "type": "object", "properties": .object(properties), "x-kubernetes-group-version-kind": gvk,
                ]
                let prefix = type.group.isEmpty ? "/api/\(version)" : "/apis/\(type.group)/\(version)"
                let collection = type.namespaced ? "\(prefix)/namespaces/{namespace}/\(type.plural)" : "\(prefix)/\(type.plural)"
                var consumes: [JSONValue] = ["application/json-patch+json", "application/merge-patch+json"]
                if type.supportsStrategicMerge { consumes.append("application/strategic-merge-patch+json") }
                consumes.append("application/apply-patch+yaml")
                let reference: JSONValue = ["$ref": .string("#/definitions/\(definitionName(type, version: version))")]
                let operation: JSONValue = ["x-kubernetes-group-version-kind": oneGVK, "responses": ["200": ["description": "OK", "schema": reference]]]
                var patch = operation
                patch["consumes"] = .array(consumes)
                paths[collection + "/{name}"] = ["get": operation, "put": operation, "patch": patch, "delete": operation]
                paths[collection] = ["get": operation, "post": operation]
            }
        }
        return [
            "swagger": "2.0", "info": ["title": "Kubernetes", "version": "v1.36.0"],
            "paths": .object(paths), "definitions": .object(definitions),
        ]
    }
}
