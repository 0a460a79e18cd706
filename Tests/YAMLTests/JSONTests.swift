import Foundation
import Testing
import YAML

@Suite("Converting nodes to JSON")
struct JSONTests {
    private func json(_ yaml: String) throws -> String {
        String(decoding: try parse(yaml).jsonData(), as: UTF8.self)
    }

    @Test("core-schema types map to JSON types, mapping order is kept")
    func types() throws {
        let yaml = """
            version: "1.0"
            replicas: 3
            hex: 0x1F
            ratio: 1.5
            whole: 2.0
            enabled: true
            yes: yes
            missing: ~
            quotedNull: "null"
            list: [1, "2", {a: b}]
            empty: {}
            text: "quote \\" backslash \\\\ tab \\t newline \\n bell \\a"
            1: int key
            """
        #expect(try json(yaml) == #"{"version":"1.0","replicas":3,"hex":31,"ratio":1.5,"whole":2.0,"enabled":true,"yes":"yes","missing":null,"quotedNull":"null","list":[1,"2",{"a":"b"}],"empty":{},"text":"quote \" backslash \\ tab \t newline \n bell \u0007","1":"int key"}"#)
    }

    @Test("the JSON parses back with JSONSerialization to the YAML's values")
    func foundation() throws {
        let node = try parse("a: [1, 2.5, x, true, null]\nb: {c: '1'}\n")
        let object = try #require(try JSONSerialization.jsonObject(with: node.jsonData()) as? [String: Any])
        #expect(object.count == 2)
        let list = try #require(object["a"] as? [Any])
        #expect(list[0] as? Int == 1)
        #expect(list[1] as? Double == 2.5)
        #expect(list[2] as? String == "x")
        #expect(list[3] as? Bool == true)
        #expect(list[4] is NSNull)
        #expect((object["b"] as? [String: Any])?["c"] as? String == "1")
    }

    @Test("values JSON cannot hold are errors at their position")
    func unrepresentable() {
        let nan = expectYAMLError { try parse("a:\n  b: .nan\n").jsonData() }
        #expect(nan?.kind == .unrepresentable)
        #expect(nan?.description == "2:6: .nan has no JSON representation; quote it to send it as a string")
        let big = expectYAMLError { try parse("- 18446744073709551616\n").jsonData() }
        #expect(big?.description == "1:3: integer 18446744073709551616 does not fit in 64 bits; quote it to send it as a string")
        let key = expectYAMLError { try parse("? [a]\n: b\n").jsonData() }
        #expect(key?.description == "1:3: JSON object keys must be scalars, found a sequence")
        let collision = expectYAMLError { try parse("1: a\n'1': b\n").jsonData() }
        #expect(collision?.description == "2:1: key \"1\" appears twice once keys are written as JSON strings")
    }
}
