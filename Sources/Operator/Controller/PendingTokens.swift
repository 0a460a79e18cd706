import Basics
import FoundationEssentials
import GatewayCore
import Kubernetes

/// Tokens issued whose Secret write has not succeeded, one per Gateway (by uid), in memory only.
///
/// Runbeam Cloud has no revoke endpoint: a token thrown away stays valid for its whole lifetime. So a token is kept
/// from the moment the reconciler obtains it until its Secret write succeeds, and the retry writes it instead of
/// asking for another. Kept in memory on purpose: a crash between issuance and storage costs at most the one token
/// in flight, and no token is ever written anywhere but the Gateway's Secret. Bounded by ``capacity``: past it the
/// oldest issuance is dropped (that Gateway then requests a new token).
final class PendingTokens: Sendable {
    let capacity: Int
    private let tokens = Locked<[String: PendingToken]>([:])

    init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
    }

    /// The token waiting to be written for the Gateway with `uid`.
    func token(for uid: String) -> PendingToken? {
        tokens.withLock { $0[uid] }
    }

    /// Keeps `token` for the Gateway with `uid` (replacing any other).
    func keep(_ token: PendingToken, for uid: String) {
        tokens.withLock { tokens in
            tokens[uid] = token
            while tokens.count > capacity, let oldest = tokens.min(by: { $0.value.obtainedAt < $1.value.obtainedAt })?.key {
                tokens.removeValue(forKey: oldest)
            }
        }
    }

    /// Forgets the Gateway's token; with `matching`, only if it is still that one.
    func remove(for uid: String, matching token: PendingToken? = nil) {
        tokens.withLock { tokens in
            guard let token else {
                tokens.removeValue(forKey: uid)
                return
            }
            if tokens[uid] == token { tokens.removeValue(forKey: uid) }
        }
    }

    /// How many tokens wait to be written.
    var count: Int { tokens.withLock { $0.count } }
}
