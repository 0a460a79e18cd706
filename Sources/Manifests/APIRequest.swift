/// One Kubernetes API request as RBAC sees it: a verb on a resource (optionally a subresource) of an API group,
/// in a namespace or cluster-wide.
public struct APIRequest: Sendable, Hashable, CustomStringConvertible {
    public var verb: String
    /// The API group; `""` for the core group.
    public var group: String
    /// The resource, with `/subresource` when the request addresses one (`gateways/status`).
    public var resource: String
    /// The namespace, or nil for cluster-scoped and all-namespaces requests.
    public var namespace: String?

    /// A request.
    public init(verb: String, group: String, resource: String, namespace: String?) {
        self.verb = verb
        self.group = group
        self.resource = resource
        self.namespace = namespace
    }

    /// Parses a resource path (`/api/v1/namespaces/harmony/secrets/x`, `/apis/runbeam.io/v1alpha1/gateways`, …);
    /// nil for non-resource paths (discovery, `/version`), which every authenticated client may read.
    public init?(verb: String, path: String) {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let group: String
        switch parts.first {
        case "api" where parts.count >= 2:
            group = ""
            parts.removeFirst(2)
        case "apis" where parts.count >= 3:
            group = parts[1]
            parts.removeFirst(3)
        default:
            return nil
        }
        var namespace: String?
        if parts.count > 2, parts[0] == "namespaces" {
            namespace = parts[1]
            parts.removeFirst(2)
        }
        guard let resource = parts.first else { return nil }
        // parts: resource [name [subresource]]; a namespace object itself is `namespaces/NAME`.
        let subresource = parts.count >= 3 ? "/" + parts[2] : ""
        self.init(verb: verb, group: group, resource: resource + subresource, namespace: namespace)
    }

    public var description: String {
        "\(verb) \(group.isEmpty ? "core" : group)/\(resource)" + (namespace.map { " in \($0)" } ?? " cluster-wide")
    }
}
