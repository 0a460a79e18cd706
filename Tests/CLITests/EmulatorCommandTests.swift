import Foundation
import Testing

@Suite struct EmulatorCommandTests {
    @Test func servesUntilSIGTERMAndWritesAKubeconfig() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("emulator-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let kubeconfig = folder.appendingPathComponent("kubeconfig")
        let process = Process()
        process.executableURL = CommandRunner.binary
        process.arguments = ["emulator", "kubernetes", "--listen", "127.0.0.1:0", "--write-kubeconfig", kubeconfig.path, "--token", "t0ken"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var text = ""
        for _ in 0..<100 where !text.contains("\n") {
            text += String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        }
        #expect(text.contains("listening on http://127.0.0.1:"))
        let config = try String(contentsOf: kubeconfig, encoding: .utf8)
        #expect(config.contains("server: http://127.0.0.1:"))
        #expect(config.contains("token: \"t0ken\""))
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func rejectsABadListenAddress() throws {
        let result = try CommandRunner.run(["emulator", "kubernetes", "--listen", "nowhere"])
        #expect(result.status != 0)
        #expect(result.stderrText.contains("HOST:PORT"))
    }
}
