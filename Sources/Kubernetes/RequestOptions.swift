import JSON

/// Options of a list or watch.
public struct ListOptions: Sendable, Hashable {
    /// `a=b,c!=d,e in (x,y),!f,g`.
    public var labelSelector: String?
    /// `metadata.name=…`, `metadata.namespace=…`.
    public var fieldSelector: String?
    /// Page size; ``KubernetesClient/list(_:namespace:options:)`` follows `continue` until the end.
    public var limit: Int?

    public init(labelSelector: String? = nil, fieldSelector: String? = nil, limit: Int? = 500) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.limit = limit
    }
}

/// A list answer: the items and the list's resourceVersion (where a watch continues from).
public struct ObjectList<Resource: KubernetesObjectConvertible>: Sendable {
    public var items: [Resource]
    public var resourceVersion: String
    /// Set when more pages remain (only for a single page from ``KubernetesClient/listPage(_:namespace:options:continue:)``).
    public var continueToken: String?

    public init(items: [Resource], resourceVersion: String, continueToken: String? = nil) {
        self.items = items
        self.resourceVersion = resourceVersion
        self.continueToken = continueToken
    }
}

/// A patch and its content type.
public enum Patch: Sendable, Hashable {
    /// RFC 7386 (`application/merge-patch+json`).
    case merge(JSONValue)
    /// RFC 6902 operations (`application/json-patch+json`).
    case json(JSONValue)
    /// Built-in types only (`application/strategic-merge-patch+json`).
    case strategic(JSONValue)
    /// Server-side apply (`application/apply-patch+yaml`, sent as JSON) of a whole intent object.
    case apply(JSONValue, fieldManager: String, force: Bool = false)

    var contentType: String {
        switch self {
        case .merge: return "application/merge-patch+json"
        case .json: return "application/json-patch+json"
        case .strategic: return "application/strategic-merge-patch+json"
        case .apply: return "application/apply-patch+yaml"
        }
    }

    var body: JSONValue {
        switch self {
        case .merge(let body), .json(let body), .strategic(let body), .apply(let body, _, _): return body
        }
    }

    /// JSON patches are not idempotent (`add` to a list twice appends twice), so they are not retried
    /// after a server error.
    var isIdempotent: Bool {
        if case .json = self { return false }
        return true
    }
}

/// How a delete treats dependents and preconditions.
public struct DeleteOptions: Sendable, Hashable {
    /// `Background`, `Foreground` or `Orphan`.
    public var propagationPolicy: String?
    /// Delete only this version (409 when stale).
    public var preconditionResourceVersion: String?
    /// Delete only the object with this uid.
    public var preconditionUID: String?

    public init(propagationPolicy: String? = nil, preconditionResourceVersion: String? = nil, preconditionUID: String? = nil) {
        self.propagationPolicy = propagationPolicy
        self.preconditionResourceVersion = preconditionResourceVersion
        self.preconditionUID = preconditionUID
    }
}
