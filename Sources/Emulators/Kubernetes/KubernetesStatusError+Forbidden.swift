import JSON

extension KubernetesStatusError {
    /// 403 Forbidden as the real server words it: `deployments.apps "d" is forbidden: WHY` (no name: `deployments.apps
    /// is forbidden: WHY`; no resource: `forbidden: WHY`), with details {name, group, kind: plural} where not empty.
    public static func forbidden(group: String, resource: String, name: String, _ why: String) -> Self {
        let qualified = group.isEmpty ? resource : "\(resource).\(group)"
        let message: String
        if resource.isEmpty {
            message = "forbidden: \(why)"
        } else if name.isEmpty {
            message = "\(qualified) is forbidden: \(why)"
        } else {
            message = "\(qualified) \"\(name)\" is forbidden: \(why)"
        }
        var details: [String: JSONValue] = [:]
        if !name.isEmpty { details["name"] = .string(name) }
        if !group.isEmpty { details["group"] = .string(group) }
        if !resource.isEmpty { details["kind"] = .string(resource) }
        return .init(code: 403, reason: "Forbidden", message: message, details: .object(details))
    }

    /// The RBAC denial of `attributes` for `user`, with the authorizer's reason appended when there is one.
    static func forbidden(_ attributes: KubernetesAccessAttributes, user: KubernetesUser, reason: String) -> Self {
        let why = attributes.denialText(user: user.name) + (reason.isEmpty ? "" : ": \(reason)")
        return forbidden(group: attributes.group, resource: attributes.resource, name: attributes.name, why)
    }
}
