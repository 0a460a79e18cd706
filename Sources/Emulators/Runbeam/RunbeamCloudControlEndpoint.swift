import HTTPServer
import FoundationEssentials
import JSON

/// The emulator's own JSON endpoint for out-of-process tests, under `/emulator/v1/`:
/// `POST faults` (`{"fault":"unauthorized|forbidden|validationFailed|rateLimited|internalError|
/// serviceUnavailable|delay|malformedJSON|truncatedBody|wrongFieldTypes|unparseableExpiresAt|hugeBody",
/// "count":1,"gatewayCode":…,"retryAfter":N,"milliseconds":N,"bytes":N,"message":…}`),
/// `POST faults/reset`, `GET requests`, `DELETE requests`, `GET tokens` (issued per gateway code),
/// `GET gateways` (every team's), `POST gateways` (`{"code":…,"team":…,"name":…}`).
struct RunbeamCloudControlEndpoint: Sendable {
    let store: RunbeamCloudStore
    let faults: RunbeamCloudFaults
    let log: RunbeamCloudRequestLog
    let now: @Sendable () -> Date

    func handle(_ request: ServerRequest) -> ServerResponse {
        let route = String(request.path.dropFirst("/emulator/v1/".count))
        let body = (try? JSONValue(parsing: request.body)) ?? .emptyObject
        switch (request.method, route) {
        case ("POST", "faults"):
            guard let fault = Self.fault(from: body) else {
                return RunbeamCloudHandler.message(.badRequest, "unknown or incomplete fault; see the control endpoint documentation")
            }
            faults.inject(fault, count: body["count"]?.intValue ?? 1, gatewayCode: body["gatewayCode"]?.stringValue)
        case ("POST", "faults/reset"):
            faults.reset()
        case ("GET", "requests"):
            let items: [JSONValue] = log.all.map { entry in
                var json: JSONValue = [
                    "time": .string(RunbeamCloudHandler.timestamp(entry.time)), "method": .string(entry.method),
                    "path": .string(entry.path), "statusCode": .int(entry.statusCode),
                ]
                json["gatewayCode"] = entry.gatewayCode.map(JSONValue.string) ?? .null
                json["fault"] = entry.fault.map(JSONValue.string) ?? .null
                json["userAgent"] = entry.userAgent.map(JSONValue.string) ?? .null
                return json
            }
            return .json(.ok, JSONValue.object(["items": .array(items)]).serialized())
        case ("DELETE", "requests"):
            log.clear()
        case ("GET", "tokens"):
            let counts = store.gateways().map { ($0.code, JSONValue.int($0.tokensIssued)) }
            let total = store.gateways().reduce(0) { $0 + $1.tokensIssued }
            return .json(.ok, JSONValue.object(["tokensIssued": .object(Dictionary(uniqueKeysWithValues: counts)), "total": .int(total)]).serialized())
        case ("GET", "gateways"):
            return .json(.ok, JSONValue.object(["items": .array(store.gateways().map(RunbeamCloudHandler.json))]).serialized())
        case ("POST", "gateways"):
            guard let code = body["code"]?.stringValue, let team = body["team"]?.stringValue else {
                return RunbeamCloudHandler.message(.badRequest, "code and team are required")
            }
            let gateway = store.createGateway(code: code, team: team, name: body["name"]?.stringValue, now: now())
            return .json(.ok, RunbeamCloudHandler.json(gateway).serialized())
        default:
            return RunbeamCloudHandler.message(.notFound, "no control route \(request.method) \(request.path)")
        }
        return .json(.ok, JSONValue.object(["status": "Success"]).serialized())
    }

    static func fault(from body: JSONValue) -> RunbeamCloudFault? {
        switch body["fault"]?.stringValue ?? "" {
        case "unauthorized": return .unauthorized
        case "forbidden": return .forbidden(message: body["message"]?.stringValue ?? "This gateway belongs to a different team")
        case "validationFailed": return .validationFailed
        case "rateLimited": return .rateLimited(retryAfterSeconds: body["retryAfter"]?.intValue ?? 1)
        case "internalError": return .internalError
        case "serviceUnavailable": return .serviceUnavailable(retryAfterSeconds: body["retryAfter"]?.intValue)
        case "delay": return .delay(.milliseconds(body["milliseconds"]?.intValue ?? 1000))
        case "malformedJSON": return .malformedJSON
        case "truncatedBody": return .truncatedBody
        case "wrongFieldTypes": return .wrongFieldTypes
        case "unparseableExpiresAt": return .unparseableExpiresAt
        case "hugeBody": return .hugeBody(bytes: body["bytes"]?.intValue ?? (2 << 20))
        default: return nil
        }
    }
}
