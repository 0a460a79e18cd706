import Testing
@testable import JSON

@Suite struct JSONValueTests {
    @Test func parsesAndSerializesDeterministically() throws {
        let value = try JSONValue(parsing: #"{"b":[1,2.5,"x\n\u00e9"],"a":{"z":null,"y":true}}"#)
        #expect(value["b"] == [1, 2.5, "x\né"])
        #expect(value.jsonString == #"{"a":{"y":true,"z":null},"b":[1,2.5,"x\né"]}"#)
    }

    @Test func rejectsMalformedText() {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: #"{"a":}"#) }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: "[1,2] x") }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: "012") }
    }

    @Test func mergePatchFollowsRFC7386() throws {
        // Examples from RFC 7386 appendix A.
        let target: JSONValue = ["title": "Goodbye!", "author": ["givenName": "John", "familyName": "Doe"], "tags": ["example", "sample"], "content": "This will be unchanged"]
        let patch: JSONValue = ["title": "Hello!", "phoneNumber": "+01-123-456-7890", "author": ["familyName": nil], "tags": ["example"]]
        let result = target.applyingMergePatch(patch)
        #expect(result == ["title": "Hello!", "author": ["givenName": "John"], "tags": ["example"], "content": "This will be unchanged", "phoneNumber": "+01-123-456-7890"])
        #expect((["a": "b"] as JSONValue).applyingMergePatch(["a": nil]) == .emptyObject)
        #expect((["a": ["b": "c"]] as JSONValue).applyingMergePatch(["a": ["b": "d", "c": nil]]) == ["a": ["b": "d"]])
    }

    @Test func jsonPatchAppliesEveryOperation() throws {
        let document: JSONValue = ["foo": ["bar", "baz"], "obj": ["a": 1]]
        let patch = try JSONPatch(try JSONValue(parsing: """
            [{"op":"add","path":"/foo/1","value":"qux"},{"op":"remove","path":"/obj/a"},
             {"op":"replace","path":"/foo/0","value":"x"},{"op":"copy","from":"/foo/0","path":"/obj/c"},
             {"op":"move","from":"/foo/2","path":"/moved"},{"op":"test","path":"/moved","value":"baz"},
             {"op":"add","path":"/foo/-","value":"end"},{"op":"add","path":"/a~1b","value":1}]
            """))
        let result = try patch.apply(to: document)
        #expect(result == ["foo": ["x", "qux", "end"], "obj": ["c": "x"], "moved": "baz", "a/b": 1])
    }

    @Test func jsonPatchFailsWholeOnAFailingTest() throws {
        let patch = try JSONPatch(try JSONValue(parsing: #"[{"op":"test","path":"/a","value":2}]"#))
        #expect(throws: JSONPatchError.self) { try patch.apply(to: ["a": 1]) }
        let missing = try JSONPatch(try JSONValue(parsing: #"[{"op":"remove","path":"/nope"}]"#))
        #expect(throws: JSONPatchError.self) { try missing.apply(to: ["a": 1]) }
    }

    @Test func pointerEscapes() throws {
        let pointer = try JSONPointer("/a~1b/m~0n/0")
        #expect(pointer.tokens == ["a/b", "m~n", "0"])
        #expect(pointer.description == "/a~1b/m~0n/0")
        #expect(pointer.value(in: ["a/b": ["m~n": [7]]]) == 7)
        #expect(throws: JSONPatchError.self) { try JSONPointer("a") }
    }
}
