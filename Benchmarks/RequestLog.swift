import Foundation
import JSON

/// An emulator's request log (`/emulator/v1/requests`), counted for one client.
struct RequestLog: Sendable {
    /// Requests whose user agent starts with the client's prefix.
    var requests: Int
    /// Of those, creates, updates and patches.
    var writes: Int
    /// Requests per verb (`get`, `list`, `watch`, `create`, `update`, `patch`, `delete`).
    var byVerb: [String: Int]

    /// The counts as figure lines: totals, per `unit` (divided by `count`), and per verb.
    func lines(_ figures: FigureLines, per count: Int, unit: String) -> [String] {
        [
            figures.line("kube_requests", requests),
            figures.line("kube_writes", writes),
            figures.line("kube_requests_per_\(unit)", Double(requests) / Double(max(count, 1))),
            figures.line("kube_writes_per_\(unit)", Double(writes) / Double(max(count, 1))),
        ] + byVerb.sorted { $0.key < $1.key }.map { figures.line("kube_requests_\($0.key)", $0.value) }
    }

    /// Empties the emulator's log.
    static func clear(emulator: String) async throws(BenchError) {
        try await EmulatorControl.call(emulator, "DELETE", "requests")
    }

    /// Counts the logged requests whose user agent starts with `userAgentPrefix`.
    static func count(emulator: String, userAgentPrefix: String) async throws(BenchError) -> RequestLog {
        let log = try await EmulatorControl.call(emulator, "GET", "requests")
        guard let items = log["items"]?.arrayValue else {
            throw BenchError("the emulator's request log has no items array")
        }
        let mine = items.filter { $0["userAgent"]?.stringValue?.hasPrefix(userAgentPrefix) == true }
        let writeVerbs: Set<String> = ["create", "update", "patch", "POST", "PUT", "PATCH"]
        let writes = mine.filter { writeVerbs.contains($0["verb"]?.stringValue ?? $0["method"]?.stringValue ?? "") }
        var byVerb: [String: Int] = [:]
        for item in mine { byVerb[item["verb"]?.stringValue ?? item["method"]?.stringValue ?? "unknown", default: 0] += 1 }
        return RequestLog(requests: mine.count, writes: writes.count, byVerb: byVerb)
    }
}
