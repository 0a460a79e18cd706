import HTTPServer

extension KubernetesAccessAttributes {
    /// What an HTTP request asks for, derived as the real server's request info does: a non-resource request's verb is
    /// its lower-cased method, the namespace of a
    /// namespace is its own name, and a list or watch pinned by `fieldSelector=metadata.name=X` names X.
    init(_ request: ServerRequest, verb: String) {
        guard let path = KubernetesAPIPath(request.path), !path.plural.isEmpty else {
            self.init(verb: request.method.lowercased(), nonResourcePath: request.path)
            return
        }
        var namespace = path.namespace ?? ""
        var name = path.name ?? ""
        if path.group.isEmpty, path.plural == "namespaces", !name.isEmpty { namespace = name }
        if name.isEmpty, ["list", "watch"].contains(verb), let text = request.query["fieldSelector"],
           let selector = try? KubernetesFieldSelector(parsing: text),
           let pinned = selector.requirements.first(where: { $0.path == ["metadata", "name"] && !$0.negated }) {
            name = pinned.value
        }
        self.init(verb: verb, group: path.group, resource: path.plural, subresource: path.subresource ?? "", namespace: namespace, name: name)
    }
}
