import Foundation

/// The repository checkout this test file lives in, found from `#filePath`.
enum RepositoryFolder {
    /// Symbolic links are resolved, so a development package that links `Tests/ManifestsTests` in still finds the real checkout.
    static func root(filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var manifests: URL { root().appendingPathComponent("manifests", isDirectory: true) }

    /// Paths of the regular files under `folder`, relative to it, sorted.
    static func files(under folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        let base = folder.standardizedFileURL.path + "/"
        var paths: [String] = []
        for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            paths.append(String(url.standardizedFileURL.path.dropFirst(base.count)))
        }
        return paths.sorted()
    }
}
