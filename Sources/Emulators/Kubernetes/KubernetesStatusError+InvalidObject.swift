import JSON

extension KubernetesStatusError {
    /// 422 Invalid in the real server's shape for the request's object: `Deployment.apps "d" is invalid: CAUSE`, details
    /// {name, group, kind: Kind, causes}. Without `message` the one cause is an invalid `metadata` injected by the emulator;
    /// with it, `message` is the whole Status message and the message of the one cause (which names no field), as
    /// when an admission webhook denies the request with an Invalid status.
    static func invalidObject(_ target: KubernetesRequestTarget, message: String?) -> Self {
        let kind = target.kind.isEmpty ? target.resource : target.kind
        let qualifiedKind = target.group.isEmpty ? kind : "\(kind).\(target.group)"
        let cause: JSONValue
        let text: String
        if let message {
            cause = ["reason": "FieldValueInvalid", "message": .string(message)]
            text = message
        } else {
            let detail = "Invalid value: \"\(target.name)\": injected by the emulator"
            cause = ["reason": "FieldValueInvalid", "message": .string(detail), "field": "metadata"]
            text = "\(qualifiedKind) \"\(target.name)\" is invalid: metadata: \(detail)"
        }
        var details: [String: JSONValue] = ["causes": [cause]]
        if !target.name.isEmpty { details["name"] = .string(target.name) }
        if !target.group.isEmpty { details["group"] = .string(target.group) }
        if !kind.isEmpty { details["kind"] = .string(kind) }
        return .init(code: 422, reason: "Invalid", message: text, details: .object(details))
    }
}
