import Basics
import FoundationEssentials
import JSON

/// Protobuf wire encoding of the built-in messages the emulator answers in `application/vnd.kubernetes.protobuf`:
/// ConfigMap, Secret, their lists and Status, with the full ObjectMeta, inside the `k8s\0` envelope
/// (runtime.Unknown: TypeMeta, raw, contentEncoding, contentType).
struct KubernetesProtobufWriter {
    private(set) var bytes: [UInt8] = []

    /// The kinds answered in protobuf; others stay JSON.
    static let kinds: Set<String> = ["ConfigMap", "ConfigMapList", "Secret", "SecretList", "Status"]

    /// The envelope around `object`, or nil for a kind that is not encoded.
    static func envelope(_ object: JSONValue) -> [UInt8]? {
        guard let kind = object["kind"]?.stringValue, kinds.contains(kind) else { return nil }
        var typeMeta = KubernetesProtobufWriter()
        typeMeta.string(1, object["apiVersion"]?.stringValue ?? "v1")
        typeMeta.string(2, kind)
        var unknown = KubernetesProtobufWriter()
        unknown.message(1, typeMeta.bytes)
        unknown.message(2, message(object, kind: kind))
        unknown.string(3, "", always: true)
        unknown.string(4, "", always: true)
        return [0x6B, 0x38, 0x73, 0x00] + unknown.bytes
    }

    static func message(_ object: JSONValue, kind: String) -> [UInt8] {
        var writer = KubernetesProtobufWriter()
        switch kind {
        case "ConfigMapList", "SecretList":
            writer.message(1, listMeta(object["metadata"] ?? .emptyObject))
            let itemKind = String(kind.dropLast(4))
            for item in object["items"]?.arrayValue ?? [] { writer.message(2, message(item, kind: itemKind), always: true) }
        case "ConfigMap":
            writer.message(1, objectMeta(object["metadata"] ?? .emptyObject), always: true)
            writer.stringMap(2, object["data"])
            writer.bytesMap(3, object["binaryData"])
            if let immutable = object["immutable"]?.boolValue { writer.varint(4, immutable ? 1 : 0) }
        case "Secret":
            writer.message(1, objectMeta(object["metadata"] ?? .emptyObject), always: true)
            writer.bytesMap(2, object["data"])
            if let type = object["type"]?.stringValue { writer.string(3, type) }
            if let immutable = object["immutable"]?.boolValue { writer.varint(5, immutable ? 1 : 0) }
        default:
            writer.message(1, listMeta(object["metadata"] ?? .emptyObject), always: true)
            writer.string(2, object["status"]?.stringValue ?? "", always: true)
            writer.string(3, object["message"]?.stringValue ?? "", always: true)
            writer.string(4, object["reason"]?.stringValue ?? "", always: true)
            writer.message(5, details(object["details"] ?? .emptyObject), always: true)
            writer.varint(6, UInt64(object["code"]?.intValue ?? 0), always: true)
        }
        return writer.bytes
    }

    static func listMeta(_ metadata: JSONValue) -> [UInt8] {
        var writer = KubernetesProtobufWriter()
        writer.string(2, metadata["resourceVersion"]?.stringValue ?? "")
        writer.string(3, metadata["continue"]?.stringValue ?? "")
        if let remaining = metadata["remainingItemCount"]?.intValue { writer.varint(4, UInt64(remaining)) }
        return writer.bytes
    }

    static func details(_ details: JSONValue) -> [UInt8] {
        var writer = KubernetesProtobufWriter()
        writer.string(1, details["name"]?.stringValue ?? "")
        writer.string(2, details["group"]?.stringValue ?? "")
        writer.string(3, details["kind"]?.stringValue ?? "")
        for cause in details["causes"]?.arrayValue ?? [] {
            var causeWriter = KubernetesProtobufWriter()
            causeWriter.string(1, cause["reason"]?.stringValue ?? "")
            causeWriter.string(2, cause["message"]?.stringValue ?? "")
            causeWriter.string(3, cause["field"]?.stringValue ?? "")
            writer.message(4, causeWriter.bytes, always: true)
        }
        if let seconds = details["retryAfterSeconds"]?.intValue { writer.varint(5, UInt64(seconds)) }
        writer.string(6, details["uid"]?.stringValue ?? "")
        return writer.bytes
    }

    static func objectMeta(_ metadata: JSONValue) -> [UInt8] {
        var writer = KubernetesProtobufWriter()
        for (field, key) in [(1, "name"), (2, "generateName"), (3, "namespace"), (5, "uid"), (6, "resourceVersion")] {
            writer.string(field, metadata[key]?.stringValue ?? "")
        }
        if let generation = metadata["generation"]?.intValue { writer.varint(7, UInt64(generation)) }
        for (field, key) in [(8, "creationTimestamp"), (9, "deletionTimestamp")] {
            if let text = metadata[key]?.stringValue { writer.message(field, time(text), always: true) }
        }
        if let grace = metadata["deletionGracePeriodSeconds"]?.intValue { writer.varint(10, UInt64(bitPattern: Int64(grace))) }
        writer.stringMap(11, metadata["labels"])
        writer.stringMap(12, metadata["annotations"])
        for reference in metadata["ownerReferences"]?.arrayValue ?? [] {
            var referenceWriter = KubernetesProtobufWriter()
            for (field, key) in [(1, "kind"), (3, "name"), (4, "uid"), (5, "apiVersion")] { referenceWriter.string(field, reference[key]?.stringValue ?? "", always: true) }
            if let controller = reference["controller"]?.boolValue { referenceWriter.varint(6, controller ? 1 : 0, always: true) }
            if let block = reference["blockOwnerDeletion"]?.boolValue { referenceWriter.varint(7, block ? 1 : 0, always: true) }
            writer.message(13, referenceWriter.bytes, always: true)
        }
        for finalizer in metadata["finalizers"]?.arrayValue ?? [] { writer.string(14, finalizer.stringValue ?? "", always: true) }
        for entry in metadata["managedFields"]?.arrayValue ?? [] {
            var entryWriter = KubernetesProtobufWriter()
            for (field, key) in [(1, "manager"), (2, "operation"), (3, "apiVersion"), (6, "fieldsType"), (8, "subresource")] {
                entryWriter.string(field, entry[key]?.stringValue ?? "")
            }
            if let text = entry["time"]?.stringValue { entryWriter.message(4, time(text), always: true) }
            if let fields = entry["fieldsV1"] {
                var raw = KubernetesProtobufWriter()
                raw.bytes(1, fields.serialized())
                entryWriter.message(7, raw.bytes, always: true)
            }
            writer.message(17, entryWriter.bytes, always: true)
        }
        return writer.bytes
    }

    /// A metav1.Time: seconds since the epoch (field 1), nanoseconds (field 2).
    static func time(_ text: String) -> [UInt8] {
        var writer = KubernetesProtobufWriter()
        let date = RFC3339.parse(text) ?? Date(timeIntervalSince1970: 0)
        writer.varint(1, UInt64(bitPattern: Int64(date.timeIntervalSince1970.rounded(.down))))
        return writer.bytes
    }

    // MARK: wire format

    mutating func tag(_ field: Int, _ wireType: UInt64) { appendVarint(UInt64(field) << 3 | wireType) }

    mutating func appendVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func varint(_ field: Int, _ value: UInt64, always: Bool = false) {
        guard always || value != 0 else { return }
        tag(field, 0)
        appendVarint(value)
    }

    mutating func bytes(_ field: Int, _ payload: [UInt8], always: Bool = false) {
        guard always || !payload.isEmpty else { return }
        tag(field, 2)
        appendVarint(UInt64(payload.count))
        bytes.append(contentsOf: payload)
    }

    mutating func string(_ field: Int, _ text: String, always: Bool = false) { bytes(field, Array(text.utf8), always: always) }

    mutating func message(_ field: Int, _ payload: [UInt8], always: Bool = false) { bytes(field, payload, always: always) }

    /// A map<string, string> (entries: key 1, value 2).
    mutating func stringMap(_ field: Int, _ value: JSONValue?) {
        for (key, item) in (value?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            var entry = KubernetesProtobufWriter()
            entry.string(1, key, always: true)
            entry.string(2, item.stringValue ?? "", always: true)
            message(field, entry.bytes, always: true)
        }
    }

    /// A map<string, bytes> from base64 JSON values.
    mutating func bytesMap(_ field: Int, _ value: JSONValue?) {
        for (key, item) in (value?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            var entry = KubernetesProtobufWriter()
            entry.string(1, key, always: true)
            entry.bytes(2, Data(base64Encoded: item.stringValue ?? "").map { [UInt8]($0) } ?? [], always: true)
            message(field, entry.bytes, always: true)
        }
    }
}
