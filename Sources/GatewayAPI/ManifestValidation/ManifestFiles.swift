import Foundation

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
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw Missing(path: path) }
            guard isFolder.boolValue else {
                files.append(path)
                continue
            }
            let found = FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []
            files += found
                .filter { name in [".yaml", ".yml", ".json"].contains { name.hasSuffix($0) } }
                .sorted()
                .map { (path as NSString).appendingPathComponent($0) }
        }
        return files
    }
}
