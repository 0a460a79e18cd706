import Foundation
import JSON
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The Kubernetes emulator's request log (`/emulator/v1/requests`), counted for one client.
struct RequestLog: Sendable {
    /// Requests whose user agent starts with the client's prefix.
    var requests: Int
    /// Of those, creates, updates and patches.
    var writes: Int
    /// Requests per verb (`get`, `list`, `watch`, `create`, `update`, `patch`, `delete`).
    var byVerb: [String: Int]

    /// Empties the emulator's log.
    static func clear(emulator: String) async throws(BenchError) {
        var request = URLRequest(url: try url(emulator))
        request.httpMethod = "DELETE"
        _ = try await send(request)
    }

    /// Counts the logged requests whose user agent starts with `userAgentPrefix`.
    static func count(emulator: String, userAgentPrefix: String) async throws(BenchError) -> RequestLog {
        let data = try await send(URLRequest(url: try url(emulator)))
        guard let log = try? JSONValue(parsing: data), let items = log["items"]?.arrayValue else {
            throw BenchError("the Kubernetes emulator's request log is not JSON with an items array")
        }
        let mine = items.filter { $0["userAgent"]?.stringValue?.hasPrefix(userAgentPrefix) == true }
        let writeVerbs: Set<String> = ["create", "update", "patch"]
        let writes = mine.filter { writeVerbs.contains($0["verb"]?.stringValue ?? "") }
        var byVerb: [String: Int] = [:]
        for item in mine { byVerb[item["verb"]?.stringValue ?? "unknown", default: 0] += 1 }
        return RequestLog(requests: mine.count, writes: writes.count, byVerb: byVerb)
    }

    private static func url(_ emulator: String) throws(BenchError) -> URL {
        guard let url = URL(string: emulator + "/emulator/v1/requests") else {
            throw BenchError("invalid Kubernetes emulator URL \(emulator)")
        }
        return url
    }

    private static func send(_ request: URLRequest) async throws(BenchError) -> Data {
        var request = request
        request.timeoutInterval = 30
        do {
            let (data, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            guard (200..<300).contains(status) else {
                throw BenchError("\(request.httpMethod ?? "GET") \(request.url?.path ?? "") answered \(status)")
            }
            return data
        } catch let error as BenchError {
            throw error
        } catch {
            throw BenchError("cannot reach the Kubernetes emulator's request log: \(error)")
        }
    }
}
