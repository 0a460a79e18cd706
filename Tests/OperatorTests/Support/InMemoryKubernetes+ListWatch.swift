import Foundation
import JSON
import Kubernetes

/// Lists and watches over the fake's dictionary, as an informer sees a real API server: a list carries the current
/// resourceVersion, and a watch from a version is sent, as `{"type","object"}` lines, every later change of its type,
/// namespace and labels (the writes of the code under test and those of ``InMemoryKubernetes/seed(_:)`` and
/// ``InMemoryKubernetes/remove(_:namespace:name:)`` alike). Lists come in one page; `timeoutSeconds` and
/// `idleTimeout` are ignored (a watch stays open until it is closed, cancelled or expired); a nil resourceVersion
/// watches only later changes.
extension InMemoryKubernetes: ListWatchCalls {
    /// What a list or watch selects: a type, a namespace (nil: all) and an equality-based label selector
    /// (`key=value`, `key==value`, `key!=value`, comma-separated: the kind the operator uses).
    struct Selection {
        var type: ResourceType
        var namespace: String?
        var labels: [(key: String, value: String, equal: Bool)]

        init(_ type: ResourceType, namespace: String?, options: ListOptions) throws {
            guard options.fieldSelector == nil else { throw InMemoryKubernetes.unsupported("field selectors") }
            self.type = type
            self.namespace = namespace
            labels = try (options.labelSelector ?? "").split(separator: ",").map { part in
                for (operator_, equal) in [("!=", false), ("==", true), ("=", true)] {
                    if let range = part.range(of: operator_) {
                        return (String(part[..<range.lowerBound]), String(part[range.upperBound...]), equal)
                    }
                }
                throw InMemoryKubernetes.unsupported("the label selector \(part)")
            }
        }

        /// Whether `object` is of this type, namespace and labels.
        func contains(_ object: KubernetesObject) -> Bool {
            guard object.apiVersion == type.apiVersion, object.kind == type.kind else { return false }
            if let namespace, object.metadata.namespace != namespace { return false }
            let present = object.metadata.labels
            return labels.allSatisfy { (present[$0.key] == $0.value) == $0.equal }
        }
    }

    func listPage(_ type: ResourceType, namespace: String?, options: ListOptions, continue token: String?) async throws -> ObjectList<KubernetesObject> {
        let selection = try Selection(type, namespace: namespace, options: options)
        return try state.withLock { state in
            try Self.record(Call(verb: "list", resource: type.plural, name: ""), in: &state)
            let items = state.objects.keys.sorted().compactMap { state.objects[$0] }.filter(selection.contains)
            return ObjectList(items: items, resourceVersion: String(state.version))
        }
    }

    func openWatch(
        _ type: ResourceType, namespace: String?, options: ListOptions, resourceVersion: String?, timeoutSeconds: Int, idleTimeout: Duration?
    ) async throws -> WatchStream {
        let selection = try Selection(type, namespace: namespace, options: options)
        let (lines, continuation) = AsyncThrowingStream.makeStream(of: Data.self, throwing: (any Error).self)
        let id = try state.withLock { state in
            try Self.record(Call(verb: "watch", resource: type.plural, name: ""), in: &state)
            let from = resourceVersion.flatMap { Int($0) } ?? state.version
            guard from >= state.oldestWatchable else {
                throw KubernetesError.gone("too old resource version: \(from) (\(state.oldestWatchable))")
            }
            for change in state.history where change.version > from && selection.contains(change.object) {
                continuation.yield(Self.line(change.type, change.object))
            }
            state.nextWatcher += 1
            state.watchers[state.nextWatcher] = Watcher(selection: selection, lines: continuation)
            return state.nextWatcher
        }
        // Set outside the lock: finishing a stream runs this at once, and the lock is not reentrant.
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.watchers.removeValue(forKey: id) }
        }
        return WatchStream(lines: lines, close: { continuation.finish() })
    }

    /// Ends every open watch with an `ERROR` 410 (Expired) line, as a server whose history was compacted, and forgets
    /// the history: a watch from a version before now is then refused with 410 Gone, so informers list again.
    func expireWatches() {
        let open = state.withLock { state in
            defer { state.watchers = [:] }
            state.history = []
            state.oldestWatchable = state.version
            return Array(state.watchers.values)
        }
        let status: JSONValue = [
            "kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "Expired", "code": 410,
            "message": "too old resource version",
        ]
        for watcher in open {
            watcher.lines.yield(Data(JSONValue.object(["type": "ERROR", "object": status]).serialized()))
            watcher.lines.finish()
        }
    }

    /// Open watches.
    var watchCount: Int { state.withLock { $0.watchers.count } }

    /// One watch line.
    static func line(_ type: String, _ object: KubernetesObject) -> Data {
        Data(JSONValue.object(["type": .string(type), "object": object.json]).serialized())
    }

    fileprivate static func unsupported(_ what: String) -> KubernetesError {
        .server(code: 400, reason: "BadRequest", message: "the in-memory fake does not support \(what)")
    }
}
