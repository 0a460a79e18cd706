import JSON

/// Discovery documents: `/version`, `/api`, `/apis`, `/api/v1` and `/apis/G/V`.
enum KubernetesDiscovery {
    static func version() -> JSONValue {
        [
            "major": "1", "minor": "32", "gitVersion": "v1.32.0-runbeam-emulator", "gitCommit": "0000000000000000000000000000000000000000",
            "gitTreeState": "clean", "buildDate": "2025-01-01T00:00:00Z", "goVersion": "go1.23", "compiler": "gc", "platform": "linux/amd64",
        ]
    }

    static func coreVersions() -> JSONValue {
        ["kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"]]]
    }

    static func groupList(_ types: [KubernetesResourceType]) -> JSONValue {
        var versionsByGroup: [String: [String]] = [:]
        var preferred: [String: String] = [:]
        for type in types where !type.group.isEmpty {
            for version in type.versions where !(versionsByGroup[type.group]?.contains(version) ?? false) {
                versionsByGroup[type.group, default: []].append(version)
            }
            if preferred[type.group] == nil { preferred[type.group] = type.storageVersion }
        }
        let groups: [JSONValue] = versionsByGroup.keys.sorted().map { group in
            let versions = (versionsByGroup[group] ?? []).map { JSONValue.object(["groupVersion": .string("\(group)/\($0)"), "version": .string($0)]) }
            let preferredVersion = preferred[group] ?? ""
            return ["name": .string(group), "versions": .array(versions), "preferredVersion": ["groupVersion": .string("\(group)/\(preferredVersion)"), "version": .string(preferredVersion)]]
        }
        return ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(groups)]
    }

    static func group(_ name: String, _ types: [KubernetesResourceType]) -> JSONValue? {
        let list = groupList(types)
        return list["groups"]?.arrayValue?.first { $0["name"]?.stringValue == name }.map { group in
            var group = group
            group["kind"] = "APIGroup"
            group["apiVersion"] = "v1"
            return group
        }
    }

    static func resourceList(group: String, version: String, _ types: [KubernetesResourceType]) -> JSONValue? {
        let served = types.filter { $0.group == group && $0.versions.contains(version) }
        guard !served.isEmpty else { return nil }
        var resources: [JSONValue] = []
        for type in served.sorted(by: { $0.plural < $1.plural }) {
            var resource: JSONValue = [
                "name": .string(type.plural), "singularName": .string(type.singular), "namespaced": .bool(type.namespaced),
                "kind": .string(type.kind), "verbs": .array(type.verbs.map(JSONValue.string)),
            ]
            if !type.shortNames.isEmpty { resource["shortNames"] = .array(type.shortNames.map(JSONValue.string)) }
            if !type.categories.isEmpty { resource["categories"] = .array(type.categories.map(JSONValue.string)) }
            resources.append(resource)
            if type.hasStatusSubresource {
                resources.append([
                    "name": .string("\(type.plural)/status"), "singularName": "", "namespaced": .bool(type.namespaced),
                    "kind": .string(type.kind), "verbs": ["get", "patch", "update"],
                ])
            }
        }
        return ["kind": "APIResourceList", "apiVersion": "v1", "groupVersion": .string(group.isEmpty ? version : "\(group)/\(version)"), "resources": .array(resources)]
    }
}
