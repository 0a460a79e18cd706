import JSON
import Foundation

/// Secret rules: `stringData` is merged into base64 `data` and never stored, `data` must be base64,
/// `type` defaults to Opaque and cannot change.
enum KubernetesSecretRules {
    static func apply(_ object: inout JSONValue, old: JSONValue?, type: KubernetesResourceType) throws(KubernetesStatusError) {
        var data = object["data"]?.objectValue ?? [:]
        var errors: [KubernetesFieldError] = []
        for (key, value) in data {
            guard let text = value.stringValue, Data(base64Encoded: text) != nil else {
                errors.append(.init(field: "data[\(key)]", message: "Invalid value: illegal base64 data"))
                continue
            }
        }
        for (key, value) in object["stringData"]?.objectValue ?? [:] {
            data[key] = .string(Data((value.stringValue ?? "").utf8).base64EncodedString())
        }
        object["stringData"] = nil
        if !data.isEmpty || object["data"] != nil { object["data"] = .object(data) }
        if object["type"]?.stringValue?.isEmpty ?? true { object["type"] = "Opaque" }
        if let old, old["type"] != object["type"] {
            errors.append(.init(field: "type", message: "Invalid value: \(object["type"]?.jsonString ?? "\"\""): field is immutable"))
        }
        if !errors.isEmpty { throw .invalid(type, name: object.metadataName, errors) }
    }
}
