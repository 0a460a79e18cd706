import Age
import Basics
import FoundationEssentials
import GatewayAPI
import Runbeam

/// What an existing managed Secret holds, read back without trusting it.
public struct SecretContents: Sendable {
    /// The token payload, or nil when missing or unreadable.
    public var payload: MachineTokenPayload?
    /// The age identity, or nil when missing or unparseable.
    public var identity: AgeIdentity?
    /// The form the key is stored in, when it parsed.
    public var keyFormat: EncryptionKeyFormat?
    /// The `runbeam.io/issued-at` annotation (milliseconds), if present and parseable.
    public var issuedAtAnnotation: Date?
    /// `status.tokenHash` of the data.
    public var tokenHash: String

    /// Reads `secret` with the key names of `spec`.
    public init(_ secret: ManagedSecret, spec: ResolvedGatewaySpec) {
        payload = secret.data[spec.machineTokenKey].flatMap({ try? MachineTokenPayload(json: $0) })
        if let value = secret.data[spec.encryptionKeyKey].flatMap({ String(data: $0, encoding: .utf8) }),
            let identity = try? AgeIdentity(harmonyValue: value)
        {
            self.identity = identity
            keyFormat = value.trimmingWhitespaceAndNewlines().hasPrefix("AGE-SECRET-KEY-1") ? .raw : .base64
        }
        issuedAtAnnotation = secret.annotations[OperatorLabels.issuedAt].flatMap(RFC3339.parse)
        tokenHash = TokenHash.of(secret.data)
    }

    /// Whether the token is readable and unexpired at `now`.
    public func hasValidToken(at now: Date) -> Bool {
        guard let payload else { return false }
        return now < payload.expiresAt
    }
}
