import Basics
import FoundationEssentials

/// The body of a successful `POST {apiBase}/harmony/authorize`.
///
/// Unknown fields are ignored; `authorized_by` is optional and `abilities` defaults to `[]`;
/// every other field is required, and `expires_at` must be an RFC 3339 timestamp.
public struct AuthorizeResponse: Sendable, Hashable, Decodable {
    /// The gateway the token was issued for.
    public struct Gateway: Sendable, Hashable, Decodable {
        /// The gateway's UUID.
        public var id: String
        public var code: String
        public var name: String
        public var authorizedBy: AuthorizedBy?

        public init(id: String, code: String, name: String, authorizedBy: AuthorizedBy? = nil) {
            self.id = id
            self.code = code
            self.name = name
            self.authorizedBy = authorizedBy
        }

        enum CodingKeys: String, CodingKey {
            case id, code, name
            case authorizedBy = "authorized_by"
        }

        /// `id` and `code` must be non-empty single-line text; a malformed `authorized_by` (informational only)
        /// is dropped rather than failing the whole response.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decodeIdentifier(forKey: .id)
            code = try container.decodeIdentifier(forKey: .code)
            name = try container.decode(String.self, forKey: .name)
            authorizedBy = try? container.decodeIfPresent(AuthorizedBy.self, forKey: .authorizedBy)
        }
    }

    /// The user whose credential authorized the gateway.
    public struct AuthorizedBy: Sendable, Hashable, Decodable {
        /// The user id (a number or a string on the wire), as text.
        public var id: String?
        public var name: String?
        public var email: String?

        public init(id: String? = nil, name: String? = nil, email: String? = nil) {
            self.id = id
            self.name = name
            self.email = email
        }

        enum CodingKeys: String, CodingKey { case id, name, email }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let number = try? container.decodeIfPresent(Int.self, forKey: .id) {
                id = String(number)
            } else {
                id = try container.decodeIfPresent(String.self, forKey: .id)
            }
            name = try container.decodeIfPresent(String.self, forKey: .name)
            email = try container.decodeIfPresent(String.self, forKey: .email)
        }
    }

    public var machineToken: MachineToken
    /// The token lifetime in seconds (30 days today).
    public var expiresIn: Int
    public var expiresAt: Date
    public var gateway: Gateway
    public var abilities: [String]

    public init(machineToken: MachineToken, expiresIn: Int, expiresAt: Date, gateway: Gateway, abilities: [String] = []) {
        self.machineToken = machineToken
        self.expiresIn = expiresIn
        self.expiresAt = expiresAt
        self.gateway = gateway
        self.abilities = abilities
    }

    enum CodingKeys: String, CodingKey {
        case machineToken = "machine_token"
        case expiresIn = "expires_in"
        case expiresAt = "expires_at"
        case gateway, abilities
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        machineToken = MachineToken(try container.decodeIdentifier(forKey: .machineToken, maxLength: Self.maxTokenLength))
        expiresIn = try container.decodeWholeNumber(forKey: .expiresIn)
        expiresAt = try container.decodeRFC3339(forKey: .expiresAt)
        gateway = try container.decode(Gateway.self, forKey: .gateway)
        abilities = try container.decodeIfPresent([String].self, forKey: .abilities) ?? []
    }

    /// The longest `machine_token` accepted (it travels in an environment variable and a header).
    public static let maxTokenLength = 16_384
    /// The latest `expires_at` accepted, measured from now: Runbeam tokens live 30 days, so anything
    /// further out is a broken server or clock, and trusting it would stop renewals.
    public static let maxLifetime: TimeInterval = 400 * 86_400

    /// Decodes a response body; the error's reason names the field at fault, never a value.
    public static func decode(_ body: Data) throws(RunbeamError) -> AuthorizeResponse {
        let start = body.prefix(512).drop { [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
        if start.isEmpty { throw .malformedResponse(reason: "the body is empty") }
        if start.first == UInt8(ascii: "<") {
            throw .malformedResponse(reason: "the body is an HTML or XML page, not JSON (the API URL may point at a website instead of the API)")
        }
        do {
            return try JSONDecoder().decode(AuthorizeResponse.self, from: body)
        } catch let error as DecodingError {
            throw .malformedResponse(reason: DecodingErrorReason.describe(error))
        } catch {
            throw .malformedResponse(reason: "the body could not be decoded")
        }
    }

    /// Checks `expires_at` against the local clock: it must lie in the future and within ``maxLifetime``.
    public func checkExpiry(now: Date) throws(RunbeamError) {
        let stamp = RFC3339.seconds(expiresAt)
        if expiresAt <= now {
            throw .malformedResponse(reason: "field expires_at (\(stamp)) is not in the future; check the clocks of this host and of the server")
        }
        if expiresAt.timeIntervalSince(now) > Self.maxLifetime {
            throw .malformedResponse(
                reason: "field expires_at (\(stamp)) is more than \(Int(Self.maxLifetime / 86_400)) days away; tokens live 30 days, check the server and the clocks")
        }
    }

    /// The payload Harmony reads, stamped with the time the token was obtained.
    public func payload(issuedAt: Date) -> MachineTokenPayload {
        MachineTokenPayload(
            machineToken: machineToken, expiresAt: expiresAt, gatewayID: gateway.id,
            gatewayCode: gateway.code, abilities: abilities, issuedAt: issuedAt
        )
    }
}
