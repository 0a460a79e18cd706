import JSON

/// Any Kubernetes object, kept whole as JSON so that fields this module does not model survive a
/// read-modify-write. Typed resources are views over one of these.
public struct KubernetesObject: Sendable, Hashable {
    /// The complete object as the server sent it (or as it will be sent).
    public var json: JSONValue

    public init(_ json: JSONValue = .emptyObject) {
        self.json = json
    }

    public var apiVersion: String? {
        get { json["apiVersion"]?.stringValue }
        set { json["apiVersion"] = newValue.map(JSONValue.string) }
    }

    public var kind: String? {
        get { json["kind"]?.stringValue }
        set { json["kind"] = newValue.map(JSONValue.string) }
    }

    public var metadata: ObjectMeta {
        get { ObjectMeta(json["metadata"] ?? .emptyObject) }
        set { json["metadata"] = newValue.json }
    }

    /// The value at a path of object keys (`object["spec", "paused"]`); setting nil removes it.
    public subscript(_ keys: String...) -> JSONValue? {
        get { json[path: keys] }
        set { json[path: keys] = newValue }
    }
}

/// A type that is a view over a ``KubernetesObject``.
public protocol KubernetesObjectConvertible: Sendable {
    init(object: KubernetesObject)
    var object: KubernetesObject { get set }
}

/// A typed resource with a fixed ``ResourceType``.
public protocol KubernetesResource: KubernetesObjectConvertible {
    static var resourceType: ResourceType { get }
}

extension KubernetesObject: KubernetesObjectConvertible {
    public init(object: KubernetesObject) { self = object }
    public var object: KubernetesObject {
        get { self }
        set { self = newValue }
    }
}

extension KubernetesObjectConvertible {
    /// The object's metadata.
    public var metadata: ObjectMeta {
        get { object.metadata }
        set { object.metadata = newValue }
    }

    /// `namespace/name` (or `name` for cluster-scoped objects), the key caches and queues use.
    public var key: ObjectKey { ObjectKey(namespace: object.metadata.namespace, name: object.metadata.name ?? "") }
}

extension KubernetesResource {
    /// A new object of this type with `apiVersion`, `kind`, name and namespace set.
    public init(name: String, namespace: String? = nil) {
        var object = KubernetesObject()
        object.apiVersion = Self.resourceType.apiVersion
        object.kind = Self.resourceType.kind
        object.metadata.name = name
        object.metadata.namespace = namespace
        self.init(object: object)
    }
}
