import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The HTTP/1.1 server: listens on every address `host` resolves to (IPv4 and IPv6), hands each
/// accepted socket to a `Connection`, and shuts down gracefully.
public final class HTTPServer: Sendable {
    private let host: String
    private let requestedPort: Int
    private let limits: RequestLimits
    private let responder: any Responder
    private let tls: TLSContext?
    private let listeners = Mutex<[Listener]>([])
    private let connections = Mutex<[ObjectIdentifier: Connection]>([:])
    /// Open connections per client address (the cap on one client's share).
    private let perAddress = Mutex<[String: Int]>([:])
    private let sweeper = TimerHolder()
    private let refusedAnswer = HTTPServer.refusal("503 Service Unavailable", "too many open connections")
    private let refusedForAddressAnswer = HTTPServer.refusal("429 Too Many Requests", "too many open connections from your address")

    public init(host: String, port: Int, limits: RequestLimits = RequestLimits(), tls: TLSContext? = nil, responder: any Responder) {
        self.tls = tls
        self.host = host
        self.requestedPort = port
        self.limits = limits
        self.responder = responder
    }

    /// The port actually bound (useful with port 0).
    public var port: Int { listeners.withLock { $0.first?.port ?? requestedPort } }

    /// Connections open right now.
    public var openConnections: Int { connections.withLock { $0.count } }

    /// Bytes received and sent since the start (HTTP bytes; inside TLS for HTTPS), for `/metrics`.
    public var traffic: (received: Int, sent: Int) {
        let closed = closedTraffic.totals
        return connections.withLock { open in
            open.values.reduce(closed) { sum, connection in
                let counts = connection.traffic.totals
                return (sum.received + counts.received, sum.sent + counts.sent)
            }
        }
    }

    /// What closed connections received and sent.
    private let closedTraffic = TrafficCounters()

    /// Binds every resolved address and starts accepting.
    public func start() throws(ServerError) {
        var bound: [Listener] = []
        var port = requestedPort
        for candidate in try resolve() {
            var address = candidate.address
            Listener.setPort(port, in: &address)
            let listener: Listener
            do {
                listener = try withUnsafePointer(to: &address) { pointer throws(ServerError) in
                    try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw throws(ServerError) in
                        try Listener(address: raw, length: candidate.length, family: candidate.family) { [weak self] fd, peer in
                            self?.accepted(fd, peer)
                        }
                    }
                }
            } catch {
                // A second family that cannot bind (e.g. no IPv6) is fine once one address is bound.
                if bound.isEmpty { throw error }
                continue
            }
            port = listener.port
            bound.append(listener)
        }
        listeners.withLock { $0 = bound }
        startSweeper()
        for listener in bound { listener.start() }
    }

    /// Every 100 ms, hands each connection whose deadline passed back to its queue (timeouts are
    /// therefore accurate to about 0.1 s).
    private func startSweeper() {
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "crm.sweeper", target: .global()))
        timer.schedule(deadline: .now() + .milliseconds(100), repeating: .milliseconds(100), leeway: .milliseconds(20))
        timer.setEventHandler { [weak self] in
            guard let self else { return }
            let now = MonotonicClock.nanoseconds()
            for connection in connections.withLock({ Array($0.values) }) {
                let due = connection.deadline.load(ordering: .relaxed)
                if due != 0 && due <= now, connection.deadline.compareExchange(expected: due, desired: 0, ordering: .relaxed).exchanged {
                    connection.deadlineMaybePassed()
                }
            }
        }
        timer.resume()
        sweeper.hold(timer)
    }

    /// Stops accepting, lets requests in flight finish within the grace period, then closes the rest.
    public func shutdown() async {
        for listener in listeners.withLock({ $0 }) { listener.stop() }
        for connection in connections.withLock({ Array($0.values) }) { connection.beginShutdown() }
        let deadline = ContinuousClock.now + limits.shutdownGrace
        while openConnections > 0 && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        for connection in connections.withLock({ Array($0.values) }) { connection.forceClose() }
        sweeper.cancel()
    }

    private func accepted(_ fd: Int32, _ peerAddress: sockaddr_storage) {
        let isFull = connections.withLock { $0.count >= limits.maxConnections }
        if isFull { return refuse(fd, with: refusedAnswer) }
        let (peer, address) = SocketOptions.describe(peerAddress)
        let hasRoom = perAddress.withLock { counts -> Bool in
            guard counts[address, default: 0] < limits.maxConnectionsPerAddress else { return false }
            counts[address, default: 0] += 1
            return true
        }
        guard hasRoom else { return refuse(fd, with: refusedForAddressAnswer) }
        let stream: ByteStream
        if let tls {
            guard let secured = TLSStream(fileDescriptor: fd, context: tls) else {
                release(address)
                close(fd)
                return
            }
            stream = secured
        } else {
            stream = SocketStream(fileDescriptor: fd)
        }
        let connection = Connection(stream: stream,
                                    client: ClientInfo(peer: peer, address: address, isTLS: tls != nil),
                                    responder: responder, limits: limits) { [weak self] closed in
            _ = self?.connections.withLock { open in
                // Counted into the totals under the lock, so a scrape sees it either open or closed.
                let counts = closed.traffic.totals
                self?.closedTraffic.add(received: counts.received)
                self?.closedTraffic.add(sent: counts.sent)
                return open.removeValue(forKey: ObjectIdentifier(closed))
            }
            self?.release(address)
        }
        connections.withLock { $0[ObjectIdentifier(connection)] = connection }
        connection.start()
    }

    /// A whole plain-text answer that closes the connection.
    private static func refusal(_ status: String, _ text: String) -> [UInt8] {
        Array(("HTTP/1.1 \(status)\r\nContent-Type: text/plain\r\nContent-Length: \(text.utf8.count)\r\nRetry-After: 1\r\n"
            + "Connection: close\r\n\r\n\(text)").utf8)
    }

    /// Answers a connection we will not serve, and closes it. What the client already sent is read
    /// first (without waiting): closing a socket with unread bytes resets the connection, and a
    /// reset can reach the client before it has read the answer.
    private func refuse(_ fd: Int32, with answer: [UInt8]) {
        let socket = SocketStream(fileDescriptor: fd)
        _ = answer.withUnsafeBytes { socket.write($0) }
        socket.shutdownOutput()
        withUnsafeTemporaryAllocation(byteCount: 16 * 1024, alignment: 16) { buffer in
            for _ in 0..<4 {
                guard case .transferred = socket.read(into: buffer) else { break }
            }
        }
        socket.close()
    }

    private func release(_ address: String) {
        perAddress.withLock { counts in
            let left = counts[address, default: 1] - 1
            counts[address] = left > 0 ? left : nil
        }
    }

    private struct ResolvedAddress {
        var address: sockaddr_storage
        var length: socklen_t
        var family: Int32
    }

    private func resolve() throws(ServerError) -> [ResolvedAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, "0", &hints, &list)
        guard status == 0, let first = list else {
            throw .resolve(host, SocketOptions.text(Array(UnsafeBufferPointer(start: gai_strerror(status), count: strlen(gai_strerror(status)) + 1))))
        }
        defer { freeaddrinfo(list) }
        var results: [ResolvedAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            var storage = sockaddr_storage()
            withUnsafeMutableBytes(of: &storage) { target in
                target.copyMemory(from: UnsafeRawBufferPointer(start: entry.pointee.ai_addr, count: Int(entry.pointee.ai_addrlen)))
            }
            if !results.contains(where: { $0.family == entry.pointee.ai_family && $0.length == entry.pointee.ai_addrlen
                && withUnsafeBytes(of: $0.address) { a in withUnsafeBytes(of: storage) { b in a.elementsEqual(b) } } }) {
                results.append(ResolvedAddress(address: storage, length: entry.pointee.ai_addrlen, family: entry.pointee.ai_family))
            }
            cursor = entry.pointee.ai_next
        }
        return results
    }
}

extension Listener {
    static func setPort(_ port: Int, in address: inout sockaddr_storage) {
        let isIPv6 = address.ss_family == sa_family_t(AF_INET6)
        withUnsafeMutablePointer(to: &address) { pointer in
            if isIPv6 {
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_port = UInt16(port).bigEndian }
            } else {
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_port = UInt16(port).bigEndian }
            }
        }
    }
}

/// Keeps the sweeper's timer source; set once at start, cancelled once at shutdown.
private final class TimerHolder: @unchecked Sendable {
    private let lock = Mutex(())
    private var timer: DispatchSourceTimer?

    func hold(_ source: DispatchSourceTimer) { lock.withLock { _ in timer = source } }
    func cancel() { lock.withLock { _ in timer?.cancel() } }
}
