import Age
import Basics
import FoundationEssentials
import GatewayAPI
import Runbeam

/// A machine token Runbeam Cloud issued whose Secret write has not succeeded yet, with the key it is to be stored
/// beside. Runbeam Cloud cannot revoke tokens, so a token once issued is written, never thrown away because a
/// Kubernetes write failed: the retry writes this one instead of asking for another (see ``PendingTokens``).
///
/// Its description names the gateway and times, never the token or the key.
public struct PendingToken: Sendable, Equatable, CustomStringConvertible {
    /// The token as the Secret will hold it (`issuedAt` is when Runbeam Cloud issued it).
    public var payload: MachineTokenPayload
    /// The age identity generated (or kept) for it.
    public var identity: AgeIdentity
    /// The `spec.cloud.apiURL` it came from: a token from another endpoint is not this Gateway's any more.
    public var apiURL: String
    /// The `runbeam.io/issued-at` annotation value (milliseconds), the time the token was obtained.
    public var obtainedAt: Date

    public init(payload: MachineTokenPayload, identity: AgeIdentity, apiURL: String, obtainedAt: Date) {
        self.payload = payload
        self.identity = identity
        self.apiURL = apiURL
        self.obtainedAt = obtainedAt
    }

    /// Whether the token may still be written for a Gateway resolved to `spec` at `now`: same gateway code and API
    /// URL, and not yet inside its own renewal window (a token that old would be renewed at once after writing).
    public func isUsable(for spec: ResolvedGatewaySpec, policy: RenewalPolicy, now: Date) -> Bool {
        guard payload.gatewayCode == spec.gatewayCode, apiURL == spec.apiURL else { return false }
        let window = policy.window(issuedAt: payload.issuedAt, expiresAt: payload.expiresAt, renewBefore: spec.renewBefore)
        return now < window.lowerBound && now < payload.expiresAt
    }

    public var description: String {
        "PendingToken(gateway: \(payload.gatewayCode), issued: \(RFC3339.seconds(payload.issuedAt)), expires: \(RFC3339.seconds(payload.expiresAt)))"
    }
}
