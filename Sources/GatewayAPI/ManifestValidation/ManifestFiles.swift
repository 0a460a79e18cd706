import Basics
import FoundationEssentials

/// The manifest files named on a command line: files as given, folders searched (recursively) for
/// `.yaml`, `.yml` and `.json` files in name order; `-` (standard input) kept as is.
public enum ManifestFiles {
    /// The path that stands for standard input.
    public static let standardInput = "-"

    /// A path that is neither a file nor a folder.
    public struct Missing: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "\(path): no such file or folder" }
    }

    public static func expand(_ paths: [String]) throws(Missing) -> [String] {
        var files: [String] = []
        for path in paths {
            if path == standardInput {
                files.append(path)
                continue
            }
            var isFolder = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw Missing(path: path) }
            guard isFolder else {
                files.append(path)
                continue
            }
            let found = (try? FileManager.default.subpathsOfDirectory(atPath: path)) ?? []
            files += found
                .filter { name in [".yaml", ".yml", ".json"].contains { name.hasSuffix($0) } }
                .sorted()
                .map { FilePaths.join(path, $0) }
        }
        return files
    }
}
