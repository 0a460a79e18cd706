/// What a ``ResourceWatch`` delivers.
public enum WatchEvent<Resource: Sendable>: Sendable {
    /// The complete current state from a (re)list: it replaces everything seen before.
    case listed([Resource])
    case added(Resource)
    case modified(Resource)
    case deleted(Resource)
}
