import YAML

/// The Kubernetes objects of a manifest stream as kubectl's builder sees them: every non-empty
/// document, with a list (any document with `items`, e.g. `kind: List`) replaced by its items.
/// Items with neither `kind` nor `apiVersion` take the list's, `Kind` from `KindList`, as kubectl does.
enum ManifestObjects {
    /// One object, or a problem that keeps a document from being one.
    enum Entry {
        case object(YAMLNode)
        case problem(YAMLNode, String)
    }

    static func entries(of root: YAMLNode, path: String = "") -> [Entry] {
        guard let items = root["items"], !items.isNull else { return [.object(root)] }
        guard let sequence = items.sequence else {
            return [.problem(items, "\(path)items: must be a list of objects, not \(items.kindDescription)")]
        }
        let listKind = root["kind"]?.string ?? ""
        let itemKind = listKind.hasSuffix("List") ? String(listKind.dropLast(4)) : listKind
        let listAPIVersion = root["apiVersion"]?.string
        var entries: [Entry] = []
        for (index, item) in sequence.enumerated() {
            guard var pairs = item.mapping else {
                entries.append(.problem(item, "\(path)items[\(index)]: must be an object, not \(item.kindDescription)"))
                continue
            }
            var object = item
            if item["kind"] == nil, item["apiVersion"] == nil {
                if let listAPIVersion { pairs.insert(YAMLNode.Pair(key: .string("apiVersion"), value: located(.string(listAPIVersion), at: item)), at: 0) }
                if !itemKind.isEmpty { pairs.insert(YAMLNode.Pair(key: .string("kind"), value: located(.string(itemKind), at: item)), at: 0) }
                object.content = .mapping(pairs)
            }
            entries += Self.entries(of: object, path: "\(path)items[\(index)].")
        }
        return entries
    }

    private static func located(_ node: YAMLNode, at other: YAMLNode) -> YAMLNode {
        var copy = node
        copy.mark = other.mark
        return copy
    }
}
