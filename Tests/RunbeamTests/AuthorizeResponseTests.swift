import Basics
import Foundation
import Runbeam
import Testing

@Suite struct AuthorizeResponseTests {
    static let documented = #"""
        {"machine_token": "mt_example-not-a-real-token", "expires_in": 2592000, "expires_at": "2026-12-22T10:00:00Z",
         "gateway": {"id": "550e8400-e29b-41d4-a716-446655440000", "code": "prod-gateway", "name": "Prod gateway",
                     "authorized_by": {"id": 7, "name": "Ada", "email": "ada@example.test"}},
         "abilities": [], "unexpected": {"nested": true}}
        """#

    @Test func decodesTheDocumentedShape() throws {
        let response = try AuthorizeResponse.decode(Data(Self.documented.utf8))
        #expect(response.expiresIn == 2_592_000)
        #expect(response.expiresAt == RFC3339.parse("2026-12-22T10:00:00Z"))
        #expect(response.gateway == .init(id: "550e8400-e29b-41d4-a716-446655440000", code: "prod-gateway", name: "Prod gateway", authorizedBy: .init(id: "7", name: "Ada", email: "ada@example.test")))
        let payload = response.payload(issuedAt: Date(timeIntervalSince1970: 0))
        #expect(payload.gatewayID == response.gateway.id)
        #expect(payload.jsonString.hasSuffix(#""issued_at":"1970-01-01T00:00:00Z"}"#))
    }

    @Test func optionalFieldsDefault() throws {
        let minimal = #"{"machine_token":"mt_x","expires_in":60,"expires_at":"2026-12-22T10:00:00.123+02:00","gateway":{"id":"g","code":"c","name":"n"}}"#
        let response = try AuthorizeResponse.decode(Data(minimal.utf8))
        #expect(response.abilities == [])
        #expect(response.gateway.authorizedBy == nil)
        #expect(response.expiresAt == RFC3339.parse("2026-12-22T08:00:00.123Z"))
    }

    @Test(arguments: ["machine_token", "expires_in", "expires_at", "gateway"])
    func requiredFieldsAreEnforced(key: String) throws {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(Self.documented.utf8)) as? [String: Any])
        object.removeValue(forKey: key)
        let error = #expect(throws: RunbeamError.self) { try AuthorizeResponse.decode(try JSONSerialization.data(withJSONObject: object)) }
        guard case .malformedResponse(let reason)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(reason.contains(key))
    }

    @Test(arguments: ["id", "code", "name"])
    func requiredGatewayFieldsAreEnforced(key: String) throws {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(Self.documented.utf8)) as? [String: Any])
        var gateway = try #require(object["gateway"] as? [String: Any])
        gateway.removeValue(forKey: key)
        object["gateway"] = gateway
        let error = #expect(throws: RunbeamError.self) { try AuthorizeResponse.decode(try JSONSerialization.data(withJSONObject: object)) }
        #expect(error?.description.contains("gateway.\(key)") == true)
    }

    @Test func descriptionsRedactTheToken() throws {
        let response = try AuthorizeResponse.decode(Data(Self.documented.utf8))
        var dumped = ""
        dump(response, to: &dumped)
        for text in [String(describing: response), String(reflecting: response), dumped] {
            #expect(!text.contains("mt_documented"), "\(text)")
        }
    }
}

@Suite struct RunbeamValueTests {
    @Test func credentialsAreTrimmedClassifiedAndRedacted() throws {
        let sanctum = try RunbeamCredential("12|abcdefghijklmnopqrstuvwxyz\n")
        #expect(sanctum.secretValue == "12|abcdefghijklmnopqrstuvwxyz")
        #expect(sanctum.kind == .sanctum)
        // A JWT-shaped value assembled at run time (header, claims, signature), so none sits in the repository.
        let jwt = [#"{"alg":"HS256"}"#, #"{"sub":"1"}"#, "signature"]
            .map { Data($0.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "") }
            .joined(separator: ".")
        #expect(try RunbeamCredential(jwt).kind == .jwt)
        #expect(try RunbeamCredential("something-else").kind == .opaque)
        var dumped = ""
        dump(sanctum, to: &dumped)
        for text in [String(describing: sanctum), String(reflecting: sanctum), dumped] {
            #expect(!text.contains("abcdefghijklmnop"), "\(text)")
        }
        #expect(throws: RunbeamCredentialError.empty) { try RunbeamCredential(" \n") }
        #expect(throws: RunbeamCredentialError.invalidCharacters) { try RunbeamCredential("1|two words") }
    }

    @Test func apiURLsRequireHTTPSExceptOnLoopback() throws {
        #expect(try RunbeamAPIURL("https://api.runbeam.cloud/api/").authorizeURL == "https://api.runbeam.cloud/api/harmony/authorize")
        #expect(RunbeamAPIURL.default.string == "https://api.runbeam.cloud/api")
        for loopback in ["http://127.0.0.1:8080/api", "http://127.8.9.10/api", "http://localhost:1/api", "http://[::1]:9/api"] {
            #expect(throws: Never.self) { try RunbeamAPIURL(loopback) }
        }
        #expect(throws: RunbeamAPIURLError.insecure("http://runbeam.example/api")) { try RunbeamAPIURL("http://runbeam.example/api") }
        #expect(throws: RunbeamAPIURLError.insecure("http://127.0.0.1.example/api")) { try RunbeamAPIURL("http://127.0.0.1.example/api") }
        #expect(throws: Never.self) { try RunbeamAPIURL("http://proxy.internal/api", allowedPrefixes: ["http://proxy.internal/"]) }
        #expect(throws: RunbeamAPIURLError.containsUserInfo) { try RunbeamAPIURL("https://user:secret@api.runbeam.cloud/api") }
        #expect(throws: RunbeamAPIURLError.self) { try RunbeamAPIURL("ftp://api.runbeam.cloud/api") }
        #expect(throws: RunbeamAPIURLError.self) { try RunbeamAPIURL("api.runbeam.cloud") }
        #expect(throws: RunbeamAPIURLError.self) { try RunbeamAPIURL("https://api.runbeam.cloud/api?x=1") }
    }

    @Test func rfc3339ParsesEveryFormAndFormatsUTC() throws {
        let reference = Date(timeIntervalSince1970: 1_797_933_600)
        for text in ["2026-12-22T10:00:00Z", "2026-12-22t10:00:00z", "2026-12-22 10:00:00Z", "2026-12-22T11:30:00+01:30", "2026-12-22T05:00:00-05:00", "2026-12-22T10:00:00.000Z"] {
            #expect(RFC3339.parse(text) == reference, "\(text)")
        }
        #expect(RFC3339.parse("2026-12-22T10:00:00.5Z") == reference.addingTimeInterval(0.5))
        for bad in ["", "soon", "2026-12-22", "2026-12-22T10:00:00", "2026-02-30T10:00:00Z", "2026-12-22T25:00:00Z", "2026-12-22T10:00:00+0100", "2026-12-22T10:00:00.Z", "2026-12-22T10:00:00Zjunk"] {
            #expect(RFC3339.parse(bad) == nil, "\(bad)")
        }
        #expect(RFC3339.seconds(reference.addingTimeInterval(0.999)) == "2026-12-22T10:00:00Z")
        #expect(RFC3339.seconds(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
    }

    @Test func errorsClassifyRetriesAndDelays() {
        #expect(RunbeamError.rateLimited(retryAfter: .seconds(5)).retryAfter == .seconds(5))
        #expect(RunbeamError.unavailable(reason: "x").retryAfter == nil)
        #expect(RunbeamError.unavailable(reason: "x").isRetryable)
        #expect(!RunbeamError.invalid(fieldErrors: [:]).isRetryable)
        #expect(RunbeamError.forbidden(message: "").isCredentialRejected)
        #expect(RunbeamError.invalid(fieldErrors: ["gateway_code": ["bad"]]).description.contains("gateway_code: bad"))
        #expect(RunbeamUserAgent(version: "1.2.3").value == "runbeam-operator/1.2.3")
    }
}
