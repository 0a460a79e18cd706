import Testing
@testable import Emulators

@Suite struct KubernetesLabelSelectorTests {
    private let labels = ["app": "harmony", "tier": "edge", "team": "a"]

    private func matches(_ selector: String, _ labels: [String: String]) throws -> Bool {
        try KubernetesLabelSelector(parsing: selector).matches(labels)
    }

    @Test func equalityOperators() throws {
        #expect(try matches("app=harmony", labels))
        #expect(try matches("app==harmony", labels))
        #expect(try !matches("app=other", labels))
        #expect(try matches("app!=other", labels))
        #expect(try !matches("app!=harmony", labels))
        // != also matches objects without the label, as on a real API server.
        #expect(try matches("zone!=eu", labels))
    }

    @Test func setOperators() throws {
        #expect(try matches("tier in (edge, core)", labels))
        #expect(try !matches("tier in (core)", labels))
        #expect(try matches("tier notin (core)", labels))
        #expect(try !matches("tier notin (edge,core)", labels))
        #expect(try matches("zone notin (eu)", labels))
        #expect(try !matches("zone in (eu)", labels))
    }

    @Test func existenceOperators() throws {
        #expect(try matches("team", labels))
        #expect(try !matches("zone", labels))
        #expect(try matches("!zone", labels))
        #expect(try !matches("!team", labels))
    }

    @Test func clausesAreAnded() throws {
        #expect(try matches("app=harmony,tier in (edge),!zone,team", labels))
        #expect(try !matches("app=harmony,tier in (core)", labels))
        #expect(try matches("", labels))
    }

    @Test func malformedSelectorsAreBadRequests() {
        #expect(throws: KubernetesStatusError.self) { try KubernetesLabelSelector(parsing: "tier in edge") }
        #expect(throws: KubernetesStatusError.self) { try KubernetesLabelSelector(parsing: "a b") }
    }
}
