import Basics
import FoundationEssentials
import GatewayAPI
import Logging
import Runbeam

/// The state of one reconcile being worked out: the old and new status, the Events, the logger.
struct ReconcileRun {
    let gateway: Gateway
    let old: GatewayStatus
    var status: GatewayStatus
    var events: [GatewayEvent] = []
    let now: Date
    let timestamp: Timestamp
    let generation: Int64?
    private let logger: Logger

    init(gateway: Gateway, now: Date, logger: Logger) {
        self.gateway = gateway
        self.old = gateway.status ?? GatewayStatus()
        self.status = old
        self.now = now
        self.timestamp = Timestamp(RFC3339.truncatedToSeconds(now))
        self.generation = gateway.metadata.generation
        self.status.observedGeneration = gateway.metadata.generation
        var logger = logger
        logger[metadataKey: "gateway"] = "\(gateway.metadata.namespace)/\(gateway.metadata.name)"
        self.logger = logger
    }

    /// Logs one decision. Callers pass only names, reasons and times: never a token, credential or key.
    func log(_ message: Logger.Message, _ metadata: Logger.Metadata = [:], level: Logger.Level = .info) {
        logger.log(level: level, message, metadata: metadata)
    }

    /// The token the Secret write carries, kept by the controller until the write succeeds.
    var pendingToken: PendingToken?
    /// Whether the world's pending token is of no more use.
    var discardsPendingToken = false

    /// The result, with the status only if it changed.
    func result(secretWrite: SecretWrite? = nil, restarts: [WorkloadRestart] = [], nextReconcile: Date?) -> ReconcileResult {
        ReconcileResult(
            secretWrite: secretWrite, restarts: restarts, status: status == old ? nil : status, events: events, nextReconcile: nextReconcile,
            pendingToken: pendingToken, discardsPendingToken: discardsPendingToken)
    }

    /// `Ready=False, reason=TokenExpired`: the Secret's token has expired and no new one is written yet. A Warning Event
    /// the first time.
    mutating func tokenExpired(_ payload: MachineTokenPayload, secretName: String) {
        var message = "the token in Secret \(secretName) expired at \(RFC3339.seconds(payload.expiresAt))"
        if let failure = status.lastFailureMessage {
            message += "; the last attempt to replace it failed: \(failure)"
        }
        if let next = status.nextAttemptTime {
            message += "; next attempt at \(next.description)"
        }
        if old.condition(.ready)?.reason != "TokenExpired" {
            events.append(GatewayEvent(.warning, "TokenExpired", message))
            log("token expired; Ready=False", ["secret": .string(secretName), "expiresAt": .string(RFC3339.seconds(payload.expiresAt))], level: .warning)
        }
        status.setCondition(.ready, false, reason: "TokenExpired", message: message, generation: generation, now: timestamp)
    }

    /// What every status write of a valid spec carries: the Secret's name and the effective gateway code (the CODE
    /// column), whether or not a token is recorded.
    mutating func resolved(_ spec: ResolvedGatewaySpec) {
        status.secretName = spec.secretName
        status.gatewayCode = spec.gatewayCode
    }

    mutating func invalidSpec(_ error: GatewayValidationError) {
        Self.markInvalidSpec(error.description, old: old, status: &status, events: &events, generation: generation, now: timestamp)
        log("invalid spec; waiting for a change", ["problems": .stringConvertible(error.problems.count)], level: .warning)
    }

    /// `Ready=False, reason=InvalidSpec` with `message`, and a Warning Event when the problem is new: for a spec that
    /// fails validation and for an object that cannot even be decoded (``GatewayReconciler/unreadable(_:status:generation:now:)``).
    static func markInvalidSpec(
        _ message: String, old: GatewayStatus, status: inout GatewayStatus, events: inout [GatewayEvent], generation: Int64?, now: Timestamp
    ) {
        if old.condition(.ready)?.reason != "InvalidSpec" || old.condition(.ready)?.message != message {
            events.append(GatewayEvent(.warning, "InvalidSpec", message))
        }
        status.setCondition(.ready, false, reason: "InvalidSpec", message: message, generation: generation, now: now)
    }

    mutating func secretConflict(_ secret: ManagedSecret) {
        let message =
            "Secret \(secret.name) exists and is not controlled by this Gateway; the operator will not touch it. Delete it, or set spec.secret.name to another name"
        if old.condition(.ready)?.reason != "SecretConflict" {
            events.append(GatewayEvent(.warning, "SecretConflict", message))
        }
        status.setCondition(.ready, false, reason: "SecretConflict", message: message, generation: generation, now: timestamp)
        log("Secret not controlled by this Gateway; not touching it", ["secret": .string(secret.name)], level: .warning)
    }

    /// Records a failure in status and returns when to try again.
    /// `at` is when the failure was seen (after a slow request, later than ``now``): backoff and a server's
    /// Retry-After count from then.
    mutating func fail(reason: String, message: String, backoff: Backoff, retryAfter: TimeInterval?, validToken: Bool, at: Date? = nil) -> Date {
        let attempts = (old.failedAttempts ?? 0) + 1
        let retryAt = backoff.nextAttempt(afterAttempts: attempts, lastFailure: max(now, at ?? now), retryAfter: retryAfter, uid: gateway.metadata.uid)
        status.failedAttempts = attempts
        status.lastFailureTime = timestamp
        status.lastFailureMessage = message
        status.nextAttemptTime = Timestamp(Date(timeIntervalSince1970: retryAt.timeIntervalSince1970.rounded(.up)))
        status.setCondition(.issued, false, reason: reason, message: message, generation: generation, now: timestamp)
        if !validToken {
            status.setCondition(.ready, false, reason: reason, message: message, generation: generation, now: timestamp)
        }
        return status.nextAttemptTime!.date
    }

    mutating func clearFailures() {
        status.failedAttempts = nil
        status.lastFailureTime = nil
        status.lastFailureMessage = nil
        status.nextAttemptTime = nil
    }
}
