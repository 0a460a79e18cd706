import Foundation

/// The manifest files named on a command line: files as given, folders searched (recursively) for
/// `.yaml`, `.yml` and `.json` files in name order.
public enum ManifestFiles {
    /// A path that is neither a file nor a folder.
    public struct Missing: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "\(path): no such file or folder" }
    }

    public static func expand(_ paths: [String]) throws(Missing) -> [String] {
        var files: [String] = []
        for path in paths {
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
