import Emulators
import Foundation
import JSON
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The Runbeam Cloud emulator over plain HTTP, as any client sees it.
@Suite struct RunbeamCloudEmulatorTests {
    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: Data
        var json: JSONValue { (try? JSONValue(parsing: [UInt8](body))) ?? .null }
    }

    static func send(_ method: String, _ url: String, bearer: String? = nil, body: JSONValue? = nil) async throws -> Reply {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = method
        request.timeoutInterval = 10
        if let bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = Data(body.serialized())
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields { headers[String(describing: key).lowercased()] = String(describing: value) }
        return Reply(status: http.statusCode, headers: headers, body: data)
    }

    static func authorize(_ cloud: RunbeamCloudEmulator, _ credential: RunbeamCloudCredential, code: String) async throws -> Reply {
        try await send("POST", cloud.apiBaseURL + "/harmony/authorize", bearer: credential.value, body: ["token": .string(credential.value), "gateway_code": .string(code)])
    }

    @Test func authorizeCreatesTheGatewayAndIssuesTokensOnTheInjectedClock() async throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let blue = RunbeamCloudCredential.sanctum(id: 4, team: "blue")
        let cloud = try await RunbeamCloudEmulator.start(.init(credentials: [blue], tokenLifetime: .seconds(300), now: { now }))
        defer { Task { await cloud.shutdown() } }
        let first = try await Self.authorize(cloud, blue, code: "edge-1")
        #expect(first.status == 201)
        let token = try #require(first.json["machine_token"]?.stringValue)
        #expect(token.range(of: #"^mt_[A-Za-z0-9]{40}$"#, options: .regularExpression) != nil)
        #expect(first.json["expires_in"] == .int(300))
        #expect(first.json["expires_at"] == "2027-01-15T08:05:00Z")
        #expect(first.json[path: ["gateway", "code"]] == "edge-1")
        #expect(first.json[path: ["gateway", "authorized_by", "id"]] == .int(4))
        #expect(first.json["abilities"] == [])
        let second = try await Self.authorize(cloud, blue, code: "edge-1")
        #expect(second.status == 200)
        #expect(second.json[path: ["gateway", "id"]] == first.json[path: ["gateway", "id"]])
        #expect(cloud.tokensIssued == ["edge-1": 2])
        #expect(cloud.isValid(machineToken: token))
        #expect(!cloud.isValid(machineToken: "mt_unknown"))
    }

    @Test func jwtCredentialsWorkAndTeamsAreSeparate() async throws {
        let blue = RunbeamCloudCredential.sanctum(team: "blue")
        let red = RunbeamCloudCredential.jwt(team: "red")
        let cloud = try await RunbeamCloudEmulator.start(.init(credentials: [blue, red]))
        defer { Task { await cloud.shutdown() } }
        #expect(try await Self.authorize(cloud, red, code: "red-1").status == 201)
        let forbidden = try await Self.authorize(cloud, blue, code: "red-1")
        #expect(forbidden.status == 403)
        #expect(forbidden.json["message"] == "This gateway belongs to a different team")
        let mine = try await Self.send("GET", cloud.apiBaseURL + "/gateways", bearer: blue.value)
        #expect(mine.json["data"] == [])
        let theirs = try await Self.send("GET", cloud.apiBaseURL + "/gateways", bearer: red.value)
        #expect(theirs.json["data"]?.arrayValue?.first?["code"] == "red-1")
        #expect(try await Self.send("GET", cloud.apiBaseURL + "/gateways/red-1", bearer: red.value).json[path: ["data", "tokens_issued"]] == .int(1))
        #expect(try await Self.send("GET", cloud.apiBaseURL + "/gateways/red-1", bearer: blue.value).status == 404)
    }

    @Test func badCredentialsAre401() async throws {
        let blue = RunbeamCloudCredential.sanctum(team: "blue")
        let cloud = try await RunbeamCloudEmulator.start(.init(credentials: [blue]))
        defer { Task { await cloud.shutdown() } }
        let url = cloud.apiBaseURL + "/harmony/authorize"
        #expect(try await Self.send("POST", url, body: ["token": .string(blue.value), "gateway_code": "g"]).status == 401)
        #expect(try await Self.send("POST", url, bearer: "1|nope", body: ["token": "1|nope", "gateway_code": "g"]).status == 401)
        let mismatch = try await Self.send("POST", url, bearer: blue.value, body: ["token": "1|other", "gateway_code": "g"])
        #expect(mismatch.status == 401)
        #expect(mismatch.json["message"] == "Unauthenticated.")
        #expect(try await Self.send("GET", cloud.apiBaseURL + "/gateways").status == 401)
        #expect(cloud.gateways.isEmpty)
    }

    @Test func bodiesAreValidatedLikeLaravel() async throws {
        let blue = RunbeamCloudCredential.sanctum(team: "blue")
        let cloud = try await RunbeamCloudEmulator.start(.init(credentials: [blue]))
        defer { Task { await cloud.shutdown() } }
        let url = cloud.apiBaseURL + "/harmony/authorize"
        let missing = try await Self.send("POST", url, bearer: blue.value, body: ["token": .string(blue.value)])
        #expect(missing.status == 422)
        #expect(missing.json[path: ["errors", "gateway_code"]] == ["The gateway code field is required."])
        let wrong = try await Self.send("POST", url, bearer: blue.value, body: ["token": .string(blue.value), "gateway_code": 5, "metadata": [1]])
        #expect(wrong.status == 422)
        #expect(wrong.json[path: ["errors", "gateway_code"]] == ["The gateway code field must be a string."])
        #expect(wrong.json[path: ["errors", "metadata"]] != nil)
        let optional = try await Self.send("POST", url, bearer: blue.value, body: [
            "token": .string(blue.value), "gateway_code": "ok", "machine_public_key": "age1x", "metadata": ["a"],
        ])
        #expect(optional.status == 201)
    }

    @Test func faultsApplyToTheNextMatchingRequests() async throws {
        let blue = RunbeamCloudCredential.sanctum(team: "blue")
        let cloud = try await RunbeamCloudEmulator.start(.init(credentials: [blue]))
        defer { Task { await cloud.shutdown() } }
        cloud.faults.inject(.rateLimited(retryAfterSeconds: 9), count: 2, gatewayCode: "busy")
        cloud.faults.inject(.internalError)
        #expect(try await Self.authorize(cloud, blue, code: "calm").status == 500)
        let limited = try await Self.authorize(cloud, blue, code: "busy")
        #expect(limited.status == 429)
        #expect(limited.headers["retry-after"] == "9")
        #expect(try await Self.authorize(cloud, blue, code: "busy").status == 429)
        #expect(try await Self.authorize(cloud, blue, code: "busy").status == 201)
        cloud.faults.inject(.wrongFieldTypes)
        let wrong = try await Self.authorize(cloud, blue, code: "busy")
        #expect(wrong.json["machine_token"] == .int(123_456))
        cloud.faults.inject(.unparseableExpiresAt)
        #expect(try await Self.authorize(cloud, blue, code: "busy").json["expires_at"] == "sometime next month")
        cloud.faults.inject(.malformedJSON)
        #expect(try await Self.authorize(cloud, blue, code: "busy").json == .null)
        cloud.faults.inject(.hugeBody(bytes: 2 << 20))
        #expect(try await Self.authorize(cloud, blue, code: "busy").body.count == 2 << 20)
        cloud.faults.inject(.serviceUnavailable(retryAfterSeconds: 3))
        #expect(try await Self.authorize(cloud, blue, code: "busy").headers["retry-after"] == "3")
        #expect(cloud.tokensIssued(gatewayCode: "busy") == 1)
        #expect(cloud.requestLog.all.map(\.fault) == ["internalError", "rateLimited", "rateLimited", nil, "wrongFieldTypes", "unparseableExpiresAt", "malformedJSON", "hugeBody", "serviceUnavailable"])
    }

    @Test func aTruncatedBodyBreaksTheConnection() async throws {
        let blue = RunbeamCloudCredential.sanctum(team: "blue")
        let cloud = try await RunbeamCloudEmulator.start(.init(credentials: [blue]))
        defer { Task { await cloud.shutdown() } }
        cloud.faults.inject(.truncatedBody)
        await #expect(throws: (any Error).self) { _ = try await Self.authorize(cloud, blue, code: "cut") }
    }

    @Test func theControlEndpointInjectsFaultsAndReportsWithoutSecrets() async throws {
        let blue = RunbeamCloudCredential.sanctum(team: "blue")
        let cloud = try await RunbeamCloudEmulator.start(.init(credentials: [blue]))
        defer { Task { await cloud.shutdown() } }
        let control = cloud.baseURL + "/emulator/v1/"
        #expect(try await Self.send("POST", control + "faults", body: ["fault": "unauthorized", "count": 1]).status == 200)
        #expect(try await Self.send("POST", control + "faults", body: ["fault": "bogus"]).status == 400)
        #expect(try await Self.send("POST", control + "gateways", body: ["code": "taken", "team": "red"]).status == 200)
        #expect(try await Self.authorize(cloud, blue, code: "g1").status == 401)
        #expect(try await Self.authorize(cloud, blue, code: "g1").status == 201)
        #expect(try await Self.authorize(cloud, blue, code: "taken").status == 403)
        let tokens = try await Self.send("GET", control + "tokens")
        #expect(tokens.json["tokensIssued"] == ["g1": 1, "taken": 0])
        #expect(tokens.json["total"] == 1)
        let requests = try await Self.send("GET", control + "requests")
        let items = try #require(requests.json["items"]?.arrayValue)
        #expect(items.map { $0["statusCode"] } == [401, 201, 403])
        #expect(items.first?["fault"] == "unauthorized")
        #expect(items.first?["gatewayCode"] == "g1")
        #expect(!String(decoding: requests.body, as: UTF8.self).contains(blue.value))
        #expect(try await Self.send("GET", control + "gateways").json["items"]?.arrayValue?.count == 2)
        #expect(try await Self.send("DELETE", control + "requests").status == 200)
        #expect(cloud.requestLog.all.isEmpty)
        cloud.faults.inject(.internalError, count: 3)
        #expect(try await Self.send("POST", control + "faults/reset").status == 200)
        #expect(cloud.faults.pending == 0)
    }

    @Test func credentialsDescribeThemselvesWithoutTheirValue() {
        let credential = RunbeamCloudCredential.sanctum(team: "blue")
        var dumped = ""
        dump(credential, to: &dumped)
        for text in [String(describing: credential), String(reflecting: credential), dumped] {
            #expect(!text.contains(credential.value))
        }
        #expect(RunbeamCloudCredential.jwt().isWellFormed && credential.isWellFormed)
        #expect(!RunbeamCloudCredential(value: "plain").isWellFormed)
    }
}
