import Foundation

/// Watches the emulators for what the operator did: Secret writes (by resourceVersion), rollouts (the
/// Kubernetes emulator's rollout counter) and, when the controller runs out of process, tokens issued
/// (the Runbeam emulator's counter), and reports each to ``SandboxProgress``.
///
/// Polls the in-process stores rather than opening watches, so it adds no requests to the emulators' logs.
struct SandboxObserver: Sendable {
    let cluster: SandboxCluster
    let progress: SandboxProgress
    /// Whether to report tokens from the Runbeam emulator; an in-process controller reports them itself.
    var reportsTokens: Bool
    var interval: Duration = .milliseconds(50)

    /// What was last seen of one member.
    struct Seen: Sendable, Hashable {
        var tokens = 0
        var secretVersion: String?
        var rollouts = 0
    }

    /// Polls until the task is cancelled, reporting everything since the example was installed.
    func run() async {
        var seen = [Seen](repeating: Seen(), count: cluster.example.members.count)
        while !Task.isCancelled {
            poll(&seen)
            try? await Task.sleep(for: interval)
        }
    }

    /// Compares the stores with `seen`, reports the differences and updates `seen`. Tokens, then
    /// Secrets, then rollouts, so nothing is reported before what caused it.
    func poll(_ seen: inout [Seen]) {
        let members = cluster.example.members
        if reportsTokens {
            for (index, member) in members.enumerated() {
                let count = cluster.cloud.tokensIssued(gatewayCode: member.gatewayCode)
                let expiresAt = cluster.cloud.gateway(code: member.gatewayCode)?.tokenExpiresAt ?? Date()
                for _ in seen[index].tokens..<max(seen[index].tokens, count) {
                    progress.tokenIssued(gatewayCode: member.gatewayCode, expiresAt: expiresAt)
                }
                seen[index].tokens = count
            }
        }
        for (index, member) in members.enumerated() {
            let version = cluster.secretVersion(of: member)
            if let version, version != seen[index].secretVersion {
                progress.secretWritten(member, created: seen[index].secretVersion == nil)
            }
            seen[index].secretVersion = version
        }
        for (index, member) in members.enumerated() {
            let count = cluster.rolloutCount(of: member)
            // One event per rollout, even when two land between polls, so the lines add up to the count.
            for next in seen[index].rollouts..<max(seen[index].rollouts, count) { progress.rolledOut(member, count: next + 1) }
            seen[index].rollouts = max(seen[index].rollouts, count)
        }
    }
}
