import Basics
import FoundationEssentials
import GatewayAPI
import JSON
import Kubernetes

/// Reads one Gateway, its Secret, its rollout workloads and its Events from the cluster into a
/// ``GatewayStatusReport``. Only reads: `get` on the Gateway, Secret and target workloads, `list` on workloads (for a
/// selector) and Events.
public struct GatewayStatusReader: Sendable {
    private let client: KubernetesClient
    /// How many Events the report keeps (the newest).
    public var eventLimit: Int

    public init(client: KubernetesClient, eventLimit: Int = 10) {
        self.client = client
        self.eventLimit = eventLimit
    }

    /// The report for Gateway `namespace/name`.
    public func report(namespace: String, name: String) async throws(StatusCommandError) -> GatewayStatusReport {
        let object = try await GatewayLookup(client: client).gateway(namespace: namespace, name: name)
        let status = GatewayResource.status(of: object)
        let decoded = GatewayResource.decode(object)
        let spec = (try? decoded.get()).map { Self.summary($0.spec, name: name, status: status) }
            ?? GatewayStatusReport.Spec(
                gatewayCode: name, apiURL: nil, credentialsSecret: "", credentialsKey: "", secretName: status.secretName ?? "\(name)-runbeam",
                renewal: nil, rollout: [], suspended: false)
        let secret = await secretState(namespace: namespace, name: spec.secretName, gatewayUID: object.metadata.uid)
        var workloads: [GatewayStatusReport.Workload] = []
        var specProblem: String?
        switch decoded {
        case .success(let gateway): workloads = await self.workloads(gateway.spec.rollout, namespace: namespace, secretName: spec.secretName)
        case .failure(let error): specProblem = error.message
        }
        let events = await events(namespace: namespace, name: name, uid: object.metadata.uid)
        return GatewayStatusReport(
            namespace: namespace, name: name, spec: spec,
            specProblem: specProblem,
            conditions: status.conditions.map {
                GatewayStatusReport.Condition(
                    type: $0.type, status: $0.status, reason: $0.reason, message: $0.message, lastTransitionTime: RFC3339.seconds($0.lastTransitionTime.date))
            },
            secret: secret,
            expiresAt: status.expiresAt.map { RFC3339.seconds($0.date) },
            nextRenewal: status.renewalTime.map { RFC3339.seconds($0.date) },
            failedAttempts: status.failedAttempts ?? 0,
            lastFailureMessage: status.lastFailureMessage,
            nextAttemptTime: status.nextAttemptTime.map { RFC3339.seconds($0.date) },
            workloads: workloads,
            lastRollout: status.lastRolloutTime.map { RFC3339.seconds($0.date) },
            events: events)
    }

    /// The spec in short; what the spec leaves out is shown as the defaults the Gateway alone determines.
    static func summary(_ spec: GatewaySpec, name: String, status: GatewayStatus) -> GatewayStatusReport.Spec {
        var rollout: [String] = []
        if let targets = spec.rollout?.targets { rollout = targets.map { "\($0.kind.rawValue)/\($0.name)" } }
        if let labels = spec.rollout?.selector?.matchLabels {
            rollout = ["selector " + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")]
        }
        let renewal = spec.renewal?.renewBefore.map { "renewBefore \($0.text)" }
            ?? spec.renewal?.renewBeforePercentage.map { "renewBeforePercentage \($0)" }
        return GatewayStatusReport.Spec(
            gatewayCode: spec.gatewayCode ?? name, apiURL: spec.cloud.apiURL,
            credentialsSecret: spec.cloud.credentialsSecretRef.name, credentialsKey: spec.cloud.credentialsSecretRef.key,
            secretName: spec.secret?.name ?? status.secretName ?? "\(name)-runbeam",
            renewal: renewal, rollout: rollout, suspended: spec.suspend ?? false)
    }

    private func secretState(namespace: String, name: String, gatewayUID: String?) async -> GatewayStatusReport.SecretState {
        var state = GatewayStatusReport.SecretState(name: name, exists: false, keys: [], ownedByGateway: false)
        do {
            let secret = try await client.get(.secret, namespace: namespace, name: name)
            let annotations = secret.metadata.annotations
            state.exists = true
            state.keys = (secret["data"]?.objectValue ?? [:]).keys.sorted()
            state.recipient = annotations[OperatorLabels.recipient]
            state.expiresAt = annotations[OperatorLabels.expiresAt]
            state.issuedAt = annotations[OperatorLabels.issuedAt]
            state.ownedByGateway = gatewayUID != nil && secret.metadata.ownerReferences.contains { $0.uid == gatewayUID }
        } catch let error as KubernetesError where error.code == 404 {
        } catch {
            state.readError = StatusCommandError.from(error, verb: "get", resource: "secrets").description
        }
        return state
    }

    private func workloads(_ rollout: RolloutSpec?, namespace: String, secretName: String) async -> [GatewayStatusReport.Workload] {
        var found: [GatewayStatusReport.Workload] = []
        if let targets = rollout?.targets {
            for target in targets {
                let object = try? await client.get(target.kind.resourceType, namespace: namespace, name: target.name)
                found.append(Self.workload(kind: target.kind, name: target.name, object: object, secretName: secretName))
            }
        } else if let labels = rollout?.selector?.matchLabels, !labels.isEmpty {
            let selector = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            for kind in WorkloadKind.allCases.sorted() {
                let items = (try? await client.list(kind.resourceType, namespace: namespace, options: ListOptions(labelSelector: selector)).items) ?? []
                for object in items.sorted(by: { ($0.metadata.name ?? "") < ($1.metadata.name ?? "") }) {
                    found.append(Self.workload(kind: kind, name: object.metadata.name ?? "", object: object, secretName: secretName))
                }
            }
        }
        return found
    }

    static func workload(kind: WorkloadKind, name: String, object: KubernetesObject?, secretName: String) -> GatewayStatusReport.Workload {
        let template = PodTemplate(object?["spec", "template"] ?? .emptyObject)
        return GatewayStatusReport.Workload(
            kind: kind.rawValue, name: name, exists: object != nil,
            readsSecret: template.referencedSecretNames.contains(secretName),
            restartedAt: template.annotations[OperatorLabels.restartedAt])
    }

    private func events(namespace: String, name: String, uid: String?) async -> [GatewayStatusReport.EventLine] {
        let options = ListOptions(fieldSelector: "regarding.name=\(name)")
        guard let items = try? await client.list(Event.self, namespace: namespace, options: options).items else { return [] }
        let lines = items
            .filter { $0.regarding?.kind == Gateway.kind && $0.regarding?.name == name && (uid == nil || $0.regarding?.uid == uid) }
            .map { event -> (Date, GatewayStatusReport.EventLine) in
                let time = event.seriesLastObservedTime ?? event.eventTime ?? event.metadata.creationTimestamp ?? .distantPast
                return (time, GatewayStatusReport.EventLine(
                    time: time == .distantPast ? nil : RFC3339.seconds(time), type: event.type?.rawValue ?? "", reason: event.reason ?? "",
                    note: event.note ?? "", count: event.seriesCount ?? 1))
            }
            .sorted { $0.0 < $1.0 }
        return lines.suffix(eventLimit).map(\.1)
    }
}
