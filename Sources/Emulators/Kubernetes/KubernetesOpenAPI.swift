import JSON

/// The OpenAPI v3 documents `kubectl apply` and `kubectl explain` fetch: an index of group-versions and, per
/// group-version, the object paths whose operations declare `dryRun`, `fieldManager`, `fieldValidation` (and `force`
/// for PATCH), so that kubectl leaves validation to the server, plus the component schemas of
/// ``KubernetesOpenAPISchemas`` (apimachinery types, Scale, custom resources). Schemas of built-in kinds are not
/// published (a shortcut).
enum KubernetesOpenAPI {
    /// The index: each group-version's document URL, pinned by a hash of the document as the real server does.
    static func index(_ types: [KubernetesResourceType]) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for type in types {
            for version in type.versions {
                let key = type.group.isEmpty ? "api/\(version)" : "apis/\(type.group)/\(version)"
                let digest = KubernetesSHA256.digest(document(path: key, types)?.serialized() ?? [])
                let hash = digest.prefix(32).map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined().uppercased()
                paths[key] = ["serverRelativeURL": .string("/openapi/v3/\(key)?hash=\(hash)")]
            }
        }
        return ["paths": .object(paths)]
    }

    static func document(path: String, _ types: [KubernetesResourceType]) -> JSONValue? {
        let parts = path.split(separator: "/").map(String.init)
        let (group, version): (String, String)
        switch (parts.first, parts.count) {
        case ("api", 2): (group, version) = ("", parts[1])
        case ("apis", 3): (group, version) = (parts[1], parts[2])
        default: return nil
        }
        let served = types.filter { $0.group == group && $0.versions.contains(version) }
        guard !served.isEmpty else { return nil }
        let prefix = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        var paths: [String: JSONValue] = [:]
        var schemas = KubernetesOpenAPISchemas.apimachinery
        func parameter(_ name: String) -> JSONValue { ["name": .string(name), "in": "query", "schema": ["type": name == "force" ? "boolean" : "string", "uniqueItems": true]] }
        for type in served {
            let gvk: JSONValue = ["group": .string(type.group), "version": .string(version), "kind": .string(type.kind)]
            let operation: JSONValue = ["x-kubernetes-group-version-kind": gvk, "parameters": .array(["dryRun", "fieldManager", "fieldValidation"].map(parameter)), "responses": ["200": ["description": "OK"]]]
            var patch = operation
            patch["parameters"] = .array(["dryRun", "fieldManager", "fieldValidation", "force"].map(parameter))
            let objectPath = type.namespaced ? "\(prefix)/namespaces/{namespace}/\(type.plural)/{name}" : "\(prefix)/\(type.plural)/{name}"
            let collectionPath = type.namespaced ? "\(prefix)/namespaces/{namespace}/\(type.plural)" : "\(prefix)/\(type.plural)"
            paths[objectPath] = ["patch": patch, "put": operation]
            paths[collectionPath] = ["post": operation]
            schemas.merge(KubernetesOpenAPISchemas.custom(type, version: version)) { $1 }
            if KubernetesScaleSubresource.supports(type) { schemas.merge(KubernetesOpenAPISchemas.scale) { $1 } }
        }
        return [
            "openapi": "3.0.0", "info": ["title": "Kubernetes", "version": "v1.32.0"],
            "paths": .object(paths), "components": ["schemas": .object(schemas)],
        ]
    }
}
