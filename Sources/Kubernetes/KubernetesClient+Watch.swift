import FoundationEssentials
import HTTP
import JSON

extension KubernetesClient {
    /// Opens one raw watch stream from `resourceVersion`. Failure statuses throw typed errors
    /// (`gone` for 410); the caller reads newline-delimited `{"type","object"}` lines (``ListWatchCalls``).
    public func openWatch(
        _ type: ResourceType, namespace: String? = nil, options: ListOptions = ListOptions(), resourceVersion: String?,
        timeoutSeconds: Int = 300, idleTimeout: Duration? = nil
    ) async throws -> WatchStream {
        var query = Self.selectorQuery(options)
        query.append(("watch", "true"))
        query.append(("allowWatchBookmarks", "true"))
        query.append(("timeoutSeconds", String(timeoutSeconds)))
        if let resourceVersion { query.append(("resourceVersion", resourceVersion)) }
        var reauthenticated = false
        while true {
            try await limiter.acquire()
            let credential = try await authenticated(contentType: nil)
            let request = HTTPRequest(
                method: .get, url: url(type.path(namespace: namespace), query), headers: credential.headers, idleTimeout: idleTimeout,
                clientIdentity: credential.identity)
            let response: HTTPStreamingResponse
            do {
                response = try await http.stream(request)
            } catch let error as HTTPClientError {
                observe("watch", "<error>")
                if error == .cancelled || error == .shutdown { throw error }
                throw KubernetesError.transport(error)
            }
            observe("watch", String(response.status))
            if (200..<300).contains(response.status) { return WatchStream(body: response.body) }
            let body = try? await response.body.collect(upTo: 1 << 20)
            if response.status == 401, !reauthenticated {
                reauthenticated = true
                await configuration.credentials.invalidate()
                continue
            }
            throw KubernetesError.from(
                status: response.status, body: body.flatMap { try? JSONValue(parsing: $0) }, retryAfter: Self.retryAfter(response.headers)
            )
        }
    }

    /// List-then-watch of one resource type as an `AsyncSequence` (see ``ResourceWatch``).
    public func watch<Resource: KubernetesResource>(
        _: Resource.Type, namespace: String? = nil, options: ListOptions = ListOptions(), configuration: ResourceWatch<Resource>.Configuration = .init()
    ) -> ResourceWatch<Resource> {
        ResourceWatch(client: self, type: Resource.resourceType, namespace: namespace, options: options, configuration: configuration, logger: logger)
    }

    /// List-then-watch of any resource type, untyped.
    public func watch(
        _ type: ResourceType, namespace: String? = nil, options: ListOptions = ListOptions(), configuration: ResourceWatch<KubernetesObject>.Configuration = .init()
    ) -> ResourceWatch<KubernetesObject> {
        ResourceWatch(client: self, type: type, namespace: namespace, options: options, configuration: configuration, logger: logger)
    }
}
