import JSON

/// Reads an authorization.k8s.io/v1 SelfSubjectAccessReview from its protobuf message (what `kubectl auth can-i`
/// sends): `spec.resourceAttributes` (namespace 1, verb 2, group 3, version 4, resource 5, subresource 6, name 7)
/// or `spec.nonResourceAttributes` (path 1, verb 2). Empty strings are unset fields, as the real server reads them.
enum KubernetesProtobufAccessReview {
    static func decode(_ raw: [UInt8]) -> JSONValue? {
        guard let fields = KubernetesProtobufBody.fields(raw) else { return nil }
        var review: JSONValue = ["apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview"]
        for case (2, .bytes(let spec)) in fields {
            var decoded = JSONValue.emptyObject
            for case (let field, .bytes(let attributes)) in KubernetesProtobufBody.fields(spec) ?? [] {
                if field == 1 { decoded["resourceAttributes"] = strings(attributes, ["namespace", "verb", "group", "version", "resource", "subresource", "name"]) }
                if field == 2 { decoded["nonResourceAttributes"] = strings(attributes, ["path", "verb"]) }
            }
            review["spec"] = decoded
        }
        return review
    }

    /// The non-empty string fields of a message, named by field number (1-based) from `names`.
    static func strings(_ bytes: [UInt8], _ names: [String]) -> JSONValue {
        var object = JSONValue.emptyObject
        for case (let field, .bytes(let text)) in KubernetesProtobufBody.fields(bytes) ?? [] where (1...names.count).contains(field) && !text.isEmpty {
            object[names[field - 1]] = .string(String(decoding: text, as: UTF8.self))
        }
        return object
    }
}
