/// A change to an ``Informer``'s cache. An update carries the new version only: no handler needs the old one, and
/// reading it back from the cache would cost a parse per update.
public enum InformerEvent<Resource: KubernetesObjectConvertible>: Sendable {
    case added(Resource)
    case updated(Resource)
    case deleted(Resource)

    /// The object's key (namespace/name).
    public var key: ObjectKey {
        switch self {
        case .added(let resource), .deleted(let resource), .updated(let resource): return resource.key
        }
    }
}
