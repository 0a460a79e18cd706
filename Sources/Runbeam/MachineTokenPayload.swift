import FoundationEssentials

/// The JSON value of `RUNBEAM_MACHINE_TOKEN`: the six keys every Runbeam SDK version reads.
///
/// ``jsonString`` writes one line with the keys in a fixed order (`machine_token`, `expires_at`,
/// `gateway_id`, `gateway_code`, `abilities`, `issued_at`) and RFC 3339 UTC dates, so the same
/// token always yields the same bytes. ``init(json:)`` requires all six keys and parseable dates,
/// and ignores unknown keys. `description` redacts the token.
public struct MachineTokenPayload: Sendable, Hashable, Decodable, CustomStringConvertible {
    public var machineToken: MachineToken
    public var expiresAt: Date
    public var gatewayID: String
    public var gatewayCode: String
    public var abilities: [String]
    public var issuedAt: Date

    public init(machineToken: MachineToken, expiresAt: Date, gatewayID: String, gatewayCode: String, abilities: [String], issuedAt: Date) {
        self.machineToken = machineToken
        self.expiresAt = expiresAt
        self.gatewayID = gatewayID
        self.gatewayCode = gatewayCode
        self.abilities = abilities
        self.issuedAt = issuedAt
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case machineToken = "machine_token"
        case expiresAt = "expires_at"
        case gatewayID = "gateway_id"
        case gatewayCode = "gateway_code"
        case abilities
        case issuedAt = "issued_at"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        machineToken = try container.decode(MachineToken.self, forKey: .machineToken)
        expiresAt = try container.decodeRFC3339(forKey: .expiresAt)
        gatewayID = try container.decode(String.self, forKey: .gatewayID)
        gatewayCode = try container.decode(String.self, forKey: .gatewayCode)
        abilities = try container.decode([String].self, forKey: .abilities)
        issuedAt = try container.decodeRFC3339(forKey: .issuedAt)
    }

    /// Decodes a payload, e.g. one read back from a Secret.
    public init(json: Data) throws(MachineTokenPayloadError) {
        do {
            self = try JSONDecoder().decode(MachineTokenPayload.self, from: json)
        } catch let error as DecodingError {
            throw MachineTokenPayloadError(reason: DecodingErrorReason.describe(error))
        } catch {
            throw MachineTokenPayloadError(reason: "the payload could not be decoded")
        }
    }

    /// The single-line JSON encoding, keys in the documented order.
    public var jsonString: String {
        let fields: [(CodingKeys, String)] = [
            (.machineToken, JSONText.quoted(machineToken.secretValue)),
            (.expiresAt, JSONText.quoted(RFC3339.string(from: expiresAt))),
            (.gatewayID, JSONText.quoted(gatewayID)),
            (.gatewayCode, JSONText.quoted(gatewayCode)),
            (.abilities, "[" + abilities.map(JSONText.quoted).joined(separator: ",") + "]"),
            (.issuedAt, JSONText.quoted(RFC3339.string(from: issuedAt))),
        ]
        return "{" + fields.map { "\(JSONText.quoted($0.0.rawValue)):\($0.1)" }.joined(separator: ",") + "}"
    }

    /// ``jsonString`` as UTF-8 bytes.
    public var jsonData: Data { Data(jsonString.utf8) }

    public var description: String {
        "MachineTokenPayload(gatewayCode: \(gatewayCode), gatewayID: \(gatewayID), expiresAt: \(RFC3339.string(from: expiresAt)), issuedAt: \(RFC3339.string(from: issuedAt)), abilities: \(abilities), machineToken: redacted)"
    }
}

/// Why a stored payload is not a valid machine token payload. Never contains the token.
public struct MachineTokenPayloadError: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String
    public var description: String { "the machine token payload is damaged: \(reason)" }
}
