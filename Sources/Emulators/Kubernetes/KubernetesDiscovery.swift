import FoundationEssentials
import JSON

/// Discovery documents: `/version`, `/api`, `/apis`, `/api/v1` and `/apis/G/V`.
enum KubernetesDiscovery {
    static func version() -> JSONValue {
        [
            "major": "1", "minor": "32", "gitVersion": "v1.32.0-runbeam-emulator", "gitCommit": "0000000000000000000000000000000000000000",
            "gitTreeState": "clean", "buildDate": "2025-01-01T00:00:00Z", "goVersion": "go1.23", "compiler": "gc", "platform": "linux/amd64",
            "emulationMajor": "1", "emulationMinor": "32", "minCompatibilityMajor": "1", "minCompatibilityMinor": "31",
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
        for (group, versions) in versionsByGroup where versions.count > 1 {
            versionsByGroup[group] = versions.sorted { versionPriority($0) > versionPriority($1) }
            preferred[group] = versionsByGroup[group]?.first
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

    /// Kubernetes version ordering (`v2` > `v1` > `v1beta2` > `v1beta1` > `v1alpha1` > anything else).
    static func versionPriority(_ version: String) -> (Int, Int, Int) {
        guard version.hasPrefix("v") else { return (0, 0, 0) }
        let rest = version.dropFirst()
        let majorDigits = rest.prefix(while: \.isASCIIDigitCharacter)
        guard let major = Int(majorDigits) else { return (0, 0, 0) }
        let tail = rest.dropFirst(majorDigits.count)
        if tail.isEmpty { return (3, major, 0) }
        let stage = tail.hasPrefix("beta") ? 2 : (tail.hasPrefix("alpha") ? 1 : 0)
        guard stage > 0, let minor = Int(tail.dropFirst(stage == 2 ? 4 : 5)) else { return (0, 0, 0) }
        return (stage, major, minor)
    }

    /// What discovery publishes to tell storage versions apart: the first 8 bytes of SHA-256 over
    /// `group/version/Kind` of the stored form, base64 (events.k8s.io Events are stored as core Events).
    static func storageVersionHash(_ type: KubernetesResourceType) -> String {
        let stored = type.group == "events.k8s.io" && type.plural == "events" ? "/v1/Event" : "\(type.group)/\(type.storageVersion)/\(type.kind)"
        return Data(KubernetesSHA256.digest(Array(stored.utf8)).prefix(8)).base64EncodedString()
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
            resource["storageVersionHash"] = .string(storageVersionHash(type))
            resources.append(resource)
            if type.group.isEmpty, type.plural == "namespaces" {
                resources.append(["name": "namespaces/finalize", "singularName": "", "namespaced": false, "kind": "Namespace", "verbs": ["update"]])
            }
            if type.group.isEmpty, type.plural == "serviceaccounts" {
                resources.append([
                    "name": "serviceaccounts/token", "singularName": "", "namespaced": true, "group": "authentication.k8s.io", "version": "v1",
                    "kind": "TokenRequest", "verbs": ["create"],
                ])
            }
            if KubernetesScaleSubresource.supports(type) {
                resources.append([
                    "name": .string("\(type.plural)/scale"), "singularName": "", "namespaced": .bool(type.namespaced),
                    "group": "autoscaling", "version": "v1", "kind": "Scale", "verbs": ["get", "patch", "update"],
                ])
            }
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

extension Character {
    /// `0` to `9`.
    fileprivate var isASCIIDigitCharacter: Bool { ("0"..."9").contains(self) }
}
