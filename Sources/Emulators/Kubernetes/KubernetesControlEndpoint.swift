import Basics
import HTTPServer
import JSON
import FoundationEssentials

/// The emulator's own JSON endpoint for out-of-process tests, under `/emulator/v1/`:
/// `POST faults/drop-watches`, `POST faults/compact`, `POST faults/fail` (`{"count":N,"verb":…,
/// "pathContains":…,"failure":"tooManyRequests|internalError|serviceUnavailable|conflict|forbidden|invalid|quotaExceeded",
/// "retryAfter":1,"message":…,"quota":…,"limit":N}`),
/// `POST faults/latency` (`{"milliseconds":N}`), `POST faults/reset`, `GET requests`, `DELETE requests`,
/// `GET rollouts?kind=&namespace=&name=`.
struct KubernetesControlEndpoint: Sendable {
    let store: KubernetesStore
    let faults: KubernetesFaults
    let log: KubernetesRequestLog

    func handle(_ request: ServerRequest) -> ServerResponse {
        let route = String(request.path.dropFirst("/emulator/v1/".count))
        let body = (try? JSONValue(parsing: request.body)) ?? .emptyObject
        switch (request.method, route) {
        case ("POST", "faults/drop-watches"):
            faults.dropAllWatches()
        case ("POST", "faults/compact"):
            faults.compactHistory()
        case ("POST", "faults/latency"):
            faults.setLatency(.milliseconds(body["milliseconds"]?.intValue ?? 0))
        case ("POST", "faults/reset"):
            faults.reset()
        case ("POST", "faults/fail"):
            let failure: KubernetesInjectedFailure
            switch body["failure"]?.stringValue ?? "" {
            case "tooManyRequests": failure = .tooManyRequests(retryAfter: body["retryAfter"]?.intValue ?? 1)
            case "internalError": failure = .internalError
            case "serviceUnavailable": failure = .serviceUnavailable
            case "conflict": failure = .conflict
            case "forbidden": failure = .forbidden(message: body["message"]?.stringValue)
            case "invalid": failure = .invalid(message: body["message"]?.stringValue)
            case "quotaExceeded":
                failure = .quotaExceeded(quota: body["quota"]?.stringValue ?? "quota", limit: body["limit"]?.intValue ?? 1, message: body["message"]?.stringValue)
            default:
                return KubernetesAPIHandler.error(.badRequest("failure must be tooManyRequests, internalError, serviceUnavailable, conflict, forbidden, invalid or quotaExceeded"))
            }
            let matcher = KubernetesRequestMatcher(verb: body["verb"]?.stringValue, pathContains: body["pathContains"]?.stringValue)
            if let milliseconds = body["milliseconds"]?.intValue {
                faults.failFor(.milliseconds(milliseconds), matching: matcher, with: failure)
            } else {
                faults.failNext(body["count"]?.intValue ?? 1, matching: matcher, with: failure)
            }
        case ("GET", "requests"):
            let entries: [JSONValue] = log.all.map { entry in
                var json: JSONValue = [
                    "time": .string(RFC3339.microseconds(entry.time)), "verb": .string(entry.verb), "method": .string(entry.method),
                    "path": .string(entry.path), "query": .string(entry.query), "statusCode": .int(entry.statusCode),
                ]
                if let manager = entry.fieldManager { json["fieldManager"] = .string(manager) }
                if let agent = entry.userAgent { json["userAgent"] = .string(agent) }
                if let type = entry.contentType { json["contentType"] = .string(type) }
                return json
            }
            return KubernetesAPIHandler.ok(["items": .array(entries)])
        case ("DELETE", "requests"):
            log.clear()
        case ("GET", "rollouts"):
            let count = store.rolloutCount(kind: request.query["kind"] ?? "Deployment", namespace: request.query["namespace"] ?? "", name: request.query["name"] ?? "")
            return KubernetesAPIHandler.ok(["rollouts": .int(count)])
        default:
            return KubernetesAPIHandler.error(.pathNotFound(request.path))
        }
        return KubernetesAPIHandler.ok(["status": "Success"])
    }
}
