extension YAMLDecoder {
    /// Decodes `node`, or fails with every problem in it rather than the first: after each error
    /// the offending entry (named by the error's path) is set aside and decoding repeats, so a
    /// file's problems are all reported in one run. Stops at `limit` problems, or at an error
    /// whose path names no removable entry (the root itself).
    public func decodeReportingEveryProblem<T: Decodable>(
        _ type: T.Type = T.self, from node: YAMLNode, fileName: String? = nil, limit: Int = 50
    ) throws(YAMLProblems) -> T {
        var remaining = node
        var problems: [YAMLError] = []
        while true {
            switch Result(catching: { () throws(YAMLError) in try decode(type, from: remaining, fileName: fileName) }) {
            case .success(let value):
                if problems.isEmpty { return value }
                throw YAMLProblems(errors: problems)
            case .failure(let error):
                if !problems.contains(error) { problems.append(error) }
                guard problems.count < limit, let pruned = Self.removing(path: error.path, from: remaining) else {
                    throw YAMLProblems(errors: problems)
                }
                remaining = pruned
            }
        }
    }

    /// `node` without the mapping entry or sequence item at `path` (`a.b[2].c`), or nil.
    static func removing(path: String, from node: YAMLNode) -> YAMLNode? {
        var components: [String] = []
        var current = ""
        for character in path {
            switch character {
            case ".", "[":
                if !current.isEmpty { components.append(current) }
                current = character == "[" ? "[" : ""
            case "]":
                components.append(current + "]")
                current = ""
            default:
                current.append(character)
            }
        }
        if !current.isEmpty { components.append(current) }
        guard !components.isEmpty else { return nil }
        return removing(components[...], from: node)
    }

    private static func removing(_ components: ArraySlice<String>, from node: YAMLNode) -> YAMLNode? {
        guard let first = components.first else { return nil }
        var copy = node
        if first.hasPrefix("["), let index = Int(first.dropFirst().dropLast()), var items = node.sequence, items.indices.contains(index) {
            if components.count == 1 {
                items.remove(at: index)
            } else {
                guard let child = removing(components.dropFirst(), from: items[index]) else { return nil }
                items[index] = child
            }
            copy.content = .sequence(items)
            return copy
        }
        guard var pairs = node.mapping, let index = pairs.firstIndex(where: { $0.key.scalar?.text == first }) else { return nil }
        if components.count == 1 {
            pairs.remove(at: index)
        } else {
            guard let child = removing(components.dropFirst(), from: pairs[index].value) else { return nil }
            pairs[index].value = child
        }
        copy.content = .mapping(pairs)
        return copy
    }
}
