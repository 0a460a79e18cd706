import JSON

/// One kind of object the emulator serves: its names, scope, subresources and (for custom
/// resources) schema and printer columns.
public struct KubernetesResourceType: Sendable, Hashable {
    /// The API group (`""` for the core group).
    public var group: String
    /// The served versions; the first is the one objects are stored in.
    public var versions: [String]
    public var kind: String
    public var plural: String
    public var singular: String
    public var namespaced: Bool
    public var shortNames: [String]
    public var categories: [String]
    /// Whether `/status` is a separate subresource (writes to the main resource then ignore `.status`).
    public var hasStatusSubresource: Bool
    /// Whether strategic merge patches are accepted (built-in kinds only).
    public var supportsStrategicMerge: Bool
    /// The structural schema of custom resources (`openAPIV3Schema`), per version.
    public var schemas: [String: JSONValue]
    /// The printer columns of custom resources, per version.
    public var printerColumns: [String: [JSONValue]]
    /// Field paths a CRD declares in `selectableFields` (`spec.color`), usable in field selectors.
    public var selectableFields: [String] = []
    /// A custom resource's scale subresource: `specReplicasPath`, `statusReplicasPath`, `labelSelectorPath`.
    public var scalePaths: [String: String]?
    /// The Warning text of deprecated custom resource versions, by version.
    public var deprecationWarnings: [String: String] = [:]

    public init(
        group: String, versions: [String], kind: String, plural: String, singular: String? = nil,
        namespaced: Bool, shortNames: [String] = [], categories: [String] = [],
        hasStatusSubresource: Bool = false, supportsStrategicMerge: Bool = true,
        schemas: [String: JSONValue] = [:], printerColumns: [String: [JSONValue]] = [:]
    ) {
        self.group = group
        self.versions = versions
        self.kind = kind
        self.plural = plural
        self.singular = singular ?? kind.lowercased()
        self.namespaced = namespaced
        self.shortNames = shortNames
        self.categories = categories
        self.hasStatusSubresource = hasStatusSubresource
        self.supportsStrategicMerge = supportsStrategicMerge
        self.schemas = schemas
        self.printerColumns = printerColumns
    }

    /// The key objects of this type are stored under (`plural.group`).
    public var key: String { group.isEmpty ? plural : "\(plural).\(group)" }

    /// The version objects are stored in.
    public var storageVersion: String { versions[0] }

    /// `apiVersion` for `version` (`v1` or `group/version`).
    public func apiVersion(_ version: String) -> String { group.isEmpty ? version : "\(group)/\(version)" }

    /// Whether this is a Deployment, StatefulSet or DaemonSet, whose rollouts are simulated.
    public var isWorkload: Bool { group == "apps" && ["deployments", "statefulsets", "daemonsets"].contains(plural) }

    /// Whether objects carry `metadata.generation`: custom resources and the built-in groups with a spec
    /// (apps, policy, apiextensions…); not the core group, RBAC, Leases or Events.
    public var hasGeneration: Bool {
        !group.isEmpty && !["rbac.authorization.k8s.io", "coordination.k8s.io", "events.k8s.io"].contains(group)
    }

    /// The verbs listed in discovery.
    public var verbs: [String] {
        if group.isEmpty, plural == "namespaces" { return ["create", "delete", "get", "list", "patch", "update", "watch"] }
        return schemas.isEmpty
            ? ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
            : ["delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"]
    }
}
