import FoundationEssentials

/// The `Encoder` that turns one `Encodable` value into a ``YAMLNode``; also its single-value container.
final class NodeEncoder: Encoder, SingleValueEncodingContainer {
    let codingPath: [any CodingKey]
    let userInfo: [CodingUserInfoKey: Any]
    private var value: EncodedValue?

    init(codingPath: [any CodingKey], userInfo: [CodingUserInfoKey: Any]) {
        self.codingPath = codingPath
        self.userInfo = userInfo
    }

    /// What was encoded; a value that encoded nothing is an empty mapping.
    var result: YAMLNode { value?.node ?? YAMLNode(.mapping([])) }

    /// Encodes `value` into a node, writing `Data`, `Date` and `URL` as Kubernetes does.
    static func node(for value: some Encodable, path: [any CodingKey], userInfo: [CodingUserInfoKey: Any]) throws -> YAMLNode {
        if let special = FoundationValues.encode(value) { return special }
        let encoder = NodeEncoder(codingPath: path, userInfo: userInfo)
        try value.encode(to: encoder)
        guard value is any StringKeyedDictionary, case .mapping(let pairs) = encoder.result.content else {
            return encoder.result
        }
        return YAMLNode(.mapping(pairs.sorted { ($0.key.string ?? "") < ($1.key.string ?? "") }))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let mapping: EncodedMapping
        if case .mapping(let existing) = value {
            mapping = existing
        } else {
            mapping = EncodedMapping()
            value = .mapping(mapping)
        }
        return KeyedEncodingContainer(NodeKeyedEncodingContainer<Key>(mapping: mapping, codingPath: codingPath, userInfo: userInfo))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let sequence: EncodedSequence
        if case .sequence(let existing) = value {
            sequence = existing
        } else {
            sequence = EncodedSequence()
            value = .sequence(sequence)
        }
        return NodeUnkeyedEncodingContainer(sequence: sequence, codingPath: codingPath, userInfo: userInfo)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    // MARK: - SingleValueEncodingContainer

    func encodeNil() { value = .node(.null) }
    func encode(_ value: Bool) { self.value = .node(.bool(value)) }
    func encode(_ value: String) { self.value = .node(.string(value)) }
    func encode(_ value: Double) { self.value = .node(.float(value)) }
    func encode(_ value: Float) { self.value = .node(.float(Double("\(value)") ?? Double(value))) }
    func encode(_ value: Int) { self.value = .node(.int(value)) }
    func encode(_ value: Int8) { self.value = .node(.int(value)) }
    func encode(_ value: Int16) { self.value = .node(.int(value)) }
    func encode(_ value: Int32) { self.value = .node(.int(value)) }
    func encode(_ value: Int64) { self.value = .node(.int(value)) }
    func encode(_ value: UInt) { self.value = .node(.int(value)) }
    func encode(_ value: UInt8) { self.value = .node(.int(value)) }
    func encode(_ value: UInt16) { self.value = .node(.int(value)) }
    func encode(_ value: UInt32) { self.value = .node(.int(value)) }
    func encode(_ value: UInt64) { self.value = .node(.int(value)) }

    func encode<T: Encodable>(_ value: T) throws {
        self.value = .node(try Self.node(for: value, path: codingPath, userInfo: userInfo))
    }
}
