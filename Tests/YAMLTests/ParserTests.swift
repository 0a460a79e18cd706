import Foundation
import Testing
import YAML

@Suite("Parsing: tree, positions, documents, anchors, limits")
struct ParserTests {
    @Test("nodes carry 1-based start positions and mappings keep document order")
    func positions() throws {
        let text = """
            metadata:
              name: prod
              labels: {b: "2", a: '1'}
            items:
              - one
              -   two
            """
        let root = try parse(text)
        #expect(root.mark == YAMLMark(line: 1, column: 1))
        let metadata = try #require(root["metadata"])
        #expect(metadata.mark == YAMLMark(line: 2, column: 3))
        #expect(metadata["name"]?.mark == YAMLMark(line: 2, column: 9))
        let labels = try #require(metadata["labels"]?.mapping)
        #expect(labels.map { $0.key.string } == ["b", "a"])
        #expect(labels[1].key.mark == YAMLMark(line: 3, column: 20))
        #expect(labels[1].value.mark == YAMLMark(line: 3, column: 23))
        let items = try #require(root["items"])
        #expect(items.mark == YAMLMark(line: 5, column: 3))
        #expect(items[1]?.mark == YAMLMark(line: 6, column: 7))
        #expect(items[1]?.string == "two")
    }

    @Test("a multi-document stream gives each document with its start position")
    func documents() throws {
        let text = "# leading comment\na: 1\n---\nb: 2\n--- # empty\n...\n---\n- c\n"
        let documents = try YAMLParser().documents(from: text)
        #expect(documents.count == 4)
        #expect(documents.map(\.mark) == [
            YAMLMark(line: 2, column: 1), YAMLMark(line: 3, column: 1), YAMLMark(line: 5, column: 1), YAMLMark(line: 7, column: 1),
        ])
        #expect(documents[0].root["a"]?.int == 1)
        #expect(documents[1].root["b"]?.int == 2)
        #expect(documents[2].isEmpty)
        #expect(documents[3].root[0]?.string == "c")
        #expect(try YAMLParser().documents(from: "").isEmpty)
        #expect(try YAMLParser().documents(from: "# only a comment\n").isEmpty)
    }

    @Test("a single-document read rejects a second document at its position")
    func multipleDocuments() {
        let error = expectYAMLError { try parse("a: 1\n---\nb: 2\n") }
        #expect(error?.kind == .multipleDocuments)
        #expect(error?.description == "test.yaml:2:1: expected one YAML document but found 2; remove the extra '---' documents")
    }

    @Test("an empty single document is null")
    func emptyDocument() throws {
        #expect(try parse("").isNull)
        #expect(try parse("# nothing\n").isNull)
    }

    @Test("syntax errors report libyaml's problem at its position")
    func syntaxError() {
        let error = expectYAMLError { try parse("a:\n  b: 1\n c: 2\n") }
        #expect(error?.kind == .syntax)
        #expect(error?.description == "test.yaml:3:2: did not find expected key (while parsing a block mapping at 1:1)")
        let colon = expectYAMLError { try parse("key: value: other\n") }
        #expect(colon?.description == "test.yaml:1:11: mapping values are not allowed in this context")
        let unclosed = expectYAMLError { try parse("a: [1, 2\nb: 3\n") }
        #expect(unclosed?.kind == .syntax)
        #expect(unclosed?.mark?.line == 2)
    }

    @Test("invalid UTF-8 is a syntax error with the byte offset")
    func invalidUTF8() {
        let error = expectYAMLError { try YAMLParser().documents(from: Data([0x61, 0x3A, 0x20, 0xFF, 0x0A])) }
        #expect(error?.kind == .syntax)
        #expect(error?.description == "invalid leading UTF-8 octet at byte offset 3")
    }

    @Test("anchors and aliases resolve to copies of the anchored node at the alias position")
    func aliases() throws {
        let root = try parse("base: &b {image: harmony, port: 8080}\ncopy: *b\nlist: [&x 1, *x]\n")
        #expect(root["copy"]?["image"]?.string == "harmony")
        #expect(root["copy"]?["port"]?.int == 8080)
        #expect(root["copy"]?.mark == YAMLMark(line: 2, column: 7))
        #expect(root["list"]?[1]?.int == 1)
    }

    @Test("an alias without an anchor is an error at the alias")
    func undefinedAlias() {
        let error = expectYAMLError { try parse("a: 1\nb: *missing\n") }
        #expect(error?.kind == .undefinedAlias)
        #expect(error?.description == "test.yaml:2:4: alias *missing refers to no earlier anchor &missing")
    }

    @Test("merge keys: explicit keys win, earlier merged mappings win over later ones, order is kept")
    func mergeKeys() throws {
        let text = """
            defaults: &defaults {cpu: 100m, memory: 128Mi}
            big: &big {memory: 1Gi, disk: 10Gi}
            one:
              name: one
              <<: *defaults
              cpu: 200m
            two:
              <<: [*big, *defaults]
              name: two
            """
        let root = try parse(text)
        let one = try #require(root["one"]?.mapping)
        #expect(one.map { $0.key.string } == ["name", "memory", "cpu"])
        #expect(root["one"]?["cpu"]?.string == "200m")
        #expect(root["one"]?["memory"]?.string == "128Mi")
        let two = try #require(root["two"]?.mapping)
        #expect(two.map { $0.key.string } == ["memory", "disk", "cpu", "name"])
        #expect(root["two"]?["memory"]?.string == "1Gi")
        #expect(root["two"]?["cpu"]?.string == "100m")
    }

    @Test("a merge key needs a mapping or a sequence of mappings")
    func invalidMerge() throws {
        let error = expectYAMLError { try parse("a:\n  <<: 12\n") }
        #expect(error?.kind == .invalidMergeKey)
        #expect(error?.description == "test.yaml:2:7: the merge key << needs a mapping or a sequence of mappings, found an integer")
        let inList = expectYAMLError { try parse("a:\n  <<: [{x: 1}, [y]]\n") }
        #expect(inList?.mark == YAMLMark(line: 2, column: 16))
        #expect(try parse("a: {'<<': 12}\n")["a"]?["<<"]?.int == 12)
    }

    @Test("duplicate keys are an error at the second key, naming the first")
    func duplicateKeys() throws {
        let error = expectYAMLError { try parse("spec:\n  replicas: 1\n  image: x\n  replicas: 2\n") }
        #expect(error?.kind == .duplicateKey)
        #expect(error?.description == "test.yaml:4:3: duplicate key \"replicas\"; it was first given at 2:3")
        let sameValue = expectYAMLError { try parse("{1: a, 0x1: b}") }
        #expect(sameValue?.kind == .duplicateKey)
        #expect(sameValue?.mark == YAMLMark(line: 1, column: 8))
        #expect(try parse("{1: a, '1': b}").mapping?.count == 2)
        let large = (0..<40).map { "k\($0): \($0)\n" }.joined() + "k7: again\n"
        let inLarge = expectYAMLError { try parse(large) }
        #expect(inLarge?.description == "test.yaml:41:1: duplicate key \"k7\"; it was first given at 8:1")
    }

    @Test("billion laughs is a bounded error, not a hang")
    func billionLaughs() {
        var text = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ")
            text += "l\(level): &l\(level) [\(refs)]\n"
        }
        let error = expectYAMLError { try parse(text) }
        #expect(error?.kind == .aliasLimitExceeded)
        #expect(error?.mark == YAMLMark(line: 5, column: 45))  // the 8th *l3: 12,330 + 8 × 11,111 > 100,000
        #expect(error?.message.hasPrefix("aliases expand to more than 100000 nodes (maxAliasExpansion)") == true)
        let small = expectYAMLError { try parse("a: &a [1, 2, 3]\nb: [*a, *a]\n", limits: YAMLLimits(maxAliasExpansion: 7)) }
        #expect(small?.mark == YAMLMark(line: 2, column: 9))
    }

    @Test("nesting deeper than the limit is an error at the first too-deep collection")
    func depthLimit() throws {
        let deep = String(repeating: "[", count: 257) + String(repeating: "]", count: 257)
        let error = expectYAMLError { try parse(deep) }
        #expect(error?.kind == .depthLimitExceeded)
        #expect(error?.description == "test.yaml:1:257: collections nest deeper than 256 levels (maxDepth)")
        let limit = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        #expect(try parse(limit).sequence?.count == 1)
        let block = expectYAMLError { try parse("a:\n  b:\n    c: 1\n", limits: YAMLLimits(maxDepth: 2)) }
        #expect(block?.mark == YAMLMark(line: 3, column: 5))
    }

    @Test("aliases count their depth where they are used")
    func aliasDepth() {
        let error = expectYAMLError { try parse("a: &a [[1]]\nb: [*a]\n", limits: YAMLLimits(maxDepth: 3)) }
        #expect(error?.kind == .depthLimitExceeded)
        #expect(error?.mark == YAMLMark(line: 2, column: 5))
    }

    @Test("input larger than the limit is refused before parsing")
    func inputSize() {
        let error = expectYAMLError { try parse("a: 1234567890\n", limits: YAMLLimits(maxInputBytes: 8)) }
        #expect(error?.kind == .inputTooLarge)
        #expect(error?.description == "test.yaml: the input is 14 bytes, more than the limit of 8 bytes (maxInputBytes)")
    }
}
