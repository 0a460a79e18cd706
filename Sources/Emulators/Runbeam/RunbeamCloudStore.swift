import FoundationEssentials
import NIOConcurrencyHelpers

/// A gateway as the Runbeam Cloud emulator knows it.
public struct RunbeamCloudGateway: Sendable, Hashable {
    /// A lower-case UUID.
    public var id: String
    public var code: String
    public var name: String
    /// The team that owns it: only that team's credentials may authorize it.
    public var team: String
    public var createdAt: Date
    /// Machine tokens issued for it so far.
    public var tokensIssued: Int
    /// The expiry of the newest token issued, if any.
    public var tokenExpiresAt: Date?
}

/// The emulator's state: gateways by code and the machine tokens issued.
final class RunbeamCloudStore: Sendable {
    enum AuthorizeOutcome: Sendable {
        case issued(gateway: RunbeamCloudGateway, token: String, expiresAt: Date, created: Bool)
        case ownedByAnotherTeam
    }

    private struct State {
        var gateways: [String: RunbeamCloudGateway] = [:]
        var tokens: [String: (gatewayCode: String, expiresAt: Date)] = [:]
    }

    private let state = NIOLockedValueBox(State())

    /// Issues a token for `code` to `team`, creating the gateway when it does not exist.
    func authorize(code: String, team: String, now: Date, lifetime: Duration) -> AuthorizeOutcome {
        state.withLockedValue { state in
            var created = false
            if state.gateways[code] == nil {
                state.gateways[code] = Self.newGateway(code: code, team: team, name: nil, now: now)
                created = true
            }
            guard var gateway = state.gateways[code], gateway.team == team else { return .ownedByAnotherTeam }
            let token = "mt_" + RandomText.alphanumeric(40)
            let expiresAt = now.addingTimeInterval(Double(lifetime.components.seconds))
            gateway.tokensIssued += 1
            gateway.tokenExpiresAt = expiresAt
            state.gateways[code] = gateway
            state.tokens[token] = (code, expiresAt)
            return .issued(gateway: gateway, token: token, expiresAt: expiresAt, created: created)
        }
    }

    /// Creates (or returns the existing) gateway `code` for `team`.
    func createGateway(code: String, team: String, name: String?, now: Date) -> RunbeamCloudGateway {
        state.withLockedValue { state in
            if let existing = state.gateways[code] { return existing }
            let gateway = Self.newGateway(code: code, team: team, name: name, now: now)
            state.gateways[code] = gateway
            return gateway
        }
    }

    func gateway(code: String) -> RunbeamCloudGateway? { state.withLockedValue { $0.gateways[code] } }

    /// Every gateway (of `team`, when given), sorted by code.
    func gateways(team: String? = nil) -> [RunbeamCloudGateway] {
        state.withLockedValue { state in
            state.gateways.values.filter { team == nil || $0.team == team }.sorted { $0.code < $1.code }
        }
    }

    /// Whether `token` was issued here and has not expired at `now`.
    func isValid(token: String, now: Date) -> Bool {
        state.withLockedValue { $0.tokens[token].map { $0.expiresAt > now } ?? false }
    }

    private static func newGateway(code: String, team: String, name: String?, now: Date) -> RunbeamCloudGateway {
        RunbeamCloudGateway(
            id: UUID().uuidString.lowercased(), code: code, name: name ?? defaultName(for: code),
            team: team, createdAt: now, tokensIssued: 0, tokenExpiresAt: nil
        )
    }

    /// `prod-gateway` → `Prod gateway`.
    static func defaultName(for code: String) -> String {
        let words = code.replacing("-", with: " ").replacing("_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
