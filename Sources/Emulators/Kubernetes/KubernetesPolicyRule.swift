import JSON

/// One RBAC `rules[]` entry of a Role or ClusterRole, and whether it allows a request.
struct KubernetesPolicyRule: Sendable, Hashable {
    var verbs: [String]
    var apiGroups: [String]
    var resources: [String]
    var resourceNames: [String]
    var nonResourceURLs: [String]

    init(verbs: [String], apiGroups: [String] = [], resources: [String] = [], resourceNames: [String] = [], nonResourceURLs: [String] = []) {
        self.verbs = verbs
        self.apiGroups = apiGroups
        self.resources = resources
        self.resourceNames = resourceNames
        self.nonResourceURLs = nonResourceURLs
    }

    /// The rule of a stored role's `rules[]` entry.
    init(_ json: JSONValue) {
        func strings(_ key: String) -> [String] { json[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        self.init(verbs: strings("verbs"), apiGroups: strings("apiGroups"), resources: strings("resources"),
                  resourceNames: strings("resourceNames"), nonResourceURLs: strings("nonResourceURLs"))
    }

    /// Whether this rule grants `attributes` (the real server's `RuleAllows`).
    func allows(_ attributes: KubernetesAccessAttributes) -> Bool {
        guard verbs.contains("*") || verbs.contains(attributes.verb) else { return false }
        if let path = attributes.nonResourcePath {
            return nonResourceURLs.contains { $0 == "*" || $0 == path || ($0.hasSuffix("*") && path.hasPrefix($0.dropLast())) }
        }
        return (apiGroups.contains("*") || apiGroups.contains(attributes.group))
            && resourceMatches(attributes)
            && (resourceNames.isEmpty || resourceNames.contains(attributes.name))
    }

    private func resourceMatches(_ attributes: KubernetesAccessAttributes) -> Bool {
        let combined = attributes.combinedResource
        return resources.contains { resource in
            resource == "*" || resource == combined
                || (!attributes.subresource.isEmpty && resource == "*/\(attributes.subresource)")
        }
    }
}
