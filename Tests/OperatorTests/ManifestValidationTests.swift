import Foundation
@testable import GatewayAPI
import Testing
import YAML
@testable import Operator

@Suite struct ManifestValidationTests {
    private func problems(_ yaml: String, file: String = "gateways.yaml") -> [String] {
        GatewayManifestValidator().validate(Data(yaml.utf8), file: file).problems.map(\.description)
    }

    @Test func aValidGatewayHasNoProblems() {
        // The design's full example, the same one the CRD tests apply to the emulator.
        let report = GatewayManifestValidator().validate(Data(CRDTests.example.utf8), file: "good.yaml")
        #expect(report.problems.isEmpty)
        #expect(report.gateways == 1)
    }

    @Test func aRenewBeforeOfTheWholeLifetimeIsAWarningNotAProblem() {
        func report(_ renewBefore: String) -> GatewayManifestValidator.Report {
            GatewayManifestValidator().validate(Data("""
                apiVersion: runbeam.io/v1alpha1
                kind: Gateway
                metadata:
                  name: prod
                spec:
                  cloud:
                    credentialsSecretRef: {name: runbeam-api-token, key: token}
                  renewal:
                    renewBefore: \(renewBefore)
                """.utf8), file: "gateways.yaml")
        }
        for long in ["720h", "800h", "43200m"] {
            let result = report(long)
            #expect(result.problems.isEmpty)
            #expect(result.warnings.map(\.description) == [
                "gateways.yaml:9:18: warning: spec.renewal.renewBefore: \(long) is not shorter than the 30-day (720h) token lifetime; "
                    + "the operator renews 240h before expiry instead. Use a shorter renewBefore (e.g. 240h) or renewBeforePercentage"
            ])
        }
        #expect(report("719h").warnings.isEmpty)
        #expect(report("240h").warnings.isEmpty)
    }

    @Test func everySchemaProblemIsReportedWithItsPosition() {
        #expect(problems("""
            apiVersion: runbeam.io/v1alpha1
            kind: Gateway
            metadata:
              name: prod
            spec:
              gatewayCode: Bad_Code!
              colour: blue
              cloud:
                credentialsSecretRef: {name: runbeam-api-token, key: token}
              secret:
                encryptionKeyFormat: Hex
              renewal:
                renewBeforePercentage: "33"
            """) == [
                #"gateways.yaml:6:16: spec.gatewayCode: "Bad_Code!" does not match ^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$"#,
                #"gateways.yaml:7:3: spec.colour: unknown field "colour""#,
                #"gateways.yaml:11:26: spec.secret.encryptionKeyFormat: "Hex" is not one of "Base64", "Raw""#,
                "gateways.yaml:13:28: spec.renewal.renewBeforePercentage: must be an integer, not a string",
            ])
    }

    @Test func semanticProblemsPointAtTheirFields() {
        let found = problems("""
            apiVersion: runbeam.io/v1alpha1
            kind: Gateway
            metadata:
              name: edge
            spec:
              cloud:
                apiURL: http://runbeam.example/api
                credentialsSecretRef: {name: runbeam-api-token, key: token}
              renewal:
                renewBefore: 240h
                renewBeforePercentage: 20
            """)
        #expect(found.count == 2)
        #expect(found.first?.hasPrefix("gateways.yaml:7:13: spec.cloud.apiURL: ") == true)
        #expect(found.last == "gateways.yaml:10:5: spec.renewal: set either renewBefore or renewBeforePercentage, not both")
    }

    @Test func missingNameAndSpecAreReported() {
        #expect(problems("apiVersion: runbeam.io/v1alpha1\nkind: Gateway\nmetadata: {}\n") == [
            "gateways.yaml:3:11: metadata.name: required",
            #"gateways.yaml:1:1: missing required field "spec""#,
        ])
    }

    @Test func otherKindsAreSkippedAndSyntaxErrorsPositioned() {
        let report = GatewayManifestValidator().validate(Data("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n".utf8), file: "s.yaml")
        #expect(report.problems.isEmpty)
        #expect(report.gateways == 0)
        #expect(report.skipped.map(\.kind) == ["Secret"])
        #expect(problems("kind: Gateway\nmetadata: {name: x\n", file: "broken.yaml").first?.hasPrefix("broken.yaml:3:1: ") == true)
    }

    @Test func fieldPathsResolveToNodes() throws {
        let root = try YAMLParser().node(from: """
            spec:
              secret:
                labels: {team: a}
              rollout:
                targets:
                  - {kind: Deployment, name: harmony}
            """)
        #expect(GatewayManifestValidator.node(at: "spec.secret.labels[team]", in: root).mark == YAMLMark(line: 3, column: 20))
        #expect(GatewayManifestValidator.node(at: "spec.rollout.targets[0].name", in: root).mark == YAMLMark(line: 6, column: 34))
        #expect(GatewayManifestValidator.node(at: "spec.rollout.missing", in: root).mark == YAMLMark(line: 5, column: 5))
    }
}
