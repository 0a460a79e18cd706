/// The explicit tags the parser honours: the YAML 1.2 core schema's, and the non-specific `!`.
enum CoreTag: Equatable {
    case nonSpecific, str, int, bool, float, null, map, seq

    private static let prefix = "tag:yaml.org,2002:"

    /// The tag for libyaml's resolved tag text, or an `.unknownTag` error.
    init(_ tag: String, mark: YAMLMark) throws(YAMLError) {
        if tag == "!" {
            self = .nonSpecific
            return
        }
        switch tag.hasPrefix(Self.prefix) ? String(tag.dropFirst(Self.prefix.count)) : "" {
        case "str": self = .str
        case "int": self = .int
        case "bool": self = .bool
        case "float": self = .float
        case "null": self = .null
        case "map": self = .map
        case "seq": self = .seq
        default:
            throw YAMLError(
                .unknownTag,
                "unknown tag \(Self.display(tag)); only !!str, !!int, !!bool, !!float, !!null, !!map and !!seq are supported",
                mark: mark)
        }
    }

    /// The scalar type this tag forces, or nil for collection tags.
    var scalarType: YAMLScalarType? {
        switch self {
        case .nonSpecific, .str: .string
        case .int: .int
        case .bool: .bool
        case .float: .float
        case .null: .null
        case .map, .seq: nil
        }
    }

    /// `!!name` for core-schema tags, the tag itself otherwise.
    static func display(_ tag: String) -> String {
        tag.hasPrefix(prefix) ? "!!" + tag.dropFirst(prefix.count) : tag
    }
}
