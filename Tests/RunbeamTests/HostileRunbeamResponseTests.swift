import Basics
import Foundation
import HTTPServer
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import Runbeam
import RunbeamCloud
import TestSupport
import Testing

/// Hostile Runbeam Cloud answers: each must give a typed error that names the field and says what to do,
/// never contains the credential or the token, and never crashes.
@Suite struct HostileRunbeamResponseTests {
    /// One hostile answer and what the client must make of it.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var status = 200
        var headers: [(String, String)] = [("Content-Type", "application/json")]
        var body: @Sendable (HostileBodies) -> [UInt8]
        /// Text the error description must contain (the field, or the fault); nil when the answer must succeed.
        var mentions: String?

        var testDescription: String { name }

        static func json(_ name: String, mentions: String?, _ body: @escaping @Sendable (HostileBodies) -> String) -> Case {
            Case(name: name, body: { Array(body($0).utf8) }, mentions: mentions)
        }
    }

    static let wrongTypes: [Case] = {
        var cases: [Case] = []
        for (field, values) in [
            ("machine_token", ["42", "true", "{}", "[]", "null", "[\"mt_a\"]"]),
            ("expires_in", ["\"2592000\"", "true", "{}", "null", "1.5", "1e20", "-1e30"]),
            ("expires_at", ["1798000000", "1.8e9", "true", "{}", "[]", "null"]),
            ("gateway", ["\"prod-gateway\"", "1", "[]", "null", "true"]),
            ("abilities", ["\"read\"", "[1]", "[null]", "{}", "7"]),
        ] {
            for value in values {
                cases.append(.json("\(field) = \(value)", mentions: field) { $0.body([field: value]) })
            }
        }
        for (field, value, expected) in [
            ("machine_token", "42", "field machine_token has the wrong type, expected a string"),
            ("expires_in", "\"30\"", "field expires_in has the wrong type, expected a number"),
            ("gateway", "[]", "field gateway has the wrong type, expected an object"),
            ("abilities", "{}", "field abilities has the wrong type, expected an array"),
            ("abilities", "[\"a\", 1]", "field abilities[1] has the wrong type, expected a string"),
        ] {
            cases.append(.json("\(field) = \(value) (the expected type is named)", mentions: expected) { $0.body([field: value]) })
        }
        cases.append(.json("a JSON array body (the expected type is named)", mentions: "field (top level) has the wrong type, expected an object") { _ in "[]" })
        for (field, values) in [("id", ["5", "null", "{}", "[]"]), ("code", ["5", "null", "false"]), ("name", ["5", "null", "[]"])] {
            for value in values {
                cases.append(.json("gateway.\(field) = \(value)", mentions: "gateway.\(field)") { $0.body(gateway: [field: value]) })
            }
        }
        return cases
    }()

    static let missingFields: [Case] =
        ["machine_token", "expires_in", "expires_at", "gateway"].map { field in
            .json("without \(field)", mentions: "required field \(field) is missing") { $0.body([field: nil]) }
        }
        + ["id", "code", "name"].map { field in
            .json("without gateway.\(field)", mentions: "required field gateway.\(field) is missing") { $0.body(gateway: [field: nil]) }
        }

    static let badValues: [Case] = [
        .json("empty machine_token", mentions: "machine_token is empty") { $0.body(["machine_token": "\"\""]) },
        .json("machine_token with a line break", mentions: "machine_token contains whitespace") { $0.body(["machine_token": "\"mt_a\\nInjected: yes\""]) },
        .json("machine_token of 20,000 bytes", mentions: "machine_token is longer than") { $0.body(["machine_token": "\"mt_\(String(repeating: "a", count: 20_000))\""]) },
        .json("empty gateway.id", mentions: "gateway.id is empty") { $0.body(gateway: ["id": "\"\""]) },
        .json("gateway.id of 10,000 bytes", mentions: "gateway.id is longer than") { $0.body(gateway: ["id": "\"\(String(repeating: "9", count: 10_000))\""]) },
        .json("gateway.code with a space", mentions: "gateway.code contains whitespace") { $0.body(gateway: ["code": "\"prod gateway\""]) },
    ]

    static let expiryForms: [Case] = {
        let texts = [
            "2026-12-22T10:00:00", "2026-12-22", "garbage", "", " ", "2026-12-22T10:00:00ZZ", "2026-13-22T10:00:00Z",
            "2026-02-30T10:00:00Z", "2026-12-22T25:00:00Z", "2026-12-22T10:00:00+99:00", "10000-01-01T00:00:00Z",
            "+275760-09-13T00:00:00Z", "1798000000", "Tue, 22 Dec 2026 10:00:00 GMT", "２０２６-12-22T10:00:00Z",
            "2026-12-22T10:00:00.Z", String(repeating: "9", count: 100_000),
        ]
        var cases = texts.map { text in
            Case.json("expires_at \"\(text.prefix(30))\"", mentions: "expires_at") { $0.body(["expires_at": "\"\(text)\""]) }
        }
        cases.append(.json("expires_at far in the past", mentions: "expires_at (1970-01-01T00:00:00Z) is not in the future") { $0.body(["expires_at": "\"1970-01-01T00:00:00Z\""]) })
        cases.append(.json("expires_at one second ago", mentions: "is not in the future") { $0.body(["expires_at": "\"\(RFC3339.seconds($0.now.addingTimeInterval(-1)))\""]) })
        cases.append(.json("expires_at in year 9999", mentions: "expires_at (9999-12-31T23:59:59Z) is more than 400 days away") { $0.body(["expires_at": "\"9999-12-31T23:59:59Z\""]) })
        cases.append(.json("expires_at in two years", mentions: "is more than 400 days away") { $0.body(["expires_at": "\"\(RFC3339.seconds($0.now.addingTimeInterval(730 * 86_400)))\""]) })
        return cases
    }()

    static let bodies: [Case] = [
        .json("an empty body", mentions: "the body is empty") { _ in "" },
        .json("only whitespace", mentions: "the body is empty") { _ in " \r\n\t " },
        .json("JSON null", mentions: "(top level) is null") { _ in "null" },
        .json("a JSON array", mentions: "(top level) has the wrong type") { _ in "[]" },
        .json("a JSON number", mentions: "(top level) has the wrong type") { _ in "42" },
        .json("a JSON string holding the body", mentions: "(top level) has the wrong type") { "\"\($0.body().replacingOccurrences(of: "\"", with: "\\\""))\"" },
        .json("an HTML page with 200", mentions: "HTML") { _ in "<!DOCTYPE html><html><body><h1>Welcome</h1></body></html>" },
        .json("plain text OK", mentions: "not valid JSON") { _ in "OK" },
        .json("a number beyond Double", mentions: "not valid JSON") { $0.body(["expires_in": "1e400"]) },
        .json("JSON cut in half", mentions: "not valid JSON") { String($0.body().prefix(60)) },
        .json("100,000 nested arrays", mentions: "not valid JSON") { _ in String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) },
        .json("100,000 nested arrays in gateway", mentions: "not valid JSON") { $0.body(["gateway": String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)]) },
        Case(name: "non-UTF-8 bytes", body: { _ in [0xFF, 0xFE, 0xFD, 0x80, 0x81, 0xC0, 0xC1] }, mentions: "not valid JSON"),
        Case(name: "non-UTF-8 bytes inside the token", body: { bodies in
            var bytes = Array(bodies.body(["machine_token": "\"mt_TOKENPLACE\""]).utf8)
            if let range = bytes.firstRange(of: Array("TOKENPLACE".utf8)) { bytes.replaceSubrange(range, with: [0xC3, 0x28, 0xFF, 0xA0]) }
            return bytes
        }, mentions: "not valid JSON"),
        Case(name: "NUL bytes", body: { _ in [UInt8](repeating: 0, count: 64) }, mentions: "not valid JSON"),
    ]

    static let accepted: [Case] = [
        .json("extra top-level fields", mentions: nil) { $0.body(["extra": #"{"deep": [1, {"x": null}]}"#, "token": "\"shadow\"", "refresh_token": "42"]) },
        .json("extra gateway fields", mentions: nil) { $0.body(gateway: ["team": #"{"id": 1}"#, "created_at": "null"]) },
        .json("a malformed authorized_by", mentions: nil) { $0.body(gateway: ["authorized_by": "\"someone\""]) },
        .json("authorized_by with wrong member types", mentions: nil) { $0.body(gateway: ["authorized_by": #"{"id": true, "name": 5}"#]) },
        .json("abilities null", mentions: nil) { $0.body(["abilities": "null"]) },
        .json("abilities missing", mentions: nil) { $0.body(["abilities": nil]) },
        .json("expires_at with an offset and fraction", mentions: nil) { bodies in
            let later = RFC3339.seconds(bodies.now.addingTimeInterval(30 * 86_400 + 7200))
            return bodies.body(["expires_at": "\"\(later.dropLast())-02:00\""])
        },
    ]

    static let statuses: [Case] = [
        Case(name: "500 with an HTML page", status: 500, headers: [("Content-Type", "text/html")], body: { _ in Array("<html><body><h1>500 Internal Server Error</h1></body></html>".utf8) }, mentions: "status 500"),
        Case(name: "502 with an empty body", status: 502, headers: [], body: { _ in [] }, mentions: "status 502"),
        Case(name: "503 with non-UTF-8 bytes", status: 503, headers: [], body: { _ in [0xFF, 0xFE, 0x00, 0x80] }, mentions: "status 503"),
        Case(name: "404 with an HTML page", status: 404, headers: [("Content-Type", "text/html")], body: { _ in Array("<html>Not here</html>".utf8) }, mentions: "unexpected status 404"),
        Case(name: "204 No Content", status: 204, headers: [], body: { _ in [] }, mentions: "unexpected status 204"),
        Case(name: "202 Accepted with a token body", status: 202, body: { Array($0.body().utf8) }, mentions: "unexpected status 202"),
        Case(name: "429 with a garbage Retry-After", status: 429, headers: [("Retry-After", "soon")], body: { _ in [] }, mentions: "429"),
        Case(name: "429 with an absurd Retry-After", status: 429, headers: [("Retry-After", "99999999999999999999")], body: { _ in [] }, mentions: "429"),
        Case(name: "422 with errors of the wrong types", status: 422, body: { _ in Array(#"{"message": 5, "errors": {"gateway_code": 7, "token": [null, 3, "bad"]}}"#.utf8) }, mentions: "422"),
        Case(name: "401 echoing the credential and token", status: 401, body: { Array(#"{"message": "bad \#($0.credential) \#($0.token)"}"#.utf8) }, mentions: "401"),
        Case(name: "403 echoing the credential and token", status: 403, body: { Array(#"{"message": "team of \#($0.credential) owns \#($0.token)"}"#.utf8) }, mentions: "403"),
    ]

    static let encodings: [Case] = ["gzip", "deflate", "br", "zstd"].map { encoding in
        Case(
            name: "Content-Encoding \(encoding) on a plain body", headers: [("Content-Type", "application/json"), ("Content-Encoding", encoding)],
            body: { Array($0.body().utf8) }, mentions: "Content-Encoding")
    }

    @Test(arguments: wrongTypes + missingFields + badValues + expiryForms + bodies + accepted + statuses + encodings)
    func hostileAnswer(_ hostile: Case) async throws {
        let bodies = HostileBodies()
        let cloud = try await ScriptedCloud.start(.full(status: hostile.status, headers: hostile.headers, body: hostile.body(bodies)))
        defer { Task { await cloud.shutdown() } }
        let logs = LogCapture()
        let client = RunbeamClient(
            apiBaseURL: try RunbeamAPIURL(cloud.apiBaseURL), userAgent: RunbeamUserAgent(version: "9.9.9-test"), timeout: .seconds(10),
            logger: logs.logger, now: { bodies.now })
        let credential = try RunbeamCredential(bodies.credential)
        let outcome: Result<AuthorizeResponse, RunbeamError>
        do {
            outcome = .success(try await client.authorize(gatewayCode: "prod-gateway", credential: credential))
        } catch {
            outcome = .failure(error)
        }
        switch (outcome, hostile.mentions) {
        case (.success(let response), nil):
            #expect(response.machineToken.secretValue == bodies.token)
            #expect(response.gateway.code == "prod-gateway")
        case (.success, .some(let mentions)):
            Issue.record("expected an error mentioning \(mentions), got a token")
        case (.failure(let error), nil):
            Issue.record("expected a token, got \(error)")
        case (.failure(let error), .some(let mentions)):
            #expect(error.description.contains(mentions), "\(error)")
            #expect(Self.advises(error), "no advice in: \(error)")
            if case .cancelled = error { Issue.record("a hostile answer must not look like a cancellation") }
        }
        let texts = logs.lines + [outcome.description] + ((try? outcome.get()).map { [String(describing: $0), String(reflecting: $0)] } ?? [])
        let findings = SecretScan.findings(in: texts, credentials: [bodies.credential], tokens: [bodies.token])
        #expect(findings.isEmpty, "\(findings)")
    }

    /// Whether the description tells the reader what to do.
    static func advises(_ error: RunbeamError) -> Bool {
        ["check", "retry", "fix", "use "].contains { error.description.contains($0) }
    }

    @Test(arguments: [(10 << 20, true), (10 << 20, false)])
    func aTenMebibyteBodyIsRefusedAtTheLimit(bytes: Int, declaresLength: Bool) async throws {
        let bodies = HostileBodies()
        let answer: ScriptedCloud.Answer =
            declaresLength
            ? .full(status: 200, headers: [("Content-Type", "application/json")], body: [UInt8](repeating: UInt8(ascii: " "), count: bytes))
            : .chunked(total: bytes, filler: UInt8(ascii: " "))
        let cloud = try await ScriptedCloud.start(answer)
        defer { Task { await cloud.shutdown() } }
        let client = RunbeamClient(
            apiBaseURL: try RunbeamAPIURL(cloud.apiBaseURL), userAgent: RunbeamUserAgent(version: "9.9.9-test"), timeout: .seconds(20),
            maxResponseSize: 1 << 20)
        let credential = try RunbeamCredential(bodies.credential)
        do {
            let response = try await client.authorize(gatewayCode: "prod-gateway", credential: credential)
            Issue.record("expected a refusal, got a token for \(response.gateway.code)")
        } catch {
            #expect(error == .responseTooLarge(limit: 1 << 20))
            #expect(error.description.contains("1048576 bytes") && error.description.contains("check the API URL"))
        }
        if !declaresLength {
            let deadline = Date().addingTimeInterval(5)
            while !cloud.chunkedProgress.finished, !cloud.chunkedProgress.cutOff, Date() < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            let progress = cloud.chunkedProgress
            #expect(progress.cutOff && !progress.finished && progress.sent < bytes, "the client read the whole body: \(progress)")
        }
    }

    @Test func aRedirectIsNotFollowedWithTheCredential() async throws {
        let bodies = HostileBodies()
        let elsewhere = try await ScriptedCloud.start(.full(status: 200, headers: [("Content-Type", "application/json")], body: Array(bodies.body().utf8)))
        defer { Task { await elsewhere.shutdown() } }
        let cloud = try await ScriptedCloud.start(
            .full(status: 307, headers: [("Location", elsewhere.apiBaseURL + "/harmony/authorize")], body: []))
        defer { Task { await cloud.shutdown() } }
        let client = RunbeamClient(apiBaseURL: try RunbeamAPIURL(cloud.apiBaseURL), userAgent: RunbeamUserAgent(version: "9.9.9-test"))
        let credential = try RunbeamCredential(bodies.credential)
        do {
            _ = try await client.authorize(gatewayCode: "prod-gateway", credential: credential)
            Issue.record("a redirect must not yield a token")
        } catch {
            #expect(error == .unexpectedStatus(code: 307, message: ""))
        }
        #expect(cloud.requests == 1)
        #expect(elsewhere.requests == 0)
    }
}

extension Result where Success == AuthorizeResponse, Failure == RunbeamError {
    fileprivate var description: String {
        switch self {
        case .success(let response): return String(describing: response)
        case .failure(let error): return "\(error) | \(String(reflecting: error))"
        }
    }
}
/// A loopback server that answers every request with one scripted response, for hostile-input tests.
final class ScriptedCloud: Sendable {
    /// What the server answers.
    enum Answer: Sendable {
        /// A complete response (`Content-Length` set by the server).
        case full(status: Int, headers: [(String, String)], body: [UInt8])
        /// A chunked 200 of `total` bytes of `filler`, written 64 KiB at a time while the client keeps reading.
        case chunked(total: Int, filler: UInt8)
    }

    let server: HTTPServer
    private let state = NIOLockedValueBox(State())

    private struct State {
        var requests = 0
        var chunkedBytesSent = 0
        var chunkedFinished = false
        var chunkedCutOff = false
    }

    private init(server: HTTPServer) {
        self.server = server
    }

    /// Starts a server on a free loopback port.
    static func start(_ answer: Answer) async throws -> ScriptedCloud {
        let box = NIOLockedValueBox<ScriptedCloud?>(nil)
        let server = try await HTTPServer.start(host: "127.0.0.1", port: 0) { _ in
            guard let cloud = box.withLockedValue({ $0 }) else { return .full(status: .serviceUnavailable, headers: [:], body: []) }
            return cloud.respond(answer)
        }
        let cloud = ScriptedCloud(server: server)
        box.withLockedValue { $0 = cloud }
        return cloud
    }

    /// `http://127.0.0.1:PORT/api`.
    var apiBaseURL: String { "http://127.0.0.1:\(server.port)/api" }

    var requests: Int { state.withLockedValue { $0.requests } }

    /// Bytes of a chunked answer handed to the connection, whether all were written, and whether the client cut it off.
    var chunkedProgress: (sent: Int, finished: Bool, cutOff: Bool) {
        state.withLockedValue { ($0.chunkedBytesSent, $0.chunkedFinished, $0.chunkedCutOff) }
    }

    func shutdown() async { await server.shutdown() }

    private func respond(_ answer: Answer) -> ServerResponse {
        state.withLockedValue { $0.requests += 1 }
        switch answer {
        case .full(let status, let headers, let body):
            return .full(status: HTTPResponseStatus(statusCode: status), headers: HTTPHeaders(headers), body: body)
        case .chunked(let total, let filler):
            return .stream(status: .ok, headers: ["Content-Type": "application/json"]) { writer in
                self.writeChunks(writer, remaining: total, chunk: [UInt8](repeating: filler, count: 64 << 10))
            }
        }
    }

    private func writeChunks(_ writer: StreamingResponseWriter, remaining: Int, chunk: [UInt8]) {
        guard remaining > 0 else {
            state.withLockedValue { $0.chunkedFinished = true }
            writer.finish()
            return
        }
        let piece = Array(chunk.prefix(remaining))
        guard writer.write(piece) else {
            state.withLockedValue { $0.chunkedCutOff = true }
            return
        }
        state.withLockedValue { $0.chunkedBytesSent += piece.count }
        writer.eventLoop.scheduleTask(in: .milliseconds(1)) {
            self.writeChunks(writer, remaining: remaining - piece.count, chunk: chunk)
        }
    }
}

/// Fake secrets made at run time, and the documented authorize body with fields replaced.
struct HostileBodies {
    let credential: String
    let token: String
    let now: Date

    init(now: Date = Date()) {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        func random(_ count: Int) -> String { String((0..<count).map { _ in alphabet.randomElement()! }) }
        credential = "7|" + random(40)
        token = "mt_" + random(40)
        self.now = now
    }

    /// A valid `expires_at`, 30 days from now.
    var validExpiry: String { RFC3339.seconds(now.addingTimeInterval(30 * 86_400)) }

    /// The documented success body; `top` and `gateway` replace members with raw JSON text, or remove them (nil).
    func body(_ top: [String: String?] = [:], gateway: [String: String?] = [:]) -> String {
        var gatewayFields: [(String, String?)] = [
            ("id", #""550e8400-e29b-41d4-a716-446655440000""#), ("code", #""prod-gateway""#), ("name", #""Prod gateway""#),
            ("authorized_by", #"{"id": 7, "name": "Ada", "email": "ada@example.test"}"#),
        ]
        gatewayFields = Self.apply(gateway, to: gatewayFields)
        let gatewayText = "{" + gatewayFields.compactMap { name, value in value.map { "\"\(name)\": \($0)" } }.joined(separator: ", ") + "}"
        var fields: [(String, String?)] = [
            ("machine_token", "\"\(token)\""), ("expires_in", "2592000"), ("expires_at", "\"\(validExpiry)\""),
            ("gateway", gatewayText), ("abilities", "[]"),
        ]
        fields = Self.apply(top, to: fields)
        return "{" + fields.compactMap { name, value in value.map { "\"\(name)\": \($0)" } }.joined(separator: ", ") + "}"
    }

    private static func apply(_ changes: [String: String?], to fields: [(String, String?)]) -> [(String, String?)] {
        var result = fields.map { name, value in (name, changes.keys.contains(name) ? changes[name]! : value) }
        for (name, value) in changes.sorted(by: { $0.key < $1.key }) where !fields.contains(where: { $0.0 == name }) {
            result.append((name, value))
        }
        return result
    }
}
