import FoundationEssentials

/// The `Decoder` for one node; also its single-value container.
final class NodeDecoder: Decoder, SingleValueDecodingContainer {
    let node: YAMLNode
    let codingPath: [any CodingKey]
    let context: DecodingContext
    /// Keys read through keyed containers of this decoder, for rejecting unknown keys.
    var usedKeys: Set<String>?

    var userInfo: [CodingUserInfoKey: Any] { context.userInfo }

    init(node: YAMLNode, codingPath: [any CodingKey], context: DecodingContext) {
        self.node = node
        self.codingPath = codingPath
        self.context = context
    }

    /// Decodes `type` from `node`, giving every error a position and path, and rejecting
    /// unknown keys when the options say so.
    static func decode<T: Decodable>(_ type: T.Type, from node: YAMLNode, path: [any CodingKey], context: DecodingContext) throws(YAMLError) -> T {
        do {
            if let special = try FoundationValues.decode(type, from: node, path: path, context: context) {
                return special
            }
            let decoder = NodeDecoder(node: node, codingPath: path, context: context)
            let value = try T(from: decoder)
            try decoder.checkUnknownKeys()
            return value
        } catch {
            throw context.wrap(error, decoding: node, path: path)
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let pairs: [YAMLNode.Pair]
        switch node.content {
        case .mapping(let mapping): pairs = mapping
        case .scalar(let scalar) where scalar.type == .null: pairs = []
        default: throw context.mismatch(expected: "a mapping", at: node, path: codingPath)
        }
        if usedKeys == nil { usedKeys = [] }
        return KeyedDecodingContainer(NodeKeyedContainer<Key>(decoder: self, pairs: pairs))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        switch node.content {
        case .sequence(let items):
            return NodeUnkeyedContainer(decoder: self, items: items)
        case .scalar(let scalar) where scalar.type == .null:
            return NodeUnkeyedContainer(decoder: self, items: [])
        default:
            throw context.mismatch(expected: "a sequence", at: node, path: codingPath)
        }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    /// Throws `.unknownKey` for the first mapping key no keyed container asked about.
    func checkUnknownKeys() throws(YAMLError) {
        guard context.unknownKeys == .reject, let usedKeys, let pairs = node.mapping else { return }
        for pair in pairs {
            let name = pair.key.scalar?.text ?? ""
            if !usedKeys.contains(name) {
                throw context.error(.unknownKey, "unknown key \"\(name)\"", at: pair.key, path: codingPath + [NameKey(name)])
            }
        }
    }

    /// Decodes a child node.
    func decodeChild<T: Decodable>(_ type: T.Type, from child: YAMLNode, key: (any CodingKey)?) throws(YAMLError) -> T {
        try Self.decode(type, from: child, path: key.map { codingPath + [$0] } ?? codingPath, context: context)
    }

    // MARK: - SingleValueDecodingContainer

    func decodeNil() -> Bool { node.isNull }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard let value = node.bool else { throw context.mismatch(expected: "a boolean", at: node, path: codingPath) }
        return value
    }

    func decode(_ type: String.Type) throws -> String {
        guard let value = node.string else { throw context.mismatch(expected: "a string", at: node, path: codingPath) }
        return value
    }

    func decode(_ type: Double.Type) throws -> Double {
        guard let value = node.double else { throw context.mismatch(expected: "a number", at: node, path: codingPath) }
        return value
    }

    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
    func decode(_ type: Int.Type) throws -> Int { try integer() }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
    func decode(_ type: UInt.Type) throws -> UInt { try integer() }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decodeChild(type, from: node, key: nil)
    }

    private func integer<I: FixedWidthInteger>() throws(YAMLError) -> I {
        guard let scalar = node.scalar, scalar.type == .int else {
            throw context.mismatch(expected: "an integer", at: node, path: codingPath)
        }
        guard let value = ScalarResolver.integerValue(scalar.text).flatMap({ I(exactly: $0) }) else {
            throw context.error(
                .invalidValue, "\(scalar.text) is out of range for \(I.self) (\(I.min)...\(I.max))",
                at: node, path: codingPath)
        }
        return value
    }
}
