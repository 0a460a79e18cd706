/// Collects a mapping's pairs in document order, rejecting duplicate keys and applying
/// merge keys (`<<`): explicit keys win over merged ones, earlier merged mappings over later.
struct MappingBuilder {
    /// Pairs given explicitly, in order.
    private var explicitPairs: [YAMLNode.Pair] = []
    /// Merged pairs, each with the number of explicit pairs that preceded its `<<`.
    private var merges: [(position: Int, pairs: [YAMLNode.Pair])] = []
    /// The identities of `explicitPairs`' keys, in the same order.
    private var explicitKeys: [NodeIdentity] = []
    /// An index of `explicitKeys`, built once a mapping is large enough for hashing to beat a scan.
    private var keyIndex: [NodeIdentity: Int]?

    /// Whether `key` is the merge key: an untagged plain `<<`.
    static func isMergeKey(_ key: YAMLNode) -> Bool {
        guard let scalar = key.scalar else { return false }
        return scalar.style == .plain && scalar.type == .string && scalar.text == "<<"
    }

    mutating func add(_ pair: YAMLNode.Pair) throws(YAMLError) {
        let identity = NodeIdentity(pair.key)
        if let first = keyIndex.map({ $0[identity] }) ?? explicitKeys.firstIndex(of: identity) {
            throw YAMLError(
                .duplicateKey,
                "duplicate key \(Self.describe(pair.key)); it was first given at \(explicitPairs[first].key.mark)",
                mark: pair.key.mark)
        }
        keyIndex?[identity] = explicitKeys.count
        explicitKeys.append(identity)
        explicitPairs.append(pair)
        if keyIndex == nil, explicitKeys.count > 16 {
            keyIndex = Dictionary(uniqueKeysWithValues: zip(explicitKeys, explicitKeys.indices))
        }
    }

    /// Merges a mapping, or a sequence of mappings, given as the value of `<<`.
    mutating func merge(_ value: YAMLNode) throws(YAMLError) {
        switch value.content {
        case .mapping(let pairs):
            merges.append((explicitPairs.count, pairs))
        case .sequence(let items):
            var pairs: [YAMLNode.Pair] = []
            for item in items {
                guard let itemPairs = item.mapping else {
                    throw Self.invalidMerge(item)
                }
                pairs += itemPairs
            }
            merges.append((explicitPairs.count, pairs))
        case .scalar:
            throw Self.invalidMerge(value)
        }
    }

    /// The resulting pairs.
    func pairs() -> [YAMLNode.Pair] {
        guard !merges.isEmpty else { return explicitPairs }
        var result: [YAMLNode.Pair] = []
        var seen = Set(explicitKeys)
        var next = 0
        for merge in merges {
            result += explicitPairs[next..<merge.position]
            next = merge.position
            for pair in merge.pairs where seen.insert(NodeIdentity(pair.key)).inserted {
                result.append(pair)
            }
        }
        result += explicitPairs[next...]
        return result
    }

    private static func invalidMerge(_ node: YAMLNode) -> YAMLError {
        YAMLError(
            .invalidMergeKey,
            "the merge key << needs a mapping or a sequence of mappings, found \(node.kindDescription)",
            mark: node.mark)
    }

    private static func describe(_ key: YAMLNode) -> String {
        if let scalar = key.scalar { return "\"\(scalar.text)\"" }
        return key.kindDescription
    }
}
