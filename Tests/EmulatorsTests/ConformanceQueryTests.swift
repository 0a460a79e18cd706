import JSON
import Testing

/// The replayer's JMESPath subset: projections stop at comparisons and pipes, filters, hashes and functions.
@Suite struct ConformanceQueryTests {
    static let document: JSONValue = [
        "status": 200,
        "body": ["items": [["metadata": ["name": "a", "deletionTimestamp": "t"]], ["metadata": ["name": "b"]]],
                 "groups": [["name": "apps"], ["name": "policy"]]],
    ]

    func evaluate(_ text: String) throws -> JSONValue? { try ConformanceQuery(text).evaluate(Self.document) }

    @Test func projectionsFiltersAndPipes() throws {
        #expect(try evaluate("body.items[].metadata.name") == ["a", "b"])
        #expect(try evaluate("body.items[].metadata.deletionTimestamp != null") == true)
        #expect(try evaluate("body.groups[?name=='policy'] | [0].name") == "policy")
        #expect(try evaluate("body.items[0].metadata.{n: name}") == ["n": "a"])
        #expect(try evaluate("length(body.items) > `1`") == true)
        #expect(try evaluate("sort(keys(body))") == ["groups", "items"])
        #expect(try evaluate("\"status\"") == 200)
        #expect(try evaluate("body.missing || `[]`") == [])
    }

    @Test func placeholdersAndNormalizedAges() {
        #expect(ConformancePlaceholders.substitute("/api/v1/namespaces/{ns}/x/{a{ns}}", ["ns": "kd-1"]) == "/api/v1/namespaces/kd-1/x/{akd-1}")
        #expect(ConformanceNormalizer.isSmallAge("119s") && !ConformanceNormalizer.isSmallAge("120s") && !ConformanceNormalizer.isSmallAge("2m"))
    }
}
