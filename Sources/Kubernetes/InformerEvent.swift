/// A change to an ``Informer``'s cache.
public enum InformerEvent<Resource: KubernetesObjectConvertible>: Sendable {
    case added(Resource)
    case updated(old: Resource, new: Resource)
    case deleted(Resource)

    /// The object's key (namespace/name).
    public var key: ObjectKey {
        switch self {
        case .added(let resource), .deleted(let resource), .updated(_, let resource): return resource.key
        }
    }
}
