import CTLS
#if canImport(Glibc)
import Glibc
#endif

/// TLS over a non-blocking socket, behind the same `ByteStream` interface as a plain socket. The
/// handshake runs inside the first reads and writes; WANT_READ/WANT_WRITE are "would block".
final class TLSStream: ByteStream {
    let fileDescriptor: Int32
    private let ssl: OpaquePointer
    private var isClosed = false
    /// Set when a plain-HTTP request arrived on the TLS port.
    private(set) var receivedPlainHTTP = false

    init?(fileDescriptor: Int32, context: TLSContext) {
        guard let ssl = SSL_new(context.context) else { return nil }
        SSL_set_fd(ssl, fileDescriptor)
        SSL_set_accept_state(ssl)
        self.ssl = ssl
        self.fileDescriptor = fileDescriptor
    }

    deinit { SSL_free(ssl) }

    /// TLS may hold decrypted bytes the socket no longer signals: read until it would block.
    var needsFullDrain: Bool { true }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> IOOutcome {
        ERR_clear_error()
        let count = SSL_read(ssl, buffer.baseAddress, Int32(min(buffer.count, Int(Int32.max))))
        if count > 0 { return .transferred(Int(count)) }
        return outcome(of: count)
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> IOOutcome {
        guard !bytes.isEmpty else { return .transferred(0) }
        ERR_clear_error()
        let count = SSL_write(ssl, bytes.baseAddress, Int32(min(bytes.count, Int(Int32.max))))
        if count > 0 { return .transferred(Int(count)) }
        return outcome(of: count)
    }

    private func outcome(of status: Int32) -> IOOutcome {
        let error = SSL_get_error(ssl, status)
        switch error {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .wouldBlock
        case SSL_ERROR_ZERO_RETURN:
            return .endOfStream
        case SSL_ERROR_SYSCALL:
            return errno == EAGAIN ? .wouldBlock : .endOfStream
        default:
            let code = ERR_peek_last_error()
            if crm_tls_error_reason(code) == crm_tls_reason_http_request() { receivedPlainHTTP = true }
            ERR_clear_error()
            return .failed(EPROTO)
        }
    }

    func shutdownOutput() {
        if SSL_is_init_finished(ssl) == 1 { _ = SSL_shutdown(ssl) }
        _ = Glibc.shutdown(fileDescriptor, Int32(SHUT_WR))
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        _ = Glibc.close(fileDescriptor)
    }
}
