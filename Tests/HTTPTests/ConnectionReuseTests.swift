import Foundation
import Testing
@testable import HTTP

@Suite struct ConnectionReuseTests {
    @Test func sequentialRequestsReuseOneConnection() async throws {
        let server = try await TestHTTPServer.start()
        let client = HTTPClient()
        defer { client.shutdown() }
        for _ in 0..<1_000 {
            let response = try await client.execute(HTTPRequest(url: "\(server.url)/hello"))
            #expect(response.status == 200)
            #expect(response.body == Data("hello".utf8))
        }
        #expect(server.state.requests.count == 1_000)
        #expect(server.state.accepted <= 2)
        await server.stop()
    }

    @Test func concurrentRequestsShareOneLoopThread() async throws {
        let server = try await TestHTTPServer.start()
        let client = HTTPClient()
        defer { client.shutdown() }
        let sampler = Task {
            // Sample the threads named after this client while the requests are in flight.
            var peak = 0
            while !Task.isCancelled {
                peak = max(peak, ThreadCensus.count(named: client.threadName))
                try? await Task.sleep(for: .milliseconds(5))
            }
            return peak
        }
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<200 {
                group.addTask {
                    try await client.execute(HTTPRequest(url: "\(server.url)/slow?ms=\(100 + index % 50)")).status
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        sampler.cancel()
        let peakLoopThreads = await sampler.value
        #expect(statuses.count == 200)
        #expect(statuses.allSatisfy { $0 == 200 })
        #expect(peakLoopThreads == 1)
        await server.stop()
    }
}

/// Counts this process's threads by name, from /proc.
enum ThreadCensus {
    static func count(named name: String) -> Int {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.filter { task in
            let comm = try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)
            return comm?.trimmingCharacters(in: .whitespacesAndNewlines) == name
        }.count
    }
}
