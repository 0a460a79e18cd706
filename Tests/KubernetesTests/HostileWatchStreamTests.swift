import Basics
import Foundation
import HTTP
import Testing
@testable import Kubernetes

/// Watch streams that break the rules, served raw: malformed lines are skipped and the stream
/// goes on; a line over the 16 MiB limit ends that stream and the watch resumes from the last
/// version seen; a partial JSON line at the end of a stream is skipped and the watch resumes.
@Suite struct HostileWatchStreamTests {
    static func event(_ type: String, _ name: String, _ version: String) -> String {
        #"{"type":"\#(type)","object":{"kind":"Secret","apiVersion":"v1","metadata":{"name":"\#(name)","namespace":"default","resourceVersion":"\#(version)"}}}"#
    }

    /// The first `count` events of a Secret watch against `server`, as `"added a 11"`; fails after 30 s.
    static func firstEvents(_ count: Int, from server: RawWatchServer) async throws -> [String] {
        let backoff = Backoff(initial: .milliseconds(10), maximum: .milliseconds(50))
        let client = KubernetesClient(configuration: KubernetesConfiguration(server: "http://127.0.0.1:\(server.port)"), options: .init(qps: 0, backoff: backoff))
        defer { client.shutdown() }
        let watch = client.watch(Secret.self, namespace: "default", configuration: .init(backoff: backoff))
        return try await withThrowingTaskGroup(of: [String]?.self) { group in
            group.addTask {
                var seen: [String] = []
                for await event in watch {
                    switch event {
                    case .listed(let items): seen.append("listed \(items.count)")
                    case .added(let secret): seen.append("added \(secret.metadata.name ?? "") \(secret.metadata.resourceVersion ?? "")")
                    case .modified(let secret): seen.append("modified \(secret.metadata.name ?? "") \(secret.metadata.resourceVersion ?? "")")
                    case .deleted(let secret): seen.append("deleted \(secret.metadata.name ?? "") \(secret.metadata.resourceVersion ?? "")")
                    }
                    if seen.count == count { break }
                }
                return seen
            }
            group.addTask {
                try await Task.sleep(for: .seconds(30))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return try #require(first, "the watch did not deliver \(count) events within 30 s")
        }
    }

    @Test func malformedLinesAreSkippedAndTheSameStreamGoesOn() async throws {
        var body = Data()
        for line in [
            Self.event("ADDED", "a", "11"), "", "not json", "[1,2,3]", #"{"type":7,"object":{}}"#, #"{"type":"ADDED"}"#,
            #"{"type":"FUTURE","object":{}}"#, Self.event("MODIFIED", "a", "12") + "\r", "{\"type\":\"ADDED\",\"object\":{\"a\":\"\u{1}\"}",
        ] {
            body.append(Data(line.utf8))
            body.append(UInt8(ascii: "\n"))
        }
        body.append(contentsOf: [0xFF, 0xFE, 0x00, 0x7B, 0x0A])
        body.append(Data((Self.event("DELETED", "a", "13") + "\n").utf8))
        let server = try await RawWatchServer(watches: [body, Data()])
        let seen = try await Self.firstEvents(4, from: server)
        #expect(seen == ["listed 0", "added a 11", "modified a 12", "deleted a 13"])
        // One watch stream carried all three events: no reconnect was needed to get past the bad lines.
        #expect(server.requests.filter { $0.contains("watch=true") }.count <= 2)
    }

    @Test func aLineOverSixteenMebibytesEndsTheStreamAndTheWatchResumes() async throws {
        var first = Data((Self.event("ADDED", "a", "11") + "\n").utf8)
        first.append(Data(#"{"type":"ADDED","object":{"metadata":{"name":"huge","annotations":{"x":""#.utf8))
        first.append(Data(repeating: UInt8(ascii: "x"), count: 17 << 20))
        first.append(Data((#""}}}}"# + "\n" + Self.event("ADDED", "never", "12") + "\n").utf8))
        let second = Data((Self.event("MODIFIED", "a", "13") + "\n").utf8)
        let server = try await RawWatchServer(watches: [first, second])
        let seen = try await Self.firstEvents(3, from: server)
        #expect(seen == ["listed 0", "added a 11", "modified a 13"])
        let watches = server.requests.filter { $0.contains("watch=true") }
        #expect(watches.first?.contains("resourceVersion=10") == true)
        // The second stream resumes after the last event before the huge line, without a new list.
        #expect(watches.dropFirst().first?.contains("resourceVersion=11") == true)
        #expect(server.requests.filter { !$0.contains("watch=true") }.count == 1)
    }

    @Test func aPartialJSONLineAtTheEndOfAStreamIsSkippedAndTheWatchResumes() async throws {
        let first = Data((Self.event("ADDED", "a", "11") + "\n" + #"{"type":"MODIFIED","object":{"metadata":{"name":"a","resourceVersion":"12"#).utf8)
        let second = Data((Self.event("MODIFIED", "a", "13") + "\n").utf8)
        let server = try await RawWatchServer(watches: [first, second])
        let seen = try await Self.firstEvents(3, from: server)
        #expect(seen == ["listed 0", "added a 11", "modified a 13"])
        let watches = server.requests.filter { $0.contains("watch=true") }
        #expect(watches.dropFirst().first?.contains("resourceVersion=11") == true)
    }

    @Test func aStreamOfOnlyGarbageBacksOffAndKeepsWatching() async throws {
        let garbage = Data((0..<4_096).map { UInt8(truncatingIfNeeded: $0 &* 151 &+ 7) })
        let server = try await RawWatchServer(watches: [garbage, garbage, Data((Self.event("ADDED", "late", "20") + "\n").utf8)])
        let seen = try await Self.firstEvents(2, from: server)
        #expect(seen == ["listed 0", "added late 20"])
        #expect(server.requests.filter { $0.contains("watch=true") }.count >= 3)
    }

    /// Byte chunks served from memory.
    struct Chunks: AsyncSequence, Sendable {
        typealias Element = Data
        let chunks: [Data]

        struct AsyncIterator: AsyncIteratorProtocol {
            var remaining: ArraySlice<Data>
            mutating func next() async -> Data? { remaining.popFirst() }
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: chunks[...]) }
    }

    @Test func linesBeforeAnOverlongLineInTheSameChunkAreDeliveredFirst() async throws {
        let chunk = Data("one\ntwo\r\n".utf8) + Data(repeating: UInt8(ascii: "x"), count: 64) + Data("\nnever\n".utf8)
        var iterator = HTTPLineSequence(base: Chunks(chunks: [chunk]), maxLineLength: 16).makeAsyncIterator()
        #expect(try await iterator.next() == Data("one".utf8))
        #expect(try await iterator.next() == Data("two".utf8))
        await #expect(throws: HTTPClientError.lineTooLong(limit: 16)) { try await iterator.next() }
        #expect(try await iterator.next() == nil)
    }
}
