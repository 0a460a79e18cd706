import JSON

/// A view over a workload's `spec.template`: what tells whether a Secret is consumed, and the
/// annotations a rollout restart writes.
public struct PodTemplate: Sendable, Hashable {
    public var json: JSONValue

    public init(_ json: JSONValue = .emptyObject) { self.json = json }

    /// `spec.template.metadata.annotations`.
    public var annotations: [String: String] {
        get { (json[path: ["metadata", "annotations"]]?.objectValue ?? [:]).compactMapValues(\.stringValue) }
        set { json[path: ["metadata", "annotations"]] = newValue.isEmpty ? nil : .object(newValue.mapValues(JSONValue.string)) }
    }

    /// Containers and init containers.
    public var containers: [Container] {
        let spec = json["spec"]
        return ((spec?["initContainers"]?.arrayValue ?? []) + (spec?["containers"]?.arrayValue ?? [])).map(Container.init(json:))
    }

    /// The names of Secrets mounted as volumes (including projected volumes).
    public var secretVolumeNames: Set<String> {
        var names = Set<String>()
        for volume in json[path: ["spec", "volumes"]]?.arrayValue ?? [] {
            if let name = volume[path: ["secret", "secretName"]]?.stringValue { names.insert(name) }
            for source in volume[path: ["projected", "sources"]]?.arrayValue ?? [] {
                if let name = source[path: ["secret", "name"]]?.stringValue { names.insert(name) }
            }
        }
        return names
    }

    /// Every Secret name the pods read: volumes, `envFrom` and `env[].valueFrom.secretKeyRef`.
    public var referencedSecretNames: Set<String> {
        containers.reduce(into: secretVolumeNames) { names, container in
            names.formUnion(container.envFromSecretNames)
            names.formUnion(container.env.compactMap(\.secretName))
        }
    }
}

/// One container of a pod template.
public struct Container: Sendable, Hashable {
    public var name: String
    public var env: [EnvVar]
    /// Secret names of `envFrom[].secretRef`.
    public var envFromSecretNames: [String]

    public init(json: JSONValue) {
        name = json["name"]?.stringValue ?? ""
        env = (json["env"]?.arrayValue ?? []).map(EnvVar.init(json:))
        envFromSecretNames = (json["envFrom"]?.arrayValue ?? []).compactMap { $0[path: ["secretRef", "name"]]?.stringValue }
    }
}

/// One `env` entry; `secretName`/`secretKey` are set for `valueFrom.secretKeyRef`.
public struct EnvVar: Sendable, Hashable {
    public var name: String
    public var value: String?
    public var secretName: String?
    public var secretKey: String?

    public init(json: JSONValue) {
        name = json["name"]?.stringValue ?? ""
        value = json["value"]?.stringValue
        secretName = json[path: ["valueFrom", "secretKeyRef", "name"]]?.stringValue
        secretKey = json[path: ["valueFrom", "secretKeyRef", "key"]]?.stringValue
    }
}
