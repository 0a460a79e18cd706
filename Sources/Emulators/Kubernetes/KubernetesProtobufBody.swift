import JSON
import FoundationEssentials

/// Reads the protobuf bodies `kubectl create secret|configmap|namespace` sends
/// (`application/vnd.kubernetes.protobuf`): the `k8s\0` envelope around a Secret, ConfigMap or Namespace
/// with the ObjectMeta fields name, generateName, namespace, labels and annotations, Deployments
/// (`kubectl create deployment`, see ``KubernetesProtobufDeployment``) and SelfSubjectAccessReviews
/// (`kubectl auth can-i`, ``KubernetesProtobufAccessReview``). Other kinds are answered 415.
enum KubernetesProtobufBody {
    static func decode(_ bytes: [UInt8]) -> JSONValue? {
        guard bytes.count > 4, Array(bytes[0..<4]) == [0x6B, 0x38, 0x73, 0x00] else { return nil }
        var apiVersion = "", kind = ""
        var raw: [UInt8] = []
        for (field, value) in fields(Array(bytes[4...])) ?? [] {
            if field == 1, case .bytes(let typeMeta) = value {
                for (typeField, typeValue) in fields(typeMeta) ?? [] {
                    if case .bytes(let text) = typeValue {
                        if typeField == 1 { apiVersion = String(decoding: text, as: UTF8.self) }
                        if typeField == 2 { kind = String(decoding: text, as: UTF8.self) }
                    }
                }
            }
            if field == 2, case .bytes(let body) = value { raw = body }
        }
        if apiVersion == "apps/v1", kind == "Deployment" { return KubernetesProtobufDeployment.decode(raw) }
        if apiVersion == "authorization.k8s.io/v1", kind == "SelfSubjectAccessReview" { return KubernetesProtobufAccessReview.decode(raw) }
        guard apiVersion == "v1", kind == "Secret" || kind == "ConfigMap" || kind == "Namespace", let objectFields = fields(raw) else { return nil }
        var object: JSONValue = ["apiVersion": "v1", "kind": .string(kind)]
        var data: [String: JSONValue] = [:]
        var stringData: [String: JSONValue] = [:]
        var binaryData: [String: JSONValue] = [:]
        for (field, value) in objectFields {
            guard case .bytes(let payload) = value else {
                if kind == "Secret", field == 5, case .varint(let flag) = value { object["immutable"] = .bool(flag != 0) }
                continue
            }
            switch (kind, field) {
            case (_, 1): object["metadata"] = metadata(payload)
            case ("Secret", 2):
                if let (key, bytes) = entry(payload) { data[key] = .string(Data(bytes).base64EncodedString()) }
            case ("Secret", 3): object["type"] = .string(String(decoding: payload, as: UTF8.self))
            case ("Secret", 4):
                if let (key, bytes) = entry(payload) { stringData[key] = .string(String(decoding: bytes, as: UTF8.self)) }
            case ("ConfigMap", 2):
                if let (key, bytes) = entry(payload) { data[key] = .string(String(decoding: bytes, as: UTF8.self)) }
            case ("ConfigMap", 3):
                if let (key, bytes) = entry(payload) { binaryData[key] = .string(Data(bytes).base64EncodedString()) }
            default: break
            }
        }
        if !data.isEmpty { object["data"] = .object(data) }
        if !stringData.isEmpty { object["stringData"] = .object(stringData) }
        if !binaryData.isEmpty { object["binaryData"] = .object(binaryData) }
        return object
    }

    static func metadata(_ bytes: [UInt8]) -> JSONValue {
        var metadata = JSONValue.emptyObject
        var labels: [String: JSONValue] = [:]
        var annotations: [String: JSONValue] = [:]
        for (field, value) in fields(bytes) ?? [] {
            guard case .bytes(let payload) = value else { continue }
            switch field {
            case 1: metadata["name"] = .string(String(decoding: payload, as: UTF8.self))
            case 2: metadata["generateName"] = .string(String(decoding: payload, as: UTF8.self))
            case 3: metadata["namespace"] = .string(String(decoding: payload, as: UTF8.self))
            case 11: if let (key, text) = entry(payload) { labels[key] = .string(String(decoding: text, as: UTF8.self)) }
            case 12: if let (key, text) = entry(payload) { annotations[key] = .string(String(decoding: text, as: UTF8.self)) }
            default: break
            }
        }
        if !labels.isEmpty { metadata["labels"] = .object(labels) }
        if !annotations.isEmpty { metadata["annotations"] = .object(annotations) }
        return metadata
    }

    /// One map entry: key (field 1) and value (field 2).
    private static func entry(_ bytes: [UInt8]) -> (String, [UInt8])? {
        var key = "", value: [UInt8] = []
        for (field, item) in fields(bytes) ?? [] {
            guard case .bytes(let payload) = item else { continue }
            if field == 1 { key = String(decoding: payload, as: UTF8.self) }
            if field == 2 { value = payload }
        }
        return (key, value)
    }

    enum Value {
        case varint(UInt64)
        case bytes([UInt8])
    }

    /// The (field number, value) pairs of a protobuf message; nil when it is malformed.
    static func fields(_ bytes: [UInt8]) -> [(Int, Value)]? {
        var result: [(Int, Value)] = []
        var index = 0
        func varint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while index < bytes.count, shift < 64 {
                let byte = bytes[index]
                index += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
            return nil
        }
        while index < bytes.count {
            guard let tag = varint() else { return nil }
            let field = Int(tag >> 3)
            switch tag & 7 {
            case 0:
                guard let value = varint() else { return nil }
                result.append((field, .varint(value)))
            case 2:
                guard let length = varint(), index + Int(length) <= bytes.count else { return nil }
                result.append((field, .bytes(Array(bytes[index..<(index + Int(length))]))))
                index += Int(length)
            case 1: index += 8
            case 5: index += 4
            default: return nil
            }
        }
        return result
    }
}
