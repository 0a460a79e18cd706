import HTTPServer
import JSON
import FoundationEssentials
import Basics

/// PATCH by content type: merge (RFC 7386), JSON (RFC 6902), strategic merge (built-ins only)
/// and server-side apply (JSON bodies).
struct KubernetesPatcher: Sendable {
    let store: KubernetesStore

    func patch(
        _ request: ServerRequest, type: KubernetesResourceType, version: String, namespace: String, name: String,
        subresource: String, fieldManager: String, strictFields: Bool, dryRun: Bool, now: Date, admission: KubernetesAdmission? = nil
    ) throws(KubernetesStatusError) -> (object: JSONValue, effects: [KubernetesStore.Effect]) {
        let contentType = (request.header("Content-Type") ?? "").split(separator: ";").first.map { $0.trimmingWhitespace() } ?? ""
        let body = try KubernetesAPIHandler.parseBody(request)
        switch contentType {
        case "application/merge-patch+json", "application/json-patch+json", "application/strategic-merge-patch+json":
            if contentType == "application/strategic-merge-patch+json", !type.supportsStrategicMerge {
                throw .unsupportedMediaType("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml")
            }
            return try store.modify(type: type, version: version, namespace: namespace, name: name, dryRun: dryRun, now: now, admission: admission) { current throws(KubernetesStatusError) in
                guard let current else { throw .notFound(type, name: name) }
                let patched: JSONValue
                switch contentType {
                case "application/merge-patch+json":
                    patched = current.applyingMergePatch(body)
                case "application/json-patch+json":
                    guard body.arrayValue != nil else {
                        throw .badRequest("error decoding patch: json: cannot unmarshal \(body.typeName) into Go value of type []handlers.jsonPatchOp")
                    }
                    do throws(JSONPatchError) {
                        patched = try JSONPatch(body).apply(to: current)
                    } catch {
                        throw .init(code: 422, reason: "Invalid", message: "the server rejected our request due to an error in our request", details: .emptyObject)
                    }
                default:
                    patched = try KubernetesStrategicMergePatch.apply(body, to: current)
                }
                var input = patched
                if body[path: ["metadata", "resourceVersion"]] == nil, contentType != "application/json-patch+json" {
                    input[path: ["metadata", "resourceVersion"]] = nil
                }
                var object = try KubernetesObjectRules.prepareUpdate(
                    input, old: current, type: type, version: version, subresource: subresource,
                    schema: store.schema(type, version), strictFields: strictFields
                )
                KubernetesManagedFields.recordUpdate(old: current, new: &object, manager: fieldManager, subresource: subresource, apiVersion: type.apiVersion(version), now: now)
                return object
            }
        case "application/apply-patch+yaml", "application/apply-patch+json":
            guard let manager = request.query["fieldManager"], !manager.isEmpty else {
                throw .badRequest("PATCH, application/apply-patch+yaml requires fieldManager to be set")
            }
            let force = request.query["force"] == "true"
            return try store.modify(type: type, version: version, namespace: namespace, name: name, dryRun: dryRun, now: now, admission: admission) { current throws(KubernetesStatusError) in
                if let bodyName = body.metadataName.isEmpty ? nil : body.metadataName, bodyName != name {
                    throw .badRequest("the name of the object (\(bodyName)) does not match the name on the URL (\(name))")
                }
                let merged = try KubernetesManagedFields.apply(body, to: current, manager: manager, force: force, subresource: subresource, type: type, apiVersion: type.apiVersion(version), now: now)
                guard let current else {
                    var fresh = merged
                    fresh[path: ["metadata", "name"]] = .string(name)
                    let managed = fresh[path: ["metadata", "managedFields"]]
                    var object = try KubernetesObjectRules.prepareCreate(fresh, type: type, version: version, namespace: namespace, schema: store.schema(type, version), strictFields: strictFields, now: now)
                    object[path: ["metadata", "managedFields"]] = managed
                    return object
                }
                var input = merged
                if body[path: ["metadata", "resourceVersion"]] == nil { input[path: ["metadata", "resourceVersion"]] = nil }
                return try KubernetesObjectRules.prepareUpdate(
                    input, old: current, type: type, version: version, subresource: subresource,
                    schema: store.schema(type, version), strictFields: strictFields
                )
            }
        default:
            throw .unsupportedMediaType("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml")
        }
    }
}
