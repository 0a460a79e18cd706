import Basics
import Kubernetes

/// Cached Gateways counted by condition class (`ready`, `not_ready`, `suspended`), kept up to date from informer
/// events so the metrics sampler reads counts without decoding every Gateway each time.
final class ConditionTally: Sendable {
    private struct State {
        var classes: [ObjectKey: String] = [:]
        var counts: [String: Int] = ["ready": 0, "not_ready": 0, "suspended": 0]
    }

    private let state = Locked(State())

    /// Records the Gateway's class after an add or update.
    func observe(_ key: ObjectKey, _ object: KubernetesObject) {
        let now = Self.classify(object)
        state.withLock { state in
            if let before = state.classes.updateValue(now, forKey: key) { state.counts[before, default: 0] -= 1 }
            state.counts[now, default: 0] += 1
        }
    }

    /// Forgets a deleted Gateway.
    func forget(_ key: ObjectKey) {
        state.withLock { state in
            if let before = state.classes.removeValue(forKey: key) { state.counts[before, default: 0] -= 1 }
        }
    }

    /// The counts per class.
    var counts: [String: Int] { state.withLock { $0.counts } }

    /// `suspended` when `spec.suspend` is true, else `ready` when the Ready condition is True, else `not_ready`.
    static func classify(_ object: KubernetesObject) -> String {
        if object["spec", "suspend"]?.boolValue == true { return "suspended" }
        let conditions = object["status", "conditions"]?.arrayValue ?? []
        let ready = conditions.contains { $0["type"]?.stringValue == "Ready" && $0["status"]?.stringValue == "True" }
        return ready ? "ready" : "not_ready"
    }
}
