import JSON

/// One RBAC rule: the verbs allowed on resources of some API groups.
public struct PolicyRule: Sendable, Hashable {
    /// API groups; `""` is the core group.
    public var apiGroups: [String]
    /// Resources, with `/status` for the status subresource.
    public var resources: [String]
    /// Verbs (`get`, `list`, `watch`, `create`, `update`, `patch`, …).
    public var verbs: [String]

    /// A rule.
    public init(apiGroups: [String], resources: [String], verbs: [String]) {
        self.apiGroups = apiGroups
        self.resources = resources
        self.verbs = verbs
    }

    /// Whether this rule allows `verb` on `resource` (optionally `resource/subresource`) of `group`.
    public func allows(group: String, resource: String, verb: String) -> Bool {
        apiGroups.contains(group) && resources.contains(resource) && verbs.contains(verb)
    }

    /// The rule as it appears in a Role or ClusterRole.
    public var json: JSONValue {
        [
            "apiGroups": .array(apiGroups.map(JSONValue.string)),
            "resources": .array(resources.map(JSONValue.string)),
            "verbs": .array(verbs.map(JSONValue.string)),
        ]
    }
}
