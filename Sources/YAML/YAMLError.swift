/// Everything that can go wrong reading, decoding, encoding or converting YAML.
///
/// `description` reads `FILE:LINE:COLUMN: message (at path.to.field)`; the file, position
/// and path parts are left out when unknown.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of a failure, for callers that react differently to each.
    public enum Kind: Sendable, Hashable {
        /// The input exceeds ``YAMLLimits/maxInputBytes``.
        case inputTooLarge
        /// libyaml rejected the text (syntax error, bad indentation, invalid UTF-8, …).
        case syntax
        /// A tag other than the core schema's `!!str !!int !!bool !!float !!null !!map !!seq`.
        case unknownTag
        /// A tagged scalar whose text does not fit its tag (`!!int abc`).
        case invalidTaggedValue
        /// An alias (`*name`) without an earlier anchor (`&name`).
        case undefinedAlias
        /// Aliases expand to more nodes than ``YAMLLimits/maxAliasExpansion``.
        case aliasLimitExceeded
        /// Collections nest deeper than ``YAMLLimits/maxDepth``.
        case depthLimitExceeded
        /// A mapping has the same key twice.
        case duplicateKey
        /// A `<<` merge key whose value is not a mapping or a sequence of mappings.
        case invalidMergeKey
        /// A single document was expected but the stream holds several.
        case multipleDocuments
        /// A value has the wrong type for what is being decoded.
        case typeMismatch
        /// A required key is absent.
        case missingKey
        /// A key the target type does not know, with unknown keys rejected.
        case unknownKey
        /// A value of the right type that the target rejects (bad enum case, out of range, …).
        case invalidValue
        /// A value that the output format cannot represent (NaN in JSON, a non-scalar JSON key, …).
        case unrepresentable
        /// libyaml's emitter failed.
        case emitter
    }

    /// The category of the failure.
    public var kind: Kind
    /// What went wrong and, where it helps, what to do.
    public var message: String
    /// The input's file name, when the caller gave one.
    public var file: String?
    /// Where in the input the offending node starts.
    public var mark: YAMLMark?
    /// The coding path to the offending value (`spec.containers[0].image`), empty when unknown.
    public var path: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, file: String? = nil, mark: YAMLMark? = nil, path: String = "") {
        self.kind = kind
        self.message = message
        self.file = file
        self.mark = mark
        self.path = path
    }

    public var description: String {
        var location: [String] = []
        if let file { location.append(file) }
        if let mark, mark.isKnown { location.append(mark.description) }
        var text = location.isEmpty ? message : location.joined(separator: ":") + ": " + message
        if !path.isEmpty { text += " (at \(path))" }
        return text
    }

    /// This error with `file` set, unless one is already set.
    func inFile(_ name: String?) -> YAMLError {
        var copy = self
        if copy.file == nil { copy.file = name }
        return copy
    }
}
