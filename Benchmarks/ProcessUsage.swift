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
}
