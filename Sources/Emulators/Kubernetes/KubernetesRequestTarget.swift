import HTTPServer

/// The object a request is about, for naming it in an error: resource and group from the path, the kind from the
/// served type, the name from the path or (on create) from the body's `metadata.name` or `generateName`.
struct KubernetesRequestTarget: Sendable, Hashable {
    var group: String
    /// Plural resource; empty for a request that is not about a resource.
    var resource: String
    /// Empty when the resource is not served.
    var kind: String
    var name: String

    init(group: String = "", resource: String = "", kind: String = "", name: String = "") {
        self.group = group
        self.resource = resource
        self.kind = kind
        self.name = name
    }

    init(_ request: ServerRequest, store: KubernetesStore) {
        guard let path = KubernetesAPIPath(request.path), !path.plural.isEmpty else {
            self.init()
            return
        }
        var name = path.name ?? ""
        if name.isEmpty, request.method == "POST", let body = try? KubernetesAPIHandler.parseBody(request) {
            name = body.metadataName.isEmpty ? (body[path: ["metadata", "generateName"]]?.stringValue ?? "") : body.metadataName
        }
        let kind = store.type(group: path.group, version: path.version, plural: path.plural)?.kind ?? ""
        self.init(group: path.group, resource: path.plural, kind: kind, name: name)
    }
}
