import JSON

/// Patches a converted view of a stored object (a Scale, an events.k8s.io Event): JSON patch, or merge
/// patch (strategic merge is read as a merge patch: these views have no lists with merge keys).
enum KubernetesViewPatch {
    static func apply(_ patch: JSONValue, contentType: String, to current: JSONValue) throws(KubernetesStatusError) -> JSONValue {
        switch contentType {
        case "application/json-patch+json":
            guard patch.arrayValue != nil else {
                throw .badRequest("error decoding patch: json: cannot unmarshal \(patch.typeName) into Go value of type []handlers.jsonPatchOp")
            }
            do throws(JSONPatchError) {
                return try JSONPatch(patch).apply(to: current)
            } catch {
                throw .init(code: 422, reason: "Invalid", message: "the server rejected our request due to an error in our request", details: .emptyObject)
            }
        case "application/merge-patch+json", "application/strategic-merge-patch+json": return current.applyingMergePatch(patch)
        default:
            throw .unsupportedMediaType("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json")
        }
    }
}
