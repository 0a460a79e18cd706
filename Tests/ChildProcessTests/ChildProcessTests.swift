import ChildProcess
import Foundation
import Glibc
import Testing

@Suite struct ChildProcessTests {
    static let environment = ["PATH": "/usr/bin:/bin", "LC_ALL": "C"]

    static func shell(_ script: String, input: ChildInput = .null, output: ChildOutput = .collect(), directory: String? = nil) -> ChildCommand {
        ChildCommand(executable: "/bin/sh", arguments: ["-c", script], environment: environment, workingDirectory: directory, input: input, output: output)
    }

    static func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

    @Test func statusAndBothStreams() async throws {
        let result = try await ChildProcess.run(Self.shell("echo out; echo err >&2; exit 3"))
        #expect(result.exit == .exited(3))
        #expect(Self.text(result.standardOutput) == "out\n")
        #expect(Self.text(result.standardError) == "err\n")
        #expect(!result.truncated)
    }

    @Test func theErrorStreamMergedIntoTheOutputKeepsTheOrder() async throws {
        let result = try await ChildProcess.run(ChildCommand(
            executable: "/bin/sh", arguments: ["-c", "echo one; echo two >&2; echo three; echo four >&2"], environment: Self.environment,
            output: .collect(), error: .mergedIntoOutput))
        #expect(Self.text(result.standardOutput) == "one\ntwo\nthree\nfour\n")
        #expect(result.standardError.isEmpty)
    }

    @Test func inputIsWrittenWhileOutputIsReadSoLargeStreamsDoNotDeadlock() async throws {
        let input = Data((0..<(4 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let result = try await ChildProcess.run(ChildCommand(executable: "cat", environment: Self.environment, input: .data(input)))
        #expect(result.exit == .exited(0))
        #expect(result.standardOutput == input)
    }

    @Test func aChildThatIgnoresItsInputIsNoError() async throws {
        let result = try await ChildProcess.run(Self.shell("exit 0", input: .data(Data(count: 8 << 20))))
        #expect(result.exit == .exited(0))
    }

    @Test func onlyTheStandardStreamsAreInherited() async throws {
        // Descriptors this process opened without close-on-exec must not reach the child.
        let opened = (0..<40).map { _ in open("/dev/null", O_RDONLY) }
        defer { opened.forEach { close($0) } }
        #expect(opened.allSatisfy { $0 > 2 })
        let result = try await ChildProcess.run(Self.shell("ls /proc/self/fd"))
        let descriptors = Self.text(result.standardOutput).split(separator: "\n").compactMap { Int($0) }
        // ls itself holds one more: the directory it lists.
        #expect(Set(descriptors).subtracting([0, 1, 2]).count <= 1, "inherited: \(descriptors)")
    }

    @Test func startsWithThousandsOfDescriptorsOpen() async throws {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        let count = min(3000, Int(limit.rlim_cur) - 200)
        let opened = (0..<count).map { _ in open("/dev/null", O_RDONLY) }
        defer { opened.forEach { close($0) } }
        #expect(opened.allSatisfy { $0 >= 0 })
        let result = try await ChildProcess.run(Self.shell("echo ok"))
        #expect(result.exit == .exited(0))
        #expect(Self.text(result.standardOutput) == "ok\n")
    }

    @Test func theChildStartsWithNoBlockedSignalEvenFromAThreadThatBlocksThem() async throws {
        let started = await withCheckedContinuation { (continuation: CheckedContinuation<Result<ChildProcess, ChildProcessError>, Never>) in
            let thread = Thread {
                var all = sigset_t()
                sigfillset(&all)
                pthread_sigmask(SIG_BLOCK, &all, nil)
                continuation.resume(returning: Result { () throws(ChildProcessError) -> ChildProcess in
                    try ChildProcess(ChildCommand(executable: "sleep", arguments: ["60"], environment: Self.environment))
                })
            }
            thread.start()
        }
        let child = try started.get()
        let mask = try String(contentsOfFile: "/proc/\(child.pid)/status", encoding: .utf8)
            .split(separator: "\n").first { $0.hasPrefix("SigBlk:") }
        #expect(mask.map { $0.hasSuffix("0000000000000000") } == true, "\(mask ?? "no SigBlk line")")
        child.terminate()
        #expect(await child.wait() == .signaled(SIGTERM))
        #expect(!child.isRunning)
    }

    @Test func waitWithATimeoutThenKill() async throws {
        let child = try ChildProcess(ChildCommand(executable: "sleep", arguments: ["60"], environment: Self.environment))
        #expect(child.isRunning)
        #expect(await child.wait(timeout: .milliseconds(100)) == nil)
        child.kill()
        #expect(await child.wait(timeout: .seconds(60)) == .signaled(SIGKILL))
        #expect(child.exit == .signaled(SIGKILL))
        // Signals after the reap go nowhere.
        child.terminate()
    }

    @Test func droppingTheLastReferenceKillsTheChild() async throws {
        var pid: pid_t = 0
        do {
            let child = try ChildProcess(ChildCommand(executable: "sleep", arguments: ["60"], environment: Self.environment))
            pid = child.pid
            #expect(Glibc.kill(pid, 0) == 0)
        }
        var gone = false
        for _ in 0..<500 where !gone {
            gone = Glibc.kill(pid, 0) == -1 && errno == ESRCH
            if !gone { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(gone)
    }

    @Test func aMissingExecutableIsATypedError() async throws {
        let error = try #require(throws: ChildProcessError.self) {
            try ChildProcess(ChildCommand(executable: "/nonexistent/tool", environment: Self.environment))
        }
        #expect(error.code == ENOENT)
        #expect(error.description == "cannot run /nonexistent/tool: No such file or directory")
        let onPath = try #require(throws: ChildProcessError.self) {
            try ChildProcess(ChildCommand(executable: "no-such-tool-on-path", environment: Self.environment))
        }
        #expect(onPath.code == ENOENT)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString)").path
        defer { unlink(file) }
        #expect(FileManager.default.createFile(atPath: file, contents: Data("\u{7f}ELF-not-really".utf8), attributes: [.posixPermissions: 0o644]))
        let notExecutable = try #require(throws: ChildProcessError.self) {
            try ChildProcess(ChildCommand(executable: file, environment: Self.environment))
        }
        #expect(notExecutable.code == EACCES)
        chmod(file, 0o755)
        let notAProgram = try #require(throws: ChildProcessError.self) {
            try ChildProcess(ChildCommand(executable: file, environment: Self.environment))
        }
        #expect(notAProgram.code == ENOEXEC)
        #expect(notAProgram.description == "cannot run \(file): Exec format error")
    }

    @Test func workingDirectoryAndExactEnvironment() async throws {
        let result = try await ChildProcess.run(ChildCommand(
            executable: "/bin/sh", arguments: ["-c", "pwd; echo \"$ONLY\"; echo \"${HOME-unset}\""],
            environment: ["ONLY": "this"], workingDirectory: "/tmp"))
        #expect(Self.text(result.standardOutput) == "/tmp\nthis\nunset\n")
    }

    @Test func outputBeyondTheLimitIsDroppedAndMarked() async throws {
        let result = try await ChildProcess.run(Self.shell("head -c 100000 /dev/zero", output: .collect(limit: 1000)))
        #expect(result.exit == .exited(0))
        #expect(result.standardOutput.count == 1000)
        #expect(result.truncated)
    }

    @Test func manyChildrenWaitedForAtOnce() async throws {
        let exits = try await withThrowingTaskGroup(of: ChildExit.self) { group in
            for index in 0..<32 {
                group.addTask { try await ChildProcess.run(Self.shell("sleep 0.2; exit \(index % 7)")).exit }
            }
            return try await group.reduce(into: [ChildExit]()) { $0.append($1) }
        }
        #expect(exits.sorted { $0.description < $1.description } == (0..<32).map { ChildExit.exited(Int32($0 % 7)) }.sorted { $0.description < $1.description })
    }
}
