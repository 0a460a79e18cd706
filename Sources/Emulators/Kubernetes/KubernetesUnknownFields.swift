import JSON

/// Unknown fields of a request body, for `fieldValidation`: custom resources are checked against their
/// structural schema; built-in kinds at the top level and in workload pod template containers (their other nested
/// schemas are not modelled).
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
        return members.keys.filter { !known.contains($0) }.sorted() + containerPaths(in: body, type: type)
    }

    /// The fields of a core/v1 Container.
    static let containerFields: Set<String> = [
        "name", "image", "command", "args", "workingDir", "ports", "envFrom", "env", "resources", "resizePolicy", "restartPolicy",
        "volumeMounts", "volumeDevices", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle", "terminationMessagePath",
        "terminationMessagePolicy", "imagePullPolicy", "securityContext", "stdin", "stdinOnce", "tty",
    ]

    /// Unknown fields of the containers in a workload's pod template (the one nested schema modelled for built-ins).
    static func containerPaths(in body: JSONValue, type: KubernetesResourceType) -> [String] {
        guard type.isWorkload else { return [] }
        var paths: [String] = []
        for list in ["initContainers", "containers"] {
            for (index, container) in (body[path: ["spec", "template", "spec", list]]?.arrayValue ?? []).enumerated() {
                for key in (container.objectValue ?? [:]).keys.sorted() where !containerFields.contains(key) {
                    paths.append("spec.template.spec.\(list)[\(index)].\(key)")
                }
            }
        }
        return paths
    }

    /// A built-in object without its unknown top-level fields (the real server's decoder drops them; custom
    /// resources are pruned by their schema).
    static func pruned(_ body: JSONValue, type: KubernetesResourceType) -> JSONValue {
        guard type.schemas.isEmpty else { return body }
        var pruned = body
        for path in paths(in: body, type: type, schema: nil) where !path.contains(".") { pruned[path] = nil }
        for list in ["initContainers", "containers"] where type.isWorkload {
            guard let containers = pruned[path: ["spec", "template", "spec", list]]?.arrayValue else { continue }
            pruned[path: ["spec", "template", "spec", list]] = .array(containers.map { container in
                .object((container.objectValue ?? [:]).filter { containerFields.contains($0.key) })
            })
        }
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
