import Basics
import JSON
import FoundationEssentials

/// Field ownership (`metadata.managedFields`) and server-side apply.
enum KubernetesManagedFields {
    struct Entry: Sendable, Hashable {
        var manager: String
        var operation: String
        var subresource: String
        var apiVersion: String
        var time: String
        var fields: KubernetesFieldSet
    }

    static func entries(of object: JSONValue) -> [Entry] {
        (object[path: ["metadata", "managedFields"]]?.arrayValue ?? []).map { entry in
            Entry(
                manager: entry["manager"]?.stringValue ?? "",
                operation: entry["operation"]?.stringValue ?? "Update",
                subresource: entry["subresource"]?.stringValue ?? "",
                apiVersion: entry["apiVersion"]?.stringValue ?? "",
                time: entry["time"]?.stringValue ?? "",
                fields: KubernetesFieldSet(fieldsV1: entry["fieldsV1"] ?? .emptyObject)
            )
        }
    }

    static func write(_ entries: [Entry], to object: inout JSONValue) {
        // Ordered as the real server encodes them: Apply before Update, then older first (stable otherwise).
        let kept = entries.filter { !$0.fields.paths.isEmpty }.enumerated().sorted { a, b in
            (a.element.operation, a.element.time, a.offset) < (b.element.operation, b.element.time, b.offset)
        }.map(\.element)
        if kept.isEmpty {
            object[path: ["metadata", "managedFields"]] = nil
            return
        }
        object[path: ["metadata", "managedFields"]] = .array(kept.map { entry in
            var json: JSONValue = [
                "manager": .string(entry.manager), "operation": .string(entry.operation),
                "apiVersion": .string(entry.apiVersion), "time": .string(entry.time),
                "fieldsType": "FieldsV1", "fieldsV1": entry.fields.fieldsV1,
            ]
            if !entry.subresource.isEmpty { json["subresource"] = .string(entry.subresource) }
            return json
        })
    }

    /// Records that `manager` changed the fields that differ between `old` and `new` with a
    /// non-apply write: it owns them now, and other managers lose them.
    static func recordUpdate(old: JSONValue?, new: inout JSONValue, manager: String, subresource: String, apiVersion: String, now: Date) {
        var entries = entries(of: old ?? .emptyObject)
        let before = KubernetesFieldSet(of: old ?? .emptyObject).paths
        let after = KubernetesFieldSet(of: subresource == "status" ? ["status": new["status"] ?? .emptyObject] : new).paths
        var changed: Set<[String]> = []
        for path in after {
            // A `.` is taken by whoever creates the map, struct or list element, not by each later change inside it.
            if path.last == "." {
                if !before.contains(path) { changed.insert(path) }
            } else if KubernetesFieldSet.value(at: path, in: new) != old.flatMap({ KubernetesFieldSet.value(at: path, in: $0) }) || !before.contains(path) {
                changed.insert(path)
            }
        }
        if subresource == "status" {
            changed = Set(statusPaths(old: old, new: new))
        }
        if subresource != "status" {
            // Fields no longer in the object are owned by nobody.
            for index in entries.indices {
                entries[index].fields.paths = entries[index].fields.paths.filter { $0.first == "f:status" || after.contains($0) }
            }
            entries.removeAll { $0.fields.paths.isEmpty }
        }
        guard !changed.isEmpty else {
            write(entries, to: &new)
            return
        }
        for index in entries.indices { entries[index].fields.paths.subtract(changed) }
        let time = RFC3339.seconds(now)
        if let index = entries.firstIndex(where: { $0.manager == manager && $0.operation == "Update" && $0.subresource == subresource }) {
            entries[index].fields.paths.formUnion(changed)
            entries[index].time = time
        } else {
            entries.append(Entry(manager: manager, operation: "Update", subresource: subresource, apiVersion: apiVersion, time: time, fields: KubernetesFieldSet(paths: changed)))
        }
        write(entries, to: &new)
    }

    private static func statusPaths(old: JSONValue?, new: JSONValue) -> [[String]] {
        var paths: Set<[String]> = []
        let status = new["status"] ?? .emptyObject
        for path in KubernetesFieldSet(of: ["spec": status]).paths {
            let statusPath = ["f:status"] + path.dropFirst()
            if KubernetesFieldSet.value(at: statusPath, in: new) != old.flatMap({ KubernetesFieldSet.value(at: statusPath, in: $0) }) {
                paths.insert(statusPath)
            }
        }
        return Array(paths)
    }

    /// Server-side apply of `applied` by `manager` onto `current` (nil when the object is new).
    /// Throws 409 Conflict naming the fields another manager owns with a different value,
    /// unless `force` is set.
    static func apply(
        _ applied: JSONValue, to current: JSONValue?, manager: String, force: Bool, subresource: String,
        type: KubernetesResourceType, apiVersion: String, now: Date
    ) throws(KubernetesStatusError) -> JSONValue {
        let base = current ?? .emptyObject
        var entries = entries(of: base)
        let appliedFields = (subresource == "status"
            ? KubernetesFieldSet(paths: Set(KubernetesFieldSet(of: ["spec": applied["status"] ?? .emptyObject]).paths.map { ["f:status"] + $0.dropFirst() }))
            : KubernetesFieldSet(of: applied))
            .withoutMemberMarkers
        // Only leaf fields conflict: a map or a list item the applied object names (its `.` marker; the server may have
        // filled it with defaults) is no value of its own.
        let leaves = appliedFields.paths.filter { path in
            path.last != "." && !appliedFields.paths.contains { $0.count > path.count && Array($0.prefix(path.count)) == Array(path) }
        }
        var conflicts: [(String, [String])] = []
        for (index, entry) in entries.enumerated() where !(entry.manager == manager && entry.operation == "Apply") {
            let shared = entry.fields.paths.intersection(leaves)
            let differing = shared.filter { KubernetesFieldSet.value(at: $0, in: base) != KubernetesFieldSet.value(at: $0, in: applied) }
            if differing.isEmpty { continue }
            if force {
                entries[index].fields.paths.subtract(differing)
            } else {
                conflicts += differing.sorted { $0.joined() < $1.joined() }.map { (entry.manager, $0) }
            }
        }
        if !conflicts.isEmpty {
            let lines = conflicts.map { "conflict with \"\($0.0)\": \(readable($0.1))" }
            let name = applied.metadataName
            var error = KubernetesStatusError.conflict(type, name: name, "Apply failed with \(conflicts.count) conflict\(conflicts.count == 1 ? "" : "s"): \(lines.joined(separator: "\n"))")
            error.message = "Apply failed with \(conflicts.count) conflict\(conflicts.count == 1 ? "" : "s"): \(lines.joined(separator: "\n"))"
            error.details = ["causes": .array(conflicts.map { ["reason": "FieldManagerConflict", "message": .string("conflict with \"\($0.0)\""), "field": .string(readable($0.1))] })]
            throw error
        }
        var result = base
        let previous = entries.first { $0.manager == manager && $0.operation == "Apply" && $0.subresource == subresource }?.fields.paths ?? []
        let ownedByOthers = entries.filter { !($0.manager == manager && $0.operation == "Apply") }.reduce(into: Set<[String]>()) { $0.formUnion($1.fields.paths) }
        for path in previous.subtracting(appliedFields.paths).subtracting(ownedByOthers).sorted(by: { $0.count > $1.count }) {
            result = KubernetesFieldSet.removing(path, from: result)
        }
        result = merge(applied, into: result, fieldName: "")
        entries.removeAll { $0.manager == manager && $0.operation == "Apply" && $0.subresource == subresource }
        entries.append(Entry(manager: manager, operation: "Apply", subresource: subresource, apiVersion: apiVersion, time: RFC3339.seconds(now), fields: appliedFields))
        write(entries, to: &result)
        return result
    }

    /// Merges an applied configuration: objects recursively, keyed lists by key, set lists as
    /// sets, anything else replaced.
    private static func merge(_ applied: JSONValue, into current: JSONValue, fieldName: String) -> JSONValue {
        switch (applied, current) {
        case (.object(let appliedMembers), .object(var currentMembers)):
            for (key, value) in appliedMembers {
                if key == "managedFields" { continue }
                currentMembers[key] = currentMembers[key].map { merge(value, into: $0, fieldName: key) } ?? value
            }
            return .object(currentMembers)
        case (.array(let appliedElements), .array(let currentElements)):
            if KubernetesStrategicMergePatch.setLists.contains(fieldName) {
                return .array(currentElements + appliedElements.filter { !currentElements.contains($0) })
            }
            guard let key = KubernetesStrategicMergePatch.mergeKey(forList: fieldName, elements: appliedElements + currentElements),
                (appliedElements + currentElements).allSatisfy({ $0[key] != nil })
            else { return applied }
            var merged = currentElements
            for element in appliedElements {
                if let position = merged.firstIndex(where: { $0[key] == element[key] }) {
                    merged[position] = merge(element, into: merged[position], fieldName: "")
                } else {
                    merged.append(element)
                }
            }
            return .array(merged)
        default:
            return applied
        }
    }

    /// `.spec.replicas` style name of a field path.
    static func readable(_ path: [String]) -> String {
        path.filter { $0 != "." }.map { token -> String in
            if token.hasPrefix("f:") { return "." + token.dropFirst(2) }
            if token.hasPrefix("k:") || token.hasPrefix("v:") { return "[" + token.dropFirst(2) + "]" }
            return token
        }.joined()
    }
}
