import FoundationEssentials

/// Encodes `Encodable` values (or nodes) as block-style YAML through libyaml's emitter.
///
/// Keys keep the order the value encoded them in (`CodingKeys` declaration order); strings
/// that would read back as another type — also under YAML 1.1 (`"yes"`, `"on"`, `"0644"`) —
/// are double-quoted; multi-line strings use literal style (`|`). `Data` is written as
/// base64, `Date` as RFC 3339, `URL` as its string; nil optionals are left out.
public struct YAMLEncoder: Sendable {
    /// Whether the first document also starts with `---`.
    public var explicitDocumentStart: Bool
    /// Values handed to `Encodable` implementations as `encoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable]

    /// Creates an encoder.
    public init(explicitDocumentStart: Bool = false, userInfo: [CodingUserInfoKey: any Sendable] = [:]) {
        self.explicitDocumentStart = explicitDocumentStart
        self.userInfo = userInfo
    }

    /// The YAML text of `value`.
    public func encode(_ value: some Encodable) throws(YAMLError) -> String {
        try encode(node: try node(for: value))
    }

    /// `value` as a node tree (without positions).
    public func node(for value: some Encodable) throws(YAMLError) -> YAMLNode {
        do {
            return try NodeEncoder.node(for: value, path: [], userInfo: userInfo)
        } catch let error as YAMLError {
            throw error
        } catch EncodingError.invalidValue(_, let context) {
            throw YAMLError(.unrepresentable, context.debugDescription, path: CodingPath.format(context.codingPath))
        } catch {
            throw YAMLError(.unrepresentable, "\(error)")
        }
    }

    /// The YAML text of a node.
    public func encode(node: YAMLNode) throws(YAMLError) -> String {
        try encode(documents: [node])
    }

    /// A multi-document stream: the nodes in order, separated by `---`.
    public func encode(documents: [YAMLNode]) throws(YAMLError) -> String {
        try LibYAMLEmitter(explicitDocumentStart: explicitDocumentStart).emit(documents)
    }
}
