import JSON

/// Unknown fields of a request body, for `fieldValidation`: custom resources are checked against their
/// structural schema; built-in kinds only at the top level (their nested schemas are not modelled).
enum KubernetesUnknownFields {
    /// The dotted paths of the members `body` has that `type` does not declare.
    static func paths(in body: JSONValue, type: KubernetesResourceType, schema: KubernetesStructuralSchema?) -> [String] {
        if let schema {
            var withoutMeta = body
            withoutMeta["metadata"] = nil
            return schema.pruning(withoutMeta).1
        }
        guard let members = body.objectValue else { return [] }
        var known: Set<String> = ["apiVersion", "kind", "metadata"]
        if type.group == "events.k8s.io" {
            known.formUnion(KubernetesOpenAPIV2.eventsV1Properties)
        } else {
            known.formUnion(KubernetesOpenAPIV2.builtinProperties[type.kind] ?? ["spec", "status"])
        }
        return members.keys.filter { !known.contains($0) }.sorted()
    }

    /// A built-in object without its unknown top-level fields (the real server's decoder drops them; custom
    /// resources are pruned by their schema).
    static func pruned(_ body: JSONValue, type: KubernetesResourceType) -> JSONValue {
        guard type.schemas.isEmpty else { return body }
        var pruned = body
        for path in paths(in: body, type: type, schema: nil) { pruned[path] = nil }
        return pruned
    }

    /// The `Warning` header values for unknown fields (`299 - "unknown field \"x\""`).
    static func warnings(_ paths: [String]) -> [String] {
        paths.map { "299 - \"unknown field \\\"\($0)\\\"\"" }
    }

    /// The 400 of `fieldValidation=Strict` on a built-in kind.
    static func strictError(_ paths: [String], type: KubernetesResourceType, version: String) -> KubernetesStatusError {
        let apiVersion = type.apiVersion(version)
        return .badRequest("\(type.kind) in version \"\(apiVersion)\" cannot be handled as a \(type.kind): strict decoding error: " + paths.map { "unknown field \"\($0)\"" }.joined(separator: ", "))
    }
}
