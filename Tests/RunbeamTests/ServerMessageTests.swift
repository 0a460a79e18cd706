import Foundation
import Testing
@testable import Runbeam
@testable import RunbeamCloud

@Suite struct ServerMessageTests {
    @Test func retryAfterAcceptsSecondsAndHTTPDates() {
        let now = Date(timeIntervalSince1970: 1_797_933_600)
        #expect(RetryAfter.parse("30", now: now) == .seconds(30))
        #expect(RetryAfter.parse(" -4 ", now: now) == .seconds(0))
        #expect(RetryAfter.parse("Tue, 22 Dec 2026 10:01:30 GMT", now: now) == .seconds(90))
        #expect(RetryAfter.parse("later", now: now) == nil)
        #expect(RetryAfter.parse(nil, now: now) == nil)
    }

    @Test("HTTP dates read as Foundation's DateFormatter reads IMF-fixdate", arguments: [
        "Sun, 06 Nov 1994 08:49:37 GMT", "Tue, 29 Feb 2028 23:59:59 GMT", "Thu, 01 Jan 1970 00:00:00 GMT", "Fri, 31 Dec 9999 12:00:00 GMT",
    ])
    func httpDates(_ text: String) {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        #expect(HTTPDate.parse(text) == formatter.date(from: text))
    }

    @Test func malformedHTTPDatesAreNil() {
        for text in ["Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:49:37 UTC",
                     "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", ""] {
            #expect(HTTPDate.parse(text) == nil, "\(text)")
        }
    }

    @Test func messagesComeFromJSONOrPlainTextAndAreScrubbed() throws {
        let credential = try RunbeamCredential("5|supersecretvalue123")
        let scrubber = ServerMessage(credential: credential)
        #expect(scrubber.message(from: Data(#"{"message":"This gateway belongs to a different team"}"#.utf8)) == "This gateway belongs to a different team")
        #expect(scrubber.message(from: Data("upstream\nfailure".utf8)) == "upstream failure")
        #expect(scrubber.message(from: Data("<html><body>502</body></html>".utf8)) == "")
        let echoed = scrubber.message(from: Data(#"{"message":"bad supersecretvalue123 and 5|supersecretvalue123 and eyJa.eyJb.sig"}"#.utf8))
        #expect(!echoed.contains("supersecret") && !echoed.contains("eyJa"))
        #expect(scrubber.message(from: Data(String(repeating: "x", count: 1000).utf8)).count == ServerMessage.limit + 1)
        let fields = scrubber.fieldErrors(from: Data(#"{"errors":{"token":["The token 5|supersecretvalue123 is invalid."]}}"#.utf8))
        #expect(fields == ["token": ["The token [redacted] is invalid."]])
    }

    @Test func theRequestBodyHasExactlyTheDocumentedFields() throws {
        let credential = try RunbeamCredential("5|supersecretvalue123")
        let plain = RunbeamClient.body(gatewayCode: "gw", credential: credential, machinePublicKey: nil, metadata: nil)
        #expect(String(decoding: plain, as: UTF8.self) == #"{"token":"5|supersecretvalue123","gateway_code":"gw"}"#)
        let full = RunbeamClient.body(gatewayCode: "gw", credential: credential, machinePublicKey: "age1x", metadata: ["a", "b"])
        let object = try #require(try JSONSerialization.jsonObject(with: full) as? [String: Any])
        #expect(object["machine_public_key"] as? String == "age1x")
        #expect(object["metadata"] as? [String] == ["a", "b"])
    }
}
