import FoundationEssentials
import HTTPServer
import JSON
import Basics

extension KubernetesAPIHandler {
    /// events.k8s.io/v1 Events, served from the core Event store (one store behind both APIs, as in a real
    /// server): bodies are converted to the core form on the way in and back on the way out.
    func eventsV1(_ request: ServerRequest, verb: String, path: KubernetesAPIPath, apiType: KubernetesResourceType, coreType: KubernetesResourceType) throws(KubernetesStatusError) -> ServerResponse {
        guard path.subresource == nil else { throw .pathNotFound(request.path) }
        let namespace = path.namespace ?? ""
        let version = coreType.storageVersion
        let dryRun = request.query["dryRun"] == "All"
        let manager = fieldManager(request)
        let now = Date()
        let selector = try fields(request, type: apiType).map(KubernetesEventConversion.coreSelector)
        switch (verb, path.name) {
        case ("watch", _):
            return try watch(request, type: coreType, version: version, namespace: path.namespace, name: path.name, selector: .some(selector),
                             view: KubernetesEventConversion.toV1, apiVersionOverride: apiType.apiVersion(path.version))
        case ("list", nil):
            let page = try store.list(type: coreType, version: version, namespace: path.namespace, labels: try labels(request), fields: selector,
                                      limit: request.query["limit"].flatMap { Int($0) }, continueToken: request.query["continue"])
            var metadata: JSONValue = ["resourceVersion": .string(page.resourceVersion)]
            if let token = page.continueToken { metadata["continue"] = .string(token) }
            let items = page.items.map { Self.listItem(KubernetesEventConversion.toV1($0.object), type: apiType) }
            return Self.ok(["apiVersion": .string(apiType.apiVersion(path.version)), "kind": "EventList", "metadata": metadata, "items": .array(items)])
        case ("get", let name?):
            return Self.ok(KubernetesEventConversion.toV1(try store.get(type: coreType, version: version, namespace: namespace, name: name).object))
        case ("create", nil):
            let v1Body = try Self.parseBody(request)
            let (object, _) = try store.create(KubernetesEventConversion.toCore(v1Body), type: coreType, version: version, namespace: namespace, fieldManager: manager,
                                               dryRun: dryRun, now: now, managedAs: (v1Body, apiType.apiVersion(path.version)))
            return Self.ok(KubernetesEventConversion.toV1(object), .created)
        case ("update", let name?):
            let body = KubernetesEventConversion.toCore(try Self.parseBody(request))
            let (object, _) = try store.update(body, type: coreType, version: version, namespace: namespace, name: name, subresource: "", fieldManager: manager, dryRun: dryRun, now: now)
            return Self.ok(KubernetesEventConversion.toV1(object))
        case ("patch", let name?):
            let current = KubernetesEventConversion.toV1(try store.get(type: coreType, version: version, namespace: namespace, name: name).object)
            let contentType = (request.header("Content-Type") ?? "").split(separator: ";").first.map { $0.trimmingWhitespace() } ?? ""
            let patchBody = try Self.parseBody(request)
            var patched = try KubernetesViewPatch.apply(patchBody, contentType: contentType, to: current)
            if patchBody[path: ["metadata", "resourceVersion"]] == nil { patched[path: ["metadata", "resourceVersion"]] = nil }
            let (object, _) = try store.update(KubernetesEventConversion.toCore(patched), type: coreType, version: version, namespace: namespace, name: name,
                                               subresource: "", fieldManager: manager, dryRun: dryRun, now: now)
            return Self.ok(KubernetesEventConversion.toV1(object))
        case ("delete", let name?):
            let object = try store.delete(type: coreType, namespace: namespace, name: name, preconditionUID: nil, preconditionResourceVersion: nil,
                                          propagation: nil, dryRun: dryRun, now: now)
            return Self.ok(Self.deleteAnswer(object, type: apiType))
        default:
            throw .methodNotAllowed("the server does not allow this method on the requested resource")
        }
    }
}
