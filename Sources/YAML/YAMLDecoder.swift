import FoundationEssentials

/// Decodes `Decodable` values from YAML, with errors that say where:
/// `FILE:LINE:COLUMN: message (at path.to.field)`.
///
/// ```swift
/// var decoder = YAMLDecoder(unknownKeys: .reject)
/// let config = try decoder.decode(OperatorConfig.self, from: data, fileName: "config.yaml")
/// ```
///
/// Scalars decode strictly by their YAML 1.2 type (`"3"` is not an `Int`, `3` is not a
/// `String`); a null decodes as an empty mapping or sequence; `Data` is read from base64,
/// `Date` from RFC 3339, `URL` from its string.
public struct YAMLDecoder: Sendable {
    /// What to do with mapping keys the target type does not read.
    public enum UnknownKeys: Sendable, Hashable {
        /// Skip them (Kubernetes objects: newer servers add fields).
        case ignore
        /// Fail with `.unknownKey` at the key (configuration files: catch typos).
        case reject
    }

    /// What to do with unknown keys. Checked for types decoded through keyed containers
    /// (every synthesized `Decodable`); a type that reads `allKeys` uses every key.
    public var unknownKeys: UnknownKeys
    /// The parsing limits.
    public var limits: YAMLLimits
    /// How plain scalars resolve when decoding from text.
    public var schema: YAMLSchema
    /// Values handed to `Decodable` initializers as `decoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable]

    /// Creates a decoder.
    public init(
        unknownKeys: UnknownKeys = .ignore, limits: YAMLLimits = .default, schema: YAMLSchema = .core,
        userInfo: [CodingUserInfoKey: any Sendable] = [:]
    ) {
        self.unknownKeys = unknownKeys
        self.limits = limits
        self.schema = schema
        self.userInfo = userInfo
    }

    /// Decodes a single-document stream.
    public func decode<T: Decodable>(_ type: T.Type = T.self, from data: Data, fileName: String? = nil) throws(YAMLError) -> T {
        let node = try YAMLParser(limits: limits, schema: schema).node(from: data, fileName: fileName)
        return try decode(type, from: node, fileName: fileName)
    }

    /// Decodes a single-document stream.
    public func decode<T: Decodable>(_ type: T.Type = T.self, from text: String, fileName: String? = nil) throws(YAMLError) -> T {
        try decode(type, from: Data(text.utf8), fileName: fileName)
    }

    /// Decodes every non-empty document of a stream.
    public func decodeAll<T: Decodable>(_ type: T.Type = T.self, from data: Data, fileName: String? = nil) throws(YAMLError) -> [T] {
        var values: [T] = []
        for document in try YAMLParser(limits: limits, schema: schema).documents(from: data, fileName: fileName) where !document.isEmpty {
            values.append(try decode(type, from: document.root, fileName: fileName))
        }
        return values
    }

    /// Decodes a node; `fileName` only labels error messages.
    public func decode<T: Decodable>(_ type: T.Type = T.self, from node: YAMLNode, fileName: String? = nil) throws(YAMLError) -> T {
        let context = DecodingContext(unknownKeys: unknownKeys, userInfo: userInfo, root: node, file: fileName)
        return try NodeDecoder.decode(type, from: node, path: [], context: context)
    }
}
