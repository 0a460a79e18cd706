import Foundation

/// One file of the C2SP CCTV age test suite: `key: value` lines, a blank line, then the age file.
struct TestVector: Sendable, CustomStringConvertible {
    var name: String
    var expect: String
    var payloadSHA256: String?
    var identities: [String] = []
    var armored = false
    var compressed = false
    var body: [UInt8]

    var description: String { name }

    /// The folder of the vectors inside the test bundle.
    static var folder: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent("vectors")
    }

    /// The names of every vector file (everything but the README).
    static let allNames: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0 != "README.md" }.sorted()
    }()

    init(named name: String) throws {
        let data = try [UInt8](Data(contentsOf: Self.folder.appendingPathComponent(name)))
        guard let split = data.indices.dropLast().first(where: { data[$0] == 0x0a && data[$0 + 1] == 0x0a }) else {
            throw VectorFormatError(name: name)
        }
        self.name = name
        self.body = Array(data[(split + 2)...])
        self.expect = ""
        for line in String(decoding: data[..<split], as: UTF8.self).split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { throw VectorFormatError(name: name) }
            let key = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "expect": expect = value
            case "payload": payloadSHA256 = value
            case "identity": identities.append(value)
            case "armored": armored = value == "yes"
            case "compressed": compressed = value == "zlib"
            default: break
            }
        }
    }

    /// The age file, decompressed when the vector says so.
    func ageFile() throws -> [UInt8] {
        compressed ? try Inflate.zlib(body) : body
    }
}

struct VectorFormatError: Error, CustomStringConvertible {
    var name: String
    var description: String { "test vector \(name) is not in the CCTV format" }
}
