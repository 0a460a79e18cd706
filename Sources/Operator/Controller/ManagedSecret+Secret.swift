import GatewayCore
import Kubernetes

extension ManagedSecret {
    /// The operator's view of a Secret read from the cluster.
    public init(_ secret: Secret) {
        self.init(
            name: secret.metadata.name ?? "", namespace: secret.metadata.namespace ?? "", labels: secret.metadata.labels,
            annotations: secret.metadata.annotations,
            ownerReferences: secret.metadata.ownerReferences,
            data: secret.data, type: secret.type ?? "Opaque", resourceVersion: secret.metadata.resourceVersion)
    }
}

extension Secret {
    /// The Secret to send for `managed`: a new object, or `existing` with the managed fields replaced and every other
    /// field (finalizers, other metadata, an immutable `type`) kept. `data` becomes exactly `managed.data`.
    public init(_ managed: ManagedSecret, over existing: Secret? = nil) {
        self = existing ?? Secret(name: managed.name, namespace: managed.namespace)
        metadata.name = managed.name
        metadata.namespace = managed.namespace
        metadata.labels = managed.labels
        metadata.annotations = managed.annotations
        metadata.ownerReferences = managed.ownerReferences
        metadata.resourceVersion = managed.resourceVersion
        type = existing?.type ?? managed.type
        stringData = [:]
        data = managed.data
    }
}
