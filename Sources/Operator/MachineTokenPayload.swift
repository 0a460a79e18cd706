import FoundationEssentials

/// The JSON Harmony reads from `RUNBEAM_MACHINE_TOKEN`: all six keys, so every SDK version accepts it.
public struct MachineTokenPayload: Sendable, Hashable, CustomStringConvertible {
    public var machineToken: String
    public var expiresAt: Date
    public var gatewayID: String
    public var gatewayCode: String
    public var abilities: [String]
    public var issuedAt: Date

    public init(machineToken: String, expiresAt: Date, gatewayID: String, gatewayCode: String, abilities: [String], issuedAt: Date) {
        self.machineToken = machineToken
        self.expiresAt = RFC3339.truncatedToSeconds(expiresAt)
        self.gatewayID = gatewayID
        self.gatewayCode = gatewayCode
        self.abilities = abilities
        self.issuedAt = RFC3339.truncatedToSeconds(issuedAt)
    }

    /// Single-line JSON, keys sorted, times RFC 3339 UTC in whole seconds.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings, dates as strings and string arrays cannot fail.
        return try! encoder.encode(Wire(self))
    }

    /// Parses the JSON, or returns nil when a key is missing or a time does not parse (an SDK treats that as expired).
    public init?(jsonData data: Data) {
        guard let wire = try? JSONDecoder().decode(Wire.self, from: data),
            let expiresAt = RFC3339.parse(wire.expires_at), let issuedAt = RFC3339.parse(wire.issued_at),
            !wire.machine_token.isEmpty
        else { return nil }
        self.init(
            machineToken: wire.machine_token, expiresAt: expiresAt, gatewayID: wire.gateway_id, gatewayCode: wire.gateway_code,
            abilities: wire.abilities, issuedAt: issuedAt)
    }

    /// Names the gateway and times, never the token.
    public var description: String {
        "MachineTokenPayload(gateway: \(gatewayCode) \(gatewayID), issued: \(RFC3339.seconds(issuedAt)), expires: \(RFC3339.seconds(expiresAt)))"
    }

    private struct Wire: Codable {
        var machine_token: String
        var expires_at: String
        var gateway_id: String
        var gateway_code: String
        var abilities: [String]
        var issued_at: String

        init(_ payload: MachineTokenPayload) {
            machine_token = payload.machineToken
            expires_at = RFC3339.seconds(payload.expiresAt)
            gateway_id = payload.gatewayID
            gateway_code = payload.gatewayCode
            abilities = payload.abilities
            issued_at = RFC3339.seconds(payload.issuedAt)
        }
    }
}
