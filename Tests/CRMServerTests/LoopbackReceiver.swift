import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny blocking HTTP/1.1 server on 127.0.0.1 for webhook and client tests: it records every
/// request and answers what `respond` says (raw bytes, after an optional delay). `stop()` closes
/// the listener (connections are then refused) but keeps the port bound by a socket that does not
/// listen, so no other test's socket can take the number; `start()` listens on the same port again.
final class LoopbackReceiver: @unchecked Sendable {
    struct Received: Sendable {
        var head: String
        var headers: [String: String]
        var body: [UInt8]
        var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    struct Reply: Sendable {
        var bytes: [UInt8]
        var delay: Double = 0

        static func status(_ code: Int, body: String = "") -> Reply {
            Reply(bytes: Array("HTTP/1.1 \(code) X\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)".utf8))
        }

        static func raw(_ text: String, delay: Double = 0) -> Reply {
            Reply(bytes: Array(text.utf8), delay: delay)
        }
    }

    private let lock = NSLock()
    private var requests: [Received] = []
    private var listener: Int32 = -1
    private var acceptLoopEnded: DispatchSemaphore?
    /// Bound, not listening: holds the port between `stop()` and `start()`.
    private var reservation: Int32 = -1
    private(set) var port: Int
    private let respond: @Sendable (Int, Received) -> Reply

    /// `respond` gets the request's number (0-based) and the request.
    init(port: Int = 0, respond: @escaping @Sendable (Int, Received) -> Reply) throws {
        self.port = port
        self.respond = respond
        try start()
    }

    deinit {
        stop()
        if reservation >= 0 { close(reservation) }
    }

    var received: [Received] { lock.withLock { requests } }

    func start() throws {
        let fd = try Self.boundSocket(port: port)
        guard listen(fd, 64) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) { _ = $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        port = Int(UInt16(bigEndian: address.sin_port))
        let ended = DispatchSemaphore(value: 0)
        let held = lock.withLock { () -> Int32 in
            defer { listener = fd; acceptLoopEnded = ended; reservation = -1 }
            return reservation
        }
        if held >= 0 { close(held) }
        let thread = Thread { [self] in
            acceptLoop(fd)
            ended.signal()
        }
        thread.start()
    }

    /// Stops accepting and waits (bounded) until the accept thread has closed the socket. Only
    /// that thread closes it: closing it here while the thread is about to call `accept` would let
    /// the number be reused by another test's socket and the thread accept that socket's clients
    /// (a campaign test once saw one of its messages answered by a webhook test's receiver).
    func stop() {
        let (fd, ended) = lock.withLock { () -> (Int32, DispatchSemaphore?) in
            defer { listener = -1; acceptLoopEnded = nil }
            return (listener, acceptLoopEnded)
        }
        guard fd >= 0 else { return }
        // Both sockets set SO_REUSEPORT, so the reservation can bind while the listener still
        // listens: the port is never free for another test's socket to take.
        let held = try? Self.boundSocket(port: port)
        shutdown(fd, Int32(SHUT_RDWR))
        _ = ended?.wait(timeout: .now() + 10)
        lock.withLock { reservation = held ?? -1 }
    }

    /// A TCP socket with `SO_REUSEADDR` and `SO_REUSEPORT` bound to 127.0.0.1:`port` (0: any free port).
    private static func boundSocket(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        return fd
    }

    /// Waits (bounded) until `count` requests arrived.
    @discardableResult
    func wait(for count: Int, timeout: Double = 20) -> [Received] {
        let deadline = Date().addingTimeInterval(timeout)
        while received.count < count && Date() < deadline { usleep(10_000) }
        return received
    }

    private func acceptLoop(_ fd: Int32) {
        defer { close(fd) }
        while true {
            let client = accept(fd, nil, nil)
            guard client >= 0 else { return }
            let handler = Thread { [self] in serve(client) }
            handler.start()
        }
    }

    private func serve(_ client: Int32) {
        defer { close(client) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var headEnd: Int?
        var needed = Int.max
        while bytes.count < needed {
            let count = read(client, &buffer, buffer.count)
            guard count > 0 else { return }
            bytes.append(contentsOf: buffer[..<count])
            if headEnd == nil, let range = Data(bytes).range(of: Data("\r\n\r\n".utf8)) {
                headEnd = range.upperBound
                let head = String(decoding: bytes[..<range.lowerBound], as: UTF8.self)
                let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                needed = range.upperBound + length
            }
        }
        guard let headEnd else { return }
        let headText = String(decoding: bytes[..<(headEnd - 4)], as: UTF8.self)
        var lines = headText.split(separator: "\r\n")
        let requestLine = lines.isEmpty ? "" : String(lines.removeFirst())
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let request = Received(head: requestLine, headers: headers, body: Array(bytes[headEnd...]))
        let number = lock.withLock { () -> Int in
            requests.append(request)
            return requests.count - 1
        }
        let reply = respond(number, request)
        if reply.delay > 0 { usleep(UInt32(reply.delay * 1_000_000)) }
        _ = reply.bytes.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }
}
