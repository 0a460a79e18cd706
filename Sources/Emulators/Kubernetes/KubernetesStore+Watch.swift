extension KubernetesStore {
    /// Registers a watcher and replays what it missed: every matching object as ADDED when
    /// `resourceVersion` is empty or "0", else the history after it (410 Expired when that part of
    /// the history is gone). With `initialEventsEnd` (a watch with `sendInitialEvents=true`), every
    /// matching object is sent as ADDED whatever the resourceVersion, then the line that closure makes
    /// from the current resourceVersion (the `k8s.io/initial-events-end` bookmark), all under the lock so
    /// no change slips in between. Returns an id for ``stopWatching(_:)``.
    func watch(
        _ watcher: KubernetesWatcher, from resourceVersion: String, initialEventsEnd: ((String) -> [UInt8])? = nil
    ) throws(KubernetesStatusError) -> Int {
        let result: Result<Int, KubernetesStatusError> = state.withLockedValue { state in
            if resourceVersion.isEmpty || resourceVersion == "0" || initialEventsEnd != nil {
                for stored in (state.objects[watcher.typeKey] ?? [:]).sorted(by: { $0.key < $1.key }).map(\.value) where watcher.selects(stored.object) {
                    watcher.writer.write(watcher.render("ADDED", stored.object))
                }
                if let initialEventsEnd { watcher.writer.write(initialEventsEnd(String(state.resourceVersion))) }
            } else {
                guard let since = Int(resourceVersion) else {
                    return .failure(.badRequest("invalid resource version: \(resourceVersion)"))
                }
                if since < state.compactedThrough {
                    return .failure(.gone("too old resource version: \(since) (\(state.compactedThrough + 1))"))
                }
                let start = state.history.firstIndex { $0.resourceVersion > since } ?? state.history.endIndex
                for event in state.history[start...] { watcher.deliver(event) }
            }
            let id = state.nextWatcherID
            state.nextWatcherID += 1
            state.watchers[id] = watcher
            return .success(id)
        }
        return try result.get()
    }

    /// Unregisters a watcher.
    func stopWatching(_ id: Int) {
        state.withLockedValue { _ = $0.watchers.removeValue(forKey: id) }
    }

    /// The number of open watches.
    public var openWatchCount: Int { state.withLockedValue { $0.watchers.count } }

    /// Ends every open watch by closing its connection, as an API server restart would.
    public func dropAllWatches() {
        let watchers = state.withLockedValue { state -> [KubernetesWatcher] in
            defer { state.watchers = [:] }
            return Array(state.watchers.values)
        }
        for watcher in watchers { watcher.writer.abort() }
    }

    /// Forgets the whole event history: any watch from an older resourceVersion then gets 410.
    public func compactHistory() {
        state.withLockedValue { state in
            state.compactedThrough = state.resourceVersion
            state.history = []
        }
    }
}
