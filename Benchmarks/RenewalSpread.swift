import Foundation
import Kubernetes

/// Scenario 4: of tokens issued together (a cold start), how evenly the operator spreads their renewals:
/// each Gateway's `status.renewalTime`, counted per clock minute over the renewal window (the first to the
/// last renewal minute); the busiest minute as a ratio to the mean. Also the busiest sliding 60-second window.
struct RenewalSpread: Sendable {
    var tokens: Int
    var issuanceSpanSeconds: Double
    var windowMinutes: Int
    var busiestMinute: Int
    /// The most renewals in any 60 seconds, wherever they start.
    var busiestSixtySeconds: Int

    var mean: Double { Double(tokens) / Double(max(windowMinutes, 1)) }

    /// Reads the statuses of Gateways that were all Ready.
    init(gateways: [KubernetesObject]) throws(BenchError) {
        var issued: [Date] = [], renewals: [Date] = []
        for gateway in gateways {
            guard let issuedAt = gateway["status", "issuedAt"]?.stringValue.flatMap(Self.parse),
                  let renewal = gateway["status", "renewalTime"]?.stringValue.flatMap(Self.parse)
            else { throw BenchError("Gateway \(gateway.metadata.name ?? "?") has no status.issuedAt or status.renewalTime") }
            issued.append(issuedAt)
            renewals.append(renewal)
        }
        guard let firstIssued = issued.min(), let lastIssued = issued.max() else {
            throw BenchError("no Gateways to measure the renewal spread of")
        }
        var perMinute: [Int: Int] = [:]
        for renewal in renewals { perMinute[Int((renewal.timeIntervalSince1970 / 60).rounded(.down)), default: 0] += 1 }
        tokens = renewals.count
        issuanceSpanSeconds = lastIssued.timeIntervalSince(firstIssued)
        windowMinutes = (perMinute.keys.max() ?? 0) - (perMinute.keys.min() ?? 0) + 1
        busiestMinute = perMinute.values.max() ?? 0
        // Renewal times are whole seconds: slide a 60-second window over the sorted times.
        let seconds = renewals.map { Int($0.timeIntervalSince1970.rounded(.down)) }.sorted()
        var busiest = 0, start = 0
        for end in seconds.indices {
            while seconds[end] - seconds[start] >= 60 { start += 1 }
            busiest = max(busiest, end - start + 1)
        }
        busiestSixtySeconds = busiest
    }

    var lines: [String] {
        let figures = FigureLines(scenario: "renewal_spread", labels: "tokens=\(tokens)")
        return [
            figures.line("issuance_span_seconds", issuanceSpanSeconds),
            figures.line("renewal_window_minutes", windowMinutes),
            figures.line("mean_renewals_per_minute", mean),
            figures.line("busiest_minute_renewals", busiestMinute),
            figures.line("busiest_to_mean_ratio", Double(busiestMinute) / mean),
            figures.line("busiest_sliding_60s_renewals", busiestSixtySeconds),
            figures.line("busiest_sliding_60s_to_mean_ratio", Double(busiestSixtySeconds) / mean),
        ]
    }

    private static func parse(_ text: String) -> Date? {
        try? Date(text, strategy: .iso8601)
    }
}
