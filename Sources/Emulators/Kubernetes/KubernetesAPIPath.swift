/// A parsed resource URL: `/api/v1[/namespaces/NS]/PLURAL[/NAME[/SUBRESOURCE]]` or the `/apis/G/V/…` form.
struct KubernetesAPIPath: Sendable, Hashable {
    var group: String
    var version: String
    /// Empty for the group-version discovery document.
    var plural: String
    /// The namespace in the path, or nil (cluster-scoped or all namespaces).
    var namespace: String?
    var name: String?
    var subresource: String?

    init?(_ path: String) {
        var segments = path.split(separator: "/").map(String.init)
        guard let root = segments.first else { return nil }
        segments.removeFirst()
        if root == "api" {
            guard segments.count >= 1 else { return nil }
            group = ""
            version = segments.removeFirst()
        } else if root == "apis" {
            guard segments.count >= 2 else { return nil }
            group = segments.removeFirst()
            version = segments.removeFirst()
        } else {
            return nil
        }
        if segments.count >= 3, segments[0] == "namespaces", !["status", "finalize"].contains(segments[2]) {
            namespace = segments[1]
            segments.removeFirst(2)
        }
        plural = segments.first ?? ""
        name = segments.count > 1 ? segments[1] : nil
        subresource = segments.count > 2 ? segments[2] : nil
        if segments.count > 3 { return nil }
    }
}
