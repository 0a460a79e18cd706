import FoundationEssentials
import JSON

/// The `scale` subresource of Deployments and StatefulSets: an `autoscaling/v1` Scale view (spec.replicas,
/// status.replicas and the label selector as text) that GET reads and PUT/PATCH write back to `spec.replicas`.
enum KubernetesScaleSubresource {
    static func supports(_ type: KubernetesResourceType) -> Bool {
        (type.group == "apps" && ["deployments", "statefulsets"].contains(type.plural)) || type.scalePaths != nil
    }

    /// Where the replicas live: `spec.replicas`, `status.replicas`, or a custom resource's declared paths.
    static func paths(_ type: KubernetesResourceType) -> (spec: [String], status: [String], selector: [String]?) {
        func split(_ path: String?) -> [String]? { path.map { $0.split(separator: ".").map(String.init) } }
        guard let custom = type.scalePaths else { return (["spec", "replicas"], ["status", "replicas"], nil) }
        return (split(custom["specReplicasPath"]) ?? ["spec", "replicas"], split(custom["statusReplicasPath"]) ?? ["status", "replicas"], split(custom["labelSelectorPath"]))
    }

    /// The Scale of a workload or custom resource.
    static func scale(of object: JSONValue, type: KubernetesResourceType) -> JSONValue {
        let (specPath, statusPath, selectorPath) = paths(type)
        var status: JSONValue = .emptyObject
        if let replicas = object[path: statusPath]?.intValue, replicas != 0 { status["replicas"] = .int(replicas) }
        if let selectorPath {
            if let selector = object[path: selectorPath]?.stringValue { status["selector"] = .string(selector) }
        } else {
            let labels = object[path: ["spec", "selector", "matchLabels"]]?.objectValue ?? [:]
            status["selector"] = .string(labels.keys.sorted().map { "\($0)=\(labels[$0]?.stringValue ?? "")" }.joined(separator: ","))
        }
        var metadata: JSONValue = [
            "name": .string(object.metadataName), "namespace": .string(object.metadataNamespace), "uid": .string(object.metadataUID),
            "resourceVersion": .string(object.metadataResourceVersion),
        ]
        metadata["creationTimestamp"] = object[path: ["metadata", "creationTimestamp"]]
        return ["kind": "Scale", "apiVersion": "autoscaling/v1", "metadata": metadata,
                "spec": ["replicas": .int(object[path: specPath]?.intValue ?? (type.scalePaths == nil ? 1 : 0))], "status": status]
    }

    /// The Scale a PUT or PATCH body asks for, given the current one.
    static func requested(_ body: JSONValue, contentType: String, method: String, current: JSONValue) throws(KubernetesStatusError) -> JSONValue {
        method == "PUT" ? body : try KubernetesViewPatch.apply(body, contentType: contentType, to: current)
    }
}
