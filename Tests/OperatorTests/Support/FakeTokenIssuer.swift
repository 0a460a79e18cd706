import Foundation
import GatewayCore
import Operator

/// A scripted Runbeam: returns queued failures first, then fresh tokens living `lifetime` from `now`.
final class FakeTokenIssuer: TokenIssuer, @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [TokenIssueError] = []
    private var _calls: [String] = []
    private var _now: Date
    private var counter = 0
    let lifetime: TimeInterval

    init(now: Date, lifetime: TimeInterval = 30 * 86_400) {
        _now = now
        self.lifetime = lifetime
    }

    var now: Date {
        get { lock.withLock { _now } }
        set { lock.withLock { _now = newValue } }
    }

    /// Gateway codes asked for, in order.
    var calls: [String] { lock.withLock { _calls } }

    /// Every token handed out (so tests can search output for them).
    private(set) var tokens: [String] {
        get { lock.withLock { _tokens } }
        set { lock.withLock { _tokens = newValue } }
    }
    private var _tokens: [String] = []

    func failNext(_ errors: TokenIssueError...) {
        lock.withLock { failures.append(contentsOf: errors) }
    }

    func issue(gatewayCode: String, apiURL: String, credential: Credential) async throws(TokenIssueError) -> IssuedToken {
        let outcome: Result<IssuedToken, TokenIssueError> = lock.withLock {
            _calls.append(gatewayCode)
            if !failures.isEmpty { return .failure(failures.removeFirst()) }
            counter += 1
            let token = "mt_fake-\(UUID().uuidString)-\(counter)"
            _tokens.append(token)
            return .success(
                IssuedToken(
                    machineToken: token, expiresAt: _now.addingTimeInterval(lifetime), gatewayID: "gw-\(gatewayCode)",
                    gatewayCode: gatewayCode, abilities: []))
        }
        return try outcome.get()
    }
}
