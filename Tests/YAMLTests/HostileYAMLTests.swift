import Foundation
import Testing
@testable import YAML

/// Input built to hurt a parser: every case must end in a clear ``YAMLError`` (or a correct
/// result), bounded in time and memory, never a crash or a stack overflow.
@Suite struct HostileYAMLTests {
    @Test("10,000-deep flow nesting stops at the depth limit", arguments: ["[", "{a: "])
    func deepFlow(opening: String) {
        let closing = opening == "[" ? "]" : "}"
        let text = String(repeating: opening, count: 10_000) + "1" + String(repeating: closing, count: 10_000)
        let error = expectYAMLError { try parse(text) }
        #expect(error?.kind == .depthLimitExceeded)
        #expect(error?.description.hasPrefix("test.yaml:1:") == true)
        #expect(error?.message == "collections nest deeper than 256 levels (maxDepth)")
    }

    @Test("deep block mappings stop at the depth limit, at the first too-deep one")
    func deepBlock() {
        // Block mappings indent one more column per level, so 10,000 levels would be a 50 MB
        // file (refused by size, see below); 1,000 levels show where the depth check fires.
        var text = ""
        for level in 0..<1_000 { text += String(repeating: " ", count: level) + "k:\n" }
        let error = expectYAMLError { try parse(text) }
        #expect(error?.kind == .depthLimitExceeded)
        #expect(error?.description == "test.yaml:257:257: collections nest deeper than 256 levels (maxDepth)")
    }

    @Test("10,000-deep block sequences stop at the depth limit")
    func deepBlockSequence() {
        let text = "key:\n" + String(repeating: "- ", count: 10_000) + "x\n"
        let error = expectYAMLError { try parse(text) }
        #expect(error?.kind == .depthLimitExceeded)
        #expect(error?.description == "test.yaml:2:511: collections nest deeper than 256 levels (maxDepth)")
    }

    @Test("10,000 unclosed brackets stop at the depth limit, before the missing ends are noticed")
    func unclosed() {
        let error = expectYAMLError { try parse(String(repeating: "[", count: 10_000)) }
        #expect(error?.kind == .depthLimitExceeded)
    }

    @Test("nesting just inside the limit converts to JSON and decodes without overflowing")
    func deepButAllowed() throws {
        let text = String(repeating: "[", count: 256) + "1" + String(repeating: "]", count: 256)
        let node = try parse(text)
        let json = try node.jsonData()
        #expect(json.count == 513)
        let decoded = try YAMLDecoder().decode(Nested.self, from: node)
        #expect(decoded.depth == 256)
    }

    @Test("billion laughs in mapping form, through merge keys, is bounded")
    func billionLaughsMappings() {
        var text = "l0: &l0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10}\n"
        for level in 1...9 {
            let refs = (0..<10).map { "k\($0): *l\(level - 1)" }.joined(separator: ", ")
            text += "l\(level): &l\(level) {\(refs)}\n"
        }
        let error = expectYAMLError { try parse(text) }
        #expect(error?.kind == .aliasLimitExceeded)
        var merges = "base: &b {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10}\n"
        for index in 0..<20_000 { merges += "m\(index): {<<: *b}\n" }
        #expect(expectYAMLError { try parse(merges) }?.kind == .aliasLimitExceeded)
    }

    @Test("an alias used as a mapping key counts against the expansion limit")
    func aliasKeys() {
        var text = "x: &k [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n"
        text += "y: {" + (0..<20_000).map { "? [*k, \($0)] : 1" }.joined(separator: ", ") + "}\n"
        #expect(expectYAMLError { try parse(text) }?.kind == .aliasLimitExceeded)
    }

    @Test("input over the size limit is refused before libyaml sees it")
    func oversized() {
        let limits = YAMLLimits(maxInputBytes: 1 << 20)
        let text = String(repeating: "# filler\n", count: (1 << 20) / 9 + 1)
        let error = expectYAMLError { try parse(text, limits: limits) }
        #expect(error?.kind == .inputTooLarge)
        #expect(error?.description.hasPrefix("test.yaml: the input is ") == true)
    }

    @Test("the default size limit refuses a 50 MiB file with the file named")
    func fiftyMebibytes() {
        let data = Data(repeating: UInt8(ascii: "#"), count: 50 << 20)
        let error = expectYAMLError { try YAMLParser().node(from: data, fileName: "huge.yaml") }
        #expect(error?.kind == .inputTooLarge)
        #expect(error?.description == "huge.yaml: the input is 52428800 bytes, more than the limit of \(YAMLLimits.default.maxInputBytes) bytes (maxInputBytes)")
    }

    @Test("malformed input is a syntax error at a position", arguments: [
        "a: [1, 2\n", "a: {b: 1\n", "a: 'unterminated\n", "a: \"bad \\q escape\"\n", "\t- tab\n", "a: b: c\n",
        "- a\nb: 1\n", "&a [*a]\n", "!<tag:yaml.org,2002:int> x\n", "%YAML 9.9\n---\na\n", "? - [\n",
    ])
    func malformed(text: String) {
        let error = expectYAMLError { try parse(text) }
        #expect(error != nil)
        #expect(error?.description.hasPrefix("test.yaml") == true)
    }

    @Test("control characters and invalid UTF-8 are errors, not crashes")
    func binaryInput() {
        let bytes: [[UInt8]] = [[0x00], [0x61, 0x3A, 0x20, 0x00], [0xFF, 0xFE, 0x00, 0x00], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0x1B, 0x5B, 0x41]]
        for input in bytes {
            #expect(throws: YAMLError.self) { try YAMLParser().node(from: Data(input), fileName: "binary.yaml") }
        }
    }

    @Test("a 1 MiB scalar and 100,000 keys parse in bounded time")
    func wideInput() throws {
        let long = String(repeating: "x", count: 1 << 20)
        #expect(try parse("a: \(long)\n")["a"]?.string?.count == 1 << 20)
        let wide = (0..<100_000).map { "k\($0): \($0)" }.joined(separator: "\n")
        let clock = ContinuousClock()
        let started = clock.now
        #expect(try parse(wide).mapping?.count == 100_000)
        #expect(clock.now - started < .seconds(30))
    }
}

/// Decodes arbitrarily nested single-item arrays, counting the levels.
private struct Nested: Decodable {
    var depth: Int

    init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        if let inner = try? container.decode(Nested.self) {
            depth = inner.depth + 1
        } else {
            _ = try container.decode(Int.self)
            depth = 1
        }
    }
}
