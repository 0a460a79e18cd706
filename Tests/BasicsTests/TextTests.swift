import Basics
import Foundation
import Testing

/// The string helpers that stand in for full Foundation give Foundation's answers.
@Suite("Text helpers")
struct TextTests {
    @Test("trimming whitespace keeps line breaks; trimming whitespace and newlines does not", arguments: [
        " a b \t", "\n a \n", "", "   ", "\u{00A0}x\u{2003}", "\r\nx\r\n", "x",
    ])
    func trimming(_ text: String) {
        #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces))
        #expect(text.trimmingWhitespaceAndNewlines() == text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test("trimming a set of characters")
    func trimmingCharacters() {
        #expect("[::1]".trimming(["[", "]"]) == "::1")
        #expect("\"'quoted' \"".trimming(["\"", "'", " "]) == "quoted")
        #expect("[]".trimming(["[", "]"]) == "")
    }

    @Test("printf-style numbers match String(format:)", arguments: [
        ("%.1f", 2.25), ("%.3f", 1.0 / 3.0), ("%.1fs", 12.06), ("%.1f", -0.05), ("%.1f", 1e20),
    ])
    func numbers(_ format: String, _ value: Double) {
        #expect(String(cFormat: format, value) == String(format: format, value))
    }

    @Test("printf-style integers and long results")
    func integers() {
        #expect(String(cFormat: "%02x", 10) == "0a")
        #expect(String(cFormat: ".%06d", 42) == ".000042")
        #expect(String(cFormat: "%04d-%02d-%02d", 2026, 12, 2) == "2026-12-02")
        let long = String(cFormat: "%0200d", 7)
        #expect(long.count == 200 && long.hasSuffix("7") && long.hasPrefix("000"))
    }

    @Test("path joining and folders as NSString's path methods give them")
    func paths() {
        let joined: [(String, String, String)] = [
            ("/a/", "b", "/a/b"), ("/a", "b", "/a/b"), ("a", "b/c", "a/b/c"), ("", "b", "b"), ("/a", "", "/a"), ("/", "x", "/x"),
        ]
        for (base, component, expected) in joined {
            #expect(FilePaths.join(base, component) == expected, "\(base) + \(component)")
        }
        let folders: [(String, String)] = [("/a/b", "/a"), ("/a", "/"), ("a", ""), ("/a/b/", "/a"), ("/", "/"), ("a/b", "a")]
        for (path, expected) in folders {
            #expect(FilePaths.directory(of: path) == expected, "\(path)")
        }
    }

    @Test("regular expressions are compiled once and a bad pattern is nil")
    func regexCache() {
        let pattern = "^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$"
        let regex = RegexCache.regex(pattern)
        #expect(regex != nil)
        #expect("gateway-1".wholeMatch(of: regex!) != nil)
        #expect("Gateway".wholeMatch(of: regex!) == nil)
        #expect(RegexCache.regex("(unclosed") == nil)
    }
}
