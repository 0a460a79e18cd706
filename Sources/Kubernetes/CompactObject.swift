import JSON

/// An object held as its compact JSON text (sorted keys, so equal objects have equal text): a fraction of the memory
/// of a parsed tree. ``object`` parses it again on each read.
struct CompactObject: KubernetesObjectConvertible, Hashable {
    let key: ObjectKey
    private(set) var bytes: [UInt8]

    init(object: KubernetesObject) {
        key = ObjectKey(namespace: object.metadata.namespace, name: object.metadata.name ?? "")
        bytes = Self.exact(object.json.serialized())
    }

    /// A copy without the spare capacity the serializer's growth left (up to half of the buffer).
    private static func exact(_ text: [UInt8]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: text.count) { buffer, count in
            count = buffer.initialize(fromContentsOf: text)
        }
    }

    /// The text was written by ``JSONValue/serialized()``, so it always parses.
    var object: KubernetesObject {
        get { KubernetesObject((try? JSONValue(parsing: bytes)) ?? .emptyObject) }
        set { bytes = Self.exact(newValue.json.serialized()) }
    }

    func decoded<Resource: KubernetesObjectConvertible>(as _: Resource.Type) -> Resource { Resource(object: object) }
}
