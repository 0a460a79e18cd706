import JSON

/// core/v1 and events.k8s.io/v1 Events are one store in a real API server; the emulator keeps the core
/// form and converts: regarding ↔ involvedObject, note ↔ message, reportingController ↔ reportingComponent,
/// deprecatedSource/FirstTimestamp/LastTimestamp/Count ↔ source/firstTimestamp/lastTimestamp/count.
enum KubernetesEventConversion {
    static let renames: [(v1: String, core: String)] = [
        ("regarding", "involvedObject"), ("note", "message"), ("reportingController", "reportingComponent"),
        ("deprecatedSource", "source"), ("deprecatedFirstTimestamp", "firstTimestamp"),
        ("deprecatedLastTimestamp", "lastTimestamp"), ("deprecatedCount", "count"),
    ]

    /// What the server fills in on a core Event: null times, empty reporting fields and source.
    static func applyCoreDefaults(_ event: inout JSONValue) {
        for key in ["eventTime", "firstTimestamp", "lastTimestamp"] where event[key] == nil { event[key] = .null }
        for key in ["reportingComponent", "reportingInstance"] where event[key] == nil { event[key] = "" }
        if event["source"] == nil || event["source"] == .null { event["source"] = .emptyObject }
    }

    /// An events.k8s.io/v1 Event as the core form it is stored in.
    static func toCore(_ event: JSONValue) -> JSONValue {
        var core = event
        for (v1, coreName) in renames {
            core[coreName] = event[v1]
            core[v1] = nil
        }
        core["apiVersion"] = "v1"
        applyCoreDefaults(&core)
        return core
    }

    /// A stored core Event in the events.k8s.io/v1 form.
    static func toV1(_ event: JSONValue) -> JSONValue {
        var v1 = event
        for (v1Name, coreName) in renames {
            v1[v1Name] = event[coreName]
            v1[coreName] = nil
        }
        if v1["reportingController"]?.stringValue == "" { v1["reportingController"] = nil }
        if v1["reportingInstance"]?.stringValue == "" { v1["reportingInstance"] = nil }
        if v1["deprecatedCount"]?.intValue == 0 { v1["deprecatedCount"] = nil }
        for key in ["eventTime", "deprecatedFirstTimestamp", "deprecatedLastTimestamp"] where v1[key] == nil { v1[key] = .null }
        if v1["deprecatedSource"] == nil || v1["deprecatedSource"] == .null { v1["deprecatedSource"] = .emptyObject }
        if event["apiVersion"] != nil { v1["apiVersion"] = "events.k8s.io/v1" }
        return v1
    }

    /// A field selector over events.k8s.io/v1 names, rewritten to the core names.
    static func coreSelector(_ selector: KubernetesFieldSelector) -> KubernetesFieldSelector {
        KubernetesFieldSelector(requirements: selector.requirements.map { requirement in
            var rewritten = requirement
            if let first = requirement.path.first, let rename = renames.first(where: { $0.v1 == first }) {
                rewritten.path[0] = rename.core
            }
            return rewritten
        })
    }
}
