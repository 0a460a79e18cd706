import Foundation
import GatewayAPI
import Operator
import Testing

@Suite("Gateway validation")
struct ValidationTests {
    let validator = GatewayValidator(configuration: OperatorConfiguration())

    func gateway(_ spec: GatewaySpec, name: String = "prod") -> Gateway {
        Gateway(metadata: GatewayMetadata(name: name, namespace: "harmony", uid: "u"), spec: spec)
    }

    func cloud(_ url: String? = nil) -> CloudSpec {
        CloudSpec(apiURL: url, credentialsSecretRef: SecretKeyReference(name: "runbeam-api-token", key: "token"))
    }

    @Test("defaults are applied")
    func defaults() throws {
        let resolved = try validator.validate(gateway(GatewaySpec(cloud: cloud()))).get()
        #expect(resolved.gatewayCode == "prod")
        #expect(resolved.apiURL == "https://api.runbeam.cloud/api")
        #expect(resolved.secretName == "prod-runbeam")
        #expect(resolved.machineTokenKey == "machine-token" && resolved.encryptionKeyKey == "encryption-key")
        #expect(resolved.encryptionKeyFormat == .base64 && resolved.rotation == .never)
        #expect(resolved.renewBefore == .percentage(33))
        #expect(resolved.rollout == .none && !resolved.suspend)
    }

    @Test("every problem is reported at once, with its field path")
    func allProblems() throws {
        let spec = GatewaySpec(
            gatewayCode: "Bad Code", cloud: cloud("http://api.example.com/api"),
            secret: SecretSpec(name: "runbeam-api-token", machineTokenKey: "k", encryptionKeyKey: "k", labels: [OperatorLabels.managedBy: "me"]),
            renewal: RenewalSpec(renewBefore: GoDuration(seconds: 864_000), renewBeforePercentage: 20),
            rollout: RolloutSpec(targets: [RolloutTarget(kind: .deployment, name: "h")], selector: LabelSelector(matchLabels: ["a": "b"])))
        guard case .failure(let error) = validator.validate(gateway(spec)) else { Issue.record("expected problems"); return }
        let fields = error.problems.map(\.field)
        #expect(fields.contains("spec.gatewayCode"))
        #expect(fields.contains("spec.cloud.apiURL"))
        #expect(fields.contains("spec.secret.name"))
        #expect(fields.contains("spec.secret.encryptionKeyKey"))
        #expect(fields.contains("spec.secret.labels[app.kubernetes.io/managed-by]"))
        #expect(fields.contains("spec.renewal"))
        #expect(fields.contains("spec.rollout"))
        #expect(error.description.contains("spec.renewal: set either renewBefore or renewBeforePercentage, not both"))
    }

    @Test("renewBefore and percentage limits")
    func renewal() {
        let short = GatewaySpec(cloud: cloud(), renewal: RenewalSpec(renewBefore: try! GoDuration(parsing: "30s")))
        guard case .failure(let error) = validator.validate(gateway(short)) else { Issue.record("expected a problem"); return }
        #expect(error.description.hasPrefix("spec.renewal.renewBefore: 30s is too short"))
        let percentage = GatewaySpec(cloud: cloud(), renewal: RenewalSpec(renewBeforePercentage: 100))
        guard case .failure(let other) = validator.validate(gateway(percentage)) else { Issue.record("expected a problem"); return }
        #expect(other.description == "spec.renewal.renewBeforePercentage: 100 must be between 1 and 99")
    }

    @Test("gateway code defaults to metadata.name and is checked there")
    func gatewayCode() {
        let long = String(repeating: "a", count: 129)
        guard case .failure(let error) = validator.validate(gateway(GatewaySpec(cloud: cloud()), name: long)) else {
            Issue.record("expected a problem"); return
        }
        #expect(error.problems.first?.field == "spec.gatewayCode (default metadata.name)")
        #expect(throws: Never.self) { try validator.validate(gateway(GatewaySpec(gatewayCode: "prod_gw.1", cloud: cloud()))).get() }
    }

    @Test("API URLs: https, loopback http, allowed prefixes at a path boundary")
    func apiURLs() {
        let open = APIURLPolicy(defaultAPIURL: "https://api.runbeam.cloud/api", allowedPrefixes: [])
        #expect(open.problem(with: "https://eu.runbeam.example/api") == nil)
        #expect(open.problem(with: "http://127.0.0.1:8080/api") == nil)
        #expect(open.problem(with: "http://127.4.5.6/api") == nil)
        #expect(open.problem(with: "http://[::1]:9000/api") == nil)
        #expect(open.problem(with: "http://localhost:9000/api") == nil)
        #expect(open.problem(with: "http://10.0.0.1/api")?.contains("only https") == true)
        #expect(open.problem(with: "ftp://example.com") != nil)
        #expect(open.problem(with: "https://user:pw@example.com/api") != nil)
        let guarded = APIURLPolicy(defaultAPIURL: "https://api.runbeam.cloud/api", allowedPrefixes: ["http://runbeam.internal/api"])
        #expect(guarded.problem(with: "http://runbeam.internal/api") == nil)
        #expect(guarded.problem(with: "http://runbeam.internal/api/v2") == nil)
        #expect(guarded.problem(with: "https://api.runbeam.cloud/api") == nil)
        #expect(guarded.problem(with: "http://runbeam.internal/api.evil.example") != nil)
        #expect(guarded.problem(with: "https://elsewhere.example/api")?.contains("allowedAPIURLs") == true)
    }

    @Test("Go durations")
    func durations() throws {
        #expect(try GoDuration(parsing: "240h").seconds == 864_000)
        #expect(try GoDuration(parsing: "1h30m").seconds == 5400)
        #expect(try GoDuration(parsing: "1.5h").seconds == 5400)
        #expect(try GoDuration(parsing: "300ms").seconds == 0.3)
        #expect(try GoDuration(parsing: "0").seconds == 0)
        for bad in ["", "10", "h", "-5m", "5 m", "1d", "1..5h"] {
            #expect(throws: GoDurationError.self) { try GoDuration(parsing: bad) }
        }
    }
}
