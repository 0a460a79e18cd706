/// An unkeyed decoding container over a sequence's items.
struct NodeUnkeyedContainer: UnkeyedDecodingContainer {
    private let decoder: NodeDecoder
    private let items: [YAMLNode]
    private(set) var currentIndex = 0

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    init(decoder: NodeDecoder, items: [YAMLNode]) {
        self.decoder = decoder
        self.items = items
    }

    mutating func decodeNil() throws -> Bool {
        guard try current().isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type) }
    mutating func decode(_ type: String.Type) throws -> String { try next(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try next(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try next(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try nextDecoder().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try nextDecoder().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        try nextDecoder()
    }

    private func current() throws(YAMLError) -> YAMLNode {
        guard !isAtEnd else {
            throw decoder.context.error(
                .missingKey, "expected more than \(items.count) items in the sequence", at: decoder.node, path: codingPath)
        }
        return items[currentIndex]
    }

    private mutating func next<T: Decodable>(_ type: T.Type) throws(YAMLError) -> T {
        let value = try decoder.decodeChild(type, from: try current(), key: IndexKey(currentIndex))
        currentIndex += 1
        return value
    }

    private mutating func nextDecoder() throws(YAMLError) -> NodeDecoder {
        let child = NodeDecoder(node: try current(), codingPath: codingPath + [IndexKey(currentIndex)], context: decoder.context)
        currentIndex += 1
        return child
    }
}
