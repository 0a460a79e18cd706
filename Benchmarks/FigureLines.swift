import Foundation

/// Formats the machine-readable output: `SCENARIO LABELS NAME=VALUE`, one figure per line.
struct FigureLines: Sendable {
    var scenario: String
    /// `key=value` pairs naming the run (`gateways=1000`), or empty.
    var labels: String

    func line(_ name: String, _ value: Double) -> String { line(name, Self.format(value)) }

    func line(_ name: String, _ value: Int) -> String { line(name, String(value)) }

    func line(_ name: String, _ value: String) -> String {
        labels.isEmpty ? "\(scenario) \(name)=\(value)" : "\(scenario) \(labels) \(name)=\(value)"
    }

    /// Three decimals, the format of every non-integer figure.
    static func format(_ value: Double) -> String { String(format: "%.3f", value) }
}
