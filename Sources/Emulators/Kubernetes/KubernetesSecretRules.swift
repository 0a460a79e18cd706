import JSON
import FoundationEssentials

/// Secret rules: `stringData` is merged into base64 `data` and never stored, `data` must be base64,
/// `type` defaults to Opaque and cannot change.
enum KubernetesSecretRules {
    static func apply(_ object: inout JSONValue, old: JSONValue?, type: KubernetesResourceType) throws(KubernetesStatusError) {
        var data = object["data"]?.objectValue ?? [:]
        var errors: [KubernetesFieldError] = []
        for key in data.keys.sorted() {
            guard let text = data[key]?.stringValue, Data(base64Encoded: text) != nil else {
                // The real server fails decoding the body, before validation: 400, not 422.
                let offset = illegalBase64Offset(data[key]?.stringValue ?? "")
                throw .badRequest("Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte \(offset)")
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

    /// Where Go's base64 decoder reports the first illegal byte: the first character outside the alphabet,
    /// else the start of the incomplete last quantum.
    static func illegalBase64Offset(_ text: String) -> Int {
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        let characters = Array(text)
        if let index = characters.firstIndex(where: { !alphabet.contains($0) && $0 != "=" }) { return index }
        if let padding = characters.firstIndex(of: "="), characters[padding...].contains(where: { $0 != "=" }) { return padding }
        return characters.count - characters.count % 4
    }
}
