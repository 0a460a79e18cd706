import Basics
import FoundationEssentials
import Glibc

/// Writes a child's whole input from a thread of its own, then closes the pipe.
enum InputWriter {
    /// A child that exits without reading everything is not an error here: the write ends with
    /// EPIPE (SIGPIPE is blocked on this thread, so it cannot end this process).
    static func start(descriptor: Int32, bytes: Data) {
        PlainThread.detach(name: "child-input") {
            var blocked = sigset_t()
            sigemptyset(&blocked)
            sigaddset(&blocked, SIGPIPE)
            pthread_sigmask(SIG_BLOCK, &blocked, nil)
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0, errno == EINTR { continue }
                    if written <= 0 { break }
                    offset += written
                }
            }
            close(descriptor)
        }
    }
}
