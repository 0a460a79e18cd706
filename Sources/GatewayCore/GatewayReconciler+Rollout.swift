import Basics
import FoundationEssentials
import GatewayAPI

/// What the rollout step decided.
struct RolloutOutcome {
    var restarts: [WorkloadRestart] = []
    /// Restarts were patched or targets are still rolling: look again soon.
    var inProgress = false
}

extension GatewayReconciler {
    /// Level-triggered rollout: restart each target whose effective restart time is before the Secret's issue time,
    /// then report `RolloutComplete` from the workloads' status.
    func rollout(spec: ResolvedGatewaySpec, workloads: [WorkloadState], issuedAt: Date, secretWritten: Bool, run: inout ReconcileRun) -> RolloutOutcome {
        var outcome = RolloutOutcome()
        var problems: [GatewayEvent] = []
        var waiting: [String] = []
        var notes: [GatewayEvent] = []
        let found: [WorkloadState]
        switch spec.rollout {
        case .none:
            run.status.setCondition(
                .rolloutComplete, true, reason: "NoTargets", message: "no rollout targets configured", generation: run.generation, now: run.timestamp)
            return outcome
        case .targets(let targets):
            var present: [WorkloadState] = []
            for target in targets {
                if let workload = workloads.first(where: { $0.kind == target.kind && $0.name == target.name }) {
                    present.append(workload)
                } else {
                    problems.append(
                        GatewayEvent(.warning, "RolloutFailed", "\(target.kind.rawValue) \(target.name) not found in namespace \(run.gateway.metadata.namespace)"))
                }
            }
            found = present
        case .selector(let selector):
            found = workloads.filter { selector.matches($0.labels) }.sorted { ($0.kind, $0.name) < ($1.kind, $1.name) }
            if found.isEmpty {
                problems.append(GatewayEvent(.warning, "RolloutFailed", "no Deployment, StatefulSet or DaemonSet matches spec.rollout.selector"))
            }
        }

        for workload in found {
            let label = "\(workload.kind.rawValue) \(workload.name)"
            if !workload.referencedSecrets.contains(spec.secretName) {
                problems.append(
                    GatewayEvent(
                        .warning, "SecretNotConsumed",
                        "\(label) does not reference Secret \(spec.secretName) (env secretKeyRef, envFrom or volume); it will not see the token"))
            }
            if workload.effectiveRestartTime < issuedAt {
                if workload.paused {
                    problems.append(GatewayEvent(.warning, "RolloutFailed", "\(label) is paused; resume it to start pods with the new token"))
                    continue
                }
                let restartedAt = RFC3339.milliseconds(max(run.now, issuedAt))
                outcome.restarts.append(
                    WorkloadRestart(kind: workload.kind, name: workload.name, restartedAt: restartedAt, resourceVersion: workload.resourceVersion))
                notes.append(GatewayEvent(.normal, "RolloutTriggered", "restarting \(label) for the token issued at \(RFC3339.milliseconds(issuedAt))"))
                waiting.append(label)
                run.log("restarting workload", ["kind": .string(workload.kind.rawValue), "name": .string(workload.name)])
            } else if !workload.isRolledOut {
                waiting.append(label)
            }
        }

        let oldMessage = run.old.condition(.rolloutComplete)?.message ?? ""
        for problem in problems where secretWritten || !outcome.restarts.isEmpty || !oldMessage.contains(problem.note) {
            run.events.append(problem)
            run.log("rollout warning", ["reason": .string(problem.reason)], level: .warning)
        }
        run.events.append(contentsOf: notes)
        if !outcome.restarts.isEmpty { run.status.lastRolloutTime = run.timestamp }
        outcome.inProgress = !waiting.isEmpty

        if !problems.isEmpty {
            let message = (problems.map(\.note) + waiting.map { "waiting for \($0) to roll out" }).joined(separator: "; ")
            run.status.setCondition(.rolloutComplete, false, reason: "RolloutFailed", message: message, generation: run.generation, now: run.timestamp)
        } else if !waiting.isEmpty {
            run.status.setCondition(
                .rolloutComplete, false, reason: "RolloutInProgress", message: "waiting for \(waiting.joined(separator: ", ")) to roll out",
                generation: run.generation, now: run.timestamp)
        } else {
            run.status.setCondition(
                .rolloutComplete, true, reason: "RolledOut", message: "\(found.count) workload(s) run with the current Secret",
                generation: run.generation, now: run.timestamp)
        }
        return outcome
    }
}
