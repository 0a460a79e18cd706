import Foundation
import JSON

/// The `scale` subresource of Deployments and StatefulSets: an `autoscaling/v1` Scale view (spec.replicas,
/// status.replicas and the label selector as text) that GET reads and PUT/PATCH write back to `spec.replicas`.
enum KubernetesScaleSubresource {
    static func supports(_ type: KubernetesResourceType) -> Bool {
        type.group == "apps" && ["deployments", "statefulsets"].contains(type.plural)
    }

    /// The Scale of a workload.
    static func scale(of object: JSONValue) -> JSONValue {
        var status: JSONValue = .emptyObject
        if let replicas = object[path: ["status", "replicas"]]?.intValue, replicas != 0 { status["replicas"] = .int(replicas) }
        let labels = object[path: ["spec", "selector", "matchLabels"]]?.objectValue ?? [:]
        status["selector"] = .string(labels.keys.sorted().map { "\($0)=\(labels[$0]?.stringValue ?? "")" }.joined(separator: ","))
        var metadata: JSONValue = [
            "name": .string(object.metadataName), "namespace": .string(object.metadataNamespace), "uid": .string(object.metadataUID),
            "resourceVersion": .string(object.metadataResourceVersion),
        ]
        metadata["creationTimestamp"] = object[path: ["metadata", "creationTimestamp"]]
        return ["kind": "Scale", "apiVersion": "autoscaling/v1", "metadata": metadata,
                "spec": ["replicas": .int(object[path: ["spec", "replicas"]]?.intValue ?? 1)], "status": status]
    }

    /// The Scale a PUT or PATCH body asks for, given the current one.
    static func requested(_ body: JSONValue, contentType: String, method: String, current: JSONValue) throws(KubernetesStatusError) -> JSONValue {
        method == "PUT" ? body : try KubernetesViewPatch.apply(body, contentType: contentType, to: current)
    }
}
