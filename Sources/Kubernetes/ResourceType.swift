/// How to address one kind of resource: its API group and version, URL plural, kind and scope.
public struct ResourceType: Sendable, Hashable, CustomStringConvertible {
    /// The API group; empty for the core group (`v1`).
    public var group: String
    public var version: String
    /// The plural used in URLs (`secrets`, `gateways`).
    public var plural: String
    public var kind: String
    /// Whether objects live in a namespace.
    public var namespaced: Bool

    public init(group: String, version: String, plural: String, kind: String, namespaced: Bool) {
        self.group = group
        self.version = version
        self.plural = plural
        self.kind = kind
        self.namespaced = namespaced
    }

    /// `apiVersion` as written in objects: `v1` or `group/version`.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    public var description: String { group.isEmpty ? plural : "\(plural).\(group)" }

    /// The URL path of a collection or an object, e.g. `/apis/apps/v1/namespaces/ns/deployments/web/status`.
    /// A nil `namespace` of a namespaced type addresses all namespaces (list and watch only).
    public func path(namespace: String?, name: String? = nil, subresource: String? = nil) -> String {
        var path = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        if namespaced, let namespace {
            path += "/namespaces/\(Self.escape(namespace))"
        }
        path += "/\(plural)"
        if let name {
            path += "/\(Self.escape(name))"
            if let subresource { path += "/\(subresource)" }
        }
        return path
    }

    private static func escape(_ segment: String) -> String {
        PercentEncoding.encode(segment, keeping: PercentEncoding.pathSegment)
    }

    public static let secret = ResourceType(group: "", version: "v1", plural: "secrets", kind: "Secret", namespaced: true)
    public static let namespace = ResourceType(group: "", version: "v1", plural: "namespaces", kind: "Namespace", namespaced: false)
    public static let deployment = ResourceType(group: "apps", version: "v1", plural: "deployments", kind: "Deployment", namespaced: true)
    public static let statefulSet = ResourceType(group: "apps", version: "v1", plural: "statefulsets", kind: "StatefulSet", namespaced: true)
    public static let daemonSet = ResourceType(group: "apps", version: "v1", plural: "daemonsets", kind: "DaemonSet", namespaced: true)
    public static let lease = ResourceType(group: "coordination.k8s.io", version: "v1", plural: "leases", kind: "Lease", namespaced: true)
    public static let event = ResourceType(group: "events.k8s.io", version: "v1", plural: "events", kind: "Event", namespaced: true)
    public static let customResourceDefinition = ResourceType(
        group: "apiextensions.k8s.io", version: "v1", plural: "customresourcedefinitions", kind: "CustomResourceDefinition", namespaced: false
    )
    /// The operator's own custom resource.
    public static let gateway = ResourceType(group: "runbeam.io", version: "v1alpha1", plural: "gateways", kind: "Gateway", namespaced: true)
}

import FoundationEssentials

