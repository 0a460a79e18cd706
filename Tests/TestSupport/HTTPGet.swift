import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// GETs `url` (a server on loopback: probes, metrics, an emulator) with a 5 s timeout and returns status and body;
/// `bearerToken` is sent as `Authorization: Bearer …` when given.
public func httpGet(_ url: String, bearerToken: String? = nil) async throws -> (Int, String) {
    var request = URLRequest(url: URL(string: url)!)
    request.timeoutInterval = 5
    if let bearerToken { request.setValue("Bearer \(bearerToken)", forHTTPHeaderField: "Authorization") }
    let (data, response) = try await URLSession.shared.data(for: request)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
}
