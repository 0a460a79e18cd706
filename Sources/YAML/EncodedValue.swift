/// A value under construction by ``NodeEncoder``: containers stay mutable references until the
/// whole value is encoded, then ``node`` freezes the tree.
enum EncodedValue {
    case node(YAMLNode)
    case mapping(EncodedMapping)
    case sequence(EncodedSequence)
    case encoder(NodeEncoder)

    var node: YAMLNode {
        switch self {
        case .node(let node): node
        case .mapping(let mapping): YAMLNode(.mapping(mapping.entries.map { YAMLNode.Pair(key: .string($0.name), value: $0.value.node) }))
        case .sequence(let sequence): YAMLNode(.sequence(sequence.items.map(\.node)))
        case .encoder(let encoder): encoder.result
        }
    }
}

/// A mapping under construction; keys keep the order they were first encoded in.
final class EncodedMapping {
    private(set) var entries: [(name: String, value: EncodedValue)] = []
    private var positions: [String: Int] = [:]

    /// Sets the value of `name`; a key encoded twice keeps its first position and last value.
    func set(_ value: EncodedValue, for name: String) {
        if let position = positions[name] {
            entries[position].value = value
        } else {
            positions[name] = entries.count
            entries.append((name, value))
        }
    }
}

/// A sequence under construction.
final class EncodedSequence {
    var items: [EncodedValue] = []
}
