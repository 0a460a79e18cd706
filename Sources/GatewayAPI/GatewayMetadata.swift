/// The part of a Gateway's Kubernetes object metadata the operator core reads, decoded with the Gateway.
///
/// The Kubernetes client's `ObjectMeta` is a view over the whole JSON object and lives above the HTTP client;
/// this is the typed subset the API and the pure core need. Unknown metadata fields are ignored.
public struct GatewayMetadata: Sendable, Hashable, Codable {
    public var name: String
    public var namespace: String
    public var uid: String
    public var generation: Int64?
    public var labels: [String: String]?
    public var annotations: [String: String]?
    public var resourceVersion: String?
    public var creationTimestamp: Timestamp?

    /// Creates metadata.
    public init(
        name: String, namespace: String, uid: String = "", generation: Int64? = nil, labels: [String: String]? = nil,
        annotations: [String: String]? = nil, resourceVersion: String? = nil, creationTimestamp: Timestamp? = nil
    ) {
        self.name = name
        self.namespace = namespace
        self.uid = uid
        self.generation = generation
        self.labels = labels
        self.annotations = annotations
        self.resourceVersion = resourceVersion
        self.creationTimestamp = creationTimestamp
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        namespace = try container.decodeIfPresent(String.self, forKey: .namespace) ?? ""
        uid = try container.decodeIfPresent(String.self, forKey: .uid) ?? ""
        generation = try container.decodeIfPresent(Int64.self, forKey: .generation)
        labels = try container.decodeIfPresent([String: String].self, forKey: .labels)
        annotations = try container.decodeIfPresent([String: String].self, forKey: .annotations)
        resourceVersion = try container.decodeIfPresent(String.self, forKey: .resourceVersion)
        creationTimestamp = try container.decodeIfPresent(Timestamp.self, forKey: .creationTimestamp)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        if !namespace.isEmpty { try container.encode(namespace, forKey: .namespace) }
        if !uid.isEmpty { try container.encode(uid, forKey: .uid) }
        try container.encodeIfPresent(generation, forKey: .generation)
        try container.encodeIfPresent(labels, forKey: .labels)
        try container.encodeIfPresent(annotations, forKey: .annotations)
        try container.encodeIfPresent(resourceVersion, forKey: .resourceVersion)
        try container.encodeIfPresent(creationTimestamp, forKey: .creationTimestamp)
    }

    private enum CodingKeys: String, CodingKey {
        case name, namespace, uid, generation, labels, annotations, resourceVersion, creationTimestamp
    }
}
