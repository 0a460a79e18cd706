import Basics
import FoundationEssentials

/// The JSON value of `RUNBEAM_MACHINE_TOKEN`: the six keys every Runbeam SDK version reads. The one payload type:
/// `token get` prints it and the operator writes it into Secrets and reads it back.
///
/// Times are kept in whole seconds (RFC 3339 UTC), so the same token always yields the same bytes. Two encodings,
/// each kept byte for byte as released: ``jsonString`` (what `token get` prints) has the keys in the documented order
/// (`machine_token`, `expires_at`, `gateway_id`, `gateway_code`, `abilities`, `issued_at`); ``secretData`` (what the
/// operator writes into a Secret) has them sorted, and changing it would make the operator rewrite every existing
/// Secret. ``init(json:)`` requires all six keys, a non-empty token and parseable dates, and ignores unknown keys.
/// `description` redacts the token.
public struct MachineTokenPayload: Sendable, Hashable, Decodable, CustomStringConvertible {
    public var machineToken: MachineToken
    public var expiresAt: Date
    public var gatewayID: String
    public var gatewayCode: String
    public var abilities: [String]
    public var issuedAt: Date

    public init(machineToken: MachineToken, expiresAt: Date, gatewayID: String, gatewayCode: String, abilities: [String], issuedAt: Date) {
        self.machineToken = machineToken
        self.expiresAt = RFC3339.truncatedToSeconds(expiresAt)
        self.gatewayID = gatewayID
        self.gatewayCode = gatewayCode
        self.abilities = abilities
        self.issuedAt = RFC3339.truncatedToSeconds(issuedAt)
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
        expiresAt = RFC3339.truncatedToSeconds(try container.decodeRFC3339(forKey: .expiresAt))
        gatewayID = try container.decode(String.self, forKey: .gatewayID)
        gatewayCode = try container.decode(String.self, forKey: .gatewayCode)
        abilities = try container.decode([String].self, forKey: .abilities)
        issuedAt = RFC3339.truncatedToSeconds(try container.decodeRFC3339(forKey: .issuedAt))
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
        if machineToken.secretValue.isEmpty { throw MachineTokenPayloadError(reason: "machine_token is empty") }
    }

    /// The single-line JSON encoding, keys in the documented order.
    public var jsonString: String {
        let fields: [(CodingKeys, String)] = [
            (.machineToken, JSONText.quoted(machineToken.secretValue)),
            (.expiresAt, JSONText.quoted(RFC3339.seconds(expiresAt))),
            (.gatewayID, JSONText.quoted(gatewayID)),
            (.gatewayCode, JSONText.quoted(gatewayCode)),
            (.abilities, "[" + abilities.map(JSONText.quoted).joined(separator: ",") + "]"),
            (.issuedAt, JSONText.quoted(RFC3339.seconds(issuedAt))),
        ]
        return "{" + fields.map { "\(JSONText.quoted($0.0.rawValue)):\($0.1)" }.joined(separator: ",") + "}"
    }

    /// ``jsonString`` as UTF-8 bytes.
    public var jsonData: Data { Data(jsonString.utf8) }

    /// The Secret encoding: single-line JSON, keys sorted, slashes unescaped, times in whole seconds.
    public var secretData: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and string arrays cannot fail.
        return try! encoder.encode(SecretWire(self))
    }

    /// The keys ``secretData`` writes.
    private struct SecretWire: Encodable {
        var machine_token: String
        var expires_at: String
        var gateway_id: String
        var gateway_code: String
        var abilities: [String]
        var issued_at: String

        init(_ payload: MachineTokenPayload) {
            machine_token = payload.machineToken.secretValue
            expires_at = RFC3339.seconds(payload.expiresAt)
            gateway_id = payload.gatewayID
            gateway_code = payload.gatewayCode
            abilities = payload.abilities
            issued_at = RFC3339.seconds(payload.issuedAt)
        }
    }

    public var description: String {
        "MachineTokenPayload(gatewayCode: \(gatewayCode), gatewayID: \(gatewayID), expiresAt: \(RFC3339.seconds(expiresAt)), issuedAt: \(RFC3339.seconds(issuedAt)), abilities: \(abilities), machineToken: redacted)"
    }
}

/// Why a stored payload is not a valid machine token payload. Never contains the token.
public struct MachineTokenPayloadError: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String
    public var description: String { "the machine token payload is damaged: \(reason)" }
}
