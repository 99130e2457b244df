import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP client for tests: sends exact bytes and reads raw responses with a deadline.
public final class RawClient {
    public let fd: Int32
    private var pending: [UInt8] = []

    public init(port: Int, host: String = "127.0.0.1") throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0 else {
            close(fd)
            throw ClientError.connect(errno)
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close(fd) }

    public enum ClientError: Error { case connect(Int32), timeout, closed }

    public func send(_ text: String) { send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            // A signal (the test process's children exiting) interrupts a call without failing it.
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return }
            offset += count
        }
    }

    /// Reads until `count` more bytes are available or the deadline passes.
    private func fill(atLeast count: Int, timeout: Double) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while pending.count < count {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw ClientError.timeout }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(remaining * 1000) + 1)
            if ready <= 0 { continue }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let got = recv(fd, &buffer, buffer.count, 0)
            if got < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            if got <= 0 { throw ClientError.closed }
            pending.append(contentsOf: buffer[0..<got])
        }
    }

    /// Reads one response (Content-Length or chunked or no body for 1xx/204/304/HEAD).
    public func readResponse(timeout: Double = 30, isHead: Bool = false) throws -> RawResponse {
        var headEnd: Int?
        while headEnd == nil {
            if let range = findHeadEnd() { headEnd = range } else { try fill(atLeast: pending.count + 1, timeout: timeout) }
        }
        let headText = String(decoding: pending[0..<headEnd!], as: UTF8.self)
        pending.removeFirst(headEnd! + 4)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let status = Int(statusLine.split(separator: " ")[1])!
        var headers: [(String, String)] = []
        for line in lines {
            let parts = line.split(separator: ":", maxSplits: 1)
            headers.append((String(parts[0]), parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""))
        }
        var response = RawResponse(status: status, headers: headers, body: [])
        if isHead || status < 200 || status == 204 || status == 304 { return response }
        if let length = response.header("Content-Length").flatMap({ Int($0) }) {
            try fill(atLeast: length, timeout: timeout)
            response.body = Array(pending[0..<length])
            pending.removeFirst(length)
        } else if response.header("Transfer-Encoding")?.lowercased() == "chunked" {
            while true {
                while !pending.starts(with: []) && findCRLF() == nil { try fill(atLeast: pending.count + 1, timeout: timeout) }
                if findCRLF() == nil { try fill(atLeast: pending.count + 1, timeout: timeout); continue }
                let lineEnd = findCRLF()!
                let size = Int(String(decoding: pending[0..<lineEnd], as: UTF8.self), radix: 16)!
                pending.removeFirst(lineEnd + 2)
                try fill(atLeast: size + 2, timeout: timeout)
                response.body.append(contentsOf: pending[0..<size])
                pending.removeFirst(size + 2)
                if size == 0 { break }
            }
        }
        return response
    }

    /// Whether the server closed the connection (EOF) within the timeout.
    public func isClosedByServer(timeout: Double = 3) -> Bool {
        do {
            try fill(atLeast: pending.count + 1, timeout: timeout)
            return false
        } catch ClientError.closed {
            return true
        } catch {
            return false
        }
    }

    private func findHeadEnd() -> Int? {
        guard pending.count >= 4 else { return nil }
        for index in 0...(pending.count - 4) where pending[index] == 13 && pending[index + 1] == 10
            && pending[index + 2] == 13 && pending[index + 3] == 10 { return index }
        return nil
    }

    private func findCRLF() -> Int? {
        guard pending.count >= 2 else { return nil }
        for index in 0...(pending.count - 2) where pending[index] == 13 && pending[index + 1] == 10 { return index }
        return nil
    }
}

public struct RawResponse {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    public var text: String { String(decoding: body, as: UTF8.self) }
}
