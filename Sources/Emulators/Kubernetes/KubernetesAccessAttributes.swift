/// What a request asks to do, as RBAC sees it: a verb on a resource (group, resource, subresource,
/// namespace, name) or on a non-resource path such as `/version`.
public struct KubernetesAccessAttributes: Sendable, Hashable {
    public var verb: String
    public var group: String
    /// The plural resource, e.g. `deployments`; empty for a non-resource request.
    public var resource: String
    public var subresource: String
    /// Empty for the cluster scope (cluster-scoped resources and lists across all namespaces).
    public var namespace: String
    /// Empty when the request names no object (list, create, deletecollection).
    public var name: String
    /// The URL path of a non-resource request, nil for a resource request.
    public var nonResourcePath: String?

    /// A resource request.
    public init(verb: String, group: String = "", resource: String, subresource: String = "", namespace: String = "", name: String = "") {
        self.verb = verb
        self.group = group
        self.resource = resource
        self.subresource = subresource
        self.namespace = namespace
        self.name = name
        self.nonResourcePath = nil
    }

    /// A non-resource request (discovery, `/version`, `/healthz`, …).
    public init(verb: String, nonResourcePath: String) {
        self.init(verb: verb, resource: "")
        self.nonResourcePath = nonResourcePath
    }

    /// `resource` or `resource/subresource`, as RBAC rules name it.
    public var combinedResource: String { subresource.isEmpty ? resource : "\(resource)/\(subresource)" }

    /// The real server's reason text for a denial: `User "U" cannot VERB resource "R" in API group "G" in the namespace "NS"`.
    func denialText(user: String) -> String {
        if let nonResourcePath { return "User \"\(user)\" cannot \(verb) path \"\(nonResourcePath)\"" }
        let scope = namespace.isEmpty ? "at the cluster scope" : "in the namespace \"\(namespace)\""
        return "User \"\(user)\" cannot \(verb) resource \"\(combinedResource)\" in API group \"\(group)\" \(scope)"
    }
}
