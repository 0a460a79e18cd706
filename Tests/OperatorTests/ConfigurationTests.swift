import Foundation
import GatewayAPI
import Operator
import Testing
import YAML

@Suite("Operator configuration")
struct ConfigurationTests {
    func parse(_ text: String) throws -> OperatorConfiguration {
        try OperatorConfiguration.parse(Data(text.utf8), fileName: "config.yaml")
    }

    func error(_ text: String) -> String {
        do {
            _ = try parse(text)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test("an empty file gives the defaults")
    func defaults() throws {
        let config = try parse("")
        #expect(config == OperatorConfiguration())
        #expect(config.defaultAPIURL == "https://api.runbeam.cloud/api")
        #expect(config.renewal.defaultRenewBeforePercentage == 33 && config.renewal.jitterPercent == 5)
        #expect(config.runbeam.requestsPerSecond == 5 && config.runbeam.burst == 10)
        #expect(config.kubernetes.qps == 50 && config.kubernetes.burst == 100)
        #expect(config.leaderElection.leaseDuration.seconds == 15 && config.leaderElection.renewDeadline.seconds == 10)
        #expect(config.leaderElection.retryPeriod.seconds == 2)
        #expect(config.metricsAddress == ":8080" && config.healthAddress == ":8081")
        #expect(config.log.format == .json && config.log.level == .info)
    }

    @Test("every key is read")
    func full() throws {
        let config = try parse(
            """
            watchNamespaces: [harmony, edge]
            defaultAPIURL: http://127.0.0.1:9000/api
            allowedAPIURLs: [https://runbeam.internal/api]
            renewal: {defaultRenewBeforePercentage: 40, jitterPercent: 2.5}
            runbeam: {requestsPerSecond: 2, burst: 4, timeoutSeconds: 10}
            kubernetes: {qps: 0, burst: 7}
            workers: 8
            leaderElection: {enabled: false, leaseName: rb, leaseNamespace: ops, leaseDuration: 30s, renewDeadline: 20s, retryPeriod: 4s}
            metricsAddress: 127.0.0.1:9090
            healthAddress: :9091
            log: {level: debug, format: text}
            """)
        #expect(config.watchNamespaces == ["harmony", "edge"])
        #expect(config.renewal.jitterPercent == 2.5)
        #expect(config.runbeam.burst == 4 && config.workers == 8)
        #expect(config.kubernetes.qps == 0 && config.kubernetes.burst == 7)
        #expect(!config.leaderElection.enabled && config.leaderElection.leaseDuration.seconds == 30)
        #expect(config.log.level == .debug && config.log.format == .text)
    }

    @Test("unknown keys and bad values are errors with file:line:column")
    func errors() {
        #expect(error("workers: 2\nwrokers: 3\n").hasPrefix("config.yaml:2:1:"))
        #expect(error("renewal:\n  jitterPercent: 80\n").hasPrefix("config.yaml:2:18: must be between 0 and 50"))
        #expect(error("log:\n  format: xml\n").hasPrefix("config.yaml:2:11: unknown log format \"xml\""))
        #expect(error("leaderElection:\n  leaseDuration: 15 seconds\n").hasPrefix("config.yaml:2:18: \"15 seconds\" is not a duration"))
        #expect(error("leaderElection:\n  renewDeadline: 20s\n").contains("must be shorter than leaseDuration"))
        #expect(error("defaultAPIURL: ftp://x\n").hasPrefix("config.yaml:1:16:"))
        #expect(error("workers: \"4\"\n").hasPrefix("config.yaml:1:10:"))
        #expect(error("metricsAddress: 8080\n").hasPrefix("config.yaml:1:17:"))
        #expect(error("metricsAddress: localhost\n").contains("is not HOST:PORT"))
        #expect(error("kubernetes:\n  qps: -1\n").hasPrefix("config.yaml:2:8: must be between 0 (no budget) and 100000"))
        #expect(error("kubernetes:\n  burst: 0\n").hasPrefix("config.yaml:2:10: must be between 1 and 100000"))
    }
}
