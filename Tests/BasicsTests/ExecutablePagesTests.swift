import Basics
import Foundation
import Testing

@Suite struct ExecutablePagesTests {
    @Test func onlyTheExecutablesReadOnlyPrivateMappingsAreChosen() {
        let maps = """
            55d0a0000000-55d0a0200000 r--p 00000000 fd:01 123 /opt/app/runbeam-operator
            55d0a0200000-55d0a1000000 r-xp 00200000 fd:01 123 /opt/app/runbeam-operator
            55d0a1000000-55d0a1100000 rw-p 01000000 fd:01 123 /opt/app/runbeam-operator
            55d0a1100000-55d0a1200000 rw-p 00000000 00:00 0
            7f0000000000-7f0000100000 r-xp 00000000 fd:01 456 /usr/lib/x86_64-linux-gnu/libc.so.6
            7f0000200000-7f0000300000 r--s 00000000 fd:01 123 /opt/app/runbeam-operator
            7f0000400000-7f0000500000 r-xp 00000000 fd:01 789 /opt/app/runbeam-operator-other
            """
        let ranges = ExecutablePages.readOnlyMappings(of: "/opt/app/runbeam-operator", in: maps)
        #expect(ranges == [0x55d0_a000_0000..<0x55d0_a020_0000, 0x55d0_a020_0000..<0x55d0_a100_0000])
        #expect(ranges.map(\.count).reduce(0, +) == 0x100_0000)
    }

    @Test func aPathWithSpacesIsMatchedWhole() {
        let maps = "1000-2000 r-xp 00000000 fd:01 1 /tmp/my app/bin\n3000-4000 r-xp 00000000 fd:01 1 /tmp/my\n"
        #expect(ExecutablePages.readOnlyMappings(of: "/tmp/my app/bin", in: maps) == [0x1000..<0x2000])
    }

    #if os(Linux)
    @Test func releasingHandsTheTestBinarysCodeBackAndItStillRuns() throws {
        let before = try Self.residentFileKiB()
        let advised = try #require(ExecutablePages.release(), "this kernel takes MADV_PAGEOUT")
        #expect(advised > 0)
        let after = try Self.residentFileKiB()
        #expect(after < before, "file-backed resident pages: \(before) KiB before, \(after) KiB after")
        // The code paged out still runs: it faults back in.
        #expect(ExecutablePages.readOnlyMappings(of: "/x", in: "1000-2000 r-xp 0 0:0 0 /x").count == 1)
    }

    static func residentFileKiB() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("RssFile:") })
        return try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
    }
    #endif
}
