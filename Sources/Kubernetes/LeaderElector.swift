import Basics
import FoundationEssentials
import JSON
import Logging

/// Leader election on a coordination.k8s.io/v1 Lease, by optimistic concurrency on its
/// resourceVersion (as client-go does).
///
/// A candidate takes the lease when it is free, released, or not renewed for `leaseDuration`
/// (measured on the local clock from when the candidate last saw it change, so clock skew between
/// hosts does not matter). The leader renews every `retryPeriod` and steps down at once when it
/// could not renew for `renewDeadline`. On cancellation a leader releases the lease (unless
/// `releaseOnCancel` is off) so that a standby takes over at its next try.
public final class LeaderElector: Sendable {
    public struct Configuration: Sendable {
        public var namespace: String
        public var leaseName: String
        /// This candidate's unique identity (pod name, or host plus a random suffix).
        public var identity: String
        public var leaseDuration: Duration
        public var renewDeadline: Duration
        public var retryPeriod: Duration
        public var releaseOnCancel: Bool

        public init(
            namespace: String, leaseName: String = "runbeam-operator", identity: String, leaseDuration: Duration = .seconds(15),
            renewDeadline: Duration = .seconds(10), retryPeriod: Duration = .seconds(2), releaseOnCancel: Bool = true
        ) {
            self.namespace = namespace
            self.leaseName = leaseName
            self.identity = identity
            self.leaseDuration = leaseDuration
            self.renewDeadline = renewDeadline
            self.retryPeriod = retryPeriod
            self.releaseOnCancel = releaseOnCancel
        }
    }

    private struct Observed {
        var lease: Lease?
        var at: ContinuousClock.Instant
    }

    public let configuration: Configuration
    private let client: KubernetesClient
    private let logger: Logger
    private let now: @Sendable () -> Date
    private let leading = Locked(false)
    private let observed = Locked<Observed?>(nil)
    private let failure = Locked<(last: LeaseFailure, warnedAt: ContinuousClock.Instant)?>(nil)
    private let onFailure: @Sendable (LeaseFailure) -> Void

    /// `now` stamps `acquireTime`/`renewTime`; expiry is judged on the monotonic clock. `onFailure` hears of every
    /// failed attempt (for a metric).
    public init(
        client: KubernetesClient, configuration: Configuration, now: @escaping @Sendable () -> Date = { Date() },
        onFailure: @escaping @Sendable (LeaseFailure) -> Void = { _ in }, logger: Logger = Logger(label: "runbeam.leader-election")
    ) {
        self.client = client
        self.configuration = configuration
        self.now = now
        self.onFailure = onFailure
        var logger = logger
        logger[metadataKey: "lease"] = "\(configuration.namespace)/\(configuration.leaseName)"
        logger[metadataKey: "identity"] = "\(configuration.identity)"
        self.logger = logger
    }

    /// Whether this candidate currently holds the lease.
    public var isLeader: Bool { leading.withLock { $0 } }

    /// Why the last attempt on the Lease failed; nil once an attempt succeeds or sees another holder.
    public var lastFailure: LeaseFailure? { failure.withLock { $0?.last } }

    /// How often a failure that needs action is logged again while it lasts.
    static let warningInterval: Duration = .seconds(60)

    /// Campaigns until the calling task is cancelled. `onStartedLeading` runs each time leadership is
    /// won and `onStoppedLeading` each time it is lost or given up (including on cancellation);
    /// after losing it the elector campaigns again.
    public func run(onStartedLeading: @escaping @Sendable () -> Void, onStoppedLeading: @escaping @Sendable () -> Void) async {
        while !Task.isCancelled {
            guard await acquire() else { break }
            leading.withLock { $0 = true }
            logger.info("became leader")
            onStartedLeading()
            await renewUntilLost()
            leading.withLock { $0 = false }
            if Task.isCancelled {
                // The campaign's task is cancelled; release from a fresh task so the request is not.
                if configuration.releaseOnCancel { await Task { await self.release() }.value }
                logger.info("stopped leading (shutdown)")
                onStoppedLeading()
                return
            }
            logger.warning("lost leadership: the lease could not be renewed within the renew deadline")
            onStoppedLeading()
        }
    }

    /// Tries every `retryPeriod` until the lease is ours; false when cancelled first.
    private func acquire() async -> Bool {
        while !Task.isCancelled {
            if await tryAcquireOrRenew() == .held { return true }
            do { try await Task.sleep(for: configuration.retryPeriod) } catch { return false }
        }
        return false
    }

    private func renewUntilLost() async {
        var lastRenew = ContinuousClock.now
        while !Task.isCancelled {
            do { try await Task.sleep(for: configuration.retryPeriod) } catch { return }
            switch await tryAcquireOrRenew() {
            case .held:
                lastRenew = .now
            case .heldByOther:
                return
            case .failed:
                // Step down now if the next attempt would come after the deadline.
                if lastRenew.duration(to: .now) + configuration.retryPeriod > configuration.renewDeadline { return }
            }
        }
    }

    private enum Attempt {
        case held, heldByOther, failed
    }

    /// One attempt to take or renew the lease.
    private func tryAcquireOrRenew() async -> Attempt {
        let stamp = now()
        let seconds = Int(configuration.leaseDuration.components.seconds) + (configuration.leaseDuration.components.attoseconds > 0 ? 1 : 0)
        do {
            let current: Lease
            do {
                current = try await client.get(Lease.self, namespace: configuration.namespace, name: configuration.leaseName)
            } catch KubernetesError.notFound {
                var lease = Lease(name: configuration.leaseName, namespace: configuration.namespace)
                lease.holderIdentity = configuration.identity
                lease.leaseDurationSeconds = seconds
                lease.acquireTime = stamp
                lease.renewTime = stamp
                lease.leaseTransitions = 0
                let created = try await client.create(lease)
                remember(created)
                return .held
            }
            remember(current)
            let mine = current.holderIdentity == configuration.identity
            if !mine, let holder = current.holderIdentity, !expired() {
                logger.trace("lease held by another candidate", metadata: ["holder": "\(holder)"])
                return .heldByOther
            }
            if !mine, !isLeader {
                logger.info("lease is free or expired; trying to take it", metadata: ["previousHolder": "\(current.holderIdentity ?? "")"])
            }
            var lease = current
            if !mine {
                lease.holderIdentity = configuration.identity
                lease.acquireTime = stamp
                lease.leaseTransitions = current.leaseTransitions + (current.holderIdentity == nil ? 0 : 1)
            } else if !isLeader {
                // A restart of the same identity takes over its own lease.
                lease.acquireTime = lease.acquireTime ?? stamp
            }
            lease.leaseDurationSeconds = seconds
            lease.renewTime = stamp
            let updated = try await client.replace(lease)
            remember(updated)
            return .held
        } catch {
            failed(error)
            return .failed
        }
    }

    /// Records a failed attempt: a warning naming the namespace and the fix when only a person can heal it (first
    /// time, when it changes, then once per ``warningInterval``); debug otherwise.
    private func failed(_ error: any Error) {
        let kubernetesError = error as? KubernetesError
        let leaseFailure = LeaseFailure(
            namespace: configuration.namespace, leaseName: configuration.leaseName, code: kubernetesError?.code,
            message: kubernetesError?.message ?? "\(error)")
        onFailure(leaseFailure)
        let warn = failure.withLock { state -> Bool in
            let due = state.map { $0.last != leaseFailure || $0.warnedAt.duration(to: .now) >= Self.warningInterval } ?? true
            if due && leaseFailure.needsAction {
                state = (leaseFailure, .now)
                return true
            }
            state = (leaseFailure, state?.warnedAt ?? .now - Self.warningInterval)
            return false
        }
        if warn {
            logger.warning("\(leaseFailure.description)", metadata: ["namespace": "\(configuration.namespace)", "code": "\(leaseFailure.code.map(String.init) ?? "none")"])
        } else {
            logger.debug("lease attempt failed", metadata: ["error": "\(error)"])
        }
    }

    /// Gives the lease up: empty holder, so that a standby takes it at its next try. A renewal cancelled in flight may
    /// have been committed without this candidate seeing the answer; the release then conflicts, and is tried once more
    /// on the Lease read again, if this candidate still holds it.
    private func release() async {
        guard var lease = observed.withLock({ $0?.lease }), lease.holderIdentity == configuration.identity else { return }
        for attempt in 1...2 {
            var released = lease
            released.holderIdentity = nil
            released.leaseDurationSeconds = 1
            released.renewTime = now()
            do {
                _ = try await client.replace(released)
                logger.info("released the lease")
                return
            } catch KubernetesError.conflict where attempt == 1 {
                guard let current = try? await client.get(Lease.self, namespace: configuration.namespace, name: configuration.leaseName),
                      current.holderIdentity == configuration.identity
                else { return }
                lease = current
            } catch {
                logger.warning("could not release the lease; it expires after the lease duration", metadata: ["error": "\(error)"])
                return
            }
        }
    }

    /// Records what we saw; the expiry clock restarts whenever the lease record changes. A Lease read or written means
    /// the last failure is over.
    private func remember(_ lease: Lease) {
        failure.withLock { $0 = nil }
        observed.withLock { observed in
            let changed = observed?.lease?.holderIdentity != lease.holderIdentity
                || observed?.lease?.object["spec", "renewTime"] != lease.object["spec", "renewTime"]
            if observed == nil || changed {
                observed = Observed(lease: lease, at: .now)
            } else {
                observed?.lease = lease
            }
        }
    }

    private func expired() -> Bool {
        guard let observed = observed.withLock({ $0 }) else { return true }
        let duration = observed.lease?.leaseDurationSeconds.map { Duration.seconds($0) } ?? configuration.leaseDuration
        return observed.at.duration(to: .now) >= duration
    }
}
