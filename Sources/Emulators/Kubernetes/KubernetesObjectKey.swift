import JSON

/// Where one object lives inside its type: namespace (empty for cluster-scoped) and name.
struct KubernetesObjectKey: Sendable, Hashable, Comparable {
    var namespace: String
    var name: String

    static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
    }

    /// The `namespace/name` form used in continue tokens and logs.
    var text: String { namespace.isEmpty ? name : "\(namespace)/\(name)" }
}

extension JSONValue {
    /// `metadata.name` (empty when absent).
    var metadataName: String { self[path: ["metadata", "name"]]?.stringValue ?? "" }
    /// `metadata.namespace` (empty when absent).
    var metadataNamespace: String { self[path: ["metadata", "namespace"]]?.stringValue ?? "" }
    /// `metadata.uid` (empty when absent).
    var metadataUID: String { self[path: ["metadata", "uid"]]?.stringValue ?? "" }
    /// `metadata.resourceVersion` (empty when absent).
    var metadataResourceVersion: String { self[path: ["metadata", "resourceVersion"]]?.stringValue ?? "" }
    /// `metadata.finalizers`.
    var metadataFinalizers: [String] { self[path: ["metadata", "finalizers"]]?.arrayValue?.compactMap(\.stringValue) ?? [] }
}
