/// An authenticated identity: a user name and its groups, as a bearer token maps to one.
public struct KubernetesUser: Sendable, Hashable, Codable {
    public var name: String
    /// Groups besides `system:authenticated`, which the server adds when it authenticates the token.
    public var groups: [String]

    public init(name: String, groups: [String] = []) {
        self.name = name
        self.groups = groups
    }

    /// The user of a ServiceAccount token: `system:serviceaccount:NS:NAME` in `system:serviceaccounts`,
    /// `system:serviceaccounts:NS` and `system:authenticated`.
    public static func serviceAccount(namespace: String, name: String) -> KubernetesUser {
        KubernetesUser(
            name: "system:serviceaccount:\(namespace):\(name)",
            groups: ["system:serviceaccounts", "system:serviceaccounts:\(namespace)", Self.authenticatedGroup]
        )
    }

    /// Parses `system:serviceaccount:NS:NAME` into a ServiceAccount user, any other text into a plain user.
    public init(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 4, parts[0] == "system", parts[1] == "serviceaccount", !parts[2].isEmpty, !parts[3].isEmpty {
            self = .serviceAccount(namespace: parts[2], name: parts[3])
        } else {
            self.init(name: text)
        }
    }

    /// A request without credentials when anonymous requests are enabled.
    public static let anonymous = KubernetesUser(name: "system:anonymous", groups: ["system:unauthenticated"])

    public static let authenticatedGroup = "system:authenticated"
    /// Members of this group may do anything (RBAC is not consulted), as in a real cluster.
    public static let mastersGroup = "system:masters"

    /// The same user with `system:authenticated` among its groups.
    var authenticated: KubernetesUser {
        var user = self
        if !user.groups.contains(Self.authenticatedGroup) { user.groups.append(Self.authenticatedGroup) }
        return user
    }

    /// If this is a ServiceAccount user, its namespace and name.
    var serviceAccount: (namespace: String, name: String)? {
        let parts = name.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "system", parts[1] == "serviceaccount" else { return nil }
        return (String(parts[2]), String(parts[3]))
    }
}
