import JSON
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import Emulators

/// A tiny HTTP client for the emulator tests.
struct KubernetesTestClient {
    var baseURL: URL
    var token: String?

    struct Response {
        var status: Int
        var headers: [String: String]
        var body: Data
        var json: JSONValue { (try? JSONValue(parsing: [UInt8](body))) ?? .null }
        var lines: [JSONValue] { String(decoding: body, as: UTF8.self).split(separator: "\n").compactMap { try? JSONValue(parsing: String($0)) } }
    }

    func send(_ method: String, _ path: String, body: JSONValue? = nil, contentType: String = "application/json") async throws -> Response {
        var request = URLRequest(url: URL(string: baseURL.absoluteString + path)!)
        request.httpMethod = method
        request.timeoutInterval = 30
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = Data(body.serialized())
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields { headers[String(describing: key).lowercased()] = String(describing: value) }
        return Response(status: http.statusCode, headers: headers, body: data)
    }
}
