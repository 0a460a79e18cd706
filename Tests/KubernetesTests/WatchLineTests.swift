import Foundation
import JSON
import Testing
@testable import Kubernetes

/// `WatchLine.decode` on every kind of line a watch stream can carry, valid or hostile.
@Suite struct WatchLineTests {
    func decode(_ text: String) throws(WatchLine.DecodingError) -> WatchLine? {
        try WatchLine.decode(Data(text.utf8))
    }

    @Test func eventsCarryTheirObjectAndVersion() throws {
        let added = try decode(#"{"type":"ADDED","object":{"kind":"Secret","metadata":{"name":"a","resourceVersion":"7"}}}"#)
        guard case .added(let object) = added else { Issue.record("not ADDED: \(String(describing: added))"); return }
        #expect(object.kind == "Secret" && object.metadata.name == "a")
        #expect(added?.resourceVersion == "7")
        #expect(try decode(#"{"type":"MODIFIED","object":{"metadata":{"resourceVersion":"8"}}}"#)?.resourceVersion == "8")
        guard case .deleted = try decode(#"{"type":"DELETED","object":{}}"#) else { Issue.record("not DELETED"); return }
    }

    @Test func bookmarksAndErrors() throws {
        #expect(try decode(#"{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"42"}}}"#) == .bookmark(resourceVersion: "42"))
        #expect(try decode(#"{"type":"BOOKMARK","object":{}}"#) == .bookmark(resourceVersion: nil))
        let gone = try decode(#"{"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired"}}"#)
        guard case .error(let code, let status) = gone else { Issue.record("not ERROR"); return }
        #expect(code == 410 && status["reason"]?.stringValue == "Expired")
        #expect(gone?.resourceVersion == nil)
        guard case .error(nil, _) = try decode(#"{"type":"ERROR","object":{"code":"410"}}"#) else { Issue.record("a string code was read"); return }
    }

    @Test func unknownTypesAreReportedNotFailed() throws {
        #expect(try decode(#"{"type":"SYNC","object":{}}"#) == .unknown(type: "SYNC"))
        #expect(try decode(#"{"type":"","object":null}"#) == .unknown(type: ""))
        #expect(try decode(#"{"type":"added","object":{}}"#) == .unknown(type: "added"))
    }

    @Test func anEmptyLineIsNoEvent() throws {
        #expect(try WatchLine.decode(Data()) == nil)
    }

    @Test("lines that are not JSON objects", arguments: [
        "not json", "[]", #""ADDED""#, "42", "null", "{", #"{"type":"ADDED","object":{"metadata":"#, "{}}", #"{"type":"ADDED"} trailing"#,
        " ", "\r", #"{"type":"ADDED","object":{}"#, #"{'type':'ADDED'}"#, "\u{FEFF}{}",
    ])
    func notJSON(line: String) {
        #expect(throws: WatchLine.DecodingError.notJSON) { try decode(line) }
    }

    @Test func binaryAndInvalidUTF8AreNotJSON() {
        for bytes: [UInt8] in [[0x00], [0xFF, 0xFE], [0x7B, 0x00, 0x7D], [0xC3, 0x28]] {
            #expect(throws: WatchLine.DecodingError.notJSON) { try WatchLine.decode(Data(bytes)) }
        }
        // Invalid UTF-8 inside a string is repaired (U+FFFD) by the JSON parser, not rejected.
        let repaired = Data(#"{"type":"ADDED","object":{"metadata":{"name":"a"#.utf8) + Data([0xC3, 0x28]) + Data(#""}}}"#.utf8)
        guard case .added(let object) = try? WatchLine.decode(repaired) else { Issue.record("not decoded"); return }
        #expect(object.metadata.name == "a\u{FFFD}(")
    }

    @Test("a missing or non-string type", arguments: [#"{}"#, #"{"object":{}}"#, #"{"type":1,"object":{}}"#, #"{"type":null,"object":{}}"#, #"{"type":["ADDED"],"object":{}}"#])
    func missingType(line: String) {
        #expect(throws: WatchLine.DecodingError.missingType) { try decode(line) }
    }

    @Test func aMissingObject() {
        #expect(throws: WatchLine.DecodingError.missingObject) { try decode(#"{"type":"ADDED"}"#) }
    }

    @Test func objectsOfTheWrongShapeDecodeToEmptyViews() throws {
        for body in [#""a string""#, "[1,2]", "7", "null", #"{"metadata":"x"}"#, #"{"metadata":{"name":7,"resourceVersion":8}}"#] {
            let line = try decode(#"{"type":"ADDED","object":\#(body)}"#)
            guard case .added(let object) = line else { Issue.record("not ADDED for \(body)"); continue }
            #expect(object.metadata.name == nil)
            #expect(line?.resourceVersion == nil)
            #expect(Secret(object: object).data.isEmpty)
            #expect(Deployment(object: object).podTemplate.containers.isEmpty)
        }
    }

    @Test func deeplyNestedJSONIsRejectedOrDecodedWithoutOverflow() {
        let deep = #"{"type":"ADDED","object":"# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        #expect(throws: WatchLine.DecodingError.notJSON) { try decode(deep) }
        let unclosed = #"{"type":"ADDED","object":"# + String(repeating: "{\"a\":", count: 100_000)
        #expect(throws: WatchLine.DecodingError.notJSON) { try decode(unclosed) }
    }

    @Test func duplicateKeysAndHugeNumbers() throws {
        _ = try? decode(#"{"type":"ADDED","type":"DELETED","object":{}}"#)
        // A number beyond Double's range is not JSON this client accepts (it would come back as null).
        #expect(throws: WatchLine.DecodingError.notJSON) { try decode(#"{"type":"ERROR","object":{"code":1e400}}"#) }
        let big = try decode(#"{"type":"ERROR","object":{"code":99999999999999999999999}}"#)
        guard case .error(let code, _)? = big else { Issue.record("not ERROR"); return }
        #expect(code == nil)
    }
}
