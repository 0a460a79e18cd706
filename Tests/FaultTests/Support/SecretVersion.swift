import Emulators
import Foundation
import JSON

/// One committed version of a managed Secret, with what the invariants need, taken when it was written.
struct SecretVersion: Sendable {
    /// Harmony's `machine-token` payload, the fields the invariants read.
    struct TokenPayload: Sendable, Hashable {
        var machineToken: String
        var expiresAt: Date
        var gatewayCode: String
    }

    var resourceVersion: Int
    /// The order in which the store committed it, among every change the recorder saw.
    var sequence = 0
    var time: Date
    var gateway: String
    /// ADDED, MODIFIED or DELETED.
    var event: String
    /// The parsed `machine-token`, nil when it is missing or does not parse (or `expires_at` does not).
    var payload: TokenPayload?
    /// Runbeam Cloud knew the token as issued and unexpired when the version was written.
    var tokenAcceptedByCloud: Bool
    /// The version names its Gateway as controlling owner.
    var ownedByGateway: Bool
    var encryptionKey: String?

    init(change: KubernetesStoreChange, gateway: String, time: Date, cloud: RunbeamCloudEmulator) {
        resourceVersion = change.resourceVersion
        self.time = time
        self.gateway = gateway
        event = change.type
        payload = Self.tokenPayload(change.object)
        tokenAcceptedByCloud = payload.map { cloud.isValid(machineToken: $0.machineToken) } ?? false
        let owners = change.object[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []
        ownedByGateway = owners.contains {
            $0["kind"] == "Gateway" && $0["name"]?.stringValue == gateway && $0["controller"] == true && $0["uid"]?.stringValue?.isEmpty == false
        }
        encryptionKey = change.object[path: ["data", "encryption-key"]]?.stringValue
            .flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The `machine-token` payload of a Secret object, if it parses.
    static func tokenPayload(_ secret: JSONValue) -> TokenPayload? {
        guard let encoded = secret[path: ["data", "machine-token"]]?.stringValue, let bytes = Data(base64Encoded: encoded),
            let json = try? JSONValue(parsing: bytes),
            let token = json["machine_token"]?.stringValue, !token.isEmpty,
            let expiresAt = json["expires_at"]?.stringValue.flatMap(parseTime),
            let code = json["gateway_code"]?.stringValue
        else { return nil }
        // Harmony needs all six keys.
        for key in ["gateway_id", "abilities", "issued_at"] where json[key] == nil { return nil }
        return TokenPayload(machineToken: token, expiresAt: expiresAt, gatewayCode: code)
    }

    /// RFC 3339 with or without fractional seconds.
    static func parseTime(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
