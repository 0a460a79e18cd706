import Basics
import FoundationEssentials
import GatewayAPI

extension GatewayStatusReport {
    /// The report as `status gateway` prints it: aligned sections like `cmctl status certificate`, times with how far
    /// they are from `now`.
    public func text(now: Date) -> String {
        func when(_ time: String?) -> String {
            guard let time else { return "-" }
            guard let date = RFC3339.parse(time) else { return time }
            return "\(time) (\(RelativeTime.describe(date, from: now)))"
        }
        func yes(_ flag: Bool) -> String { flag ? "yes" : "no" }
        var lines: [String] = []
        lines.append("Name:        \(name)")
        lines.append("Namespace:   \(namespace)")
        lines.append("Spec:")
        if let specProblem { lines.append("  Problem:     the spec cannot be read: \(specProblem)") }
        lines.append("  Gateway code: \(spec.gatewayCode)")
        lines.append("  API URL:     \(spec.apiURL ?? "the operator's defaultAPIURL")")
        lines.append("  Credentials: Secret \(spec.credentialsSecret), key \(spec.credentialsKey)")
        lines.append("  Secret:      \(spec.secretName)")
        lines.append("  Renewal:     \(spec.renewal ?? "the operator's default percentage of the token's lifetime")")
        lines.append("  Rollout:     \(spec.rollout.isEmpty ? "none" : spec.rollout.joined(separator: ", "))")
        lines.append("  Suspended:   \(yes(spec.suspended))")
        lines.append("Conditions:")
        if conditions.isEmpty { lines.append("  none yet (the operator has not reconciled this Gateway)") }
        for condition in conditions {
            lines.append("  \(condition.type)=\(condition.status) \(condition.reason): \(condition.message) (since \(condition.lastTransitionTime))")
        }
        lines.append("Secret:      \(secret.name)")
        if let readError = secret.readError {
            lines.append("  cannot be read: \(readError)")
        } else {
            lines.append("  Exists:      \(yes(secret.exists))\(secret.exists && !secret.ownedByGateway ? " (not owned by this Gateway: SecretConflict)" : "")")
            if secret.exists {
                lines.append("  Keys:        \(secret.keys.isEmpty ? "none" : secret.keys.joined(separator: ", "))")
                lines.append("  Recipient:   \(secret.recipient ?? "-")")
                lines.append("  Issued:      \(when(secret.issuedAt))")
                lines.append("  Expires:     \(when(secret.expiresAt))")
            }
        }
        lines.append("Next renewal: \(when(nextRenewal))")
        if failedAttempts > 0 {
            lines.append("Failed attempts: \(failedAttempts), next attempt \(when(nextAttemptTime))")
            if let lastFailureMessage { lines.append("  Last failure: \(lastFailureMessage)") }
        }
        lines.append("Workloads:")
        if workloads.isEmpty { lines.append("  none") }
        for workload in workloads {
            let state = workload.exists
                ? (workload.readsSecret ? "reads the Secret" : "does NOT read the Secret (SecretNotConsumed)")
                : "not found"
            lines.append("  \(workload.kind)/\(workload.name): \(state)\(workload.restartedAt.map { ", restarted \($0)" } ?? "")")
        }
        lines.append("Last rollout: \(when(lastRollout))")
        lines.append("Events:")
        if events.isEmpty { lines.append("  none") }
        for event in events {
            let repeated = event.count > 1 ? " (x\(event.count))" : ""
            lines.append("  \(event.time ?? "-")  \(event.type)  \(event.reason)\(repeated): \(event.note)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
