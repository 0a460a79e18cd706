import FoundationEssentials

/// What every decoder of one `decode` call shares: options, the root (to locate nodes named by
/// foreign `DecodingError`s) and the file name for messages.
final class DecodingContext {
    let unknownKeys: YAMLDecoder.UnknownKeys
    let userInfo: [CodingUserInfoKey: Any]
    let root: YAMLNode
    let file: String?

    init(unknownKeys: YAMLDecoder.UnknownKeys, userInfo: [CodingUserInfoKey: Any], root: YAMLNode, file: String?) {
        self.unknownKeys = unknownKeys
        self.userInfo = userInfo
        self.root = root
        self.file = file
    }

    /// An error about `node` at `path`.
    func error(_ kind: YAMLError.Kind, _ message: String, at node: YAMLNode, path: [any CodingKey]) -> YAMLError {
        YAMLError(kind, message, file: file, mark: node.mark, path: CodingPath.format(path))
    }

    /// A type-mismatch error: "expected a string, found an integer".
    func mismatch(expected: String, at node: YAMLNode, path: [any CodingKey]) -> YAMLError {
        var message = "expected \(expected), found \(node.kindDescription)"
        if expected == "a string", let scalar = node.scalar, scalar.type != .string {
            message += " (quote it to make it a string: \"\(scalar.text)\")"
        }
        return error(.typeMismatch, message, at: node, path: path)
    }

    /// Converts an error thrown by a `Decodable` initializer into a positioned ``YAMLError``.
    func wrap(_ error: any Error, decoding node: YAMLNode, path: [any CodingKey]) -> YAMLError {
        switch error {
        case let error as YAMLError:
            return error
        case DecodingError.keyNotFound(let key, let context):
            return self.error(
                .missingKey, "missing required key \"\(key.stringValue)\"",
                at: locate(context.codingPath) ?? node, path: context.codingPath)
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return self.error(.typeMismatch, context.debugDescription, at: locate(context.codingPath) ?? node, path: context.codingPath)
        case DecodingError.dataCorrupted(let context):
            return self.error(.invalidValue, context.debugDescription, at: locate(context.codingPath) ?? node, path: context.codingPath)
        default:
            return self.error(.invalidValue, "\(error)", at: node, path: path)
        }
    }

    /// The node at an absolute coding path, or nil if the path leaves the tree.
    private func locate(_ path: [any CodingKey]) -> YAMLNode? {
        var node = root
        for key in path {
            if key is IndexKey, let index = key.intValue, let item = node[index] {
                node = item
            } else if let value = node[key.stringValue] {
                node = value
            } else {
                return nil
            }
        }
        return node
    }
}
