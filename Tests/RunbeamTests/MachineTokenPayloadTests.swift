import Foundation
import Runbeam
import Testing

/// The payload as SDK 0.11 reads it: `issued_at` required, `gateway_code` ignored, `abilities` defaulted.
private struct SDK011MachineToken: Decodable {
    var machineToken: String
    var expiresAt: String
    var gatewayID: String
    var abilities: [String]
    var issuedAt: String

    enum CodingKeys: String, CodingKey {
        case machineToken = "machine_token", expiresAt = "expires_at", gatewayID = "gateway_id", abilities, issuedAt = "issued_at"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        machineToken = try container.decode(String.self, forKey: .machineToken)
        expiresAt = try container.decode(String.self, forKey: .expiresAt)
        gatewayID = try container.decode(String.self, forKey: .gatewayID)
        abilities = try container.decodeIfPresent([String].self, forKey: .abilities) ?? []
        issuedAt = try container.decode(String.self, forKey: .issuedAt)
    }
}

/// The payload as SDK 0.10 reads it: `gateway_code` required, no `issued_at`.
private struct SDK010MachineToken: Decodable {
    var machineToken: String
    var expiresAt: String
    var gatewayID: String
    var gatewayCode: String
    var abilities: [String]

    enum CodingKeys: String, CodingKey {
        case machineToken = "machine_token", expiresAt = "expires_at", gatewayID = "gateway_id", gatewayCode = "gateway_code", abilities
    }
}

@Suite struct MachineTokenPayloadTests {
    static let token = "mt_" + String(repeating: "a1B2", count: 10)
    static let payload = MachineTokenPayload(
        machineToken: MachineToken(token),
        expiresAt: Date(timeIntervalSince1970: 1_797_933_600),
        gatewayID: "550e8400-e29b-41d4-a716-446655440000",
        gatewayCode: "prod-gateway",
        abilities: ["read", "write"],
        issuedAt: Date(timeIntervalSince1970: 1_795_341_600.75)
    )

    @Test func encodesOneLineWithTheSixKeysInOrder() {
        let json = Self.payload.jsonString
        #expect(json == #"{"machine_token":"\#(Self.token)","expires_at":"2026-12-22T10:00:00Z","gateway_id":"550e8400-e29b-41d4-a716-446655440000","gateway_code":"prod-gateway","abilities":["read","write"],"issued_at":"2026-11-22T10:00:00Z"}"#)
        #expect(!json.contains("\n"))
        #expect(Self.payload.jsonData == Data(json.utf8))
    }

    @Test func roundTrips() throws {
        let decoded = try MachineTokenPayload(json: Self.payload.jsonData)
        #expect(decoded.machineToken == Self.payload.machineToken)
        #expect(decoded.gatewayCode == "prod-gateway")
        #expect(decoded.abilities == ["read", "write"])
        #expect(decoded.expiresAt == Self.payload.expiresAt)
        #expect(decoded.issuedAt == Date(timeIntervalSince1970: 1_795_341_600))
        #expect(decoded.jsonString == Self.payload.jsonString)
    }

    @Test func decodesUnderSDK011Rules() throws {
        let sdk = try JSONDecoder().decode(SDK011MachineToken.self, from: Self.payload.jsonData)
        #expect(sdk.machineToken == Self.token)
        #expect(sdk.issuedAt == "2026-11-22T10:00:00Z")
        #expect(sdk.abilities == ["read", "write"])
        // The 0.11 model really requires issued_at: a payload without it fails.
        let withoutIssuedAt = Data(#"{"machine_token":"x","expires_at":"2026-12-22T10:00:00Z","gateway_id":"g","gateway_code":"c","abilities":[]}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(SDK011MachineToken.self, from: withoutIssuedAt) }
    }

    @Test func decodesUnderSDK010Rules() throws {
        let sdk = try JSONDecoder().decode(SDK010MachineToken.self, from: Self.payload.jsonData)
        #expect(sdk.gatewayCode == "prod-gateway")
        #expect(sdk.expiresAt == "2026-12-22T10:00:00Z")
        let withoutCode = Data(#"{"machine_token":"x","expires_at":"2026-12-22T10:00:00Z","gateway_id":"g","abilities":[],"issued_at":"2026-11-22T10:00:00Z"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(SDK010MachineToken.self, from: withoutCode) }
    }

    @Test(arguments: ["machine_token", "expires_at", "gateway_id", "gateway_code", "abilities", "issued_at"])
    func everyKeyIsRequired(key: String) throws {
        var object = try #require(try JSONSerialization.jsonObject(with: Self.payload.jsonData) as? [String: Any])
        object.removeValue(forKey: key)
        let damaged = try JSONSerialization.data(withJSONObject: object)
        let error = #expect(throws: MachineTokenPayloadError.self) { try MachineTokenPayload(json: damaged) }
        #expect(error?.description.contains(key) == true)
        #expect(error?.description.contains(Self.token) == false)
    }

    @Test func anUnparseableExpiryIsAnError() {
        let json = Self.payload.jsonString.replacingOccurrences(of: "2026-12-22T10:00:00Z", with: "soon")
        let error = #expect(throws: MachineTokenPayloadError.self) { try MachineTokenPayload(json: Data(json.utf8)) }
        #expect(error?.description.contains("expires_at") == true)
    }

    @Test func notJSONAndWrongTypesAreErrors() {
        #expect(throws: MachineTokenPayloadError.self) { try MachineTokenPayload(json: Data("mt_plain".utf8)) }
        let wrongType = Self.payload.jsonString.replacingOccurrences(of: #"["read","write"]"#, with: #""read""#)
        #expect(throws: MachineTokenPayloadError.self) { try MachineTokenPayload(json: Data(wrongType.utf8)) }
    }

    @Test func unknownKeysAreIgnored() throws {
        let extended = Self.payload.jsonString.dropLast() + #","future":{"x":1}}"#
        #expect(try MachineTokenPayload(json: Data(extended.utf8)).gatewayID == Self.payload.gatewayID)
    }

    @Test func stringsAreEscaped() throws {
        var payload = Self.payload
        payload.gatewayCode = "quote\"back\\slash\u{1}"
        let decoded = try MachineTokenPayload(json: payload.jsonData)
        #expect(decoded.gatewayCode == payload.gatewayCode)
    }

    @Test func descriptionsRedactTheToken() {
        var dumped = ""
        dump(Self.payload, to: &dumped)
        for text in [String(describing: Self.payload), String(reflecting: Self.payload), "\(Self.payload.machineToken)", String(reflecting: Self.payload.machineToken), dumped] {
            #expect(!text.contains(Self.token), "\(text)")
        }
        #expect(String(describing: Self.payload).contains("prod-gateway"))
    }
}
