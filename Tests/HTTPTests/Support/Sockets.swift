import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Raw socket helpers for tests that need odd network states on 127.0.0.1.
enum Sockets {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// A TCP socket bound to 127.0.0.1 on a free port; returns the descriptor and the port.
    static func bindLoopback() throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            close(fd)
            throw Failure(description: "bind() failed: \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// Starts a non-blocking connect to 127.0.0.1:port; returns the descriptor.
    static func startConnect(port: Int) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return fd
    }
}

/// A port on 127.0.0.1 where nothing listens (connections are refused).
enum ClosedPort {
    static func find() throws -> Int {
        let (fd, port) = try Sockets.bindLoopback()
        close(fd)
        return port
    }
}

/// A listener whose accept queue is full and never drained, so new connections hang in SYN-SENT.
final class BlackholeListener {
    let port: Int
    private let listener: Int32
    private var fillers: [Int32] = []

    init() throws {
        let (fd, port) = try Sockets.bindLoopback()
        guard listen(fd, 0) == 0 else {
            close(fd)
            throw Sockets.Failure(description: "listen() failed: \(errno)")
        }
        listener = fd
        self.port = port
        for _ in 0..<4 { fillers.append(Sockets.startConnect(port: port)) }
        // Let the handshakes of the fillers complete so the queue is full before the test connects.
        usleep(100_000)
    }

    deinit {
        for fd in fillers { close(fd) }
        close(listener)
    }
}
