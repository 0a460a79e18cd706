import Basics
import FoundationEssentials
import GatewayAPI
import GatewayCore
import Kubernetes
import Logging

/// Performs a ``ReconcileResult`` against the API server: the Secret in one create or replace, one merge patch per
/// restart, the status through `/status`, then the Events.
///
/// A 409 on the Secret or the status is not a failure: the caches were behind, so the Gateway is reconciled again
/// at once with fresh objects.
public struct ReconcileExecutor: Sendable {
    /// What came of performing a result.
    public enum Outcome: Sendable, Equatable {
        /// Everything was written.
        case completed
        /// A write lost an optimistic-concurrency race (409): reconcile again now.
        case conflict
        /// A restart was decided on a workload version the cache has since moved past (409): reconcile again after a
        /// short backoff, by when the cache has the newer version.
        case outdated
        /// A write failed; reconcile again after a backoff. The message names the object, never a value.
        case failed(String)
        /// The Secret write failed: nothing else was written. The controller records the failure in status
        /// (``GatewayReconciler/secretWriteFailed(_:gateway:world:)``) and keeps the token for the retry.
        case secretWriteFailed(KubeWriteFailure)
    }

    /// What was written, as the server returned it, so the caller can use it before its caches catch up.
    public struct Execution: Sendable {
        public var outcome: Outcome
        /// The Secret after its create or replace.
        public var secret: Secret?
        /// The restarted workloads after their patches.
        public var workloads: [KubernetesObject] = []
        /// The Gateway after its status write.
        public var gateway: KubernetesObject?
        /// Every write the server refused or never answered (409 races aside), for the failure metric.
        public var failures: [KubeWriteFailure] = []
    }

    /// The Event `action` of every Event the operator records.
    public static let eventAction = "Reconcile"

    private let client: any KubernetesCalls
    private let events: EventRecorder?
    private let logger: Logger
    /// When true, ``perform(_:gateway:existingSecret:)`` logs every write it would make and makes none.
    public let dryRun: Bool

    /// `events` nil records no Events; `dryRun` writes nothing at all and logs what it would write instead.
    public init(client: any KubernetesCalls, events: EventRecorder?, dryRun: Bool = false, logger: Logger = Logger(label: "runbeam.operator.executor")) {
        self.client = client
        self.events = events
        self.dryRun = dryRun
        self.logger = logger
    }

    /// Writes `result` for `gateway` (the object the reconcile read). `existingSecret` is the Secret as read, whose
    /// unknown fields a replace keeps.
    ///
    /// A failed write is never silent: a failed restart turns `RolloutComplete` False (reason `RolloutWriteFailed`) in
    /// the status written next, a failed status write records a `StatusWriteFailed` Warning Event (the status cannot
    /// say it), and each lands in ``Execution/failures``.
    public func perform(_ result: ReconcileResult, gateway: KubernetesObject, existingSecret: Secret?) async -> Execution {
        var logger = self.logger
        logger[metadataKey: "gateway"] = "\(gateway.metadata.namespace ?? "")/\(gateway.metadata.name ?? "")"
        let namespace = gateway.metadata.namespace
        var execution = Execution(outcome: .completed)
        if dryRun {
            logDryRun(result, logger: logger)
            return execution
        }

        if let write = result.secretWrite {
            do {
                switch write {
                case .create(let managed):
                    execution.secret = try await client.create(Secret(managed, over: nil))
                    logger.info("Secret created", metadata: ["secret": "\(managed.name)"])
                case .update(let managed):
                    execution.secret = try await client.replace(Secret(managed, over: existingSecret))
                    logger.info("Secret replaced", metadata: ["secret": "\(managed.name)"])
                }
            } catch let error as KubernetesError where error.code == 409 {
                logger.info("Secret changed meanwhile; reconciling again", metadata: ["secret": "\(write.secret.name)"])
                execution.outcome = .conflict
                return execution
            } catch where KubeWriteFailure.isCancellation(error) {
                logger.debug("Secret write cancelled", metadata: ["secret": "\(write.secret.name)"])
                execution.outcome = .failed("cancelled")
                return execution
            } catch {
                let failure = KubeWriteFailure(
                    error, verb: write.isCreate ? "create" : "update", resource: "secrets", namespace: namespace ?? "", name: write.secret.name)
                logger.warning("Secret write failed", metadata: ["secret": "\(write.secret.name)", "error": "\(failure)"])
                execution.failures.append(failure)
                execution.outcome = .secretWriteFailed(failure)
                return execution
            }
        }

        var failure: String?
        var outdated = false
        var status = result.status
        var events = result.events
        for restart in result.restarts {
            do {
                let patched = try await client.patch(restart.kind.resourceType, namespace: namespace, name: restart.name, .merge(restart.mergePatch), fieldManager: OperatorLabels.managerName)
                execution.workloads.append(patched)
                logger.info("workload restarted", metadata: ["kind": "\(restart.kind.rawValue)", "name": "\(restart.name)"])
            } catch let error as KubernetesError where error.code == 409 {
                // Decided on a version the cache has since moved past (maybe already restarted): decide again once the
                // cache has the newer one. No `get`: the operator's role may only list, watch and patch workloads.
                logger.info(
                    "workload changed since it was read; reconciling again once the cache has it",
                    metadata: ["kind": "\(restart.kind.rawValue)", "name": "\(restart.name)"])
                outdated = true
            } catch where KubeWriteFailure.isCancellation(error) {
                failure = failure ?? "cancelled"
            } catch {
                let written = KubeWriteFailure(
                    error, verb: "patch", resource: restart.kind.resourceType.plural, namespace: namespace ?? "", name: restart.name)
                logger.warning("workload restart failed", metadata: ["kind": "\(restart.kind.rawValue)", "name": "\(restart.name)", "error": "\(written)"])
                execution.failures.append(written)
                failure = failure ?? written.description
                var recorded = status ?? GatewayResource.status(of: gateway)
                recorded.setCondition(
                    .rolloutComplete, false, reason: "RolloutWriteFailed", message: written.description,
                    generation: gateway.metadata.generation.map(Int64.init), now: Timestamp(RFC3339.truncatedToSeconds(Date())))
                status = recorded
                events.removeAll { $0.reason == "RolloutTriggered" && $0.note.contains("\(restart.kind.rawValue) \(restart.name) ") }
                events.append(GatewayEvent(.warning, "RolloutWriteFailed", written.description))
            }
        }

        if let status {
            // After a Secret write the status must record its hash; after a failure it must record the backoff (a lost
            // race would otherwise retry at once, before a server's Retry-After): both are retried once on a conflict.
            let mustLand = result.secretWrite != nil || (status.nextAttemptTime != nil && status.nextAttemptTime != GatewayResource.status(of: gateway).nextAttemptTime)
            switch await writeStatus(status, gateway: gateway, retryOnConflict: mustLand, logger: logger) {
            case .success(let written):
                execution.gateway = written
            case .failure(let failed):
                let outcome = failed.outcome
                if outcome == .conflict {
                    await record(events, gateway: gateway)
                    execution.outcome = .conflict
                    return execution
                }
                if let written = failed.failure {
                    execution.failures.append(written)
                    // The status cannot say that the status write failed: the Event does.
                    events.append(GatewayEvent(.warning, "StatusWriteFailed", written.description))
                }
                if case .failed(let message) = outcome { failure = failure ?? message }
            }
        }

        await record(events, gateway: gateway)
        execution.outcome = failure.map(Outcome.failed) ?? (outdated ? .outdated : .completed)
        return execution
    }

    /// Replaces the status. With `retryOnConflict` a conflict is retried once on the fresh object: after a Secret write
    /// the status records the new Secret's hash (losing it would make the next reconcile mistake the new Secret for an
    /// outside edit), and after a failure it records the backoff.
    private func writeStatus(
        _ status: GatewayStatus, gateway: KubernetesObject, retryOnConflict: Bool, logger: Logger
    ) async -> Result<KubernetesObject?, StatusWriteFailure> {
        var object = gateway
        var retried = false
        while true {
            object["status"] = GatewayResource.encode(status)
            do {
                let written = try await client.replaceStatus(.gateway, object)
                logger.debug("status written")
                return .success(written)
            } catch let error as KubernetesError where error.code == 409 {
                guard retryOnConflict, !retried else {
                    logger.info("Gateway changed meanwhile; reconciling again")
                    return .failure(StatusWriteFailure(.conflict))
                }
                retried = true
                do {
                    object = try await client.get(.gateway, namespace: gateway.metadata.namespace, name: gateway.metadata.name ?? "")
                } catch {
                    logger.info("Gateway changed meanwhile and could not be read again; reconciling again", metadata: ["error": "\(error)"])
                    return .failure(StatusWriteFailure(.conflict))
                }
                guard object.metadata.uid == gateway.metadata.uid else { return .failure(StatusWriteFailure(.conflict)) }
            } catch let error as KubernetesError where error.code == 404 {
                logger.info("Gateway deleted meanwhile; status not written")
                return .success(nil)
            } catch where KubeWriteFailure.isCancellation(error) {
                logger.debug("status write cancelled")
                return .failure(StatusWriteFailure(.failed("cancelled")))
            } catch {
                let failure = KubeWriteFailure(
                    error, verb: "update", resource: "gateways/status", namespace: gateway.metadata.namespace ?? "", name: gateway.metadata.name ?? "")
                logger.warning("status write failed", metadata: ["error": "\(failure)"])
                return .failure(StatusWriteFailure(.failed(failure.description), failure: failure))
            }
        }
    }

    /// One `dry run: would …` line per write `result` asks for: object names, key names and conditions, never a value.
    private func logDryRun(_ result: ReconcileResult, logger: Logger) {
        if let write = result.secretWrite {
            logger.notice("dry run: would \(write.isCreate ? "create" : "replace") Secret", metadata: [
                "secret": "\(write.secret.name)", "keys": "\(write.secret.data.keys.sorted().joined(separator: ","))",
            ])
        }
        for restart in result.restarts {
            logger.notice("dry run: would restart workload", metadata: [
                "kind": "\(restart.kind.rawValue)", "name": "\(restart.name)", "restartedAt": "\(restart.restartedAt)",
            ])
        }
        if let status = result.status {
            let conditions = status.conditions.map { "\($0.type)=\($0.status) (\($0.reason))" }.joined(separator: ", ")
            logger.notice("dry run: would update status", metadata: ["conditions": "\(conditions)"])
        }
        for event in result.events {
            logger.notice("dry run: would record Event", metadata: ["reason": "\(event.reason)", "note": "\(event.note)"])
        }
        if result.secretWrite == nil, result.restarts.isEmpty, result.status == nil, result.events.isEmpty {
            logger.info("dry run: nothing to write")
        }
    }

    private func record(_ gatewayEvents: [GatewayEvent], gateway: KubernetesObject) async {
        guard let events, !gatewayEvents.isEmpty else { return }
        let regarding = ObjectReference(gateway, type: .gateway)
        for event in gatewayEvents {
            await events.record(
                regarding: regarding, type: event.type == .warning ? .warning : .normal, reason: event.reason, action: Self.eventAction,
                note: event.note)
        }
    }
}

/// A status write that did not complete.
private struct StatusWriteFailure: Error {
    var outcome: ReconcileExecutor.Outcome
    /// The refused or unanswered write (nil for a lost race).
    var failure: KubeWriteFailure?

    init(_ outcome: ReconcileExecutor.Outcome, failure: KubeWriteFailure? = nil) {
        self.outcome = outcome
        self.failure = failure
    }
}
