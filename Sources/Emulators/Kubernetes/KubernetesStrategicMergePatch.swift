import JSON

/// Strategic merge patches for built-in kinds: a merge patch in which lists of named things
/// (containers, env, volumes, ports, …) merge by their key instead of being replaced, with the
/// `$patch`, `$retainKeys` and `$deleteFromPrimitiveList` directives.
enum KubernetesStrategicMergePatch {
    /// The merge key of the list under field `name`, as declared by the built-in Go types.
    static func mergeKey(forList name: String, elements: [JSONValue]) -> String? {
        switch name {
        case "containers", "initContainers", "ephemeralContainers", "env", "volumes", "imagePullSecrets": return "name"
        case "volumeMounts": return "mountPath"
        case "volumeDevices": return "devicePath"
        case "conditions": return "type"
        case "ownerReferences": return "uid"
        case "hostAliases": return "ip"
        case "topologySpreadConstraints": return "topologyKey"
        case "ports":
            return elements.contains { $0["containerPort"] != nil } ? "containerPort" : "port"
        default: return nil
        }
    }

    /// Lists of strings merged as sets.
    static let setLists: Set<String> = ["finalizers"]

    /// Applies `patch` to `original`.
    static func apply(_ patch: JSONValue, to original: JSONValue) throws(KubernetesStatusError) -> JSONValue {
        guard case .object(let patchMembers) = patch else { return patch }
        var result = original.objectValue ?? [:]
        if let directive = patchMembers["$patch"]?.stringValue {
            switch directive {
            case "replace":
                var replacement = patchMembers
                replacement.removeValue(forKey: "$patch")
                return .object(replacement.filter { !$0.key.hasPrefix("$") })
            case "delete":
                return .null
            default:
                throw .badRequest("unknown patch directive '\(directive)'")
            }
        }
        if let retain = patchMembers["$retainKeys"]?.arrayValue?.compactMap(\.stringValue) {
            result = result.filter { retain.contains($0.key) }
        }
        for (key, value) in patchMembers {
            if key.hasPrefix("$deleteFromPrimitiveList/") {
                let field = String(key.dropFirst("$deleteFromPrimitiveList/".count))
                let remove = Set(value.arrayValue ?? [])
                if let list = result[field]?.arrayValue { result[field] = .array(list.filter { !remove.contains($0) }) }
                continue
            }
            if key.hasPrefix("$") { continue }
            if value.isNull {
                result.removeValue(forKey: key)
                continue
            }
            switch (result[key], value) {
            case (.object, .object), (nil, .object):
                let merged = try apply(value, to: result[key] ?? .emptyObject)
                if merged.isNull { result.removeValue(forKey: key) } else { result[key] = merged }
            case (.array(let current), .array(let patchElements)):
                result[key] = try mergeList(name: key, current: current, patch: patchElements, order: patchMembers["$setElementOrder/\(key)"]?.arrayValue)
            case (nil, .array(let patchElements)):
                result[key] = try mergeList(name: key, current: [], patch: patchElements, order: patchMembers["$setElementOrder/\(key)"]?.arrayValue)
            default:
                result[key] = value
            }
        }
        return .object(result)
    }

    /// Merges a list by its merge key. The result is ordered as the real server orders it: by `$setElementOrder` when
    /// the patch gives one, else the patch's elements first (in patch order), then the others in their old order.
    private static func mergeList(name: String, current: [JSONValue], patch: [JSONValue], order: [JSONValue]?) throws(KubernetesStatusError) -> JSONValue {
        if patch.contains(where: { $0["$patch"]?.stringValue == "replace" }) {
            return .array(patch.filter { $0["$patch"] == nil })
        }
        if setLists.contains(name) {
            var merged = current
            for element in patch where !merged.contains(element) { merged.append(element) }
            return .array(merged)
        }
        guard let key = mergeKey(forList: name, elements: current + patch) else {
            return .array(patch)
        }
        var merged = current
        for element in patch {
            guard let keyValue = element[key] else {
                throw .badRequest("map: \(element.jsonString) does not contain declared merge key: \(key)")
            }
            let position = merged.firstIndex { $0[key] == keyValue }
            if element["$patch"]?.stringValue == "delete" {
                if let position { merged.remove(at: position) }
                continue
            }
            if let position {
                merged[position] = try apply(element, to: merged[position])
            } else {
                merged.append(try apply(element, to: .emptyObject))
            }
        }
        let ordering = (order ?? patch).compactMap { $0[key] }
        func rank(_ element: JSONValue) -> Int { element[key].flatMap { ordering.firstIndex(of: $0) } ?? ordering.count }
        return .array(merged.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element))
    }
}
