/// A keyed decoding container over a mapping's pairs.
struct NodeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    private let decoder: NodeDecoder
    private let values: [String: YAMLNode]
    private let names: [String]

    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] {
        decoder.usedKeys?.formUnion(names)
        return names.compactMap { Key(stringValue: $0) }
    }

    init(decoder: NodeDecoder, pairs: [YAMLNode.Pair]) {
        self.decoder = decoder
        var values: [String: YAMLNode] = [:]
        var names: [String] = []
        for pair in pairs {
            guard let name = pair.key.scalar?.text, values[name] == nil else { continue }
            values[name] = pair.value
            names.append(name)
        }
        self.values = values
        self.names = names
    }

    func contains(_ key: Key) -> Bool {
        decoder.usedKeys?.insert(key.stringValue)
        return values[key.stringValue] != nil
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        try value(for: key).isNull
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decodeValue(type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decodeValue(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decodeValue(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decodeValue(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decodeValue(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decodeValue(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decodeValue(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decodeValue(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decodeValue(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decodeValue(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decodeValue(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decodeValue(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decodeValue(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decodeValue(type, key) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decodeValue(type, key) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try childDecoder(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try childDecoder(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        decoder.usedKeys?.insert(NameKey.super.stringValue)
        let node = values[NameKey.super.stringValue] ?? .null
        return NodeDecoder(node: node, codingPath: codingPath + [NameKey.super], context: decoder.context)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        try childDecoder(key)
    }

    private func value(for key: Key) throws(YAMLError) -> YAMLNode {
        decoder.usedKeys?.insert(key.stringValue)
        guard let value = values[key.stringValue] else {
            throw decoder.context.error(
                .missingKey, "missing required key \"\(key.stringValue)\"", at: decoder.node, path: codingPath)
        }
        return value
    }

    private func decodeValue<T: Decodable>(_ type: T.Type, _ key: Key) throws(YAMLError) -> T {
        try decoder.decodeChild(type, from: try value(for: key), key: key)
    }

    private func childDecoder(_ key: Key) throws(YAMLError) -> NodeDecoder {
        NodeDecoder(node: try value(for: key), codingPath: codingPath + [key], context: decoder.context)
    }
}
