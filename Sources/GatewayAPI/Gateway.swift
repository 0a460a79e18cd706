/// The `Gateway` custom resource (`runbeam.io/v1alpha1`): one Harmony gateway kept authorized with Runbeam Cloud.
public struct Gateway: Sendable, Hashable, Codable {
    /// `runbeam.io/v1alpha1`.
    public static let apiVersion = "runbeam.io/v1alpha1"
    /// `Gateway`.
    public static let kind = "Gateway"

    public var apiVersion: String
    public var kind: String
    public var metadata: GatewayMetadata
    public var spec: GatewaySpec
    public var status: GatewayStatus?

    /// Creates a Gateway.
    public init(metadata: GatewayMetadata, spec: GatewaySpec, status: GatewayStatus? = nil) {
        self.apiVersion = Self.apiVersion
        self.kind = Self.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}
