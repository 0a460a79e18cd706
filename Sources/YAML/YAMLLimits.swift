/// Bounds that turn hostile or runaway input into a clear ``YAMLError`` instead of a hang
/// or an out-of-memory.
public struct YAMLLimits: Sendable, Hashable {
    /// The largest input accepted, in bytes. Default: 16 MiB, far above any configuration file,
    /// kubeconfig or manifest, and low enough that a runaway file is refused before parsing.
    public var maxInputBytes: Int
    /// The deepest nesting of sequences and mappings in one document, counting aliased content
    /// where it is used. Default: 256.
    public var maxDepth: Int
    /// The most nodes that aliases of one document may expand to in total (each `*ref`
    /// counts every node of its anchored subtree). Stops "billion laughs" input. Default: 100,000.
    public var maxAliasExpansion: Int

    /// Creates limits; every argument has a default suited to configuration and manifests.
    public init(maxInputBytes: Int = 16 << 20, maxDepth: Int = 256, maxAliasExpansion: Int = 100_000) {
        self.maxInputBytes = maxInputBytes
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
    }

    /// The default limits.
    public static let `default` = YAMLLimits()
}
