import JSON
import Basics

/// `/openapi/v2` in the protobuf form kubectl asks for (`Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf`,
/// the `openapi.v2.Document` message of gnostic): kubectl reads only this form for client-side validation (e.g.
/// `kubectl create -f` of a `List`). Encodes the swagger version, info, and every definition's schema — `$ref`,
/// format, description, required, type, items, allOf, properties, additionalProperties and vendor extensions such as
/// `x-kubernetes-group-version-kind` (as YAML, which JSON text is). Paths are left out: validation does not read them.
enum KubernetesOpenAPIV2Protobuf {
    /// The answer's media type: the real server names it without the `@` its clients ask with (Go's media-type
    /// parser refuses `@`).
    static let contentType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf"

    /// Whether `accept` asks for this form first.
    static func wanted(_ accept: String?) -> Bool {
        accept?.split(separator: ",").first?.trimmingWhitespace().hasPrefix("application/com.github.proto-openapi.spec.v2") == true
    }

    /// The `Document` message of a Swagger 2.0 JSON document.
    static func encode(_ document: JSONValue) -> [UInt8] {
        var writer = KubernetesProtobufWriter()
        writer.string(1, document["swagger"]?.stringValue ?? "2.0")
        if let info = document["info"] {
            var encoded = KubernetesProtobufWriter()
            encoded.string(1, info["title"]?.stringValue ?? "")
            encoded.string(2, info["version"]?.stringValue ?? "")
            writer.message(2, encoded.bytes, always: true)
        }
        var definitions = KubernetesProtobufWriter()
        for (name, schema) in (document["definitions"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            definitions.message(1, named(name, schema), always: true)
        }
        writer.message(9, definitions.bytes, always: true)
        return writer.bytes
    }

    /// A `NamedSchema`: name 1, schema 2.
    static func named(_ name: String, _ schema: JSONValue) -> [UInt8] {
        var writer = KubernetesProtobufWriter()
        writer.string(1, name, always: true)
        writer.message(2, self.schema(schema), always: true)
        return writer.bytes
    }

    /// A `Schema` message.
    static func schema(_ schema: JSONValue) -> [UInt8] {
        var writer = KubernetesProtobufWriter()
        writer.string(1, schema["$ref"]?.stringValue ?? "")
        writer.string(2, schema["format"]?.stringValue ?? "")
        writer.string(4, schema["description"]?.stringValue ?? "")
        for required in schema["required"]?.arrayValue ?? [] { writer.string(19, required.stringValue ?? "", always: true) }
        switch schema["additionalProperties"] {
        case .bool(let allowed)?:
            var item = KubernetesProtobufWriter()
            item.varint(2, allowed ? 1 : 0, always: true)
            writer.message(21, item.bytes, always: true)
        case let nested? where nested.objectValue != nil:
            var item = KubernetesProtobufWriter()
            item.message(1, self.schema(nested), always: true)
            writer.message(21, item.bytes, always: true)
        default: break
        }
        let types = schema["type"].map { $0.arrayValue ?? [$0] } ?? []
        if !types.isEmpty {
            var item = KubernetesProtobufWriter()
            for type in types { item.string(1, type.stringValue ?? "", always: true) }
            writer.message(22, item.bytes, always: true)
        }
        if let items = schema["items"] {
            var item = KubernetesProtobufWriter()
            for element in items.arrayValue ?? [items] { item.message(1, self.schema(element), always: true) }
            writer.message(23, item.bytes, always: true)
        }
        for part in schema["allOf"]?.arrayValue ?? [] { writer.message(24, self.schema(part), always: true) }
        if let properties = schema["properties"]?.objectValue {
            var item = KubernetesProtobufWriter()
            for (name, property) in properties.sorted(by: { $0.key < $1.key }) { item.message(1, named(name, property), always: true) }
            writer.message(25, item.bytes, always: true)
        }
        for (name, value) in (schema.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) where name.hasPrefix("x-") {
            // NamedAny: name 1, Any 2 (whose field 2 holds the value as YAML; JSON text is YAML).
            var any = KubernetesProtobufWriter()
            any.string(2, String(decoding: value.serialized(), as: UTF8.self), always: true)
            var extensionEntry = KubernetesProtobufWriter()
            extensionEntry.string(1, name, always: true)
            extensionEntry.message(2, any.bytes, always: true)
            writer.message(31, extensionEntry.bytes, always: true)
        }
        return writer.bytes
    }
}
