import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// One listening socket; a `DispatchSourceRead` accepts every pending connection when it fires.
final class Listener: @unchecked Sendable {
    let fileDescriptor: Int32
    let port: Int
    private let queue = DispatchQueue(label: "crm.listener", target: .global())
    private var source: DispatchSourceRead?
    private let accepted: @Sendable (Int32, sockaddr_storage) -> Void

    /// Binds and listens on one resolved address.
    init(address: UnsafePointer<sockaddr>, length: socklen_t, family: Int32, backlog: Int32 = 1024,
         accepted: @escaping @Sendable (Int32, sockaddr_storage) -> Void) throws(ServerError) {
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .system("socket", errno) }
        SocketOptions.setFlag(fd, level: SOL_SOCKET, option: SO_REUSEADDR)
        if family == AF_INET6 { SocketOptions.setFlag(fd, level: Int32(IPPROTO_IPV6), option: IPV6_V6ONLY) }
        guard bind(fd, address, length) == 0 else {
            let code = errno
            close(fd)
            throw .system("bind", code)
        }
        guard listen(fd, backlog) == 0 else {
            let code = errno
            close(fd)
            throw .system("listen", code)
        }
        var bound = sockaddr_storage()
        var boundLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &boundLength) }
        }
        self.port = Listener.port(of: bound)
        self.fileDescriptor = fd
        self.accepted = accepted
    }

    func start() {
        let source = DispatchSource.makeReadSource(fileDescriptor: fileDescriptor, queue: queue)
        source.setEventHandler { [weak self] in self?.acceptPending() }
        let fd = fileDescriptor
        source.setCancelHandler { close(fd) }
        self.source = source
        source.resume()
    }

    /// A listener dropped without `stop()` stops accepting too (its source would otherwise live on).
    deinit {
        source?.cancel()
    }

    /// Stops accepting; the socket closes once the source is cancelled.
    func stop() {
        queue.sync { source?.cancel() }
    }

    private func acceptPending() {
        for _ in 0..<64 {
            var address = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let client = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    accept(fileDescriptor, $0, &length)
                }
            }
            if client < 0 {
                if errno == EMFILE || errno == ENFILE {
                    // Out of descriptors: pause accepting briefly instead of spinning.
                    source?.suspend()
                    queue.asyncAfter(deadline: .now() + .milliseconds(100)) { [weak self] in self?.source?.resume() }
                }
                return
            }
            _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            SocketOptions.setFlag(client, level: Int32(IPPROTO_TCP), option: TCP_NODELAY)
            accepted(client, address)
        }
    }

    static func port(of address: sockaddr_storage) -> Int {
        var address = address
        let isIPv6 = address.ss_family == sa_family_t(AF_INET6)
        return withUnsafePointer(to: &address) { pointer in
            if isIPv6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        }
    }
}

/// Why the server could not start or bind.
public enum ServerError: Swift.Error, CustomStringConvertible, Sendable {
    case system(String, Int32)
    case resolve(String, String)

    public var description: String {
        switch self {
        case .system(let call, let code):
            let message = strerror(code).map { SocketOptions.text(Array(UnsafeBufferPointer(start: $0, count: strlen($0) + 1))) } ?? "error \(code)"
            return "\(call) failed: \(message)"
        case .resolve(let host, let reason): return "cannot resolve host '\(host)': \(reason)"
        }
    }
}
