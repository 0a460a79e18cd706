import FoundationEssentials
import JSON

/// Reads an apps/v1 Deployment from its protobuf message (what `kubectl create deployment` sends): metadata,
/// spec.replicas, selector.matchLabels, template metadata and the containers' name, image, command, args,
/// ports, env and imagePullPolicy, strategy type, minReadySeconds, revisionHistoryLimit, paused and
/// progressDeadlineSeconds. Fields outside that list are not read.
enum KubernetesProtobufDeployment {
    typealias Fields = [(Int, KubernetesProtobufBody.Value)]

    static func decode(_ raw: [UInt8]) -> JSONValue? {
        guard let fields = KubernetesProtobufBody.fields(raw) else { return nil }
        var object: JSONValue = ["apiVersion": "apps/v1", "kind": "Deployment"]
        for (field, value) in fields {
            guard case .bytes(let payload) = value else { continue }
            if field == 1 { object["metadata"] = KubernetesProtobufBody.metadata(payload) }
            if field == 2 { object["spec"] = spec(payload) }
        }
        return object
    }

    static func text(_ bytes: [UInt8]) -> JSONValue { .string(String(decoding: bytes, as: UTF8.self)) }

    /// `object` without its empty-string members: Go's protobuf messages always carry their strings, and the
    /// server reads an empty one as unset (so defaults such as `imagePullPolicy` apply).
    static func withoutEmptyStrings(_ object: JSONValue) -> JSONValue {
        guard case .object(let members) = object else { return object }
        return .object(members.filter { $0.value != .string("") })
    }

    static func spec(_ bytes: [UInt8]) -> JSONValue {
        var spec = JSONValue.emptyObject
        for (field, value) in KubernetesProtobufBody.fields(bytes) ?? [] {
            switch (field, value) {
            case (1, .varint(let replicas)): spec["replicas"] = .int(Int(replicas))
            case (2, .bytes(let selector)): spec["selector"] = ["matchLabels": map(selector, field: 1)]
            case (3, .bytes(let template)): spec["template"] = self.template(template)
            case (4, .bytes(let strategy)):
                for (inner, item) in KubernetesProtobufBody.fields(strategy) ?? [] {
                    if inner == 1, case .bytes(let type) = item, !type.isEmpty { spec["strategy"] = ["type": text(type)] }
                }
            case (5, .varint(let seconds)): spec["minReadySeconds"] = .int(Int(seconds))
            case (6, .varint(let limit)): spec["revisionHistoryLimit"] = .int(Int(limit))
            case (7, .varint(let paused)): spec["paused"] = .bool(paused != 0)
            case (9, .varint(let seconds)): spec["progressDeadlineSeconds"] = .int(Int(seconds))
            default: break
            }
        }
        return spec
    }

    /// A map field (entries with key 1 and value 2) of a message.
    static func map(_ bytes: [UInt8], field: Int) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for (number, value) in KubernetesProtobufBody.fields(bytes) ?? [] where number == field {
            guard case .bytes(let entry) = value else { continue }
            var key = "", item: [UInt8] = []
            for (inner, part) in KubernetesProtobufBody.fields(entry) ?? [] {
                if case .bytes(let payload) = part { if inner == 1 { key = String(decoding: payload, as: UTF8.self) } else if inner == 2 { item = payload } }
            }
            members[key] = text(item)
        }
        return .object(members)
    }

    static func template(_ bytes: [UInt8]) -> JSONValue {
        var template = JSONValue.emptyObject
        for (field, value) in KubernetesProtobufBody.fields(bytes) ?? [] {
            guard case .bytes(let payload) = value else { continue }
            if field == 1 { template["metadata"] = KubernetesProtobufBody.metadata(payload) }
            if field == 2 {
                var containers: [JSONValue] = []
                for (inner, item) in KubernetesProtobufBody.fields(payload) ?? [] where inner == 2 {
                    if case .bytes(let container) = item { containers.append(self.container(container)) }
                }
                template["spec"] = ["containers": .array(containers)]
            }
        }
        return template
    }

    static func container(_ bytes: [UInt8]) -> JSONValue {
        var container = JSONValue.emptyObject
        var command: [JSONValue] = [], args: [JSONValue] = [], ports: [JSONValue] = [], env: [JSONValue] = []
        for (field, value) in KubernetesProtobufBody.fields(bytes) ?? [] {
            guard case .bytes(let payload) = value else { continue }
            switch field {
            case 1: container["name"] = text(payload)
            case 2: container["image"] = text(payload)
            case 3: command.append(text(payload))
            case 4: args.append(text(payload))
            case 6:
                var port = JSONValue.emptyObject
                for (inner, item) in KubernetesProtobufBody.fields(payload) ?? [] {
                    switch (inner, item) {
                    case (1, .bytes(let name)): port["name"] = text(name)
                    case (3, .varint(let number)): port["containerPort"] = .int(Int(number))
                    case (4, .bytes(let proto)): port["protocol"] = text(proto)
                    default: break
                    }
                }
                ports.append(withoutEmptyStrings(port))
            case 7:
                var variable = JSONValue.emptyObject
                for (inner, item) in KubernetesProtobufBody.fields(payload) ?? [] {
                    if case .bytes(let part) = item { if inner == 1 { variable["name"] = text(part) } else if inner == 2 { variable["value"] = text(part) } }
                }
                env.append(variable)
            case 14: container["imagePullPolicy"] = text(payload)
            default: break
            }
        }
        if !command.isEmpty { container["command"] = .array(command) }
        if !args.isEmpty { container["args"] = .array(args) }
        if !ports.isEmpty { container["ports"] = .array(ports) }
        if !env.isEmpty { container["env"] = .array(env) }
        return withoutEmptyStrings(container)
    }
}
