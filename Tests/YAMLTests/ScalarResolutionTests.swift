import Testing
@testable import YAML

@Suite("Scalar resolution by the YAML 1.2 core schema")
struct ScalarResolutionTests {
    @Test("untagged plain scalars resolve by the core schema", arguments: [
        ("null", YAMLScalarType.null), ("Null", .null), ("NULL", .null), ("~", .null), ("", .null),
        ("true", .bool), ("True", .bool), ("TRUE", .bool), ("false", .bool), ("False", .bool), ("FALSE", .bool),
        ("0", .int), ("-17", .int), ("+5", .int), ("007", .int), ("0o17", .int), ("0x1F", .int), ("0xff", .int),
        ("1.0", .float), ("-0.5", .float), (".5", .float), ("1.", .float), ("1e3", .float), ("6.02E+23", .float),
        (".inf", .float), ("-.inf", .float), ("+.INF", .float), (".nan", .float), (".NaN", .float),
        ("yes", .string), ("no", .string), ("on", .string), ("off", .string), ("y", .string), ("n", .string),
        ("nULL", .string), ("tRUE", .string), ("0x", .string), ("0o8", .string), ("0b101", .string),
        ("1_000", .string), ("1:30", .string), ("1.2.3", .string), ("e3", .string), ("1e", .string),
        (".", .string), ("-", .string), ("+", .string), ("inf", .string), ("nan", .string), ("128Mi", .string),
        ("2024-01-31", .string), ("hello", .string),
    ])
    func plain(text: String, type: YAMLScalarType) {
        #expect(ScalarResolver.resolvePlain(text) == type)
    }

    @Test("quoted and block scalars are strings")
    func quoted() throws {
        let node = try parse("a: \"1\"\nb: 'true'\nc: |\n  null\nd: >\n  12\n")
        #expect(node["a"]?.scalar == YAMLScalar(text: "1", style: .doubleQuoted, type: .string))
        #expect(node["b"]?.scalar == YAMLScalar(text: "true", style: .singleQuoted, type: .string))
        #expect(node["c"]?.scalar == YAMLScalar(text: "null\n", style: .literal, type: .string))
        #expect(node["d"]?.scalar == YAMLScalar(text: "12\n", style: .folded, type: .string))
    }

    @Test("values of resolved scalars")
    func values() throws {
        let node = try parse("[0x1F, 0o17, -9223372036854775808, 9223372036854775808, 1.5, -.inf, .nan, True, ~]")
        let items = try #require(node.sequence)
        #expect(items[0].int == 31)
        #expect(items[1].int == 15)
        #expect(items[2].int == Int.min)
        #expect(items[3].scalar?.type == .int)
        #expect(items[3].int == nil)
        #expect(items[4].double == 1.5)
        #expect(items[5].double == -.infinity)
        #expect(items[6].double?.isNaN == true)
        #expect(items[7].bool == true)
        #expect(items[8].isNull)
    }

    @Test("explicit core tags are honoured")
    func tags() throws {
        let node = try parse("a: !!str 12\nb: !!int \"12\"\nc: !!float 1\nd: !!bool \"false\"\ne: !!null ''\nf: ! 12\ng: !!map {x: 1}\nh: !!seq [1]\n")
        #expect(node["a"]?.string == "12")
        #expect(node["b"]?.int == 12)
        #expect(node["c"]?.scalar?.type == .float)
        #expect(node["c"]?.double == 1)
        #expect(node["d"]?.bool == false)
        #expect(node["e"]?.isNull == true)
        #expect(node["f"]?.string == "12")
        #expect(node["g"]?["x"]?.int == 1)
        #expect(node["h"]?[0]?.int == 1)
    }

    @Test("unknown tags are an error at the tagged node")
    func unknownTag() {
        let error = expectYAMLError { try parse("a: 1\nb: !!binary aGVsbG8=\n") }
        #expect(error?.kind == .unknownTag)
        #expect(error?.description == "test.yaml:2:4: unknown tag !!binary; only !!str, !!int, !!bool, !!float, !!null, !!map and !!seq are supported")
        let local = expectYAMLError { try parse("- !custom {a: 1}\n") }
        #expect(local?.kind == .unknownTag)
        #expect(local?.mark == YAMLMark(line: 1, column: 3))
    }

    @Test("a tagged scalar must fit its tag")
    func invalidTaggedValue() {
        let error = expectYAMLError { try parse("port: !!int eighty\n") }
        #expect(error?.kind == .invalidTaggedValue)
        #expect(error?.description == "test.yaml:1:7: \"eighty\" is not a valid !!int value")
        let collection = expectYAMLError { try parse("x:\n  y: !!seq {a: 1}\n") }
        #expect(collection?.kind == .invalidTaggedValue)
        #expect(collection?.mark == YAMLMark(line: 2, column: 6))
        let scalar = expectYAMLError { try parse("x: !!map 1\n") }
        #expect(scalar?.description == "test.yaml:1:4: tag !!map cannot be applied to a scalar")
    }
}
