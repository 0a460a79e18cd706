import JSON
import YAML

/// Renders Kubernetes objects as YAML in the conventional key order: `apiVersion`, `kind`, `metadata`, `name`,
/// `namespace` first, every other key sorted, so output is stable and reads like hand-written manifests.
public enum ManifestYAML {
    private static let leadingKeys = ["apiVersion", "kind", "metadata", "name", "namespace"]

    /// One object as a node.
    public static func node(_ value: JSONValue) -> YAMLNode {
        switch value {
        case .null: return .null
        case .bool(let bool): return .bool(bool)
        case .int(let int): return .int(int)
        case .double(let double): return .float(double)
        case .string(let string): return .string(string)
        case .array(let items): return .sequence(items.map(node))
        case .object(let members):
            let leading = leadingKeys.filter { members[$0] != nil }
            let rest = members.keys.filter { !leadingKeys.contains($0) }.sorted()
            return .mapping((leading + rest).compactMap { key in members[key].map { (key, node($0)) } })
        }
    }

    /// A multi-document YAML stream of `objects`, in order.
    public static func stream(_ objects: [JSONValue]) throws(YAMLError) -> String {
        try YAMLEncoder().encode(documents: objects.map(node))
    }
}
