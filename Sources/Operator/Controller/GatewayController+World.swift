import FoundationEssentials
import GatewayAPI
import GatewayCore
import Kubernetes

extension GatewayController {
    /// The reconciler's view of `gateway`'s cluster: its Secret (from the cache, or one `get` on a miss so a foreign
    /// Secret of that name is seen), the credentials Secret (one `get`, shared for a few seconds by every Gateway
    /// that uses it: ``CredentialCache``), and the workloads it restarts.
    func world(for validated: ValidatedGateway, in set: NamespaceInformers) async throws -> (ReconcileWorld, Secret?) {
        let gateway = validated.gateway
        let namespace = gateway.metadata.namespace
        let now = clock.now()
        guard let spec = validated.resolved else {
            return (ReconcileWorld(managedSecret: nil, credential: .secretMissing, now: now), nil)
        }
        let secretKey = ObjectKey(namespace: namespace, name: spec.secretName)
        var secret = secretWrites.resolve(secretKey, cached: set.secrets.get(secretKey)?.object).map(Secret.init(object:))
        if secret == nil {
            secret = try await getIfPresent(Secret.self, namespace: namespace, name: spec.secretName)
        }
        let managed = secret.map(ManagedSecret.init)
        let credential: CredentialLookup
        if !reconciler.needsCredential(gateway, spec: spec, secret: managed, now: now) {
            // The reconciler reads the credential only on its way to a token request, so a steady-state reconcile
            // makes no request at all.
            credential = .secretMissing
        } else if let credentials = try await credentials.secret(
            ObjectKey(namespace: namespace, name: spec.credentials.name),
            read: { try await getIfPresent(Secret.self, namespace: namespace, name: spec.credentials.name) }
        ) {
            if let value = credentials.data[spec.credentials.key], !value.isEmpty {
                credential = .found(Credential(String(decoding: value, as: UTF8.self)))
            } else {
                credential = .keyMissing
            }
        } else {
            credential = .secretMissing
        }
        let world = ReconcileWorld(
            managedSecret: managed, credential: credential, workloads: workloads(for: spec, namespace: namespace, in: set),
            now: now, renewalScheduler: renewals, pendingToken: pendingTokens.token(for: gateway.metadata.uid))
        return (world, secret)
    }

    private func workloads(for spec: ResolvedGatewaySpec, namespace: String, in set: NamespaceInformers) -> [WorkloadState] {
        switch spec.rollout {
        case .none:
            return []
        case .targets(let targets):
            return targets.compactMap { workload(kind: $0.kind, namespace: namespace, name: $0.name, in: set) }
        case .selector(let selector):
            let candidates: [(WorkloadKind, String, [String: String])] =
                set.deployments.list(namespace: namespace).map { (.deployment, $0.metadata.name ?? "", $0.metadata.labels) }
                + set.statefulSets.list(namespace: namespace).map { (.statefulSet, $0.metadata.name ?? "", $0.metadata.labels) }
                + set.daemonSets.list(namespace: namespace).map { (.daemonSet, $0.metadata.name ?? "", $0.metadata.labels) }
            return candidates.filter { selector.matches($0.2) }.compactMap { workload(kind: $0.0, namespace: namespace, name: $0.1, in: set) }
        }
    }

    private func workload(kind: WorkloadKind, namespace: String, name: String, in set: NamespaceInformers) -> WorkloadState? {
        let key = WorkloadKey(kind: kind, namespace: namespace, name: name)
        guard let object = workloadWrites.resolve(key, cached: cachedWorkload(key, in: set)) else { return nil }
        switch kind {
        case .deployment: return WorkloadState(Deployment(object: object))
        case .statefulSet: return WorkloadState(StatefulSet(object: object))
        case .daemonSet: return WorkloadState(DaemonSet(object: object))
        }
    }

    /// The informer's copy of a workload.
    func cachedWorkload(_ key: WorkloadKey, in set: NamespaceInformers) -> KubernetesObject? {
        switch key.kind {
        case .deployment: set.deployments.get(namespace: key.namespace, name: key.name)?.object
        case .statefulSet: set.statefulSets.get(namespace: key.namespace, name: key.name)?.object
        case .daemonSet: set.daemonSets.get(namespace: key.namespace, name: key.name)?.object
        }
    }

    private func getIfPresent<R: KubernetesResource>(_ type: R.Type, namespace: String, name: String) async throws -> R? {
        do {
            return try await client.get(type, namespace: namespace, name: name)
        } catch KubernetesError.notFound {
            return nil
        }
    }
}
