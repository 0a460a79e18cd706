import FoundationEssentials
import JSON

/// The checks a real server makes on list and watch query parameters before serving them.
enum KubernetesListOptions {
    /// Throws what the real server answers for malformed or contradictory options; `current` is the store's resourceVersion.
    static func validate(_ query: [String: String], verb: String, current: Int) throws(KubernetesStatusError) {
        if let timeout = query["timeoutSeconds"], Int(timeout) == nil {
            throw .badRequest("strconv.ParseInt: parsing \(JSONValue.string(timeout).jsonString): invalid syntax")
        }
        let resourceVersion = query["resourceVersion"] ?? ""
        if !resourceVersion.isEmpty, UInt64(resourceVersion) == nil {
            throw .internalParse("resourceVersion: Invalid value: \(JSONValue.string(resourceVersion).jsonString): strconv.ParseUint: parsing \(JSONValue.string(resourceVersion).jsonString): invalid syntax")
        }
        guard verb == "list" || verb == "watch" else { return }
        var errors: [KubernetesFieldError] = []
        let match = query["resourceVersionMatch"] ?? ""
        let initialEvents = query["sendInitialEvents"] == "true"
        if !["", "Exact", "NotOlderThan"].contains(match) {
            errors.append(.init(field: "resourceVersionMatch", reason: "FieldValueNotSupported", message: "Unsupported value: \(JSONValue.string(match).jsonString): supported values: \"Exact\", \"NotOlderThan\", \"\""))
        } else if !match.isEmpty, resourceVersion.isEmpty, verb == "list" || !initialEvents {
            errors.append(.init(field: "resourceVersionMatch", reason: "FieldValueForbidden", message: "Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided"))
        }
        if initialEvents, verb == "list" {
            errors.append(.init(field: "sendInitialEvents", reason: "FieldValueForbidden", message: "Forbidden: sendInitialEvents is forbidden for list"))
        } else if initialEvents, match != "NotOlderThan" {
            errors.append(.init(field: "resourceVersionMatch", reason: "FieldValueForbidden", message: "Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"))
        }
        if !errors.isEmpty { throw .invalidOptions("ListOptions", errors) }
        if verb == "list", let requested = Int(resourceVersion), requested > current {
            throw .init(code: 504, reason: "Timeout", message: "Timeout: Too large resource version: \(requested), current: \(current)",
                        details: ["causes": [["reason": "ResourceVersionTooLarge", "message": "Too large resource version"]], "retryAfterSeconds": 1])
        }
    }
}
