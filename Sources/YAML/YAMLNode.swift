/// A node of a parsed (or built) YAML document, with the position where it starts.
///
/// Aliases are already resolved: an alias is a copy of its anchored node (copies share storage).
public struct YAMLNode: Sendable, Hashable {
    /// A key and value of a mapping.
    public struct Pair: Sendable, Hashable {
        public var key: YAMLNode
        public var value: YAMLNode

        /// Creates a pair.
        public init(key: YAMLNode, value: YAMLNode) {
            self.key = key
            self.value = value
        }
    }

    /// What a node holds.
    public enum Content: Sendable, Hashable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        /// Pairs in document order (merge keys already applied).
        case mapping([Pair])
    }

    /// The node's content.
    public var content: Content
    /// Where the node starts in its input.
    public var mark: YAMLMark

    /// Creates a node.
    public init(_ content: Content, mark: YAMLMark = .unknown) {
        self.content = content
        self.mark = mark
    }
}

extension YAMLNode {
    /// A string scalar node.
    public static func string(_ text: String) -> YAMLNode { YAMLNode(.scalar(.string(text))) }
    /// The null node.
    public static var null: YAMLNode { YAMLNode(.scalar(.null)) }
    /// A boolean node.
    public static func bool(_ value: Bool) -> YAMLNode {
        YAMLNode(.scalar(YAMLScalar(text: value ? "true" : "false", type: .bool)))
    }
    /// An integer node.
    public static func int<I: BinaryInteger>(_ value: I) -> YAMLNode {
        YAMLNode(.scalar(YAMLScalar(text: String(value), type: .int)))
    }
    /// A floating-point node, written so that YAML 1.1 and 1.2 readers both see a float.
    public static func float(_ value: Double) -> YAMLNode {
        YAMLNode(.scalar(YAMLScalar(text: ScalarResolver.canonicalText(of: value), type: .float)))
    }
    /// A sequence node.
    public static func sequence(_ items: [YAMLNode]) -> YAMLNode { YAMLNode(.sequence(items)) }
    /// A mapping node with string keys, in the given order.
    public static func mapping(_ pairs: [(String, YAMLNode)]) -> YAMLNode {
        YAMLNode(.mapping(pairs.map { Pair(key: .string($0.0), value: $0.1) }))
    }

    /// The scalar, if this node is one.
    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    /// The items, if this node is a sequence.
    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The pairs, if this node is a mapping.
    public var mapping: [Pair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// Whether this node is a null scalar.
    public var isNull: Bool { scalar?.type == .null }

    /// The text of a string scalar, otherwise nil.
    public var string: String? {
        guard let scalar, scalar.type == .string else { return nil }
        return scalar.text
    }

    /// The value of a boolean scalar, otherwise nil.
    public var bool: Bool? {
        guard let scalar, scalar.type == .bool else { return nil }
        return ScalarResolver.boolValue(scalar.text)
    }

    /// The value of an integer scalar that fits `Int`, otherwise nil.
    public var int: Int? {
        guard let scalar, scalar.type == .int else { return nil }
        return ScalarResolver.integerValue(scalar.text).flatMap { Int(exactly: $0) }
    }

    /// The value of a float or integer scalar, otherwise nil.
    public var double: Double? {
        guard let scalar else { return nil }
        switch scalar.type {
        case .float: return ScalarResolver.floatValue(scalar.text)
        case .int: return ScalarResolver.integerValue(scalar.text).map(Double.init)
        default: return nil
        }
    }

    /// The value for a scalar key whose text equals `key`, if this node is a mapping.
    public subscript(key: String) -> YAMLNode? {
        mapping?.first { $0.key.scalar?.text == key }?.value
    }

    /// The item at `index`, if this node is a sequence and the index is in range.
    public subscript(index: Int) -> YAMLNode? {
        guard let items = sequence, items.indices.contains(index) else { return nil }
        return items[index]
    }

    /// A short phrase naming the node's kind, for error messages.
    public var kindDescription: String {
        switch content {
        case .scalar(let scalar): scalar.type.description
        case .sequence: "a sequence"
        case .mapping: "a mapping"
        }
    }
}
