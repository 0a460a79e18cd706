import FoundationEssentials
import GatewayAPI
import KubernetesModel

/// A Secret as the reconciler sees and writes it: the fields the operator reads or sets.
public struct ManagedSecret: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var namespace: String
    public var labels: [String: String]
    public var annotations: [String: String]
    public var ownerReferences: [OwnerReference]
    /// The decoded data (not base64).
    public var data: [String: Data]
    /// `Opaque`.
    public var type: String
    /// Set for a Secret read from the cluster; an update sends it back for optimistic concurrency.
    public var resourceVersion: String?

    public init(
        name: String, namespace: String, labels: [String: String] = [:], annotations: [String: String] = [:],
        ownerReferences: [OwnerReference] = [], data: [String: Data] = [:], type: String = "Opaque", resourceVersion: String? = nil
    ) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
        self.ownerReferences = ownerReferences
        self.data = data
        self.type = type
        self.resourceVersion = resourceVersion
    }

    /// Whether the Secret's controlling owner reference points at the Gateway with `uid`.
    public func isControlled(byUID uid: String) -> Bool {
        ownerReferences.contains { $0.controller == true && $0.uid == uid && $0.kind == Gateway.kind }
    }

    /// The description names the Secret and its keys, never its values.
    public var description: String {
        "Secret \(namespace)/\(name) (keys: \(data.keys.sorted().joined(separator: ", ")))"
    }
}
