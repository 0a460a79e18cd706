import JSON
import Testing

/// Inputs the fuzzers found problems with, kept so the fixes stay fixed.
@Suite struct FuzzRegressionTests {
    /// FuzzWatchEvent: `"generation":11e400` parsed to infinity, which the serializer writes as
    /// `null`, so an object read and written back silently changed. Such numbers are now rejected.
    @Test func numbersBeyondDoubleRangeAreRejected() {
        for text in [#"{"generation":11e400}"#, "-1e309", "[1.7976931348623159e308]"] {
            #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
        }
        let error = #expect(throws: JSONParseError.self) { try JSONValue(parsing: "11e400") }
        #expect(error?.reason == "number out of range")
    }

    @Test func theLargestFiniteNumbersStillRoundTrip() throws {
        for text in ["1.7976931348623157e308", "-1.7976931348623157e308", "5e-324", "99999999999999999999"] {
            let value = try JSONValue(parsing: text)
            #expect(try JSONValue(parsing: value.serialized()) == value)
        }
    }
}
