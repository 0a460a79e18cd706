import Basics
import HTTPServer
import FoundationEssentials
import JSON
import NIOCore
import NIOHTTP1
import Basics

/// Answers the Runbeam Cloud API (`/api/…`) and the control endpoint (`/emulator/v1/…`).
struct RunbeamCloudHandler: Sendable {
    let store: RunbeamCloudStore
    let faults: RunbeamCloudFaults
    let log: RunbeamCloudRequestLog
    let credentials: [String: RunbeamCloudCredential]
    let tokenLifetime: Duration
    let now: @Sendable () -> Date

    func handle(_ request: ServerRequest) -> ServerResponse {
        if request.path.hasPrefix("/emulator/v1/") {
            return RunbeamCloudControlEndpoint(store: store, faults: faults, log: log, now: now).handle(request)
        }
        var gatewayCode: String?
        var faultName: String?
        let response: ServerResponse
        switch (request.method, request.path) {
        case ("POST", "/api/harmony/authorize"):
            let body = try? JSONValue(parsing: request.body)
            gatewayCode = body?["gateway_code"]?.stringValue
            if let fault = faults.take(gatewayCode: gatewayCode) {
                faultName = fault.name
                response = answer(fault, request: request, body: body)
            } else {
                response = authorize(request, body: body)
            }
        case ("GET", "/api/gateways"):
            response = listGateways(request)
        case ("GET", let path) where path.hasPrefix("/api/gateways/"):
            let code = String(path.dropFirst("/api/gateways/".count))
            gatewayCode = code
            response = getGateway(code: code, request: request)
        case (_, "/api/harmony/authorize"), (_, "/api/gateways"):
            response = Self.message(.methodNotAllowed, "The \(request.method) method is not supported for route \(request.path).")
        default:
            response = Self.message(.notFound, "Not Found")
        }
        log.append(RunbeamCloudRequestLogEntry(
            time: now(), method: request.method, path: request.path, gatewayCode: gatewayCode,
            statusCode: Int(response.status.code), fault: faultName, userAgent: request.header("User-Agent")
        ))
        return response
    }

    // MARK: - Authorize

    private func authorize(_ request: ServerRequest, body: JSONValue?) -> ServerResponse {
        guard let credential = authenticate(request) else { return Self.unauthenticated }
        let errors = Self.validate(body)
        guard errors.isEmpty, let body, let code = body["gateway_code"]?.stringValue else {
            let first = errors.keys.sorted().first.flatMap { errors[$0]?.first } ?? "The given data was invalid."
            let json: JSONValue = ["message": .string(first), "errors": .object(errors.mapValues { .array($0.map(JSONValue.string)) })]
            return .json(.unprocessableEntity, json.serialized())
        }
        guard body["token"]?.stringValue == credential.value else { return Self.unauthenticated }
        switch store.authorize(code: code, team: credential.team, now: now(), lifetime: tokenLifetime) {
        case .ownedByAnotherTeam:
            return Self.message(.forbidden, "This gateway belongs to a different team")
        case .issued(let gateway, let token, let expiresAt, let created):
            return .json(created ? .created : .ok, successBody(gateway: gateway, token: token, expiresAt: expiresAt, credential: credential).serialized(), headers: ["Cache-Control": "no-store"])
        }
    }

    private func authenticate(_ request: ServerRequest) -> RunbeamCloudCredential? {
        guard let header = request.header("Authorization"), header.lowercased().hasPrefix("bearer ") else { return nil }
        let value = String(header.dropFirst("bearer ".count)).trimmingWhitespace()
        guard let credential = credentials[value], credential.isWellFormed else { return nil }
        return credential
    }

    /// Laravel-style validation of the authorize body: field → messages.
    static func validate(_ body: JSONValue?) -> [String: [String]] {
        guard let body, body.objectValue != nil else {
            return ["token": ["The token field is required."], "gateway_code": ["The gateway code field is required."]]
        }
        var errors: [String: [String]] = [:]
        switch body["token"] {
        case nil, .null?: errors["token"] = ["The token field is required."]
        case .string(let token)? where token.isEmpty: errors["token"] = ["The token field is required."]
        case .string?: break
        default: errors["token"] = ["The token field must be a string."]
        }
        switch body["gateway_code"] {
        case nil, .null?:
            errors["gateway_code"] = ["The gateway code field is required."]
        case .string(let code)?:
            if code.isEmpty {
                errors["gateway_code"] = ["The gateway code field is required."]
            } else if code.count > 128 {
                errors["gateway_code"] = ["The gateway code field must not be greater than 128 characters."]
            } else if !code.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) || "-_.".unicodeScalars.contains($0) }) {
                errors["gateway_code"] = ["The gateway code field format is invalid."]
            }
        default:
            errors["gateway_code"] = ["The gateway code field must be a string."]
        }
        if let key = body["machine_public_key"], key.stringValue == nil, !key.isNull {
            errors["machine_public_key"] = ["The machine public key field must be a string."]
        }
        if let metadata = body["metadata"], !metadata.isNull {
            if metadata.arrayValue?.allSatisfy({ $0.stringValue != nil }) != true {
                errors["metadata"] = ["The metadata field must be an array of strings."]
            }
        }
        return errors
    }

    private func successBody(gateway: RunbeamCloudGateway, token: String, expiresAt: Date, credential: RunbeamCloudCredential) -> JSONValue {
        [
            "machine_token": .string(token),
            "expires_in": .int(Int(tokenLifetime.components.seconds)),
            "expires_at": .string(Self.timestamp(expiresAt)),
            "gateway": [
                "id": .string(gateway.id), "code": .string(gateway.code), "name": .string(gateway.name),
                "authorized_by": ["id": .int(credential.userID), "name": .string(credential.userName), "email": .string(credential.userEmail)],
            ],
            "abilities": [],
        ]
    }

    // MARK: - Faults

    private func answer(_ fault: RunbeamCloudFault, request: ServerRequest, body: JSONValue?) -> ServerResponse {
        let code = body?["gateway_code"]?.stringValue ?? "faulty-gateway"
        switch fault {
        case .unauthorized:
            return Self.unauthenticated
        case .forbidden(let message):
            return Self.message(.forbidden, message)
        case .validationFailed:
            let json: JSONValue = [
                "message": "The gateway code field format is invalid.",
                "errors": ["gateway_code": ["The gateway code field format is invalid."]],
            ]
            return .json(.unprocessableEntity, json.serialized())
        case .rateLimited(let seconds):
            return Self.message(.tooManyRequests, "Too Many Attempts.", headers: ["Retry-After": String(seconds)])
        case .internalError:
            return Self.message(.internalServerError, "Server Error")
        case .serviceUnavailable(let seconds):
            return Self.message(.serviceUnavailable, "Service Unavailable", headers: seconds.map { ["Retry-After": String($0)] } ?? [:])
        case .delay(let delay):
            let normal = authorize(request, body: body)
            guard case .full(let status, let headers, let bytes) = normal else { return normal }
            return .stream(status: status, headers: headers) { writer in
                writer.eventLoop.scheduleTask(in: TimeAmount(delay)) {
                    writer.write(bytes)
                    writer.finish()
                }
            }
        case .malformedJSON:
            return .json(.ok, Array(#"{"machine_token": mt_, "expires_in": <html>Gateway Timeout"#.utf8))
        case .truncatedBody:
            let bytes = fakeSuccess(code: code).serialized()
            return .stream(status: .ok, headers: ["Content-Type": "application/json"]) { writer in
                writer.write(Array(bytes.prefix(bytes.count / 2)))
                writer.eventLoop.scheduleTask(in: .milliseconds(20)) { writer.abort() }
            }
        case .wrongFieldTypes:
            var json = fakeSuccess(code: code)
            json["machine_token"] = .int(123_456)
            json["expires_in"] = .string("2592000")
            return .json(.ok, json.serialized())
        case .unparseableExpiresAt:
            var json = fakeSuccess(code: code)
            json["expires_at"] = "sometime next month"
            return .json(.ok, json.serialized())
        case .hugeBody(let size):
            var json = fakeSuccess(code: code)
            let base = json.serialized().count + #","padding":"""#.count
            json["padding"] = .string(String(repeating: "x", count: max(0, size - base)))
            return .json(.ok, json.serialized())
        }
    }

    /// A well-formed success body whose token is not recorded as issued.
    private func fakeSuccess(code: String) -> JSONValue {
        let gateway = store.gateway(code: code)
        return [
            "machine_token": .string("mt_" + RandomText.alphanumeric(40)),
            "expires_in": .int(Int(tokenLifetime.components.seconds)),
            "expires_at": .string(Self.timestamp(now().addingTimeInterval(Double(tokenLifetime.components.seconds)))),
            "gateway": ["id": .string(gateway?.id ?? UUID().uuidString.lowercased()), "code": .string(code), "name": .string(RunbeamCloudStore.defaultName(for: code))],
            "abilities": [],
        ]
    }

    // MARK: - Inspection

    private func listGateways(_ request: ServerRequest) -> ServerResponse {
        guard let credential = authenticate(request) else { return Self.unauthenticated }
        let items = store.gateways(team: credential.team).map(Self.json)
        return .json(.ok, JSONValue.object(["data": .array(items)]).serialized())
    }

    private func getGateway(code: String, request: ServerRequest) -> ServerResponse {
        guard let credential = authenticate(request) else { return Self.unauthenticated }
        guard let gateway = store.gateway(code: code), gateway.team == credential.team else { return Self.message(.notFound, "Not Found") }
        return .json(.ok, JSONValue.object(["data": Self.json(gateway)]).serialized())
    }

    static func json(_ gateway: RunbeamCloudGateway) -> JSONValue {
        var json: JSONValue = [
            "id": .string(gateway.id), "code": .string(gateway.code), "name": .string(gateway.name), "team": .string(gateway.team),
            "created_at": .string(timestamp(gateway.createdAt)), "tokens_issued": .int(gateway.tokensIssued),
        ]
        json["token_expires_at"] = gateway.tokenExpiresAt.map { .string(timestamp($0)) } ?? .null
        return json
    }

    // MARK: - Helpers

    static let unauthenticated = message(.unauthorized, "Unauthenticated.")

    static func message(_ status: HTTPResponseStatus, _ text: String, headers: HTTPHeaders = [:]) -> ServerResponse {
        .json(status, JSONValue.object(["message": .string(text)]).serialized(), headers: headers)
    }

    /// `2026-12-22T10:00:00Z`.
    static func timestamp(_ date: Date) -> String {
        RFC3339.seconds(date)
    }
}
