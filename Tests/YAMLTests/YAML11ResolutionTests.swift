import Foundation
import Testing
@testable import YAML

/// ``YAMLSchema/yaml11``: each row is what kubectl 1.37 sent for the same plain scalar
/// (`kubectl create --dry-run=client -o json`); CLITests repeats the comparison against the
/// kubectl on the machine. Three rows differ from kubectl's text only in how a float is spelled.
@Suite("YAML 1.1 scalar resolution, as kubectl reads manifests")
struct YAML11ResolutionTests {
    static let rows: [(form: String, json: String)] = [
        ("033", "27"), ("0100", "64"), ("0777", "511"), ("08", "8"), ("09.5", "9.5"), ("0", "0"), ("-0", "0"),
        ("00", "0"), ("0x1F", "31"), ("0X1F", "31"), ("+0x1F", "31"), ("-0x1F", "-31"), ("0o17", "15"), ("0O17", "15"),
        ("0b101", "5"), ("-0b101", "-5"), ("0B11", "3"), ("1_000", "1000"), ("1__0", "10"), ("0x_1F", "31"),
        ("0_33", "27"), ("1_0.5", "10.5"), ("+12", "12"), ("-12", "-12"), ("1e3", "1000"), ("1E3", "1000"),
        ("1.5e3", "1500"), ("1e+3", "1000"), ("1.0", "1"), ("1.", "1"), ("-1.", "-1"), ("0.0", "0"), ("-0.0", "0"),
        (".5", "0.5"), ("+.5", "0.5"), ("-.5", "-0.5"), (".5e1", "5"), ("1.5", "1.5"), ("6.02e23", "6.02e+23"),
        ("1e20", "1.0e+20"),  // kubectl: 100000000000000000000
        ("9223372036854775807", "9223372036854775807"), ("-9223372036854775808", "-9223372036854775808"),
        ("123456789012345678901", "1.2345678901234568e+20"),  // kubectl: 123456789012345680000
        ("0.5e-7", "5.0e-08"),  // kubectl: 5e-08
        ("0.1_0", "0.1"), (".1_0", "0.1"), ("1_", "1"), ("1__", "1"),
        ("yes", "true"), ("Yes", "true"), ("YES", "true"), ("no", "false"), ("No", "false"), ("NO", "false"),
        ("on", "true"), ("On", "true"), ("ON", "true"), ("off", "false"), ("Off", "false"), ("OFF", "false"),
        ("y", "true"), ("Y", "true"), ("n", "false"), ("N", "false"), ("True", "true"), ("FALSE", "false"),
        ("yES", #""yES""#), ("tRUE", #""tRUE""#), ("~", "null"), ("Null", "null"), ("", "null"),
        ("1:30", #""1:30""#), ("190:20:30", #""190:20:30""#), ("-1:30", #""-1:30""#), ("12:30:00", #""12:30:00""#),
        ("2001-12-14", #""2001-12-14""#), ("2001-12-14T21:59:43.10-05:00", #""2001-12-14T21:59:43.10-05:00""#),
        ("0x", #""0x""#), ("0xG", #""0xG""#), ("0o8", #""0o8""#), ("0b2", #""0b2""#), ("_1", #""_1""#),
        ("1,000", #""1,000""#), ("1e", #""1e""#), ("+", #""+""#), ("0x1f.8", #""0x1f.8""#), ("<<x", #""<<x""#),
        ("'033'", #""033""#), (#""yes""#, #""yes""#), ("!!str 033", #""033""#), ("!!int 033", "27"),
        ("!!float 1", "1"), ("!!bool yes", "true"), ("!!str yes", #""yes""#),
    ]

    @Test("plain scalars read as kubectl reads them", arguments: rows)
    func reading(form: String, json: String) throws {
        let node = try YAMLParser(schema: .yaml11).node(from: "v: \(form)\n")
        #expect(String(decoding: try node.jsonData(), as: UTF8.self) == "{\"v\":\(json)}")
    }

    @Test("keys resolve too: y, off and 033 are sent as \"true\", \"false\" and \"27\"")
    func keys() throws {
        let node = try YAMLParser(schema: .yaml11).node(from: "{y: 0, off: 1, 1: 4, 033: 5, 0x1F: 6, 1.5: 7, 1e3: 8}")
        let text = String(decoding: try node.jsonData(), as: UTF8.self)
        #expect(text == #"{"true":0,"false":1,"1":4,"27":5,"31":6,"1.5":7,"1000":8}"#)
    }

    /// kubectl silently keeps the last of `y:` and `on:`; both are the key "true", so we report it.
    @Test("keys that resolve alike are duplicates")
    func duplicateKeys() {
        #expect(throws: YAMLError.self) { try YAMLParser(schema: .yaml11).node(from: "{y: 0, on: 1}") }
    }

    @Test("the core schema is unchanged: 033 is 33, yes is a string")
    func coreSchemaStays() throws {
        let node = try YAMLParser().node(from: "[033, yes, 1_000, +0x1F]")
        #expect(String(decoding: try node.jsonData(), as: UTF8.self) == #"[33,"yes","1_000","+0x1F"]"#)
    }

    @Test("the decoder reads YAML 1.1 when asked")
    func decoder() throws {
        struct Spec: Decodable, Equatable { var suspend: Bool; var percentage: Int }
        let spec = try YAMLDecoder(schema: .yaml11).decode(Spec.self, from: "suspend: yes\npercentage: 033\n")
        #expect(spec == Spec(suspend: true, percentage: 27))
    }
}

@Suite("Scalars YAML 1.2 and YAML 1.1 read differently")
struct SchemaDifferenceTests {
    @Test func differencesAreFoundWithTheirPositions() {
        let data = Data("a: 033\nb: yes\nc: '033'\nd: 0o17\ne: 1.0\nf: [1_000, 12]\non: 1\n".utf8)
        let found = SchemaDifference.all(in: data)
        #expect(found.map(\.mark.line) == [1, 2, 6, 7])
        #expect(found.map(\.description) == [
            "033 is 33 in YAML 1.2 but 27 in YAML 1.1",
            "yes is the string \"yes\" in YAML 1.2 but true in YAML 1.1",
            "1_000 is the string \"1_000\" in YAML 1.2 but 1000 in YAML 1.1",
            "on is the string \"on\" in YAML 1.2 but true in YAML 1.1",
        ])
    }

    @Test func inputThatDoesNotParseHasNone() {
        #expect(SchemaDifference.all(in: Data("a: [033\n".utf8)).isEmpty)
    }
}

@Suite("Decoding with every problem reported")
struct EveryProblemTests {
    struct Config: Decodable, Equatable {
        var workers: Int?
        var names: [String]?
        var nested: Nested?
        struct Nested: Decodable, Equatable { var level: Int? }
    }

    @Test func everyProblemIsReportedOnceInOneRun() throws {
        let node = try YAMLParser().node(from: "workers: many\nnames: [a, 2, c]\nnested: {level: x, typo: 1}\nextra: 1\n")
        do {
            _ = try YAMLDecoder(unknownKeys: .reject).decodeReportingEveryProblem(Config.self, from: node, fileName: "c.yaml")
            Issue.record("expected problems")
        } catch {
            #expect(error.errors.map(\.path) == ["workers", "names[1]", "nested.level", "nested.typo", "extra"])
            #expect(error.errors.allSatisfy { $0.file == "c.yaml" })
        }
    }

    @Test func aValidDocumentDecodes() throws {
        let node = try YAMLParser().node(from: "workers: 2\nnames: [a]\n")
        #expect(try YAMLDecoder(unknownKeys: .reject).decodeReportingEveryProblem(Config.self, from: node) == Config(workers: 2, names: ["a"]))
    }
}
