/// One document of a YAML stream.
public struct YAMLDocument: Sendable, Hashable {
    /// The document's root node; an empty document has a null root.
    public var root: YAMLNode
    /// Where the document starts (its `---` marker, or its first token).
    public var mark: YAMLMark

    /// Creates a document.
    public init(root: YAMLNode, mark: YAMLMark) {
        self.root = root
        self.mark = mark
    }

    /// Whether the document holds nothing (only comments, or a bare `---`).
    public var isEmpty: Bool { root.isNull && root.scalar?.text.isEmpty == true }
}
