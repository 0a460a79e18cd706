import FoundationEssentials
import GatewayAPI
import GatewayCore
import Kubernetes

extension WorkloadKind {
    /// The kind of a workload resource type; nil for anything but Deployments, StatefulSets and DaemonSets.
    public init?(resourceType: ResourceType) {
        switch resourceType {
        case .deployment: self = .deployment
        case .statefulSet: self = .statefulSet
        case .daemonSet: self = .daemonSet
        default: return nil
        }
    }

    /// The resource type of this kind.
    public var resourceType: ResourceType {
        switch self {
        case .deployment: .deployment
        case .statefulSet: .statefulSet
        case .daemonSet: .daemonSet
        }
    }
}

extension WorkloadState {
    /// The rollout-relevant facts of a Deployment, StatefulSet or DaemonSet read from the cluster.
    public init<W: Workload>(_ workload: W) {
        let kind = WorkloadKind(resourceType: W.resourceType) ?? .deployment
        let object = workload.object
        let replicas: Int
        let updated: Int
        if kind == .daemonSet {
            replicas = object["status", "desiredNumberScheduled"]?.intValue ?? 0
            updated = object["status", "updatedNumberScheduled"]?.intValue ?? 0
        } else {
            replicas = object["spec", "replicas"]?.intValue ?? 1
            updated = object["status", "updatedReplicas"]?.intValue ?? 0
        }
        let template = workload.podTemplate
        self.init(
            kind: kind, name: workload.metadata.name ?? "", uid: workload.metadata.uid ?? "", labels: workload.metadata.labels,
            creationTimestamp: workload.metadata.creationTimestamp ?? .distantPast,
            paused: kind == .deployment && object["spec", "paused"]?.boolValue == true,
            generation: Int64(workload.metadata.generation ?? 1), observedGeneration: Int64(object["status", "observedGeneration"]?.intValue ?? 0),
            replicas: replicas, updatedReplicas: updated, podTemplateAnnotations: template.annotations,
            referencedSecrets: template.referencedSecretNames, resourceVersion: workload.metadata.resourceVersion)
    }
}
