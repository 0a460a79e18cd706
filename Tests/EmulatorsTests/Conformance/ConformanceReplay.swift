import Foundation
import JSON

/// Replays the recorded scenarios against a server and scores them against `corpus/real/`.
struct ConformanceReplay {
    struct StepOutcome {
        var id: String
        var differences: [ConformanceComparison.Difference]
        /// The status code or the Status `reason` differs.
        var statusOrReasonDiffers: Bool
        var matched: Bool { differences.allSatisfy(\.soft) }
    }

    struct ScenarioOutcome {
        var name: String
        var steps: [StepOutcome]
        var error: String?
        var passed: Bool { error == nil && steps.allSatisfy(\.matched) }
    }

    let directory: URL
    let runner: ConformanceRunner

    func replay(_ name: String) -> ScenarioOutcome {
        do {
            let scenario = try ConformanceScenario.load(name: name, directory: directory)
            let expected = try JSONValue(parsing: [UInt8](try Data(contentsOf: directory.appending(path: "corpus/real/\(name).json"))))
            let record = try runner.run(scenario, namespace: Self.namespace(for: name))
            let actual = ConformanceComparison.normalize(record, scenario)
            var steps: [StepOutcome] = []
            for step in expected["steps"]?.arrayValue ?? [] where step["compare"]?.stringValue != "none" {
                let id = step["id"]?.stringValue ?? ""
                let expectedResult = step["result"] ?? .null
                guard let actualResult = actual[id] else {
                    steps.append(StepOutcome(id: id, differences: [.init(path: "step", expected: "present", actual: nil, soft: false)], statusOrReasonDiffers: true))
                    continue
                }
                var differences: [ConformanceComparison.Difference] = []
                ConformanceComparison.diff(expectedResult, actualResult, into: &differences)
                let keyPaths: Set<String> = ["status", "body.reason", "extracted.reason", "extracted.status", "body.code"]
                let statusDiffers = differences.contains { keyPaths.contains($0.path) }
                    || Self.eventStatus(expectedResult) != Self.eventStatus(actualResult)
                steps.append(StepOutcome(id: id, differences: differences, statusOrReasonDiffers: statusDiffers))
            }
            return ScenarioOutcome(name: name, steps: steps)
        } catch {
            return ScenarioOutcome(name: name, steps: [], error: "\(error)")
        }
    }

    /// The code and reason of ERROR events in a watch result (a watch's Status travels in an event).
    static func eventStatus(_ result: JSONValue) -> [String] {
        (result["events"]?.arrayValue ?? []).filter { $0["type"]?.stringValue == "ERROR" }.map {
            "\($0[path: ["object", "code"]]?.intValue ?? 0) \($0[path: ["object", "reason"]]?.stringValue ?? "")"
        }
    }

    /// `kd-` + up to 14 letters and digits of the scenario name + a random suffix, as the reference names them.
    static func namespace(for scenario: String) -> String {
        let base = String(scenario.lowercased().filter { $0.isLetter || $0.isNumber }.prefix(14))
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return "kd-\(base)-" + String((0..<5).map { _ in alphabet.randomElement()! })
    }
}
