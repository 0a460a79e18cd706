import JSON

/// What Deployments, StatefulSets and DaemonSets share: a pod template and rollout status.
public protocol Workload: KubernetesResource {}

extension Workload {
    /// `spec.template`.
    public var podTemplate: PodTemplate {
        get { PodTemplate(object["spec", "template"] ?? .emptyObject) }
        set { object["spec", "template"] = newValue.json }
    }

    /// `status.observedGeneration`.
    public var observedGeneration: Int? { object["status", "observedGeneration"]?.intValue }

    /// Whether the controller has seen the latest spec and every pod runs the current template
    /// (Deployment/StatefulSet: updated = ready = replicas; DaemonSet: updated = desired scheduled).
    public var isRolledOut: Bool {
        guard let generation = metadata.generation, let observed = observedGeneration, observed >= generation else { return false }
        if Self.resourceType == .daemonSet {
            let desired = object["status", "desiredNumberScheduled"]?.intValue ?? 0
            return (object["status", "updatedNumberScheduled"]?.intValue ?? 0) >= desired
        }
        let wanted = object["spec", "replicas"]?.intValue ?? 1
        let updated = object["status", "updatedReplicas"]?.intValue ?? 0
        let ready = object["status", "readyReplicas"]?.intValue ?? 0
        return updated >= wanted && ready >= wanted
    }
}

/// An apps/v1 Deployment.
public struct Deployment: Workload, Hashable {
    public static let resourceType = ResourceType.deployment
    public var object: KubernetesObject
    public init(object: KubernetesObject) { self.object = object }

    /// `spec.paused`: a paused Deployment does not roll.
    public var paused: Bool {
        get { object["spec", "paused"]?.boolValue ?? false }
        set { object["spec", "paused"] = newValue ? .bool(true) : nil }
    }

    public var replicas: Int? { object["status", "replicas"]?.intValue }
    public var updatedReplicas: Int? { object["status", "updatedReplicas"]?.intValue }
    public var readyReplicas: Int? { object["status", "readyReplicas"]?.intValue }
}

/// An apps/v1 StatefulSet.
public struct StatefulSet: Workload, Hashable {
    public static let resourceType = ResourceType.statefulSet
    public var object: KubernetesObject
    public init(object: KubernetesObject) { self.object = object }

    public var replicas: Int? { object["status", "replicas"]?.intValue }
    public var updatedReplicas: Int? { object["status", "updatedReplicas"]?.intValue }
    public var readyReplicas: Int? { object["status", "readyReplicas"]?.intValue }
}

/// An apps/v1 DaemonSet.
public struct DaemonSet: Workload, Hashable {
    public static let resourceType = ResourceType.daemonSet
    public var object: KubernetesObject
    public init(object: KubernetesObject) { self.object = object }

    public var updatedNumberScheduled: Int? { object["status", "updatedNumberScheduled"]?.intValue }
    public var desiredNumberScheduled: Int? { object["status", "desiredNumberScheduled"]?.intValue }
}
