import Foundation
import JSON
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Calls an emulator's control endpoint (`/emulator/v1/…`) over plain HTTP.
enum EmulatorControl {
    /// Sends `method` to `route` under `/emulator/v1/` of `base` and returns the JSON answer.
    @discardableResult
    static func call(_ base: String, _ method: String, _ route: String, body: JSONValue? = nil) async throws(BenchError) -> JSONValue {
        guard let url = URL(string: base + "/emulator/v1/" + route) else { throw BenchError("invalid emulator URL \(base)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = 60
        if let body {
            request.httpBody = Data(body.serialized())
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let data: Data
        do {
            let (answer, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            guard (200..<300).contains(status) else {
                throw BenchError("\(method) \(url.path) answered \(status): \(String(decoding: answer.prefix(500), as: UTF8.self))")
            }
            data = answer
        } catch let error as BenchError {
            throw error
        } catch {
            throw BenchError("cannot reach the emulator's control endpoint \(url.path): \(error)")
        }
        guard let json = try? JSONValue(parsing: data) else { throw BenchError("\(method) \(url.path) did not answer JSON") }
        return json
    }
}
