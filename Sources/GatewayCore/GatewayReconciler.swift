import Age
import Basics
import FoundationEssentials
import GatewayAPI
import Logging
import Runbeam

/// The Gateway reconciler: a plain async function of (Gateway, world snapshot, token issuer) → actions.
///
/// Level-triggered and idempotent: a reconcile with nothing to do writes nothing.
public struct GatewayReconciler: Sendable {
    public var validator: GatewayValidator
    public var renewalPolicy: RenewalPolicy
    /// Backoff for transient failures and missing credentials.
    public var backoff: Backoff
    /// Backoff for rejected credentials (401/403).
    public var rejectedCredentialsBackoff: Backoff
    /// Limits token requests across all Gateways; nil for none.
    public var rateLimiter: TokenBucket?
    /// Makes a new age identity (injectable for tests).
    public var makeIdentity: @Sendable () -> AgeIdentity
    /// How soon to look again while a rollout is in progress.
    public var rolloutPollInterval: TimeInterval
    /// How soon to look again at a Secret owned by something else.
    public var conflictRetryInterval: TimeInterval
    public var logger: Logger
    /// Reads the time after a token request fails, so Retry-After and backoff count from the answer rather than from
    /// the start of a reconcile that waited on the rate limit or a slow server; nil uses the world's time.
    public var requestClock: (any WallClock)?

    public init(
        validator: GatewayValidator, renewalPolicy: RenewalPolicy = RenewalPolicy(), backoff: Backoff = .standard,
        rejectedCredentialsBackoff: Backoff = .slow, rateLimiter: TokenBucket? = nil,
        makeIdentity: @escaping @Sendable () -> AgeIdentity = { AgeIdentity.generate() }, rolloutPollInterval: TimeInterval = 10,
        conflictRetryInterval: TimeInterval = 300, logger: Logger = Logger(label: "runbeam.operator.reconciler")
    ) {
        self.validator = validator
        self.renewalPolicy = renewalPolicy
        self.backoff = backoff
        self.rejectedCredentialsBackoff = rejectedCredentialsBackoff
        self.rateLimiter = rateLimiter
        self.makeIdentity = makeIdentity
        self.rolloutPollInterval = rolloutPollInterval
        self.conflictRetryInterval = conflictRetryInterval
        self.logger = logger
    }

    /// A reconciler configured from the operator configuration.
    public init(configuration: OperatorConfiguration, rateLimiter: TokenBucket?, logger: Logger) {
        self.init(
            validator: GatewayValidator(configuration: configuration),
            renewalPolicy: RenewalPolicy(jitterPercent: configuration.renewal.jitterPercent), rateLimiter: rateLimiter, logger: logger)
    }

    /// Validates `gateway`'s spec: the first phase of a reconcile, whose answer says what the world must hold.
    public func validate(_ gateway: Gateway) -> ValidatedGateway {
        ValidatedGateway(gateway: gateway, spec: validator.validate(gateway))
    }

    /// Decides what to do for `gateway` given `world`; calls `issuer` only when a token is needed.
    public func reconcile(_ gateway: Gateway, world: ReconcileWorld, issuer: some TokenIssuer) async -> ReconcileResult {
        await reconcile(validate(gateway), world: world, issuer: issuer)
    }

    /// Decides what to do for a validated Gateway given `world`; calls `issuer` only when a token is needed.
    public func reconcile(_ validated: ValidatedGateway, world: ReconcileWorld, issuer: some TokenIssuer) async -> ReconcileResult {
        let gateway = validated.gateway
        var run = ReconcileRun(gateway: gateway, now: world.now, logger: logger)
        let spec: ResolvedGatewaySpec
        switch validated.spec {
        case .failure(let error):
            run.invalidSpec(error)
            return run.result(nextReconcile: nil)
        case .success(let resolved):
            spec = resolved
        }
        run.resolved(spec)

        if spec.suspend {
            run.status.setCondition(
                .ready, false, reason: "Suspended", message: "spec.suspend is true: the operator writes nothing for this Gateway",
                generation: run.generation, now: run.timestamp)
            run.log("suspended; nothing written")
            return run.result(nextReconcile: nil)
        }

        let contents: SecretContents?
        switch decide(gateway, spec: spec, secret: world.managedSecret, old: run.old, now: world.now) {
        case .conflict(let secret):
            run.secretConflict(secret)
            return run.result(nextReconcile: world.now.addingTimeInterval(conflictRetryInterval))
        case .keep(let kept):
            contents = kept
        case .renew(let need, let current):
            // Two tokens of one Gateway never share an `issued_at` second: it is how a restart tells the operator's
            // own unrecorded write from an outside edit (``isUnrecordedOwnWrite(_:old:)``).
            let second = RFC3339.truncatedToSeconds(world.now)
            if let last = run.old.issuedAt?.date, RFC3339.truncatedToSeconds(last) == second {
                run.log("a token was issued this second; requesting the next one in the next second", ["reason": .string(need)])
                return run.result(nextReconcile: second.addingTimeInterval(1))
            }
            return await renew(because: need, gateway: gateway, spec: spec, world: world, contents: current, issuer: issuer, run: &run)
        }

        // The Secret holds a valid token: keep it, repair metadata or key form if they drifted, roll if due.
        guard let secret = world.managedSecret, let contents, let payload = contents.payload, let identity = contents.identity else {
            preconditionFailure("tokenNeed returns a reason unless the Secret is readable")
        }
        run.clearFailures()
        // Stored meanwhile (a write that timed out but succeeded): not needed any more. A kept token the Secret does not
        // hold stays kept, whatever this (possibly lagging) view of the Secret says; it lapses in its renewal window.
        run.discardsPendingToken = world.pendingToken.map { $0.payload.machineToken == payload.machineToken } ?? false
        if Self.isUnrecordedOwnWrite(contents, old: run.old) {
            // The renewal that wrote it also answered any renewal request pending then.
            run.status.lastRenewRequest = gateway.metadata.annotations?[OperatorLabels.renewRequestedAt]
            run.log("adopting the token written before the last status update was lost", ["secret": .string(secret.name)])
        }
        let issuedAt = contents.issuedAtAnnotation ?? payload.issuedAt
        let desired = SecretRenderer.render(
            gateway: gateway, spec: spec, payload: payload, identity: identity, issuedAt: issuedAt, resourceVersion: secret.resourceVersion)
        let repaired = Self.merge(desired, over: secret)
        var write: SecretWrite?
        if repaired != secret {
            write = .update(repaired)
            run.log("repairing Secret metadata or key form", ["secret": .string(secret.name)])
        }
        let renewalTime = record(secret: repaired, payload: payload, identity: identity, spec: spec, gateway: gateway, run: &run)
        if run.status.condition(.issued) == nil {
            run.status.setCondition(
                .issued, true, reason: "TokenIssued", message: "token issued at \(RFC3339.seconds(payload.issuedAt))",
                generation: run.generation, now: run.timestamp)
        }
        let rollout = self.rollout(spec: spec, workloads: world.workloads, issuedAt: issuedAt, secretWritten: false, run: &run)
        return run.result(secretWrite: write, restarts: rollout.restarts, nextReconcile: next(renewalTime, expiresAt: payload.expiresAt, rollout: rollout, now: world.now))
    }

    // MARK: - Deciding

    /// Why a new token is needed, or nil.
    func tokenNeed(gateway: Gateway, spec: ResolvedGatewaySpec, contents: SecretContents?, old: GatewayStatus, now: Date) -> String? {
        guard let contents else { return "Secret \(spec.secretName) does not exist" }
        guard let payload = contents.payload else { return "the Secret's \(spec.machineTokenKey) is missing or unreadable" }
        guard contents.identity != nil else { return "the Secret's \(spec.encryptionKeyKey) is missing or unreadable" }
        let unrecordedOwnWrite = Self.isUnrecordedOwnWrite(contents, old: old)
        if let hash = old.tokenHash, old.secretName == spec.secretName, hash != contents.tokenHash, !unrecordedOwnWrite {
            return "the Secret's data was changed outside the operator"
        }
        if payload.gatewayCode != spec.gatewayCode {
            return "the gateway code changed from \(payload.gatewayCode) to \(spec.gatewayCode)"
        }
        if now >= payload.expiresAt { return "the token expired at \(RFC3339.seconds(payload.expiresAt))" }
        let renewalTime = scheduledRenewal(payload: payload, spec: spec, gateway: gateway, tokenHash: contents.tokenHash, old: old)
        if now >= renewalTime { return "the renewal time \(RFC3339.seconds(renewalTime)) has come" }
        if let request = gateway.metadata.annotations?[OperatorLabels.renewRequestedAt], request != old.lastRenewRequest, !unrecordedOwnWrite {
            return "renewal requested (\(OperatorLabels.renewRequestedAt): \(request))"
        }
        return nil
    }

    /// Folds the `RolloutTriggered` notes of a token write into its `TokenIssued`/`TokenRenewed` Event, so that a
    /// first issuance or renewal records one Event however many workloads it restarts (one write instead of 1 + N).
    static func foldRestarts(_ restarts: [WorkloadRestart], into tokenEvent: Int, of events: inout [GatewayEvent]) {
        guard !restarts.isEmpty, events.indices.contains(tokenEvent) else { return }
        events.removeAll { $0.reason == "RolloutTriggered" }
        events[tokenEvent].note += "; restarting " + restarts.map { "\($0.kind.rawValue) \($0.name)" }.joined(separator: ", ")
    }

    /// Whether the Secret holds a token this operator wrote whose status update never happened (the process died
    /// between the Secret write and the status write): its data differs from `status.tokenHash`, but its
    /// `runbeam.io/issued-at` annotation matches the payload's `issued_at` and is later than `status.issuedAt`.
    /// Such a token is adopted, and its rollout still runs, instead of being replaced as an outside change. An
    /// outside edit of the data keeps the old annotation (or breaks the match), so it is still caught.
    static func isUnrecordedOwnWrite(_ contents: SecretContents, old: GatewayStatus) -> Bool {
        guard let hash = old.tokenHash, hash != contents.tokenHash, let payload = contents.payload,
            let annotated = contents.issuedAtAnnotation, let recorded = old.issuedAt?.date
        else { return false }
        return RFC3339.truncatedToSeconds(annotated) == payload.issuedAt && payload.issuedAt > recorded
    }

    // MARK: - Renewing

    private func renew(
        because need: String, gateway: Gateway, spec: ResolvedGatewaySpec, world: ReconcileWorld, contents: SecretContents?,
        issuer: some TokenIssuer, run: inout ReconcileRun
    ) async -> ReconcileResult {
        let now = world.now
        let validToken = contents?.hasValidToken(at: now) == true && contents?.identity != nil
        let current = validToken ? world.managedSecret : nil

        // Backoff kept in status: a restart or an unrelated event does not retry early. A spec change retries at once.
        if let attempts = run.old.failedAttempts, attempts > 0, let due = run.old.nextAttemptTime, now < due.date,
            run.old.observedGeneration == run.generation
        {
            run.log("token needed but backing off", ["reason": .string(need), "until": .string(due.description)])
            return keepExisting(current, contents: contents, spec: spec, gateway: gateway, world: world, retryAt: due.date, run: &run)
        }

        // A token issued earlier whose Secret write failed is written before another is requested: Runbeam Cloud
        // cannot revoke tokens, so each one it issues must end up stored.
        if let pending = world.pendingToken {
            if pending.isUsable(for: spec, policy: renewalPolicy, now: now) {
                return write(
                    pending, reused: true, because: need, gateway: gateway, spec: spec, world: world, contents: contents, run: &run)
            }
            run.discardsPendingToken = true
            run.log("dropping a token whose write failed: it is no longer usable for this Gateway", ["issuedAt": .string(RFC3339.seconds(pending.payload.issuedAt))])
        }

        let credential: Credential
        switch world.credential {
        case .found(let found):
            credential = found
        case .secretMissing, .keyMissing:
            let reference = spec.credentials
            let message =
                world.credential == .secretMissing
                ? "credentials Secret \(reference.name) not found in namespace \(gateway.metadata.namespace); create it with the Runbeam API token under key \(reference.key)"
                : "credentials Secret \(reference.name) has no value under key \(reference.key)"
            let retryAt = run.fail(reason: "CredentialsMissing", message: message, backoff: backoff, retryAfter: nil, validToken: validToken)
            run.events.append(GatewayEvent(.warning, "CredentialsMissing", message))
            run.log("token needed but credentials missing", ["reason": .string(need)])
            return keepExisting(current, contents: contents, spec: spec, gateway: gateway, world: world, retryAt: retryAt, run: &run)
        }

        if let rateLimiter {
            do {
                try await rateLimiter.acquire()
            } catch {
                run.log("cancelled while waiting for the Runbeam rate limit")
                return run.result(nextReconcile: now)
            }
        }
        run.log("requesting token", ["reason": .string(need)])
        let token: IssuedToken
        do throws(TokenIssueError) {
            token = try await issuer.issue(gatewayCode: spec.gatewayCode, apiURL: spec.apiURL, credential: credential)
            guard token.expiresAt > now.addingTimeInterval(1) else {
                throw .malformed(message: "the token expires at \(RFC3339.seconds(token.expiresAt)), which is not in the future")
            }
        } catch {
            let rejected = error.isCredentialRejection
            let reason = rejected ? "CredentialsRejected" : "TokenRequestFailed"
            let retryAt = run.fail(
                reason: reason, message: error.description, backoff: rejected ? rejectedCredentialsBackoff : backoff,
                retryAfter: error.retryAfter, validToken: validToken, at: requestClock?.now())
            run.events.append(GatewayEvent(.warning, "TokenRequestFailed", error.description))
            run.log("token request failed", ["reason": .string(reason), "retryAt": .string(RFC3339.seconds(retryAt))], level: .warning)
            return keepExisting(current, contents: contents, spec: spec, gateway: gateway, world: world, retryAt: retryAt, run: &run)
        }

        let kept = spec.rotation == .never ? contents?.identity : nil
        let payload = MachineTokenPayload(
            machineToken: MachineToken(token.machineToken), expiresAt: token.expiresAt, gatewayID: token.gatewayID, gatewayCode: spec.gatewayCode,
            abilities: token.abilities, issuedAt: now)
        let pending = PendingToken(payload: payload, identity: kept ?? makeIdentity(), apiURL: spec.apiURL, obtainedAt: RFC3339.truncatedToMilliseconds(now))
        return write(pending, reused: false, because: need, gateway: gateway, spec: spec, world: world, contents: contents, run: &run)
    }

    /// Writes `pending` (just issued, or `reused` after a failed write) to the Secret, records it in status and rolls.
    private func write(
        _ pending: PendingToken, reused: Bool, because need: String, gateway: Gateway, spec: ResolvedGatewaySpec, world: ReconcileWorld,
        contents: SecretContents?, run: inout ReconcileRun
    ) -> ReconcileResult {
        let now = world.now
        let payload = pending.payload
        let identity = pending.identity
        let kept = contents?.identity.map { $0 == identity } ?? false
        let issuedAt = pending.obtainedAt
        run.pendingToken = pending
        let rendered = SecretRenderer.render(
            gateway: gateway, spec: spec, payload: payload, identity: identity, issuedAt: issuedAt,
            resourceVersion: world.managedSecret?.resourceVersion)
        let write: SecretWrite
        if let existing = world.managedSecret {
            write = .update(Self.merge(rendered, over: existing))
        } else {
            write = .create(rendered)
        }
        let first = world.managedSecret == nil && run.old.issuedAt == nil
        run.clearFailures()
        run.status.lastRenewRequest = gateway.metadata.annotations?[OperatorLabels.renewRequestedAt]
        let renewalTime = record(
            secret: write.secret, payload: payload, identity: identity, spec: spec, gateway: gateway, scheduler: world.renewalScheduler ?? HashedSchedule(),
            run: &run)
        let verb = first ? "TokenIssued" : "TokenRenewed"
        var issuedMessage = "token issued at \(RFC3339.seconds(payload.issuedAt))"
        if let replaced = renewalPolicy.replacedRenewBefore(issuedAt: payload.issuedAt, expiresAt: payload.expiresAt, renewBefore: spec.renewBefore) {
            let note =
                "spec.renewal.renewBefore (\(GoDuration.largestWholeUnit(replaced.requested))) is not shorter than the token's lifetime "
                + "(\(GoDuration.largestWholeUnit(replaced.lifetime))): renewing with a third of the lifetime left instead, at \(RFC3339.seconds(renewalTime))"
            issuedMessage += "; " + note
            if run.old.condition(.issued)?.message.contains("spec.renewal.renewBefore") != true {
                run.events.append(GatewayEvent(.warning, "RenewBeforeTooLong", note + "; set a shorter renewBefore or use renewBeforePercentage"))
            }
        }
        run.status.setCondition(.issued, true, reason: "TokenIssued", message: issuedMessage, generation: run.generation, now: run.timestamp)
        let keyNote = kept ? "encryption key kept" : "new encryption key"
        let retryNote = reused ? "; written on retry after a failed write, no new token requested" : ""
        run.events.append(
            GatewayEvent(
                .normal, verb,
                "token for gateway \(spec.gatewayCode) written to Secret \(spec.secretName) (\(keyNote)); expires \(RFC3339.seconds(payload.expiresAt)), renews \(RFC3339.seconds(renewalTime))\(retryNote)"
            ))
        run.log(
            "token written", ["reason": .string(need), "event": .string(verb), "keyRotated": .stringConvertible(!kept), "reused": .stringConvertible(reused),
                              "expiresAt": .string(RFC3339.seconds(payload.expiresAt)), "renewalTime": .string(RFC3339.seconds(renewalTime))])
        let tokenEvent = run.events.count - 1
        let rollout = self.rollout(spec: spec, workloads: world.workloads, issuedAt: issuedAt, secretWritten: true, run: &run)
        Self.foldRestarts(rollout.restarts, into: tokenEvent, of: &run.events)
        return run.result(
            secretWrite: write, restarts: rollout.restarts, nextReconcile: next(renewalTime, expiresAt: payload.expiresAt, rollout: rollout, now: now))
    }

    /// After a failure or while backing off: leave the Secret alone, but keep status and rollouts level with it.
    func keepExisting(
        _ secret: ManagedSecret?, contents: SecretContents?, spec: ResolvedGatewaySpec, gateway: Gateway, world: ReconcileWorld, retryAt: Date,
        run: inout ReconcileRun
    ) -> ReconcileResult {
        guard let secret, let contents, let payload = contents.payload, let identity = contents.identity else {
            if let payload = contents?.payload, world.now >= payload.expiresAt {
                run.tokenExpired(payload, secretName: spec.secretName)
            }
            return run.result(nextReconcile: retryAt)
        }
        _ = record(secret: secret, payload: payload, identity: identity, spec: spec, gateway: gateway, run: &run)
        let issuedAt = contents.issuedAtAnnotation ?? payload.issuedAt
        let rollout = self.rollout(spec: spec, workloads: world.workloads, issuedAt: issuedAt, secretWritten: false, run: &run)
        return run.result(restarts: rollout.restarts, nextReconcile: next(retryAt, expiresAt: payload.expiresAt, rollout: rollout, now: world.now))
    }

    /// Records the Secret's facts in status and sets Ready; returns the renewal time. `scheduler` (for a token just
    /// written) picks it in the token's jitter window; otherwise the time recorded for this token is kept.
    private func record(
        secret: ManagedSecret, payload: MachineTokenPayload, identity: AgeIdentity, spec: ResolvedGatewaySpec, gateway: Gateway,
        scheduler: (any RenewalScheduler)? = nil, run: inout ReconcileRun
    ) -> Date {
        let renewalTime: Date
        if let scheduler {
            let window = renewalPolicy.window(issuedAt: payload.issuedAt, expiresAt: payload.expiresAt, renewBefore: spec.renewBefore)
            let preferred = renewalPolicy.renewalTime(
                issuedAt: payload.issuedAt, expiresAt: payload.expiresAt, renewBefore: spec.renewBefore, uid: gateway.metadata.uid)
            let chosen = scheduler.schedule(uid: gateway.metadata.uid, window: window, preferred: preferred)
            renewalTime = RFC3339.truncatedToSeconds(min(max(chosen, window.lowerBound), window.upperBound))
        } else {
            renewalTime = scheduledRenewal(payload: payload, spec: spec, gateway: gateway, tokenHash: TokenHash.of(secret.data), old: run.old)
        }
        run.status.gatewayID = payload.gatewayID
        run.status.secretName = secret.name
        run.status.recipient = identity.recipient.description
        run.status.issuedAt = Timestamp(payload.issuedAt)
        run.status.expiresAt = Timestamp(payload.expiresAt)
        run.status.renewalTime = Timestamp(renewalTime)
        run.status.tokenHash = TokenHash.of(secret.data)
        run.status.setCondition(
            .ready, true, reason: "TokenValid",
            message: "Secret \(secret.name) holds a token valid until \(RFC3339.seconds(payload.expiresAt)); renewal at \(RFC3339.seconds(renewalTime))",
            generation: run.generation, now: run.timestamp)
        return renewalTime
    }

    /// The renewal time of the token in the Secret: the one status recorded for this very token (same hash, inside
    /// the token's window), so a schedule picked at issuance holds; else the policy's hash-derived time.
    func scheduledRenewal(payload: MachineTokenPayload, spec: ResolvedGatewaySpec, gateway: Gateway, tokenHash: String, old: GatewayStatus) -> Date {
        let window = renewalPolicy.window(issuedAt: payload.issuedAt, expiresAt: payload.expiresAt, renewBefore: spec.renewBefore)
        if let recorded = old.renewalTime?.date, old.tokenHash == tokenHash,
           recorded >= RFC3339.truncatedToSeconds(window.lowerBound), recorded <= window.upperBound {
            return recorded
        }
        return renewalPolicy.renewalTime(issuedAt: payload.issuedAt, expiresAt: payload.expiresAt, renewBefore: spec.renewBefore, uid: gateway.metadata.uid)
    }

    private func next(_ time: Date, expiresAt: Date, rollout: RolloutOutcome, now: Date) -> Date {
        var next = min(time, expiresAt)
        if rollout.inProgress { next = min(next, now.addingTimeInterval(rolloutPollInterval)) }
        return next
    }

    /// `desired` with the labels, annotations and owner references others added to `existing` kept.
    ///
    /// Owner references keep their order when ours is already among them: a replace that reorders them changes
    /// `metadata.ownerReferences`, which `OwnerReferencesPermissionEnforcement` only allows with `delete` on Secrets
    /// (a grant the operator does not have).
    static func merge(_ desired: ManagedSecret, over existing: ManagedSecret) -> ManagedSecret {
        var merged = desired
        merged.labels = existing.labels.merging(desired.labels) { $1 }
        merged.annotations = existing.annotations.merging(desired.annotations) { $1 }
        if let ours = desired.ownerReferences.first, existing.ownerReferences.contains(where: { $0.uid == ours.uid }) {
            merged.ownerReferences = existing.ownerReferences.map { $0.uid == ours.uid ? ours : $0 }
        } else {
            merged.ownerReferences = desired.ownerReferences + existing.ownerReferences.filter { $0.uid != desired.ownerReferences.first?.uid }
        }
        merged.resourceVersion = existing.resourceVersion
        return merged
    }
}
