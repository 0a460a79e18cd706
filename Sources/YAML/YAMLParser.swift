import FoundationEssentials

/// Parses YAML text into ``YAMLDocument``s of ``YAMLNode``s with positions.
///
/// ```swift
/// let documents = try YAMLParser().documents(from: data, fileName: "gateways.yaml")
/// ```
public struct YAMLParser: Sendable {
    /// The bounds applied to every input.
    public var limits: YAMLLimits
    /// How plain scalars resolve: ``YAMLSchema/core`` (YAML 1.2) for the operator's own files,
    /// ``YAMLSchema/yaml11`` for anything kubectl or client-go also reads.
    public var schema: YAMLSchema

    /// Creates a parser with the given limits and schema.
    public init(limits: YAMLLimits = .default, schema: YAMLSchema = .core) {
        self.limits = limits
        self.schema = schema
    }

    /// Every document of a stream, in order; an empty stream has none.
    /// Errors carry `fileName` and the position of the offending text.
    public func documents(from data: Data, fileName: String? = nil) throws(YAMLError) -> [YAMLDocument] {
        let result = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            Result { () throws(YAMLError) in try documents(in: raw.bindMemory(to: UInt8.self)) }
        }
        do {
            return try result.get()
        } catch {
            throw error.inFile(fileName)
        }
    }

    /// Every document of a stream, in order; an empty stream has none.
    public func documents(from text: String, fileName: String? = nil) throws(YAMLError) -> [YAMLDocument] {
        try documents(from: Data(text.utf8), fileName: fileName)
    }

    /// The root node of a single-document stream; an empty stream gives a null node.
    /// A stream of several documents is a `.multipleDocuments` error.
    public func node(from data: Data, fileName: String? = nil) throws(YAMLError) -> YAMLNode {
        let all = try documents(from: data, fileName: fileName)
        guard all.count <= 1 else {
            throw YAMLError(
                .multipleDocuments,
                "expected one YAML document but found \(all.count); remove the extra '---' documents",
                file: fileName, mark: all[1].mark)
        }
        return all.first?.root ?? YAMLNode(.scalar(YAMLScalar(text: "", type: .null)), mark: YAMLMark(line: 1, column: 1))
    }

    /// The root node of a single-document stream; an empty stream gives a null node.
    public func node(from text: String, fileName: String? = nil) throws(YAMLError) -> YAMLNode {
        try node(from: Data(text.utf8), fileName: fileName)
    }

    private func documents(in bytes: UnsafeBufferPointer<UInt8>) throws(YAMLError) -> [YAMLDocument] {
        guard bytes.count <= limits.maxInputBytes else {
            throw YAMLError(
                .inputTooLarge,
                "the input is \(bytes.count) bytes, more than the limit of \(limits.maxInputBytes) bytes (maxInputBytes)")
        }
        return try LibYAMLEventReader.withReader(over: bytes) { (reader: inout LibYAMLEventReader) throws(YAMLError) in
            var composer = Composer(reader: reader, limits: limits, schema: schema)
            return try composer.documents()
        }
    }
}
