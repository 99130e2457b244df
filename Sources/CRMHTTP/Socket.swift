#if canImport(Glibc)
import Glibc
#endif

/// What one non-blocking read or write did.
enum IOOutcome: Equatable {
    case transferred(Int)
    case wouldBlock
    case endOfStream
    case failed(Int32)
}

/// A byte stream a connection reads and writes: a plain socket, or TLS over one.
protocol ByteStream: AnyObject {
    var fileDescriptor: Int32 { get }
    /// Whether reads must go on until "would block": TLS holds decrypted bytes the socket no longer signals.
    var needsFullDrain: Bool { get }
    func read(into buffer: UnsafeMutableRawBufferPointer) -> IOOutcome
    func write(_ bytes: UnsafeRawBufferPointer) -> IOOutcome
    /// Stops sending (TCP FIN, or TLS close_notify then FIN); reading may continue.
    func shutdownOutput()
    func close()
}

/// A non-blocking TCP socket owned by one connection.
final class SocketStream: ByteStream {
    let fileDescriptor: Int32
    private var isClosed = false
    var needsFullDrain: Bool { false }

    init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> IOOutcome {
        while true {
            let count = Glibc.read(fileDescriptor, buffer.baseAddress, buffer.count)
            if count > 0 { return .transferred(count) }
            if count == 0 { return .endOfStream }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case ECONNRESET: return .endOfStream
            default: return .failed(errno)
            }
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> IOOutcome {
        while true {
            let count = Glibc.send(fileDescriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if count >= 0 { return .transferred(count) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(errno)
            }
        }
    }

    func shutdownOutput() {
        _ = Glibc.shutdown(fileDescriptor, Int32(SHUT_WR))
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        _ = Glibc.close(fileDescriptor)
    }
}

/// Socket options and address helpers shared by listeners and connections.
enum SocketOptions {
    static func setFlag(_ fd: Int32, level: Int32, option: Int32, _ value: Int32 = 1) {
        var value = value
        _ = setsockopt(fd, level, option, &value, socklen_t(MemoryLayout<Int32>.size))
    }

    /// `ip:port` (IPv6 in brackets) and the bare IP of a socket address.
    static func describe(_ storage: sockaddr_storage) -> (peer: String, address: String) {
        var storage = storage
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        var service = [CChar](repeating: 0, count: Int(NI_MAXSERV))
        let length = socklen_t(storage.ss_family == sa_family_t(AF_INET6)
            ? MemoryLayout<sockaddr_in6>.size : MemoryLayout<sockaddr_in>.size)
        let status = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getnameinfo($0, length, &host, socklen_t(host.count), &service, socklen_t(service.count),
                            NI_NUMERICHOST | NI_NUMERICSERV)
            }
        }
        guard status == 0 else { return ("unknown", "unknown") }
        let address = text(host)
        let port = text(service)
        let peer = storage.ss_family == sa_family_t(AF_INET6) ? "[\(address)]:\(port)" : "\(address):\(port)"
        return (peer, address)
    }

    /// A NUL-terminated C buffer as a String.
    static func text(_ chars: [CChar]) -> String {
        let bytes = chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
