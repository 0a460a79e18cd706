import HTTPServer
import JSON
import NIOHTTP1
import Basics

/// Aggregated discovery (`apidiscovery.k8s.io/v2` APIGroupDiscoveryList), what kubectl 1.30+ asks `/api` and `/apis`
/// for first: every group-version with its resources, scope, verbs and subresources in one document.
enum KubernetesAggregatedDiscovery {
    static let mediaType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"

    /// Whether an `Accept` header asks for the v2 aggregated document (before any plain JSON).
    static func wanted(_ accept: String?) -> Bool {
        guard let first = accept?.split(separator: ",").first else { return false }
        let parameters = Set(first.split(separator: ";").map { $0.trimmingWhitespace() })
        return parameters.contains("as=APIGroupDiscoveryList") && parameters.contains("v=v2") && parameters.contains("g=apidiscovery.k8s.io")
    }

    /// The document for `/api` (core) or `/apis` (every named group).
    static func response(core: Bool, _ types: [KubernetesResourceType]) -> ServerResponse {
        var items: [JSONValue] = []
        if core {
            items.append(["metadata": .emptyObject, "versions": [version("", "v1", types)]])
        } else {
            let groups = Set(types.map(\.group).filter { !$0.isEmpty }).sorted()
            for group in groups {
                let versions = Set(types.filter { $0.group == group }.flatMap(\.versions)).sorted { KubernetesDiscovery.versionPriority($0) > KubernetesDiscovery.versionPriority($1) }
                items.append(["metadata": ["name": .string(group)], "versions": .array(versions.map { version(group, $0, types) })])
            }
        }
        let document: JSONValue = ["kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/v2", "metadata": .emptyObject, "items": .array(items)]
        return .full(status: .ok, headers: ["Content-Type": mediaType], body: document.serialized())
    }

    /// One group-version: the legacy resource list regrouped, subresources under their resource.
    static func version(_ group: String, _ version: String, _ types: [KubernetesResourceType]) -> JSONValue {
        let legacy = KubernetesDiscovery.resourceList(group: group, version: version, types)?["resources"]?.arrayValue ?? []
        var resources: [JSONValue] = []
        for entry in legacy where !(entry["name"]?.stringValue ?? "").contains("/") {
            let name = entry["name"]?.stringValue ?? ""
            let custom = types.first { $0.group == group && $0.plural == name }.map { !$0.schemas.isEmpty } ?? false
            func kind(_ item: JSONValue) -> JSONValue {
                let explicit = item["group"] != nil
                return ["group": .string(explicit ? item["group"]?.stringValue ?? "" : (custom ? group : "")),
                        "version": .string(explicit ? item["version"]?.stringValue ?? "" : (custom ? version : "")),
                        "kind": item["kind"] ?? ""]
            }
            var resource: JSONValue = [
                "resource": .string(name), "responseKind": kind(entry), "scope": entry["namespaced"]?.boolValue == true ? "Namespaced" : "Cluster",
                "singularResource": entry["singularName"] ?? "", "verbs": entry["verbs"] ?? [],
            ]
            if let shortNames = entry["shortNames"] { resource["shortNames"] = shortNames }
            if let categories = entry["categories"] { resource["categories"] = categories }
            var subresources = legacy.filter { ($0["name"]?.stringValue ?? "").hasPrefix(name + "/") }.map { item -> JSONValue in
                ["subresource": .string(String((item["name"]?.stringValue ?? "").dropFirst(name.count + 1))), "responseKind": kind(item), "verbs": item["verbs"] ?? []]
            }
            if custom { subresources.sort { ($0["subresource"]?.stringValue == "status" ? 0 : 1) < ($1["subresource"]?.stringValue == "status" ? 0 : 1) } } else {
                subresources.sort { ($0["subresource"]?.stringValue ?? "") < ($1["subresource"]?.stringValue ?? "") }
            }
            if !subresources.isEmpty { resource["subresources"] = .array(subresources) }
            resources.append(resource)
        }
        return ["version": .string(version), "resources": .array(resources), "freshness": "Current"]
    }
}
