import Foundation
import Testing
@testable import HTTP

@Suite struct LineSequenceTests {
    private func lines(_ chunks: [String], maxLineLength: Int = 1 << 20) async throws -> [String] {
        let source = ChunkSource(chunks.map { Data($0.utf8) })
        var result: [String] = []
        for try await line in HTTPLineSequence(base: source, maxLineLength: maxLineLength) {
            result.append(String(decoding: line, as: UTF8.self))
        }
        return result
    }

    @Test func splitsAcrossChunkBoundaries() async throws {
        #expect(try await lines(["a\nb", "c\n", "\nd\n"]) == ["a", "bc", "", "d"])
    }

    @Test func dropsCarriageReturns() async throws {
        #expect(try await lines(["one\r\ntwo\r", "\n"]) == ["one", "two"])
    }

    @Test func deliversATrailingPartialLine() async throws {
        #expect(try await lines(["{\"a\":1}\n{\"b\""]) == ["{\"a\":1}", "{\"b\""])
    }

    @Test func refusesLinesOverTheLimit() async throws {
        await #expect(throws: HTTPClientError.lineTooLong(limit: 4)) {
            try await lines(["ab", "cde", "\n"], maxLineLength: 4)
        }
        await #expect(throws: HTTPClientError.lineTooLong(limit: 4)) {
            try await lines(["abcdef\n"], maxLineLength: 4)
        }
        #expect(try await lines(["abcd\n"], maxLineLength: 4) == ["abcd"])
    }
}

/// A fixed list of chunks as an async sequence.
struct ChunkSource: AsyncSequence, Sendable {
    typealias Element = Data
    let chunks: [Data]
    init(_ chunks: [Data]) { self.chunks = chunks }

    struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: [Data]
        mutating func next() async throws -> Data? {
            remaining.isEmpty ? nil : remaining.removeFirst()
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: chunks) }
}
