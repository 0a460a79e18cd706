import Age
import Foundation
import GatewayAPI
import GatewayCore
import Kubernetes
import Operator
import Runbeam
import Testing

@Suite("Secret rendering")
struct SecretRenderingTests {
    let gateway = Gateway(
        metadata: GatewayMetadata(name: "prod", namespace: "harmony", uid: "uid-1"),
        spec: GatewaySpec(
            cloud: CloudSpec(credentialsSecretRef: SecretKeyReference(name: "creds", key: "token")),
            secret: SecretSpec(labels: ["team": "edge"], annotations: ["note": "hi"])))

    func render(_ format: EncryptionKeyFormat = .base64) throws -> (ManagedSecret, AgeIdentity, MachineTokenPayload) {
        var gateway = self.gateway
        gateway.spec.secret?.encryptionKeyFormat = format
        let spec = try GatewayValidator(configuration: OperatorConfiguration()).validate(gateway).get()
        let identity = AgeIdentity.generate()
        let now = Date(timeIntervalSince1970: 1_780_000_000.25)
        let payload = MachineTokenPayload(
            machineToken: MachineToken("mt_fake-\(UUID().uuidString)"), expiresAt: now.addingTimeInterval(2_592_000), gatewayID: "550e8400-e29b-41d4-a716-446655440000",
            gatewayCode: "prod", abilities: [], issuedAt: now)
        return (SecretRenderer.render(gateway: gateway, spec: spec, payload: payload, identity: identity, issuedAt: now), identity, payload)
    }

    @Test("machine-token is single-line JSON with the six keys in RFC 3339 UTC seconds")
    func machineToken() throws {
        let (secret, _, payload) = try render()
        let data = try #require(secret.data["machine-token"])
        let text = try #require(String(data: data, encoding: .utf8))
        #expect(!text.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["machine_token", "expires_at", "gateway_id", "gateway_code", "abilities", "issued_at"])
        #expect(object["issued_at"] as? String == "2026-05-28T20:26:40Z")
        #expect(object["expires_at"] as? String == "2026-06-27T20:26:40Z")
        #expect((object["abilities"] as? [Any])?.isEmpty == true)
        #expect(try MachineTokenPayload(json: Data(text.utf8)) == payload)
        #expect(!"\(payload)".contains(payload.machineToken.secretValue))
    }

    @Test("encryption-key decodes to an identity whose recipient is in the annotation", arguments: [EncryptionKeyFormat.base64, .raw])
    func encryptionKey(format: EncryptionKeyFormat) throws {
        let (secret, identity, _) = try render(format)
        let data = try #require(secret.data["encryption-key"])
        let value = try #require(String(data: data, encoding: .utf8))
        #expect(!value.contains("\n"))
        if format == .base64 {
            let decoded = try #require(Data(base64Encoded: value).flatMap { String(data: $0, encoding: .utf8) })
            #expect(decoded == identity.secretKeyString)
        } else {
            #expect(value == identity.secretKeyString)
        }
        let parsed = try AgeIdentity(harmonyValue: value)
        #expect(parsed.recipient.description == secret.annotations[OperatorLabels.recipient])
        let recipient = try #require(secret.annotations[OperatorLabels.recipient])
        let sealed = try Age.encrypt(Data("hello".utf8), to: [try AgeRecipient(parsing: recipient)])
        #expect(try Age.decrypt(sealed, with: [parsed]) == Data("hello".utf8))
    }

    @Test("labels, annotations and the controlling owner reference")
    func metadata() throws {
        let (secret, _, _) = try render()
        #expect(secret.labels == ["app.kubernetes.io/managed-by": "runbeam-operator", "runbeam.io/gateway": "prod", "team": "edge"])
        #expect(secret.annotations["note"] == "hi")
        #expect(secret.annotations[OperatorLabels.expiresAt] == "2026-06-27T20:26:40Z")
        #expect(secret.annotations[OperatorLabels.issuedAt] == "2026-05-28T20:26:40.250Z")
        #expect(secret.ownerReferences == [OwnerReference(apiVersion: "runbeam.io/v1alpha1", kind: "Gateway", name: "prod", uid: "uid-1", controller: true, blockOwnerDeletion: true)])
        #expect(secret.isControlled(byUID: "uid-1") && !secret.isControlled(byUID: "other"))
        #expect(secret.type == "Opaque")
    }

    @Test("an existing Secret reads back; the hash covers every key in order")
    func readBack() throws {
        let (secret, identity, payload) = try render()
        let spec = try GatewayValidator(configuration: OperatorConfiguration()).validate(gateway).get()
        let contents = SecretContents(secret, spec: spec)
        #expect(contents.payload == payload && contents.identity == identity && contents.keyFormat == .base64)
        #expect(contents.hasValidToken(at: payload.expiresAt - 1) && !contents.hasValidToken(at: payload.expiresAt))
        #expect(contents.tokenHash.count == 64)
        var edited = secret
        edited.data["encryption-key"] = Data("AGE-SECRET-KEY-1 broken".utf8)
        let broken = SecretContents(edited, spec: spec)
        #expect(broken.identity == nil && broken.tokenHash != contents.tokenHash)
        #expect(TokenHash.of(["a": Data("1".utf8), "b": Data("2".utf8)]) != TokenHash.of(["a": Data("2".utf8), "b": Data("1".utf8)]))
    }
}
