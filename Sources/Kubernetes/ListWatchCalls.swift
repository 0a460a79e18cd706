import FoundationEssentials

/// What an ``Informer`` (through its ``ResourceWatch``) asks of the API server: one page of a list, and one watch
/// stream from a resourceVersion.
///
/// The watch is handed over as raw lines (``WatchStream``) rather than decoded events, so the list-then-watch logic
/// (resume from the last resourceVersion, relist after 410 Gone, bookmarks, skipping malformed lines) stays in
/// ``ResourceWatch`` whoever serves it. ``KubernetesClient`` makes these calls over HTTP; a test can hand informers,
/// and the controllers built on them, an in-memory fake that writes the same lines.
public protocol ListWatchCalls: Sendable {
    /// One page of a list, with the list's resourceVersion and, when more pages remain, their continue token.
    func listPage(_ type: ResourceType, namespace: String?, options: ListOptions, continue token: String?) async throws -> ObjectList<KubernetesObject>

    /// Opens one watch of the changes after `resourceVersion`, bookmarks allowed. Failure statuses throw typed errors
    /// (`KubernetesError.gone` when the version is older than the server's history); the stream may also end with an
    /// `ERROR` line. The server ends the stream after about `timeoutSeconds`; `idleTimeout` aborts it when nothing
    /// arrives for that long.
    func openWatch(
        _ type: ResourceType, namespace: String?, options: ListOptions, resourceVersion: String?, timeoutSeconds: Int, idleTimeout: Duration?
    ) async throws -> WatchStream
}

extension KubernetesClient: ListWatchCalls {}
