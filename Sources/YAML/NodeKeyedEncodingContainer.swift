/// A keyed encoding container writing into an ``EncodedMapping``.
struct NodeKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let mapping: EncodedMapping
    let codingPath: [any CodingKey]
    let userInfo: [CodingUserInfoKey: Any]

    mutating func encodeNil(forKey key: Key) { mapping.set(.node(.null), for: key.stringValue) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        mapping.set(.node(try NodeEncoder.node(for: value, path: codingPath + [key], userInfo: userInfo)), for: key.stringValue)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = EncodedMapping()
        mapping.set(.mapping(nested), for: key.stringValue)
        return KeyedEncodingContainer(NodeKeyedEncodingContainer<NestedKey>(mapping: nested, codingPath: codingPath + [key], userInfo: userInfo))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = EncodedSequence()
        mapping.set(.sequence(nested), for: key.stringValue)
        return NodeUnkeyedEncodingContainer(sequence: nested, codingPath: codingPath + [key], userInfo: userInfo)
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: NameKey.super) }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key) }

    private func superEncoder(named key: any CodingKey) -> any Encoder {
        let encoder = NodeEncoder(codingPath: codingPath + [key], userInfo: userInfo)
        mapping.set(.encoder(encoder), for: key.stringValue)
        return encoder
    }
}
