import JSON

/// The defaults the real server fills into a workload's pod template: per container `imagePullPolicy` (Always for
/// an untagged or `:latest` image, else IfNotPresent), `resources`, termination message path and policy, port
/// protocol; per pod restart policy, grace period, DNS policy, security context and scheduler.
enum KubernetesPodTemplateDefaults {
    static func apply(to template: JSONValue) -> JSONValue {
        var template = template
        guard var spec = template["spec"]?.objectValue else { return template }
        if let containers = spec["containers"]?.arrayValue { spec["containers"] = .array(containers.map(container)) }
        if let containers = spec["initContainers"]?.arrayValue { spec["initContainers"] = .array(containers.map(container)) }
        let podDefaults: [(String, JSONValue)] = [
            ("restartPolicy", "Always"), ("terminationGracePeriodSeconds", 30), ("dnsPolicy", "ClusterFirst"),
            ("securityContext", .emptyObject), ("schedulerName", "default-scheduler"),
        ]
        for (key, value) in podDefaults where spec[key] == nil { spec[key] = value }
        template["spec"] = .object(spec)
        return template
    }

    static func container(_ container: JSONValue) -> JSONValue {
        var container = container
        if container["imagePullPolicy"] == nil {
            let image = container["image"]?.stringValue ?? ""
            let lastPart = image.split(separator: "/").last.map(String.init) ?? image
            let tag = lastPart.contains(":") ? String(lastPart.split(separator: ":").last ?? "") : ""
            container["imagePullPolicy"] = (tag.isEmpty || tag == "latest") && !image.contains("@") ? "Always" : "IfNotPresent"
        }
        if container["resources"] == nil { container["resources"] = .emptyObject }
        if container["terminationMessagePath"] == nil { container["terminationMessagePath"] = "/dev/termination-log" }
        if container["terminationMessagePolicy"] == nil { container["terminationMessagePolicy"] = "File" }
        if let ports = container["ports"]?.arrayValue {
            container["ports"] = .array(ports.map { port in
                var port = port
                if port["protocol"] == nil { port["protocol"] = "TCP" }
                return port
            })
        }
        return container
    }
}
