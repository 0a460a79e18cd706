import JSON

/// A failed API call, answered as a `Status` object with the HTTP code of its reason.
public struct KubernetesStatusError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: Int
    public var reason: String
    public var message: String
    /// `details` of the Status (name, group, kind, causes), or nil.
    public var details: JSONValue?
    /// Seconds for a `Retry-After` header, or nil.
    public var retryAfterSeconds: Int?

    public init(code: Int, reason: String, message: String, details: JSONValue? = nil, retryAfterSeconds: Int? = nil) {
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var description: String { "\(code) \(reason): \(message)" }

    /// The `Status` object sent to the client.
    public var statusObject: JSONValue {
        var status: JSONValue = [
            "kind": "Status", "apiVersion": "v1", "metadata": .emptyObject, "status": "Failure",
            "message": .string(message), "code": .int(code),
        ]
        if !reason.isEmpty { status["reason"] = .string(reason) }
        if let details { status["details"] = details }
        if let retryAfterSeconds { status[path: ["details", "retryAfterSeconds"]] = .int(retryAfterSeconds) }
        return status
    }

    /// `details` naming an object: name, group (omitted for the core group), kind as the resource plural.
    static func details(_ type: KubernetesResourceType, name: String) -> JSONValue {
        var details: JSONValue = ["name": .string(name), "kind": .string(type.plural)]
        if !type.group.isEmpty { details["group"] = .string(type.group) }
        return details
    }

    static func notFound(_ type: KubernetesResourceType, name: String) -> Self {
        let resource = type.group.isEmpty ? type.plural : "\(type.plural).\(type.group)"
        return .init(code: 404, reason: "NotFound", message: "\(resource) \"\(name)\" not found", details: details(type, name: name))
    }

    static func alreadyExists(_ type: KubernetesResourceType, name: String) -> Self {
        let resource = type.group.isEmpty ? type.plural : "\(type.plural).\(type.group)"
        return .init(code: 409, reason: "AlreadyExists", message: "\(resource) \"\(name)\" already exists", details: details(type, name: name))
    }

    static func conflict(_ type: KubernetesResourceType, name: String, _ why: String) -> Self {
        let resource = type.group.isEmpty ? type.plural : "\(type.plural).\(type.group)"
        return .init(code: 409, reason: "Conflict", message: "Operation cannot be fulfilled on \(resource) \"\(name)\": \(why)", details: details(type, name: name))
    }

    /// 409 Conflict of a failed delete precondition: details name the Kind, as the real server's do.
    static func preconditionFailed(_ type: KubernetesResourceType, name: String, _ why: String) -> Self {
        .init(code: 409, reason: "Conflict", message: "Operation cannot be fulfilled on \(type.kind) \"\(name)\": \(why)", details: ["name": .string(name), "kind": .string(type.kind)])
    }

    /// 422 Invalid with one cause per field error (`field: message`).
    static func invalid(_ type: KubernetesResourceType, name: String, _ errors: [KubernetesFieldError]) -> Self {
        var unique: [String] = []
        for error in errors where !unique.contains(error.description) { unique.append(error.description) }
        let summary = unique.joined(separator: ", ")
        var details: JSONValue = ["kind": .string(type.kind)]
        if !name.isEmpty { details["name"] = .string(name) }
        if !type.group.isEmpty { details["group"] = .string(type.group) }
        details["causes"] = .array(errors.map { ["reason": .string($0.reason), "message": .string($0.message), "field": .string($0.field)] })
        let kind = type.group.isEmpty ? type.kind : "\(type.kind).\(type.group)"
        let message = unique.count == 1 ? "\(kind) \"\(name)\" is invalid: \(summary)" : "\(kind) \"\(name)\" is invalid: [\(summary)]"
        return .init(code: 422, reason: "Invalid", message: message, details: details)
    }

    static func badRequest(_ message: String) -> Self { .init(code: 400, reason: "BadRequest", message: message) }
    static func methodNotAllowed(_ message: String) -> Self { .init(code: 405, reason: "MethodNotAllowed", message: message, details: .emptyObject) }
    static func unsupportedMediaType(_ message: String) -> Self { .init(code: 415, reason: "UnsupportedMediaType", message: message) }
    static func gone(_ message: String) -> Self { .init(code: 410, reason: "Expired", message: message) }
    static func unauthorized() -> Self { .init(code: 401, reason: "Unauthorized", message: "Unauthorized") }
    static func pathNotFound(_ path: String) -> Self { .init(code: 404, reason: "NotFound", message: "the server could not find the requested resource", details: .emptyObject) }
    /// 500 without a reason, as the real server answers values it cannot parse (`resourceVersion=abc`).
    static func internalParse(_ message: String) -> Self { .init(code: 500, reason: "", message: message) }
    /// 422 Invalid for request options (ListOptions, DeleteOptions): details name the options kind in meta.k8s.io.
    static func invalidOptions(_ kind: String, _ errors: [KubernetesFieldError]) -> Self {
        let summary = errors.map(\.description).joined(separator: ", ")
        return .init(code: 422, reason: "Invalid", message: "\(kind).meta.k8s.io \"\" is invalid: " + (errors.count == 1 ? summary : "[\(summary)]"),
                     details: ["group": "meta.k8s.io", "kind": .string(kind),
                               "causes": .array(errors.map { ["reason": .string($0.reason), "message": .string($0.message), "field": .string($0.field)] })])
    }
}

/// One invalid field: its path (`spec.replicas`), the reason type and a message.
public struct KubernetesFieldError: Sendable, Hashable, CustomStringConvertible {
    public var field: String
    public var reason: String
    public var message: String

    public init(field: String, reason: String = "FieldValueInvalid", message: String) {
        self.field = field
        self.reason = reason
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
