import Foundation
import Testing

/// The Grafana dashboard of manifests/monitoring/ (and its copy in the chart): the panels the operations kit promises,
/// each a well-formed panel querying the operator's series through the dashboard's data source variable.
@Suite struct DashboardTests {
    static var repository: URL { RepositoryFolder.root() }

    static func load(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: repository.appendingPathComponent(path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static var panels: [[String: Any]] {
        get throws { try #require(try load("manifests/monitoring/runbeam-operator-dashboard.json")["panels"] as? [[String: Any]]) }
    }

    static func panel(_ title: String) throws -> [String: Any] {
        try #require(try panels.first { $0["title"] as? String == title }, "no panel \(title)")
    }

    static func expressions(_ panel: [String: Any]) -> [String] {
        (panel["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String }
    }

    @Test func hasThePromisedPanelsEachQueryingTheOperatorsSeries() throws {
        let dashboard = try Self.load("manifests/monitoring/runbeam-operator-dashboard.json")
        #expect(dashboard["uid"] as? String == "runbeam-operator")
        let variables = (dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []
        #expect(variables.contains { $0["name"] as? String == "datasource" && $0["type"] as? String == "datasource" && $0["query"] as? String == "prometheus" })
        let panels = try Self.panels
        let ids = panels.compactMap { $0["id"] as? Int }
        #expect(ids.count == panels.count && Set(ids).count == ids.count, "every panel needs its own id")
        for panel in panels {
            let title = panel["title"] as? String ?? "?"
            let grid = try #require(panel["gridPos"] as? [String: Int], "\(title): no gridPos")
            #expect((grid["x"] ?? -1) >= 0 && (grid["x"] ?? 0) + (grid["w"] ?? 0) <= 24 && (grid["h"] ?? 0) > 0, "\(title): outside the 24-column grid")
            #expect((panel["datasource"] as? [String: String])?["uid"] == "${datasource}", "\(title): not on the data source variable")
            let targets = panel["targets"] as? [[String: Any]] ?? []
            #expect(!targets.isEmpty, "\(title): no targets")
            let refIDs = targets.compactMap { $0["refId"] as? String }
            #expect(Set(refIDs).count == targets.count, "\(title): refIds missing or repeated")
            for expression in Self.expressions(panel) {
                #expect(expression.contains("runbeam_operator_"), "\(title): \(expression) queries none of the operator's series")
                #expect(expression.filter { $0 == "(" }.count == expression.filter { $0 == ")" }.count, "\(title): unbalanced \(expression)")
            }
        }
    }

    @Test(arguments: [
        ("Gateways by condition", "runbeam_operator_gateways"),
        ("Time to token expiry per Gateway (lowest first)", "runbeam_operator_token_expiry_timestamp_seconds"),
        ("Token requests by result", "runbeam_operator_token_requests_total"),
        ("Rollouts by result", "runbeam_operator_rollouts_total"),
        ("Work queue depth", "runbeam_operator_workqueue_depth"),
        ("Kubernetes API requests by code", "runbeam_operator_kube_requests_total"),
        ("Leader", "runbeam_operator_leader"),
    ])
    func panelQueries(_ title: String, _ series: String) throws {
        #expect(Self.expressions(try Self.panel(title)).contains { $0.contains(series) })
    }

    @Test func expiryIsListedSoonestFirst() throws {
        let panel = try Self.panel("Time to token expiry per Gateway (lowest first)")
        #expect(Self.expressions(panel).first?.hasPrefix("sort(") == true)
        let transformations = panel["transformations"] as? [[String: Any]] ?? []
        let sort = try #require(transformations.first { $0["id"] as? String == "sortBy" })
        let fields = ((sort["options"] as? [String: Any])?["sort"] as? [[String: Any]]) ?? []
        #expect(fields.first?["field"] as? String == "Expires in" && fields.first?["desc"] as? Bool == false)
    }

    @Test func theChartShipsTheSameDashboard() throws {
        let shipped = try Data(contentsOf: Self.repository.appendingPathComponent("manifests/monitoring/runbeam-operator-dashboard.json"))
        let chart = try Data(contentsOf: Self.repository.appendingPathComponent("charts/runbeam-operator/dashboards/runbeam-operator.json"))
        #expect(shipped == chart, "copy manifests/monitoring/runbeam-operator-dashboard.json to charts/runbeam-operator/dashboards/runbeam-operator.json")
    }
}
