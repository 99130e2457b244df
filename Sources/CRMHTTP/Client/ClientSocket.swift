#if canImport(Glibc)
import Glibc
#endif

/// A non-blocking TCP socket used in a blocking style by one outgoing request: every wait is a
/// `poll(2)` bounded by the request's deadline, so nothing ever hangs past it. Runs on the
/// client's worker threads, never on Swift's cooperative pool.
final class ClientSocket {
    let fileDescriptor: Int32

    private init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    deinit { _ = Glibc.close(fileDescriptor) }

    /// Connects to `address`, giving up at `deadline`.
    static func connect(to address: ResolvedAddress, deadline: ContinuousClock.Instant) throws(ClientFailure) -> ClientSocket {
        let fd = Glibc.socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .connection(ErrnoText.describe(errno)) }
        let socket = ClientSocket(fileDescriptor: fd)
        SocketOptions.setFlag(fd, level: Int32(IPPROTO_TCP), option: TCP_NODELAY)
        var storage = address.storage
        let status = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, address.length) }
        }
        if status != 0 {
            guard errno == EINPROGRESS || errno == EINTR else { throw .connection("\(address.address): \(ErrnoText.describe(errno))") }
            try socket.wait(for: Int16(POLLOUT), until: deadline)
            var failure: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &length)
            guard failure == 0 else { throw .connection("\(address.address): \(ErrnoText.describe(failure))") }
        }
        return socket
    }

    /// Waits until the socket is ready for `events` (POLLIN, POLLOUT) or throws `.timeout`.
    func wait(for events: Int16, until deadline: ContinuousClock.Instant) throws(ClientFailure) {
        while true {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { throw .timeout }
            let milliseconds = max(1, Int32(clamping: remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000))
            var entry = pollfd(fd: fileDescriptor, events: events, revents: 0)
            let count = poll(&entry, 1, milliseconds)
            if count > 0 { return }
            if count < 0 && errno != EINTR { throw .connection(ErrnoText.describe(errno)) }
        }
    }

    /// Sends every byte of `bytes`.
    func send(_ bytes: [UInt8], until deadline: ContinuousClock.Instant) throws(ClientFailure) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.send(fileDescriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if count >= 0 {
                offset += count
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                try wait(for: Int16(POLLOUT), until: deadline)
            } else if errno != EINTR {
                throw .connection(ErrnoText.describe(errno))
            }
        }
    }

    /// Reads what is available into `buffer`; 0 at the end of the stream.
    func receive(into buffer: UnsafeMutableRawBufferPointer, until deadline: ContinuousClock.Instant) throws(ClientFailure) -> Int {
        while true {
            let count = Glibc.read(fileDescriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            switch errno {
            case EAGAIN, EWOULDBLOCK: try wait(for: Int16(POLLIN), until: deadline)
            case EINTR: continue
            case ECONNRESET: return 0
            default: throw .connection(ErrnoText.describe(errno))
            }
        }
    }
}

/// `strerror` as a String.
enum ErrnoText {
    static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
