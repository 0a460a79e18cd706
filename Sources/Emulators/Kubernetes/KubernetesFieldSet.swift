import JSON

/// A set of field paths in the `FieldsV1` vocabulary (`f:spec`, `k:{"name":"app"}`, `v:"x"`),
/// as recorded in `metadata.managedFields`.
struct KubernetesFieldSet: Sendable, Hashable {
    var paths: Set<[String]>

    init(paths: Set<[String]> = []) { self.paths = paths }

    /// Groups of the built-in kinds, whose Go types decide where a `.` (the field itself) is recorded.
    static let builtinGroups: Set<String> = [
        "", "apps", "rbac.authorization.k8s.io", "policy", "coordination.k8s.io", "events.k8s.io", "apiextensions.k8s.io",
        "authentication.k8s.io", "authorization.k8s.io", "autoscaling", "batch", "networking.k8s.io",
    ]
    /// Non-pointer structs of the built-in kinds: always present, so no `.` of their own.
    static let valueStructs: Set<String> = ["spec", "strategy", "template", "metadata", "status", "updateStrategy", "source", "deprecatedSource", "resources"]
    /// Atomic structs of the built-in kinds: owned as one leaf.
    static let atomicStructs: Set<String> = ["selector", "involvedObject", "regarding", "related", "roleRef"]

    /// The fields set in `object` (identity metadata excluded): leaves, plus `.` for maps, optional structs and
    /// lists that the object sets (every object member of a custom resource, as its schema is not typed in Go).
    init(of object: JSONValue) {
        let group = object["apiVersion"]?.stringValue.map { $0.contains("/") ? String($0.split(separator: "/")[0]) : "" } ?? ""
        let custom = !Self.builtinGroups.contains(group)
        let kind = object["kind"]?.stringValue ?? ""
        var paths: Set<[String]> = []
        for (name, value) in object.objectValue ?? [:] {
            // Fields the server sets itself, owned by no manager: a Namespace's spec.finalizers, an Event's empty
            // reporting fields.
            if kind == "Namespace", name == "spec" { continue }
            if kind == "Event", value.stringValue == "" { continue }
            switch name {
            case "apiVersion", "kind", "status": continue
            case "metadata":
                for (metadataName, metadataValue) in value.objectValue ?? [:]
                where ["generateName", "labels", "annotations", "finalizers", "ownerReferences"].contains(metadataName) {
                    Self.collect(metadataValue, name: metadataName, prefix: ["f:metadata", "f:\(metadataName)"], custom: custom, into: &paths)
                }
            default:
                Self.collect(value, name: name, prefix: ["f:\(name)"], custom: custom, into: &paths)
            }
        }
        self.paths = paths
    }

    private static func collect(_ value: JSONValue, name: String, prefix: [String], custom: Bool, into paths: inout Set<[String]>) {
        switch value {
        case .object(let members) where !members.isEmpty:
            if !custom, atomicStructs.contains(name) {
                paths.insert(prefix)
                return
            }
            if custom || !valueStructs.contains(name) { paths.insert(prefix + ["."]) }
            for (key, member) in members { collect(member, name: key, prefix: prefix + ["f:\(key)"], custom: custom, into: &paths) }
        case .array(let elements) where !elements.isEmpty:
            if KubernetesStrategicMergePatch.setLists.contains(name) {
                paths.insert(prefix + ["."])
                for element in elements { paths.insert(prefix + ["v:\(element.jsonString)"]) }
            } else if let key = KubernetesStrategicMergePatch.mergeKey(forList: name, elements: elements),
                elements.allSatisfy({ $0[key] != nil })
            {
                if custom || name != "containers" { paths.insert(prefix + ["."]) }
                for element in elements {
                    let elementPath = prefix + [elementToken(key: key, element: element)]
                    paths.insert(elementPath + ["."])
                    for (member, memberValue) in element.objectValue ?? [:] {
                        collect(memberValue, name: member, prefix: elementPath + ["f:\(member)"], custom: custom, into: &paths)
                    }
                }
            } else {
                paths.insert(prefix)
            }
        case .null:
            return
        default:
            paths.insert(prefix)
        }
    }

    /// The set without the `.` of maps, structs and lists (an Apply owns what it names, not the containers;
    /// list elements keep theirs).
    var withoutMemberMarkers: KubernetesFieldSet {
        KubernetesFieldSet(paths: paths.filter { path in !(path.last == "." && path.dropLast().last?.hasPrefix("f:") == true) })
    }

    static func elementToken(key: String, element: JSONValue) -> String {
        // Container ports are keyed by port and protocol together.
        if key == "containerPort" {
            return "k:" + JSONValue.object([key: element[key] ?? .null, "protocol": element["protocol"] ?? "TCP"]).jsonString
        }
        return "k:" + JSONValue.object([key: element[key] ?? .null]).jsonString
    }

    /// Reads a `fieldsV1` tree.
    init(fieldsV1 tree: JSONValue) {
        var paths: Set<[String]> = []
        Self.read(tree, prefix: [], into: &paths)
        self.paths = paths
    }

    private static func read(_ tree: JSONValue, prefix: [String], into paths: inout Set<[String]>) {
        let members = tree.objectValue ?? [:]
        if members.isEmpty {
            if !prefix.isEmpty { paths.insert(prefix) }
            return
        }
        for (key, child) in members {
            if key == "." {
                paths.insert(prefix + ["."])
            } else {
                read(child, prefix: prefix + [key], into: &paths)
            }
        }
    }

    /// The `fieldsV1` tree of this set.
    var fieldsV1: JSONValue {
        var tree = JSONValue.emptyObject
        for path in paths { tree[path: path] = tree[path: path] ?? .emptyObject }
        return tree
    }

    /// The value at `path` in `object`, or nil (for `.` markers: the list element itself).
    static func value(at path: [String], in object: JSONValue) -> JSONValue? {
        var current: JSONValue? = object
        for token in path {
            guard let value = current else { return nil }
            if token == "." { return value }
            current = step(token, value)
        }
        return current
    }

    private static func step(_ token: String, _ value: JSONValue) -> JSONValue? {
        if token.hasPrefix("f:") { return value[String(token.dropFirst(2))] }
        if token.hasPrefix("k:"), let key = try? JSONValue(parsing: String(token.dropFirst(2))), let keyMembers = key.objectValue {
            // A port's protocol defaults to TCP, as in its key (``elementToken(key:element:)``).
            return value.arrayValue?.first { element in
                keyMembers.allSatisfy { (element[$0.key] ?? ($0.key == "protocol" ? "TCP" : nil)) == $0.value }
            }
        }
        if token.hasPrefix("v:"), let item = try? JSONValue(parsing: String(token.dropFirst(2))) {
            return value.arrayValue?.contains(item) == true ? item : nil
        }
        return nil
    }

    /// `object` without the field at `path` (a list element for `k:`/`v:`, a member for `f:`).
    static func removing(_ path: [String], from object: JSONValue) -> JSONValue {
        var trimmed = path
        if trimmed.last == "." {
            trimmed.removeLast()
            // The marker of a map, struct or list: its members are removed one by one, as their own paths.
            if trimmed.last?.hasPrefix("f:") == true { return object }
        }
        guard let token = trimmed.first else { return object }
        let rest = Array(trimmed.dropFirst())
        if token.hasPrefix("f:") {
            let name = String(token.dropFirst(2))
            guard var members = object.objectValue, let child = members[name] else { return object }
            if rest.isEmpty { members.removeValue(forKey: name) } else { members[name] = removing(rest, from: child) }
            return .object(members)
        }
        guard var elements = object.arrayValue else { return object }
        if token.hasPrefix("v:"), let item = try? JSONValue(parsing: String(token.dropFirst(2))) {
            elements.removeAll { $0 == item }
            return .array(elements)
        }
        if token.hasPrefix("k:"), let key = try? JSONValue(parsing: String(token.dropFirst(2))), let keyMembers = key.objectValue,
            let position = elements.firstIndex(where: { element in keyMembers.allSatisfy { element[$0.key] == $0.value } })
        {
            if rest.isEmpty { elements.remove(at: position) } else { elements[position] = removing(rest, from: elements[position]) }
        }
        return .array(elements)
    }
}
