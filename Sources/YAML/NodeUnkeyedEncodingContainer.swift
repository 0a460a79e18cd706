/// An unkeyed encoding container writing into an ``EncodedSequence``.
struct NodeUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let sequence: EncodedSequence
    let codingPath: [any CodingKey]
    let userInfo: [CodingUserInfoKey: Any]

    var count: Int { sequence.items.count }

    mutating func encodeNil() { sequence.items.append(.node(.null)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = codingPath + [IndexKey(count)]
        sequence.items.append(.node(try NodeEncoder.node(for: value, path: path, userInfo: userInfo)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = EncodedMapping()
        let path = codingPath + [IndexKey(count)]
        sequence.items.append(.mapping(nested))
        return KeyedEncodingContainer(NodeKeyedEncodingContainer<NestedKey>(mapping: nested, codingPath: path, userInfo: userInfo))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = EncodedSequence()
        let path = codingPath + [IndexKey(count)]
        sequence.items.append(.sequence(nested))
        return NodeUnkeyedEncodingContainer(sequence: nested, codingPath: path, userInfo: userInfo)
    }

    mutating func superEncoder() -> any Encoder {
        let encoder = NodeEncoder(codingPath: codingPath + [IndexKey(count)], userInfo: userInfo)
        sequence.items.append(.encoder(encoder))
        return encoder
    }
}
