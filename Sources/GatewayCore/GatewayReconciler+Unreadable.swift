import Basics
import FoundationEssentials
import GatewayAPI

extension GatewayReconciler {
    /// What to do for a Gateway whose object cannot be decoded (`problem` names the field): `Ready=False,
    /// reason=InvalidSpec`, an Event when the problem is new, and no requeue until the object changes. The same
    /// condition and Event as a spec that fails validation.
    public static func unreadable(_ problem: String, status old: GatewayStatus, generation: Int64?, now: Date) -> ReconcileResult {
        var new = old
        new.observedGeneration = generation
        var events: [GatewayEvent] = []
        ReconcileRun.markInvalidSpec(
            "the Gateway cannot be read: \(problem)", old: old, status: &new, events: &events, generation: generation,
            now: Timestamp(RFC3339.truncatedToSeconds(now)))
        return ReconcileResult(status: new == old ? nil : new, events: events, nextReconcile: nil)
    }
}
