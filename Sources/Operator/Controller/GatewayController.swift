import Basics
import FoundationEssentials
import GatewayAPI
import GatewayCore
import Kubernetes
import Logging

/// The Gateway controller: informers over Gateways, managed Secrets and workloads, a work queue with N workers, the
/// reconciler and the executor.
///
/// ```swift
/// let controller = GatewayController(client: client, configuration: configuration, issuer: issuer, events: recorder)
/// let running = Task { await controller.run() }   // call run() once
/// running.cancel()                                   // stops informers and workers
/// ```
public final class GatewayController: Sendable {
    /// A workload in a namespace.
    struct WorkloadKey: Hashable, Sendable {
        var kind: WorkloadKind
        var namespace: String
        var name: String
    }

    /// What a Gateway restarts, kept so workload events find their Gateways without decoding every Gateway.
    struct RolloutInterest: Sendable {
        var targets: Set<String>
        var selector: LabelSelector?

        func wants(kind: WorkloadKind, name: String, labels: [String: String]) -> Bool {
            targets.contains("\(kind.rawValue)/\(name)") || (selector?.matches(labels) ?? false)
        }
    }

    /// The lists and watches of the informers and the gets and writes of a reconcile (`KubernetesClient`, or a fake).
    let client: any KubernetesCalls & ListWatchCalls
    let issuer: any TokenIssuer
    let reconciler: GatewayReconciler
    private let executor: ReconcileExecutor
    let clock: any WallClock
    private let workers: Int
    /// Whether this replica leads, and the workers of the current term.
    private let leadership: Locked<Leadership>
    private let logger: Logger
    private let informers: [String: NamespaceInformers]
    private let queue = WorkQueue<ObjectKey>()
    /// Keys from informer handlers on their way to ``queue``.
    private let enqueued = AsyncStream<ObjectKey>.makeStream()
    private let gatewayWrites = WriteExpectations<ObjectKey>()
    let secretWrites = WriteExpectations<ObjectKey>()
    let workloadWrites = WriteExpectations<WorkloadKey>()
    private let interests = Locked<[ObjectKey: RolloutInterest]>([:])
    private let tally = ConditionTally()
    let credentials = CredentialCache()
    let renewals = RenewalCalendar()
    /// Tokens issued whose Secret write has not succeeded yet.
    let pendingTokens = PendingTokens()
    private let metrics: OperatorMetrics?

    /// - Parameters:
    ///   - configuration: `watchNamespaces`, `workers`, the renewal and Runbeam rate settings.
    ///   - issuer: where tokens come from (``RunbeamTokenIssuer`` in production).
    ///   - events: records Events on Gateways; nil records none.
    ///   - reconciler: defaults to one made from `configuration` with a token bucket of `runbeam.requestsPerSecond`/`burst`.
    ///   - leading: whether workers run as soon as the caches sync; false waits for ``startLeading()`` (a replica
    ///     that must win the leader Lease first).
    ///   - dryRun: reconcile and log every write it would make, writing nothing (``ReconcileExecutor/dryRun``).
    public init(
        client: any KubernetesCalls & ListWatchCalls, configuration: OperatorConfiguration, issuer: any TokenIssuer, events: EventRecorder?,
        reconciler: GatewayReconciler? = nil, clock: any WallClock = SystemClock(), leading: Bool = true,
        metrics: OperatorMetrics? = nil, dryRun: Bool = false,
        logger: Logger = Logger(label: "runbeam.operator.controller")
    ) {
        self.client = client
        self.metrics = metrics
        self.issuer = issuer
        self.clock = clock
        self.workers = max(1, configuration.workers)
        self.leadership = Locked(Leadership(leading: leading))
        self.logger = logger
        var reconciler =
            reconciler
            ?? GatewayReconciler(
                configuration: configuration,
                rateLimiter: TokenBucket(rate: configuration.runbeam.requestsPerSecond, burst: configuration.runbeam.burst, clock: clock),
                logger: logger)
        if reconciler.requestClock == nil { reconciler.requestClock = clock }
        self.reconciler = reconciler
        self.executor = ReconcileExecutor(client: client, events: events, dryRun: dryRun, logger: logger)
        let namespaces: [String?] = configuration.watchNamespaces.isEmpty ? [nil] : configuration.watchNamespaces
        var informers: [String: NamespaceInformers] = [:]
        for namespace in namespaces {
            informers[namespace ?? ""] = NamespaceInformers(client: client, namespace: namespace)
        }
        self.informers = informers
    }

    /// Starts the informers, waits for their first lists, then reconciles with `workers` workers while leading, until
    /// cancelled. The informers run whether or not this replica leads, so a standby that wins the Lease starts from
    /// warm caches.
    public func run() async {
        let sets = Array(informers.values)
        sets.forEach(installHandlers)
        await withTaskGroup(of: Void.self) { group in
            for set in sets {
                for run in set.runners { group.addTask { await run() } }
            }
            // Informer events reach the queue through one stream, in order, instead of a task per event.
            group.addTask {
                for await key in self.enqueued.stream { await self.queue.add(key) }
            }
            await waitUntilSynced()
            if !Task.isCancelled {
                logger.info("caches synced", metadata: ["gateways": "\(sets.map(\.gateways.count).reduce(0, +))"])
                leadership.withLock { state in
                    state.synced = true
                    if state.leading { state.startTerm { await self.lead() } }
                }
                // Sleeps until cancelled: the informers and the pump run in the group meanwhile.
                while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
            }
            // Workers first, so no reconcile outlives the informers it reads.
            let lastTerm = leadership.withLock { state -> Task<Void, Never>? in
                state.synced = false
                return state.endTerm()
            }
            await lastTerm?.value
            enqueued.continuation.finish()
            await queue.shutDown()
            group.cancelAll()
        }
        logger.info("controller stopped")
    }

    /// Starts reconciling (on winning the leader Lease): once the caches have synced, every cached Gateway is queued
    /// and `workers` workers take keys until ``stopLeading()``.
    public func startLeading() {
        leadership.withLock { state in
            guard !state.leading else { return }
            state.leading = true
            if state.synced { state.startTerm { await self.lead() } }
        }
    }

    /// Stops reconciling at once (on losing the Lease): workers take no more keys and in-flight reconciles are
    /// cancelled at their next request, except that a token already issued is still written (the writes carry
    /// resourceVersion preconditions, so they cannot clobber a newer leader's). Queued keys are kept for the next term.
    /// Returns the ending term, to await if the caller must know it is over.
    @discardableResult
    public func stopLeading() -> Task<Void, Never>? {
        leadership.withLock { state -> Task<Void, Never>? in
            guard state.leading else { return state.ending }
            state.leading = false
            return state.endTerm()
        }
    }

    /// Stops reconciling gracefully: workers take no more keys, in-flight reconciles get up to `grace` to finish
    /// (so their last status writes and Events land), then the rest are cancelled as by ``stopLeading()``.
    public func drain(grace: Duration) async {
        await queue.pause()
        if let term = leadership.withLock({ $0.term }) {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await term.value }
                group.addTask { try? await Task.sleep(for: grace) }
                await group.next()
                group.cancelAll()
            }
        }
        await stopLeading()?.value
    }

    /// Whether workers run (or will once the caches sync).
    public var isLeading: Bool { leadership.withLock(\.leading) }

    /// Returns once every informer has applied its first list (or stopped).
    public func waitUntilSynced() async {
        for set in informers.values { await set.waitUntilSynced() }
    }

    /// Whether every informer has applied its first list.
    public var hasSynced: Bool { informers.values.allSatisfy(\.hasSynced) }

    /// Queues every cached Gateway (after gaining leadership).
    func resync() async {
        for set in informers.values {
            for key in set.gateways.keys() { await queue.add(key) }
        }
    }

    /// Cached Gateways by condition, for `runbeam_operator_gateways{condition}`: `ready`, `not_ready`
    /// (Ready False or not yet set) and `suspended`.
    public func conditionCounts() -> [String: Int] { tally.counts }

    /// Keys waiting in the work queue.
    public var queueDepth: Int {
        get async { await queue.depth }
    }

    // MARK: - Events

    private func installHandlers(_ set: NamespaceInformers) {
        set.gateways.addHandler { [self] event in
            switch event {
            case .added(let object), .updated(let object):
                interests.withLock { $0[object.key] = Self.interest(of: object) }
                gatewayWrites.observed(object.key, object)
                tally.observe(object.key, object)
                renewals.observe(uid: object.metadata.uid ?? "", renewalTime: object["status", "renewalTime"]?.stringValue.flatMap(RFC3339.parse))
            case .deleted(let object):
                renewals.forget(uid: object.metadata.uid ?? "")
                pendingTokens.remove(for: object.metadata.uid ?? "")
                interests.withLock { _ = $0.removeValue(forKey: object.key) }
                gatewayWrites.forget(object.key)
                tally.forget(object.key)
            }
            enqueue(event.key)
        }
        set.secrets.addHandler { [self] event in
            let secret: Secret
            switch event {
            case .added(let new), .updated(let new):
                secret = new
                secretWrites.observed(new.key, new.object)
            case .deleted(let old):
                secret = old
                secretWrites.forget(old.key)
            }
            for owner in secret.metadata.ownerReferences where owner.kind == Gateway.kind && owner.controller == true {
                enqueue(ObjectKey(namespace: secret.metadata.namespace, name: owner.name))
            }
        }
        addWorkloadHandler(set.deployments)
        addWorkloadHandler(set.statefulSets)
        addWorkloadHandler(set.daemonSets)
    }

    private func addWorkloadHandler<W: Workload>(_ informer: Informer<W>) {
        guard let kind = WorkloadKind(resourceType: W.resourceType) else { return }
        informer.addHandler { [self] event in
            let workload: W
            switch event {
            case .added(let new), .updated(let new):
                workload = new
            case .deleted(let old):
                workload = old
            }
            let namespace = workload.metadata.namespace ?? ""
            let name = workload.metadata.name ?? ""
            let key = WorkloadKey(kind: kind, namespace: namespace, name: name)
            if case .deleted = event { workloadWrites.forget(key) } else { workloadWrites.observed(key, workload.object) }
            let labels = workload.metadata.labels
            let owners = interests.withLock { interests in
                interests.filter { $0.key.namespace == namespace && $0.value.wants(kind: kind, name: name, labels: labels) }.map(\.key)
            }
            owners.forEach(enqueue)
        }
    }

    /// Queues `key` synchronously, from an informer handler: ``run()`` moves it into the work queue.
    private func enqueue(_ key: ObjectKey) {
        enqueued.continuation.yield(key)
    }

    static func interest(of object: KubernetesObject) -> RolloutInterest {
        guard case .success(let gateway) = GatewayResource.decode(object), let rollout = gateway.spec.rollout else {
            return RolloutInterest(targets: [], selector: nil)
        }
        let targets = Set((rollout.targets ?? []).map { "\($0.kind.rawValue)/\($0.name)" })
        return RolloutInterest(targets: targets, selector: targets.isEmpty ? rollout.selector : nil)
    }

    // MARK: - Working

    /// One leadership term: every cached Gateway is queued, then `workers` workers run until the term ends.
    private func lead() async {
        guard !Task.isCancelled else { return }
        await queue.resume()
        logger.info("leading: starting workers", metadata: ["workers": "\(workers)"])
        await resync()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<workers {
                group.addTask { await self.work(index) }
            }
        }
        logger.info("workers stopped")
    }

    private func work(_ index: Int) async {
        while let key = await queue.next() {
            if Task.isCancelled {
                // Handed out as the term ended: kept for the next one.
                await queue.add(key)
            } else {
                await process(key)
            }
            await queue.done(key)
        }
    }

    private func process(_ key: ObjectKey) async {
        var logger = self.logger
        logger[metadataKey: "gateway"] = "\(key)"
        guard let set = informers[key.namespace ?? ""] ?? informers[""] else { return }
        guard let object = gatewayWrites.resolve(key, cached: set.gateways.get(key)) else {
            await queue.forget(key)
            metrics?.forget(namespace: key.namespace ?? "", gateway: key.name)
            logger.debug("Gateway gone; nothing to do")
            return
        }
        let started = ContinuousClock.now
        guard object.metadata.deletionTimestamp == nil else {
            logger.debug("Gateway being deleted; nothing to do")
            return
        }

        var result: ReconcileResult
        var existingSecret: Secret?
        var decided: (gateway: ValidatedGateway, world: ReconcileWorld)?
        switch GatewayResource.decode(object) {
        case .failure(let error):
            logger.warning("Gateway cannot be decoded", metadata: ["error": "\(error.message)"])
            result = GatewayResource.invalidSpecResult(object, error: error, now: clock.now())
        case .success(let gateway):
            do {
                let validated = reconciler.validate(gateway)
                let world: ReconcileWorld
                (world, existingSecret) = try await self.world(for: validated, in: set)
                result = await reconciler.reconcile(validated, world: world, issuer: issuer)
                decided = (validated, world)
            } catch {
                if Task.isCancelled {
                    await queue.add(key)
                    return
                }
                logger.warning("cannot read the Gateway's Secrets; retrying", metadata: ["error": "\(error)"])
                await queue.addRateLimited(key)
                return
            }
        }
        if Task.isCancelled, result.pendingToken == nil {
            // The term ended during the reconcile: what it decided may rest on a cut-short request; the next term
            // decides again.
            await queue.add(key)
            return
        }

        // The token is kept before the write is tried, and dropped only once the Secret holds it.
        let uid = object.metadata.uid ?? ""
        if result.discardsPendingToken { pendingTokens.remove(for: uid) }
        if let token = result.pendingToken { pendingTokens.keep(token, for: uid) }
        // A token issued is written even if the term ends meanwhile: the writes are not cancelled with it.
        let shielded = result.pendingToken != nil
        var execution = await perform(result, gateway: object, existingSecret: existingSecret, shielded: shielded)
        if let token = result.pendingToken, execution.secret != nil { pendingTokens.remove(for: uid, matching: token) }
        if case .secretWriteFailed(let failure) = execution.outcome, let decided {
            // Record the failure (status, Event) with the persisted backoff; the retry writes the kept token.
            result = reconciler.secretWriteFailed(failure, gateway: decided.gateway, world: decided.world)
            let recorded = await perform(result, gateway: object, existingSecret: existingSecret, shielded: shielded)
            execution.gateway = recorded.gateway
            execution.failures += recorded.failures
            execution.outcome = recorded.outcome
        }
        if let secret = execution.secret { secretWrites.wrote(secret.key, secret.object, cached: set.secrets.get(secret.key)?.object) }
        if let gateway = execution.gateway { gatewayWrites.wrote(key, gateway, cached: set.gateways.get(key)) }
        for workload in execution.workloads {
            guard let kind = workload.kind.flatMap(WorkloadKind.init(rawValue:)) else { continue }
            let workloadKey = WorkloadKey(kind: kind, namespace: workload.metadata.namespace ?? "", name: workload.metadata.name ?? "")
            workloadWrites.wrote(workloadKey, workload, cached: cachedWorkload(workloadKey, in: set))
        }
        record(execution, of: result, key: key, object: object, duration: ContinuousClock.now - started)
        switch execution.outcome {
        case .completed:
            await queue.forget(key)
            if let next = result.nextReconcile {
                let delay = max(0, next.timeIntervalSince(clock.now()))
                await queue.add(key, after: .milliseconds(Int64((delay * 1000).rounded(.up))))
            }
        case .conflict:
            await refresh(key, secretName: result.secretWrite?.secret.name, in: set)
            await queue.add(key)
        case .outdated:
            await queue.addRateLimited(key)
        case .failed where Task.isCancelled:
            await queue.add(key)
        case .failed(let message):
            logger.warning("reconcile failed; retrying with backoff", metadata: ["error": "\(message)"])
            await queue.addRateLimited(key)
        case .secretWriteFailed(let failure):
            // Only when the Gateway could not be decoded; otherwise the failure was recorded above.
            logger.warning("reconcile failed; retrying with backoff", metadata: ["error": "\(failure)"])
            await queue.addRateLimited(key)
        }
    }

    /// Performs `result`'s writes; `shielded`, in a task of their own that the end of the term does not cancel.
    private func perform(
        _ result: ReconcileResult, gateway: KubernetesObject, existingSecret: Secret?, shielded: Bool
    ) async -> ReconcileExecutor.Execution {
        guard shielded else { return await executor.perform(result, gateway: gateway, existingSecret: existingSecret) }
        return await Task { [executor] in await executor.perform(result, gateway: gateway, existingSecret: existingSecret) }.value
    }

    /// Feeds the reconcile's outcome, rollouts and token times to the metrics.
    private func record(_ execution: ReconcileExecutor.Execution, of result: ReconcileResult, key: ObjectKey, object: KubernetesObject, duration: Duration) {
        guard let metrics else { return }
        let outcome: String
        switch execution.outcome {
        case .completed: outcome = "success"
        case .conflict, .outdated: outcome = "conflict"
        case .failed, .secretWriteFailed: outcome = "error"
        }
        metrics.reconciled(result: outcome, duration: duration)
        for failure in execution.failures { metrics.kubeWriteFailed(resource: failure.resource, code: failure.metricCode) }
        for _ in execution.workloads { metrics.rollout(result: "triggered") }
        for _ in execution.workloads.count..<max(execution.workloads.count, result.restarts.count) { metrics.rollout(result: "failed") }
        let status = result.status ?? GatewayResource.status(of: execution.gateway ?? object)
        metrics.setToken(namespace: key.namespace ?? "", gateway: key.name, expiresAt: status.expiresAt?.date, renewsAt: status.renewalTime?.date)
    }

    /// After a lost race, reads the Gateway and its Secret again so the retry does not act on the same stale cache
    /// (which would ask Runbeam for another token each time).
    private func refresh(_ key: ObjectKey, secretName: String?, in set: NamespaceInformers) async {
        if let fresh = try? await client.get(.gateway, namespace: key.namespace, name: key.name) {
            gatewayWrites.wrote(key, fresh, cached: set.gateways.get(key))
        }
        if let secretName, let fresh = try? await client.get(Secret.self, namespace: key.namespace, name: secretName) {
            secretWrites.wrote(fresh.key, fresh.object, cached: set.secrets.get(fresh.key)?.object)
        }
    }
}
