import Foundation

/// A running process's peak resident memory and CPU time, read from `/proc/PID/status` and `/proc/PID/stat`.
struct ProcessUsage: Sendable {
    /// `VmHWM`, in bytes.
    var peakResidentBytes: Int
    /// User plus system CPU time, in seconds.
    var cpuSeconds: Double

    var peakResidentMiB: Double { Double(peakResidentBytes) / 1_048_576 }

    /// Reads the figures of process `pid`, which must still run.
    static func read(pid: Int32) throws(BenchError) -> ProcessUsage {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        else { throw BenchError("cannot read /proc for process \(pid); it has exited or /proc is not mounted") }
        guard let hwm = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kibibytes = hwm.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { throw BenchError("no VmHWM line in /proc/\(pid)/status") }
        // Fields after the command name (which is in parentheses and may contain spaces): state is
        // field 3, utime field 14, stime field 15.
        guard let close = stat.lastIndex(of: ")") else { throw BenchError("unexpected /proc/\(pid)/stat format") }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let utime = Double(fields[11]), let stime = Double(fields[12]) else {
            throw BenchError("unexpected /proc/\(pid)/stat format")
        }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return ProcessUsage(peakResidentBytes: kibibytes * 1024, cpuSeconds: (utime + stime) / ticks)
    }

    /// `VmRSS` of process `pid`, in bytes.
    static func residentBytes(pid: Int32) throws(BenchError) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kibibytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { throw BenchError("no VmRSS line in /proc/\(pid)/status") }
        return kibibytes * 1024
    }

    /// The resident bytes of the mappings of `path` in process `pid` (summed `Rss:` lines of `/proc/PID/smaps`).
    static func residentBytes(pid: Int32, mappedFrom path: String) throws(BenchError) -> Int {
        guard let smaps = try? String(contentsOfFile: "/proc/\(pid)/smaps", encoding: .utf8) else {
            throw BenchError("cannot read /proc/\(pid)/smaps")
        }
        var total = 0
        var inFile = false
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if let first = fields.first, first.contains("-"), fields.count >= 5 {
                inFile = fields.count >= 6 && fields[5...].joined(separator: " ") == path
            } else if inFile, fields.first == "Rss:", fields.count >= 2, let kibibytes = Int(fields[1]) {
                total += kibibytes * 1024
            }
        }
        return total
    }
}
