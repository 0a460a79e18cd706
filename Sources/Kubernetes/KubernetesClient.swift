import Basics
import FoundationEssentials
import HTTP
import JSON
import Logging
import Basics

/// A client of the Kubernetes API over the `HTTP` module's client: typed and untyped reads and writes, typed errors,
/// retries with backoff, a client-side request budget and a per-request metrics hook.
///
/// Namespaces: for a single object the namespace is the argument, else the object's
/// `metadata.namespace`, else the configuration's default. For list and watch, nil means all namespaces.
public final class KubernetesClient: Sendable {
    public let configuration: KubernetesConfiguration
    public let options: KubernetesClientOptions
    let http: HTTPClient
    let limiter: TokenBucket
    let logger: Logger

    public init(configuration: KubernetesConfiguration, options: KubernetesClientOptions = KubernetesClientOptions(), logger: Logger = Logger(label: "runbeam.kubernetes")) {
        self.configuration = configuration
        self.options = options
        self.logger = logger
        limiter = TokenBucket(rate: options.qps, burst: options.burst)
        http = HTTPClient(
            configuration: HTTPClientConfiguration(
                tls: configuration.tls, timeouts: options.timeouts, proxy: configuration.proxy, userAgent: options.userAgent
            ),
            logger: logger
        )
    }

    /// Aborts open requests and watches and stops the HTTP event loop.
    public func shutdown() {
        http.shutdown()
    }

    // MARK: Untyped

    /// Reads one object.
    public func get(_ type: ResourceType, namespace: String? = nil, name: String, subresource: String? = nil) async throws -> KubernetesObject {
        let path = type.path(namespace: resolve(namespace, type), name: name, subresource: subresource)
        return KubernetesObject(try await send(verb: "get", method: .get, path: path))
    }

    /// Lists every object, following `continue` tokens page by page.
    public func list(_ type: ResourceType, namespace: String? = nil, options: ListOptions = ListOptions()) async throws -> ObjectList<KubernetesObject> {
        var page = try await listPage(type, namespace: namespace, options: options)
        var items = page.items
        while let token = page.continueToken {
            page = try await listPage(type, namespace: namespace, options: options, continue: token)
            items += page.items
        }
        return ObjectList(items: items, resourceVersion: page.resourceVersion)
    }

    /// Lists one page.
    public func listPage(_ type: ResourceType, namespace: String? = nil, options: ListOptions = ListOptions(), continue token: String? = nil) async throws -> ObjectList<KubernetesObject> {
        var query = Self.selectorQuery(options)
        if let limit = options.limit { query.append(("limit", String(limit))) }
        if let token { query.append(("continue", token)) }
        let list = try await send(verb: "list", method: .get, path: type.path(namespace: namespace), query: query)
        let items = (list["items"]?.arrayValue ?? []).map(KubernetesObject.init)
        let next = list[path: ["metadata", "continue"]]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        return ObjectList(items: items, resourceVersion: list[path: ["metadata", "resourceVersion"]]?.stringValue ?? "", continueToken: next)
    }

    /// Creates an object (POST); `alreadyExists` when the name is taken.
    public func create(_ type: ResourceType, _ object: KubernetesObject, namespace: String? = nil) async throws -> KubernetesObject {
        let path = type.path(namespace: resolve(namespace ?? object.metadata.namespace, type))
        return KubernetesObject(try await send(verb: "create", method: .post, path: path, body: stamped(object, type), retryable: false))
    }

    /// Replaces an object (PUT); `conflict` when its `metadata.resourceVersion` is stale.
    public func replace(_ type: ResourceType, _ object: KubernetesObject, namespace: String? = nil, subresource: String? = nil) async throws -> KubernetesObject {
        let path = type.path(namespace: resolve(namespace ?? object.metadata.namespace, type), name: try name(of: object), subresource: subresource)
        return KubernetesObject(try await send(verb: "update", method: .put, path: path, body: stamped(object, type)))
    }

    /// Replaces only `.status` through the status subresource.
    public func replaceStatus(_ type: ResourceType, _ object: KubernetesObject, namespace: String? = nil) async throws -> KubernetesObject {
        try await replace(type, object, namespace: namespace, subresource: "status")
    }

    /// Patches an object (or its `subresource`, e.g. `status`). `fieldManager` names the writer in
    /// `managedFields` for merge, JSON and strategic patches; an apply patch carries its own.
    public func patch(
        _ type: ResourceType, namespace: String? = nil, name: String, _ patch: Patch, subresource: String? = nil, fieldManager: String? = nil
    ) async throws -> KubernetesObject {
        let path = type.path(namespace: resolve(namespace, type), name: name, subresource: subresource)
        var query: [(String, String)] = []
        var body = patch.body
        if case .apply(_, let manager, let force) = patch {
            query.append(("fieldManager", manager))
            if force { query.append(("force", "true")) }
            if body["apiVersion"] == nil { body["apiVersion"] = .string(type.apiVersion) }
            if body["kind"] == nil { body["kind"] = .string(type.kind) }
        } else if let fieldManager {
            query.append(("fieldManager", fieldManager))
        }
        let answer = try await send(
            verb: "patch", method: .patch, path: path, query: query, body: body, contentType: patch.contentType, retryable: patch.isIdempotent
        )
        return KubernetesObject(answer)
    }

    /// Deletes an object. With finalizers it stays, with a `deletionTimestamp`, until they are removed.
    public func delete(_ type: ResourceType, namespace: String? = nil, name: String, options: DeleteOptions = DeleteOptions()) async throws {
        var body: JSONValue = ["kind": "DeleteOptions", "apiVersion": "v1"]
        if let policy = options.propagationPolicy { body["propagationPolicy"] = .string(policy) }
        if let version = options.preconditionResourceVersion { body[path: ["preconditions", "resourceVersion"]] = .string(version) }
        if let uid = options.preconditionUID { body[path: ["preconditions", "uid"]] = .string(uid) }
        _ = try await send(verb: "delete", method: .delete, path: type.path(namespace: resolve(namespace, type), name: name), body: body)
    }

    // MARK: Typed

    public func get<Resource: KubernetesResource>(_: Resource.Type, namespace: String? = nil, name: String) async throws -> Resource {
        Resource(object: try await get(Resource.resourceType, namespace: namespace, name: name))
    }

    public func list<Resource: KubernetesResource>(_: Resource.Type, namespace: String? = nil, options: ListOptions = ListOptions()) async throws -> ObjectList<Resource> {
        let list = try await list(Resource.resourceType, namespace: namespace, options: options)
        return ObjectList(items: list.items.map(Resource.init(object:)), resourceVersion: list.resourceVersion)
    }

    public func create<Resource: KubernetesResource>(_ resource: Resource) async throws -> Resource {
        Resource(object: try await create(Resource.resourceType, resource.object))
    }

    public func replace<Resource: KubernetesResource>(_ resource: Resource) async throws -> Resource {
        Resource(object: try await replace(Resource.resourceType, resource.object))
    }

    public func replaceStatus<Resource: KubernetesResource>(_ resource: Resource) async throws -> Resource {
        Resource(object: try await replaceStatus(Resource.resourceType, resource.object))
    }

    public func patch<Resource: KubernetesResource>(
        _: Resource.Type, namespace: String? = nil, name: String, _ patch: Patch, subresource: String? = nil, fieldManager: String? = nil
    ) async throws -> Resource {
        Resource(object: try await self.patch(Resource.resourceType, namespace: namespace, name: name, patch, subresource: subresource, fieldManager: fieldManager))
    }

    public func delete<Resource: KubernetesResource>(_: Resource.Type, namespace: String? = nil, name: String, options: DeleteOptions = DeleteOptions()) async throws {
        try await delete(Resource.resourceType, namespace: namespace, name: name, options: options)
    }

    // MARK: Plumbing

    private func resolve(_ namespace: String?, _ type: ResourceType) -> String? {
        type.namespaced ? (namespace ?? configuration.namespace) : nil
    }

    private func name(of object: KubernetesObject) throws -> String {
        guard let name = object.metadata.name, !name.isEmpty else {
            throw KubernetesError.invalid("the object has no metadata.name", fields: [.init(field: "metadata.name", message: "Required value")])
        }
        return name
    }

    private func stamped(_ object: KubernetesObject, _ type: ResourceType) -> JSONValue {
        var object = object
        if object.apiVersion == nil { object.apiVersion = type.apiVersion }
        if object.kind == nil { object.kind = type.kind }
        return object.json
    }

    static func selectorQuery(_ options: ListOptions) -> [(String, String)] {
        var query: [(String, String)] = []
        if let selector = options.labelSelector, !selector.isEmpty { query.append(("labelSelector", selector)) }
        if let selector = options.fieldSelector, !selector.isEmpty { query.append(("fieldSelector", selector)) }
        return query
    }

    func url(_ path: String, _ query: [(String, String)]) -> String {
        guard !query.isEmpty else { return configuration.server + path }
        let encoded = query.map { "\($0.0)=\(PercentEncoding.encode($0.1, keeping: PercentEncoding.unreserved))" }
        return configuration.server + path + "?" + encoded.joined(separator: "&")
    }

    /// A request's headers and client certificate, from one credential.
    func authenticated(contentType: String?) async throws -> (headers: HTTPHeaders, identity: ClientIdentity?) {
        var headers: HTTPHeaders = ["Accept": "application/json"]
        if let contentType { headers.add(name: "Content-Type", value: contentType) }
        let credential = try await configuration.credentials.requestCredential()
        if let authorization = credential.authorization { headers.add(name: "Authorization", value: authorization) }
        return (headers, credential.identity)
    }

    func observe(_ verb: String, _ code: String) {
        options.observer?(verb, code)
    }

    /// Sends one request with the budget, re-authentication on 401 and retries: 429 always (the
    /// server did not act), 5xx and transport failures only when `retryable` (reads and idempotent writes).
    func send(
        verb: String, method: HTTPMethod, path: String, query: [(String, String)] = [], body: JSONValue? = nil,
        contentType: String = "application/json", retryable: Bool = true
    ) async throws -> JSONValue {
        var attempt = 0
        var reauthenticated = false
        let payload = body.map { Data($0.serialized()) }
        while true {
            try await limiter.acquire()
            let credential = try await authenticated(contentType: payload == nil ? nil : contentType)
            let request = HTTPRequest(
                method: method, url: url(path, query), headers: credential.headers, body: payload, clientIdentity: credential.identity
            )
            let response: HTTPResponse
            do {
                response = try await http.execute(request)
            } catch let error as HTTPClientError {
                observe(verb, "<error>")
                if error == .cancelled || error == .shutdown { throw error }
                if retryable, attempt + 1 < options.maxAttempts {
                    let delay = options.backoff.delay(attempt: attempt)
                    logger.debug("retrying request after a transport error", metadata: ["verb": "\(verb)", "path": "\(path)", "error": "\(error)", "delay": "\(delay)"])
                    try await Task.sleep(for: delay)
                    attempt += 1
                    continue
                }
                throw KubernetesError.transport(error)
            }
            observe(verb, String(response.status))
            if response.isSuccess {
                guard !response.body.isEmpty else { return .emptyObject }
                do {
                    return try JSONValue(parsing: response.body)
                } catch {
                    throw KubernetesError.malformedResponse("\(method) \(path): \(error)")
                }
            }
            if response.status == 401, !reauthenticated {
                reauthenticated = true
                await configuration.credentials.invalidate()
                logger.info("request unauthorized; refreshing credentials and retrying once", metadata: ["verb": "\(verb)", "path": "\(path)"])
                continue
            }
            let retryAfter = Self.retryAfter(response.headers)
            let error = KubernetesError.from(status: response.status, body: try? JSONValue(parsing: response.body), retryAfter: retryAfter)
            let transient = response.status == 429 || (retryable && [500, 502, 503, 504].contains(response.status))
            if transient, attempt + 1 < options.maxAttempts {
                let delay = retryAfter.map { min($0, options.maxRetryAfter) } ?? options.backoff.delay(attempt: attempt)
                logger.debug("retrying request", metadata: ["verb": "\(verb)", "path": "\(path)", "status": "\(response.status)", "delay": "\(delay)"])
                try await Task.sleep(for: delay)
                attempt += 1
                continue
            }
            throw error
        }
    }

    static func retryAfter(_ headers: HTTPHeaders) -> Duration? {
        guard let text = headers["Retry-After"]?.trimmingWhitespace(), let seconds = Int(text), seconds >= 0 else { return nil }
        return .seconds(seconds)
    }
}

