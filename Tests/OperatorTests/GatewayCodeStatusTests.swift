import Foundation
import GatewayAPI
import GatewayCore
import Operator
import Testing

/// `status.gatewayCode`, which `kubectl get rbgw` prints under CODE: every status write of a valid spec carries the
/// effective code, also when no token has been written (yet), and not only after the next renewal.
@Suite("Gateway code in status")
struct GatewayCodeStatusTests {
    @Test("a Gateway whose credentials are missing shows its code before any token")
    func credentialsMissing() async throws {
        let harness = Harness()
        harness.credential = .secretMissing
        let result = await harness.reconcile()
        #expect(result.secretWrite == nil)
        #expect(try #require(result.status).gatewayCode == "prod-gateway")
    }

    @Test("the code defaults to the Gateway's name")
    func defaultCode() async throws {
        let harness = Harness()
        harness.gateway.spec.gatewayCode = nil
        harness.credential = .secretMissing
        let result = await harness.reconcile()
        #expect(try #require(result.status).gatewayCode == "prod")
    }

    @Test("suspended, conflicting and failing Gateways show their code")
    func everyStatusWrite() async throws {
        let suspended = Harness()
        suspended.gateway.spec.suspend = true
        #expect(await suspended.reconcile().status?.gatewayCode == "prod-gateway")

        let conflict = Harness()
        conflict.secret = ManagedSecret(name: "prod-runbeam", namespace: "harmony", data: ["machine-token": Data("theirs".utf8)], resourceVersion: "7")
        #expect(await conflict.reconcile().status?.gatewayCode == "prod-gateway")

        let failing = Harness()
        failing.issuer.failNext(.unavailable(message: "HTTP 503 from Runbeam"))
        let failed = await failing.reconcile()
        #expect(failed.status?.condition(.issued)?.reason == "TokenRequestFailed")
        #expect(failed.status?.gatewayCode == "prod-gateway")
    }

    @Test("a Gateway recorded without a code gets it on its next reconcile, without a new token")
    func existingGatewayWithoutCode() async throws {
        let harness = Harness()
        await harness.reconcile()
        harness.finishRollouts()
        harness.now += 60
        await harness.reconcile()
        // As written by an operator version that did not record the code.
        harness.gateway.status?.gatewayCode = nil
        harness.now += 3600
        let result = await harness.reconcile()
        #expect(result.secretWrite == nil && harness.issuer.calls.count == 1)
        #expect(try #require(result.status).gatewayCode == "prod-gateway")
    }

    @Test("a changed spec.gatewayCode shows the new code while its token request fails")
    func changedCode() async throws {
        let harness = Harness()
        await harness.reconcile()
        harness.finishRollouts()
        harness.gateway.spec.gatewayCode = "next-gateway"
        harness.gateway.metadata.generation = 2
        harness.issuer.failNext(.unavailable(message: "HTTP 503 from Runbeam"))
        harness.now += 60
        let result = await harness.reconcile()
        #expect(result.secretWrite == nil)
        #expect(try #require(result.status).gatewayCode == "next-gateway")
    }
}
