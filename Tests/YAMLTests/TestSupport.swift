import Foundation
import Testing
@testable import YAML

/// The error `body` throws, or nil (recorded as a test failure) when it does not throw.
func expectYAMLError<T>(_ body: () throws -> T, sourceLocation: SourceLocation = #_sourceLocation) -> YAMLError? {
    do {
        let value = try body()
        Issue.record("expected a YAMLError, got \(value)", sourceLocation: sourceLocation)
        return nil
    } catch let error as YAMLError {
        return error
    } catch {
        Issue.record("expected a YAMLError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Parses a single document.
func parse(_ text: String, limits: YAMLLimits = .default) throws(YAMLError) -> YAMLNode {
    try YAMLParser(limits: limits).node(from: text, fileName: "test.yaml")
}

/// The contents of a file in `Fixtures/`.
func fixture(_ name: String) throws -> Data {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
    return try Data(contentsOf: url)
}
