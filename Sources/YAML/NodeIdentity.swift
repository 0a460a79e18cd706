/// The value identity of a node, ignoring positions and presentation: `1`, `0x1` and `!!int "1"`
/// are the same key; `"1"` is a different one. Used to find duplicate and merged mapping keys.
indirect enum NodeIdentity: Hashable {
    case scalar(YAMLScalarType, String)
    case sequence([NodeIdentity])
    case mapping([NodeIdentity])

    init(_ node: YAMLNode) {
        switch node.content {
        case .scalar(let scalar):
            switch scalar.type {
            case .null: self = .scalar(.null, "")
            case .bool: self = .scalar(.bool, ScalarResolver.boolValue(scalar.text).map { "\($0)" } ?? scalar.text)
            case .int: self = .scalar(.int, ScalarResolver.integerValue(scalar.text).map { "\($0)" } ?? scalar.text)
            case .float: self = .scalar(.float, ScalarResolver.floatValue(scalar.text).map { "\($0)" } ?? scalar.text)
            case .string: self = .scalar(.string, scalar.text)
            }
        case .sequence(let items):
            self = .sequence(items.map(NodeIdentity.init))
        case .mapping(let pairs):
            self = .mapping(pairs.flatMap { [NodeIdentity($0.key), NodeIdentity($0.value)] })
        }
    }
}
