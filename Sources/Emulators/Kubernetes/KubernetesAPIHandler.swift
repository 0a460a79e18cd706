import HTTPServer
import JSON
import FoundationEssentials
import NIOCore
import NIOHTTP1
import Basics

/// Answers Kubernetes API requests against a ``KubernetesStore``: authentication, injected
/// faults, the request log, discovery, CRUD, patches, watches and Tables.
struct KubernetesAPIHandler: Sendable {
    let store: KubernetesStore
    let faults: KubernetesFaults
    let log: KubernetesRequestLog
    let authenticator: KubernetesAuthenticator
    let authorizer: KubernetesAuthorizer
    let admissionPlugins: Set<KubernetesAdmissionPlugin>
    let bookmarkInterval: Duration
    let defaultWatchTimeout: Duration
    let scheduleRollouts: @Sendable ([KubernetesStore.Effect]) -> Void

    func handle(_ incoming: ServerRequest) -> ServerResponse {
        let request = Self.legacyWatchRewritten(incoming)
        let verb = Self.verb(request)
        let response = Self.negotiated(answer(request, verb: verb), accept: request.header("Accept"))
        log.append(KubernetesRequestLogEntry(
            time: Date(), verb: verb, method: request.method, path: request.path, query: request.rawQuery,
            fieldManager: request.query["fieldManager"], contentType: request.header("Content-Type"),
            userAgent: request.header("User-Agent"), bearerToken: authenticator.enabled ? Self.bearerToken(request) : nil,
            statusCode: Int(response.status.code)
        ))
        return response
    }

    private func answer(_ request: ServerRequest, verb: String) -> ServerResponse {
        if request.path.hasPrefix("/emulator/v1/") {
            return KubernetesControlEndpoint(store: store, faults: faults, log: log).handle(request)
        }
        guard let identity = authenticator.identify(request) else { return Self.error(.unauthorized()) }
        if case .user(let user) = identity {
            let attributes = KubernetesAccessAttributes(request, verb: verb)
            let decision = authorizer.authorize(user, attributes)
            guard decision.allowed else { return Self.error(.forbidden(attributes, user: user, reason: decision.reason)) }
        }
        if let failure = faults.failure(verb: verb, path: request.path) {
            return Self.error(failure.error(KubernetesRequestTarget(request, store: store)))
        }
        do {
            return try route(request, verb: verb, identity: identity)
        } catch {
            return Self.error(error)
        }
    }

    /// The deprecated watch paths (`/api/v1/watch/…`, `/apis/G/V/watch/…`) as the `?watch=1` form they stand for.
    static func legacyWatchRewritten(_ request: ServerRequest) -> ServerRequest {
        var segments = request.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let index = segments.count > 1 && segments[1] == "api" ? 3 : 4
        guard request.method == "GET", segments.count > index + 1, segments[index] == "watch", ["api", "apis"].contains(segments[1]) else { return request }
        segments.remove(at: index)
        var rewritten = request
        rewritten.path = segments.joined(separator: "/")
        rewritten.query["watch"] = "1"
        rewritten.rawQuery = rewritten.rawQuery.isEmpty ? "watch=1" : rewritten.rawQuery + "&watch=1"
        return rewritten
    }

    /// A JSON answer in protobuf when the client prefers `application/vnd.kubernetes.protobuf` and the kind is
    /// one the emulator encodes (otherwise the JSON the client also accepts).
    static func negotiated(_ response: ServerResponse, accept: String?) -> ServerResponse {
        guard let first = accept?.split(separator: ",").first?.split(separator: ";").first?.trimmingWhitespace(),
              first == "application/vnd.kubernetes.protobuf",
              case .full(let status, var headers, let body) = response, headers.first(name: "Content-Type") == "application/json",
              let object = try? JSONValue(parsing: body), let encoded = KubernetesProtobufWriter.envelope(object) else { return response }
        headers.replaceOrAdd(name: "Content-Type", value: "application/vnd.kubernetes.protobuf")
        return .full(status: status, headers: headers, body: encoded)
    }

    /// The token of an `Authorization: Bearer …` header.
    static func bearerToken(_ request: ServerRequest) -> String? {
        guard let authorization = request.header("Authorization"), authorization.hasPrefix("Bearer ") else { return nil }
        return String(authorization.dropFirst(7))
    }

    static func verb(_ request: ServerRequest) -> String {
        let path = KubernetesAPIPath(request.path)
        let isObject = path?.name != nil
        switch request.method {
        case "GET":
            if ["true", "1"].contains(request.query["watch"] ?? "") { return "watch" }
            return isObject ? "get" : (path == nil ? "get" : "list")
        case "POST": return "create"
        case "PUT": return "update"
        case "PATCH": return "patch"
        case "DELETE": return isObject ? "delete" : "deletecollection"
        default: return request.method.lowercased()
        }
    }

    static func error(_ error: KubernetesStatusError) -> ServerResponse {
        var headers: HTTPHeaders = [:]
        if let seconds = error.retryAfterSeconds { headers.add(name: "Retry-After", value: String(seconds)) }
        return .json(HTTPResponseStatus(statusCode: error.code), error.statusObject.serialized(), headers: headers)
    }

    /// A JSON answer, with a `Warning` header per warning.
    static func ok(_ value: JSONValue, _ status: HTTPResponseStatus = .ok, warnings: [String] = []) -> ServerResponse {
        var headers: HTTPHeaders = [:]
        for warning in warnings { headers.add(name: "Warning", value: warning) }
        return .json(status, value.serialized(), headers: headers)
    }

    /// `fieldValidation` for unknown fields of a create or update body: Warn (the default) answers a Warning
    /// header per field, Strict fails built-in kinds with 400 (custom resources fail in their schema check), Ignore drops them.
    private func unknownFieldWarnings(_ request: ServerRequest, _ body: JSONValue, type: KubernetesResourceType, version: String) throws(KubernetesStatusError) -> [String] {
        let mode = request.query["fieldValidation"] ?? "Warn"
        guard mode != "Ignore" else { return [] }
        let duplicates = (request.header("Content-Type") ?? "application/json").contains("json") ? KubernetesDuplicateFields.paths(in: request.body) : []
        if mode == "Strict", !duplicates.isEmpty {
            let apiVersion = type.apiVersion(version)
            throw .badRequest("\(type.kind) in version \"\(apiVersion)\" cannot be handled as a \(type.kind): strict decoding error: "
                + duplicates.map { "duplicate field \"\($0)\"" }.joined(separator: ", "))
        }
        let schema = store.schema(type, version)
        let unknown = KubernetesUnknownFields.paths(in: body, type: type, schema: schema)
        if mode == "Strict", !unknown.isEmpty, schema == nil { throw KubernetesUnknownFields.strictError(unknown, type: type, version: version) }
        let duplicateWarnings = duplicates.map { "299 - \"duplicate field \\\"\($0)\\\"\"" }
        return mode == "Strict" ? [] : duplicateWarnings + KubernetesUnknownFields.warnings(unknown)
    }

    /// The admission checks of a write by `identity` (none for superusers or without enabled plugins).
    private func admission(_ identity: KubernetesIdentity, type: KubernetesResourceType, subresource: String, namespace: String) -> KubernetesAdmission? {
        guard case .user(let user) = identity, admissionPlugins.contains(.ownerReferencesPermissionEnforcement) else { return nil }
        let plugin = KubernetesOwnerReferencesPermissionEnforcement(authorizer: authorizer, store: store)
        return { old, new throws(KubernetesStatusError) in
            try plugin.validate(user: user, type: type, subresource: subresource, namespace: namespace, old: old, new: new)
        }
    }

    private func route(_ request: ServerRequest, verb: String, identity: KubernetesIdentity) throws(KubernetesStatusError) -> ServerResponse {
        let types = store.resourceTypes
        switch request.path {
        case "/version", "/version/": return Self.ok(KubernetesDiscovery.version())
        case "/api", "/api/":
            if KubernetesAggregatedDiscovery.wanted(request.header("Accept")) { return KubernetesAggregatedDiscovery.response(core: true, types) }
            return Self.ok(KubernetesDiscovery.coreVersions())
        case "/apis", "/apis/":
            if KubernetesAggregatedDiscovery.wanted(request.header("Accept")) { return KubernetesAggregatedDiscovery.response(core: false, types) }
            return Self.ok(KubernetesDiscovery.groupList(types))
        case "/healthz", "/readyz", "/livez": return .full(status: .ok, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Array("ok".utf8))
        case "/openapi/v3", "/openapi/v3/":
            // The real server labels this JSON document text/plain.
            return .full(status: .ok, headers: ["Content-Type": "text/plain; charset=utf-8"], body: KubernetesOpenAPI.index(types).serialized())
        case "/openapi/v2", "/openapi/v2/":
            let document = KubernetesOpenAPIV2.document(types)
            if KubernetesOpenAPIV2Protobuf.wanted(request.header("Accept")) {
                return .full(
                    status: .ok, headers: ["Content-Type": KubernetesOpenAPIV2Protobuf.contentType],
                    body: KubernetesOpenAPIV2Protobuf.encode(document))
            }
            return Self.ok(document)
        default: break
        }
        if request.path == KubernetesSelfSubjectReview.path, request.method == "POST" {
            return Self.ok(KubernetesSelfSubjectReview.review(identity: identity, now: Date()), .created)
        }
        if request.path == KubernetesSelfSubjectAccessReview.path, request.method == "POST" {
            return Self.ok(try KubernetesSelfSubjectAccessReview.review(try Self.parseBody(request), identity: identity, authorizer: authorizer), .created)
        }
        if request.path.hasPrefix("/openapi/v3/") {
            guard let document = KubernetesOpenAPI.document(path: String(request.path.dropFirst("/openapi/v3/".count)), types) else { throw .pathNotFound(request.path) }
            return Self.ok(document)
        }
        let segments = request.path.split(separator: "/")
        if segments.count == 2, segments[0] == "apis", let group = KubernetesDiscovery.group(String(segments[1]), types) {
            return Self.ok(group)
        }
        guard let path = KubernetesAPIPath(request.path) else { throw .pathNotFound(request.path) }
        if path.plural.isEmpty {
            guard let list = KubernetesDiscovery.resourceList(group: path.group, version: path.version, types) else { throw .pathNotFound(request.path) }
            return Self.ok(list)
        }
        guard let type = store.type(group: path.group, version: path.version, plural: path.plural) else { throw .pathNotFound(request.path) }
        if type.group == "events.k8s.io", type.plural == "events", let core = store.type(forKey: "events") {
            return try eventsV1(request, verb: verb, path: path, apiType: type, coreType: core)
        }
        if type.key == "serviceaccounts", path.subresource == "token", let name = path.name, let namespace = path.namespace {
            guard verb == "create" else { throw .methodNotAllowed("the server does not allow this method on the requested resource") }
            let serviceAccount = try store.get(type: type, version: path.version, namespace: namespace, name: name).object
            return Self.ok(try KubernetesTokenRequest.create(try Self.parseBody(request), serviceAccount: serviceAccount, tokens: store.issuedTokens, manager: fieldManager(request), now: Date()), .created)
        }
        if type.key == "namespaces", path.subresource == "finalize", let name = path.name {
            guard verb == "update" else { throw .methodNotAllowed("the server does not allow this method on the requested resource") }
            return try finalize(try Self.parseBody(request), type: type, version: path.version, name: name, dryRun: request.query["dryRun"] == "All")
        }
        if path.subresource == "scale", KubernetesScaleSubresource.supports(type), let name = path.name, type.namespaced == (path.namespace != nil) {
            return try scale(request, verb: verb, type: type, version: path.version, namespace: path.namespace ?? "", name: name)
        }
        if let subresource = path.subresource, subresource != "status" || !type.hasStatusSubresource {
            throw .pathNotFound(request.path)
        }
        if type.namespaced, path.name != nil, path.namespace == nil { throw .pathNotFound(request.path) }
        if !type.namespaced, path.namespace != nil { throw .pathNotFound(request.path) }
        let namespace = path.namespace ?? ""
        let dryRun = request.query["dryRun"] == "All"
        let manager = fieldManager(request)
        let strict = request.query["fieldValidation"] == "Strict"
        let now = Date()
        let admission = admission(identity, type: type, subresource: path.subresource ?? "", namespace: namespace)
        if ["get", "list", "watch"].contains(verb) {
            try KubernetesListOptions.validate(request.query, verb: verb, current: Int(store.currentResourceVersion) ?? 0)
        }
        if verb == "update", let given = (try? JSONValue(parsing: request.body))?[path: ["metadata", "resourceVersion"]]?.stringValue, !given.isEmpty, UInt64(given) == nil {
            throw .internalParse("strconv.ParseUint: parsing \(JSONValue.string(given).jsonString): invalid syntax")
        }
        switch (verb, path.name) {
        case ("watch", _):
            return try watch(request, type: type, version: path.version, namespace: path.namespace, name: path.name)
        case ("list", nil):
            return try list(request, type: type, version: path.version, namespace: path.namespace)
        case ("get", let name?):
            let stored = try store.get(type: type, version: path.version, namespace: namespace, name: name)
            switch KubernetesRepresentation(accept: request.header("Accept")) {
            case .table:
                return Self.ok(KubernetesTable.table([stored.object], type: type, version: path.version, resourceVersion: stored.object.metadataResourceVersion, continueToken: nil, includeObject: request.query["includeObject"] ?? "Metadata"))
            case .partialMetadata: return Self.ok(KubernetesRepresentation.partialMetadata(stored.object))
            case .yaml: return KubernetesRepresentation.yamlResponse(stored.object)
            case .json: return .json(.ok, stored.bytes)
            }
        case ("create", nil):
            let parsed = try Self.parseBody(request)
            let warnings = try unknownFieldWarnings(request, parsed, type: type, version: path.version) + KubernetesAdmissionWarnings.warnings(parsed, type: type, version: path.version)
            let body = KubernetesUnknownFields.pruned(parsed, type: type)
            let (object, effects) = try store.create(body, type: type, version: path.version, namespace: namespace, fieldManager: manager, strictFields: strict, dryRun: dryRun, now: now, admission: admission)
            scheduleRollouts(effects)
            return Self.ok(object, .created, warnings: warnings)
        case ("update", let name?):
            let parsed = try Self.parseBody(request)
            let warnings = try unknownFieldWarnings(request, parsed, type: type, version: path.version) + KubernetesAdmissionWarnings.warnings(parsed, type: type, version: path.version)
            let body = KubernetesUnknownFields.pruned(parsed, type: type)
            let (object, effects) = try store.update(body, type: type, version: path.version, namespace: namespace, name: name, subresource: path.subresource ?? "", fieldManager: manager, strictFields: strict, dryRun: dryRun, now: now, admission: admission)
            scheduleRollouts(effects)
            return Self.ok(object, warnings: warnings)
        case ("patch", let name?):
            let existed = (try? store.get(type: type, version: path.version, namespace: namespace, name: name)) != nil
            let (object, effects) = try KubernetesPatcher(store: store).patch(
                request, type: type, version: path.version, namespace: namespace, name: name,
                subresource: path.subresource ?? "", fieldManager: manager, strictFields: strict, dryRun: dryRun, now: now,
                admission: admission
            )
            scheduleRollouts(effects)
            return Self.ok(object, existed ? .ok : .created)
        case ("delete", let name?):
            let options = request.body.isEmpty ? JSONValue.emptyObject : ((try? JSONValue(parsing: request.body)) ?? .emptyObject)
            let policy = options["propagationPolicy"]?.stringValue ?? request.query["propagationPolicy"]
            let orphan = options["orphanDependents"]?.boolValue ?? request.query["orphanDependents"].map { $0 == "true" }
            try KubernetesDeleteOptions.validate(policy: policy, orphanDependents: orphan)
            let object = try store.delete(
                type: type, namespace: namespace, name: name,
                preconditionUID: options[path: ["preconditions", "uid"]]?.stringValue,
                preconditionResourceVersion: options[path: ["preconditions", "resourceVersion"]]?.stringValue,
                propagation: policy ?? (orphan == true ? "Orphan" : nil),
                dryRun: dryRun, now: now
            )
            if type.key == "namespaces", !dryRun { scheduleRollouts([.finalizeNamespace(name: name)]) }
            return Self.ok(Self.deleteAnswer(object, type: type))
        case ("deletecollection", nil):
            let (items, _, _, _) = try store.list(type: type, version: path.version, namespace: path.namespace, labels: try labels(request), fields: try fields(request, type: type), limit: nil, continueToken: nil)
            for item in items {
                _ = try? store.delete(type: type, namespace: item.object.metadataNamespace, name: item.object.metadataName, preconditionUID: nil, preconditionResourceVersion: nil, propagation: nil, dryRun: dryRun, now: now)
            }
            return Self.ok(["kind": "Status", "apiVersion": "v1", "metadata": .emptyObject, "status": "Success"])
        default:
            throw .methodNotAllowed("the server does not allow this method on the requested resource")
        }
    }

    /// PUT of `namespaces/NAME/finalize`: replaces spec.finalizers; a Terminating namespace left without them goes.
    private func finalize(_ body: JSONValue, type: KubernetesResourceType, version: String, name: String, dryRun: Bool) throws(KubernetesStatusError) -> ServerResponse {
        let (object, _) = try store.modify(type: type, version: version, namespace: "", name: name, dryRun: dryRun, now: Date()) { current throws(KubernetesStatusError) in
            guard var current else { throw .notFound(type, name: name) }
            current[path: ["spec", "finalizers"]] = body[path: ["spec", "finalizers"]] ?? []
            return current
        }
        if !dryRun, object[path: ["metadata", "deletionTimestamp"]] != nil, object[path: ["spec", "finalizers"]]?.arrayValue?.isEmpty ?? true {
            store.finalizeNamespace(name)
        }
        return Self.ok(object)
    }

    /// GET, PUT and PATCH of `…/scale`: reads or writes `spec.replicas` through an autoscaling/v1 Scale.
    private func scale(_ request: ServerRequest, verb: String, type: KubernetesResourceType, version: String, namespace: String, name: String) throws(KubernetesStatusError) -> ServerResponse {
        let current = try store.get(type: type, version: version, namespace: namespace, name: name).object
        guard verb == "update" || verb == "patch" else {
            guard verb == "get" else { throw .methodNotAllowed("the server does not allow this method on the requested resource") }
            return Self.ok(KubernetesScaleSubresource.scale(of: current, type: type))
        }
        let contentType = (request.header("Content-Type") ?? "").split(separator: ";").first.map { $0.trimmingWhitespace() } ?? ""
        let wanted = try KubernetesScaleSubresource.requested(try Self.parseBody(request), contentType: contentType, method: request.method, current: KubernetesScaleSubresource.scale(of: current, type: type))
        guard let replicas = wanted[path: ["spec", "replicas"]]?.intValue, replicas >= 0 else {
            throw .invalid(.init(group: "autoscaling", versions: ["v1"], kind: "Scale", plural: "scale", namespaced: true), name: name,
                           [.init(field: "spec.replicas", message: "Invalid value: \(wanted[path: ["spec", "replicas"]]?.jsonString ?? "null"): must be greater than or equal to 0")])
        }
        var object = current
        object[path: KubernetesScaleSubresource.paths(type).spec] = .int(replicas)
        object[path: ["metadata", "resourceVersion"]] = wanted[path: ["metadata", "resourceVersion"]].flatMap { $0.stringValue?.isEmpty == false ? $0 : nil }
        let (updated, effects) = try store.update(object, type: type, version: version, namespace: namespace, name: name, subresource: "", fieldManager: fieldManager(request),
                                                  dryRun: request.query["dryRun"] == "All", now: Date())
        scheduleRollouts(effects)
        return Self.ok(KubernetesScaleSubresource.scale(of: updated, type: type))
    }

    /// A list item as the real server writes it: built-in kinds without apiVersion and kind (custom resources keep them).
    static func listItem(_ object: JSONValue, type: KubernetesResourceType) -> JSONValue {
        guard type.schemas.isEmpty else { return object }
        var item = object
        item["apiVersion"] = nil
        item["kind"] = nil
        return item
    }

    /// What DELETE answers: the object while it waits for finalizers, and for custom resources; otherwise
    /// (built-in kinds, deleted at once) a `Status` of Success naming it.
    static func deleteAnswer(_ object: JSONValue, type: KubernetesResourceType) -> JSONValue {
        if !type.schemas.isEmpty || object[path: ["metadata", "deletionTimestamp"]] != nil { return object }
        var details: JSONValue = ["name": .string(object.metadataName), "kind": .string(type.plural), "uid": .string(object.metadataUID)]
        if !type.group.isEmpty { details["group"] = .string(type.group) }
        return ["kind": "Status", "apiVersion": "v1", "metadata": .emptyObject, "status": "Success", "details": details]
    }

    func fieldManager(_ request: ServerRequest) -> String {
        if let manager = request.query["fieldManager"], !manager.isEmpty { return manager }
        let agent = request.header("User-Agent") ?? "unknown"
        return String(agent.split(separator: "/").first ?? "unknown").prefix(128).description
    }

    static func parseBody(_ request: ServerRequest) throws(KubernetesStatusError) -> JSONValue {
        let contentType = request.header("Content-Type") ?? "application/json"
        if contentType.hasPrefix("application/vnd.kubernetes.protobuf"), let object = KubernetesProtobufBody.decode(request.body) {
            return object
        }
        if contentType.hasPrefix("application/yaml") { return try KubernetesYAMLBody.decode(request.body) }
        if request.method != "PATCH", !contentType.contains("json") {
            throw .unsupportedMediaType("the body of the request was in an unknown format - accepted media types include: application/json")
        }
        do {
            return try JSONValue(parsing: request.body)
        } catch {
            throw .badRequest("the request body is not valid JSON: \(error)")
        }
    }

    static func bookmark(type: KubernetesResourceType, apiVersion: String, resourceVersion: String, initialEventsEnd: Bool = false, encoding: KubernetesWatchEncoding = .json) -> [UInt8] {
        var metadata: JSONValue = ["resourceVersion": .string(resourceVersion)]
        if initialEventsEnd { metadata["annotations"] = ["k8s.io/initial-events-end": "true"] }
        return encoding.event("BOOKMARK", ["kind": .string(type.kind), "apiVersion": .string(apiVersion), "metadata": metadata])
    }

    static func wantsTable(_ request: ServerRequest) -> Bool {
        (request.header("Accept") ?? "").contains("as=Table")
    }

    func labels(_ request: ServerRequest) throws(KubernetesStatusError) -> KubernetesLabelSelector {
        guard let text = request.query["labelSelector"], !text.isEmpty else { return .everything }
        return try KubernetesLabelSelector(parsing: text)
    }

    func fields(_ request: ServerRequest, type: KubernetesResourceType) throws(KubernetesStatusError) -> KubernetesFieldSelector? {
        guard let text = request.query["fieldSelector"], !text.isEmpty else { return nil }
        let selector = try KubernetesFieldSelector(parsing: text)
        try KubernetesSelectableFields.check(selector, type: type)
        return selector
    }

    private func list(_ request: ServerRequest, type: KubernetesResourceType, version: String, namespace: String?) throws(KubernetesStatusError) -> ServerResponse {
        if request.query["resourceVersionMatch"] == "Exact", let exact = Int(request.query["resourceVersion"] ?? ""), exact < store.compactedThrough {
            throw .gone("The resourceVersion for the provided list is too old.")
        }
        let limit = request.query["limit"].flatMap { Int($0) }
        let exact = request.query["resourceVersionMatch"] == "Exact" ? request.query["resourceVersion"].flatMap { Int($0) } : nil
        let page = try store.list(type: type, version: version, namespace: namespace, labels: try labels(request), fields: try fields(request, type: type), limit: limit,
                                  continueToken: request.query["continue"], exactResourceVersion: exact)
        let representation = KubernetesRepresentation(accept: request.header("Accept"))
        if representation == .table {
            return Self.ok(KubernetesTable.table(page.items.map(\.object), type: type, version: version, resourceVersion: page.resourceVersion, continueToken: page.continueToken, includeObject: request.query["includeObject"] ?? "Metadata"))
        }
        var metadata: JSONValue = ["resourceVersion": .string(page.resourceVersion)]
        if let token = page.continueToken { metadata["continue"] = .string(token) }
        if let remaining = page.remaining { metadata["remainingItemCount"] = .int(remaining) }
        if representation == .partialMetadata {
            return Self.ok(KubernetesRepresentation.partialMetadataList(page.items.map(\.object), metadata: metadata))
        }
        if representation == .yaml {
            return KubernetesRepresentation.yamlResponse(["apiVersion": .string(type.apiVersion(version)), "kind": .string(type.kind + "List"), "metadata": metadata,
                                                          "items": .array(page.items.map { Self.listItem($0.object, type: type) })])
        }
        var body = Array("{\"apiVersion\":\"\(type.apiVersion(version))\",\"kind\":\"\(type.kind)List\",\"metadata\":".utf8)
        metadata.write(to: &body)
        body.append(contentsOf: ",\"items\":[".utf8)
        for (position, item) in page.items.enumerated() {
            if position > 0 { body.append(UInt8(ascii: ",")) }
            if type.schemas.isEmpty {
                Self.listItem(item.object, type: type).write(to: &body)
            } else {
                body.append(contentsOf: item.bytes)
            }
        }
        body.append(contentsOf: "]}".utf8)
        return .json(.ok, body)
    }

    /// A watch; `view` converts each object before it is sent and `apiVersionOverride` names the served API version
    /// (events.k8s.io Events are served from the core store).
    func watch(
        _ request: ServerRequest, type: KubernetesResourceType, version: String, namespace: String?, name: String?,
        selector: KubernetesFieldSelector?? = nil, view: (@Sendable (JSONValue) -> JSONValue)? = nil, apiVersionOverride: String? = nil
    ) throws(KubernetesStatusError) -> ServerResponse {
        var fieldSelector: KubernetesFieldSelector?
        if let selector { fieldSelector = selector } else { fieldSelector = try fields(request, type: type) }
        if let name {
            let byName = try KubernetesFieldSelector(parsing: "metadata.name=\(name)")
            fieldSelector = KubernetesFieldSelector(requirements: (fieldSelector?.requirements ?? []) + byName.requirements)
        }
        let selectedFields = fieldSelector
        let labelSelector = try labels(request)
        let resourceVersion = request.query["resourceVersion"] ?? ""
        let timeout = request.query["timeoutSeconds"].flatMap { Int($0) }.map { Duration.seconds($0) } ?? defaultWatchTimeout
        let bookmarks = request.query["allowWatchBookmarks"] == "true"
        // Streaming lists (client-go's WatchList, used by kubectl's rollout status and wait): the current state as
        // ADDED events, then a bookmark marking the end of the initial events.
        let initialEvents = request.query["sendInitialEvents"] == "true"
        if initialEvents, !bookmarks {
            throw .badRequest("sendInitialEvents is forbidden for watch unless allowWatchBookmarks=true")
        }
        let table = Self.wantsTable(request)
        let includeObject = request.query["includeObject"] ?? "Metadata"
        let store = self.store
        let bookmarkInterval = self.bookmarkInterval
        let apiVersion = apiVersionOverride ?? type.apiVersion(version)
        let encoding = table ? KubernetesWatchEncoding.json : KubernetesWatchEncoding.negotiate(accept: request.header("Accept"), kind: type.kind, groupVersion: apiVersion)
        let headersSent = HeaderFlag()
        let render: @Sendable (String, JSONValue) -> [UInt8] = { eventType, stored in
            var object = view?(stored) ?? stored
            if version != type.storageVersion { object["apiVersion"] = .string(apiVersion) }
            if table {
                object = KubernetesTable.table([object], type: type, version: version, resourceVersion: object.metadataResourceVersion, continueToken: nil, includeObject: includeObject, withHeaders: headersSent.takeFirst())
            }
            return encoding.event(eventType, object)
        }
        return .stream(status: .ok, headers: ["Content-Type": encoding.contentType]) { writer in
            let watcher = KubernetesWatcher(typeKey: type.key, namespace: namespace, labels: labelSelector, fields: selectedFields, writer: writer, render: render)
            let id: Int
            do throws(KubernetesStatusError) {
                id = try store.watch(watcher, from: resourceVersion, initialEventsEnd: initialEvents ? { version in
                    Self.bookmark(type: type, apiVersion: apiVersion, resourceVersion: version, initialEventsEnd: true, encoding: encoding)
                } : nil)
            } catch {
                writer.write(encoding.event("ERROR", error.statusObject))
                writer.finish()
                return
            }
            let eventLoop = writer.eventLoop
            let finish: @Sendable () -> Void = {
                store.stopWatching(id)
                writer.finish()
            }
            let timer = eventLoop.scheduleTask(in: TimeAmount(timeout)) {
                if bookmarks { writer.write(Self.bookmark(type: type, apiVersion: apiVersion, resourceVersion: store.currentResourceVersion, encoding: encoding)) }
                finish()
            }
            let repeated = bookmarks ? eventLoop.scheduleRepeatedTask(initialDelay: TimeAmount(bookmarkInterval), delay: TimeAmount(bookmarkInterval)) { _ in
                writer.write(Self.bookmark(type: type, apiVersion: apiVersion, resourceVersion: store.currentResourceVersion, encoding: encoding))
            } : nil
            writer.onClose {
                store.stopWatching(id)
                timer.cancel()
                repeated?.cancel()
            }
        }
    }
}

/// True exactly once: whether the first Table event of a watch is being rendered.
final class HeaderFlag: Sendable {
    private let taken = NIOLockedValueBox(false)
    func takeFirst() -> Bool { taken.withLockedValue { taken in defer { taken = true }; return !taken } }
}

import NIOConcurrencyHelpers

extension KubernetesStore {
    /// Events at or below this resourceVersion are gone from the history.
    var compactedThrough: Int { state.withLockedValue { $0.compactedThrough } }
}
