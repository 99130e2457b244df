import CTLS
#if canImport(Glibc)
import Glibc
#endif

/// The bytes of one outgoing exchange: plain TCP, or TLS over it.
protocol ClientStream {
    func send(_ bytes: [UInt8], until deadline: ContinuousClock.Instant) throws(ClientFailure)
    /// Reads what is available; 0 at the end of the stream.
    func receive(into buffer: UnsafeMutableRawBufferPointer, until deadline: ContinuousClock.Instant) throws(ClientFailure) -> Int
}

extension ClientSocket: ClientStream {}

/// TLS over a `ClientSocket`: SNI, certificate and host-name verification during the handshake;
/// WANT_READ/WANT_WRITE become polls bounded by the deadline.
final class TLSClientStream: ClientStream {
    private let socket: ClientSocket
    private let ssl: OpaquePointer

    init(socket: ClientSocket, context: ClientTLSContext, host: String, deadline: ContinuousClock.Instant) throws(ClientFailure) {
        guard let ssl = SSL_new(context.context) else { throw .tls("cannot create a TLS session") }
        self.socket = socket
        self.ssl = ssl
        SSL_set_fd(ssl, socket.fileDescriptor)
        if IPAddress(literal: host) != nil {
            guard X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host) == 1 else { throw .tls("cannot verify the IP address \(host)") }
        } else {
            guard crm_tls_set_server_name(ssl, host) == 1, SSL_set1_host(ssl, host) == 1 else { throw .tls("cannot verify the host \(host)") }
        }
        SSL_set_connect_state(ssl)
        while true {
            ERR_clear_error()
            let status = SSL_connect(ssl)
            if status == 1 { break }
            switch SSL_get_error(ssl, status) {
            case SSL_ERROR_WANT_READ: try socket.wait(for: Int16(POLLIN), until: deadline)
            case SSL_ERROR_WANT_WRITE: try socket.wait(for: Int16(POLLOUT), until: deadline)
            default:
                let verify = SSL_get_verify_result(ssl)
                if verify != X509_V_OK {
                    throw .tls("certificate verification failed: \(String(cString: X509_verify_cert_error_string(verify)))")
                }
                throw .tls("handshake failed: \(ClientTLSContext.lastError())")
            }
        }
    }

    deinit { SSL_free(ssl) }

    func send(_ bytes: [UInt8], until deadline: ContinuousClock.Instant) throws(ClientFailure) {
        var offset = 0
        while offset < bytes.count {
            ERR_clear_error()
            let count = bytes.withUnsafeBytes { SSL_write(ssl, $0.baseAddress! + offset, Int32(clamping: $0.count - offset)) }
            if count > 0 {
                offset += Int(count)
                continue
            }
            try waitOrFail(status: count, deadline: deadline)
        }
    }

    func receive(into buffer: UnsafeMutableRawBufferPointer, until deadline: ContinuousClock.Instant) throws(ClientFailure) -> Int {
        while true {
            ERR_clear_error()
            let count = SSL_read(ssl, buffer.baseAddress, Int32(clamping: buffer.count))
            if count > 0 { return Int(count) }
            let error = SSL_get_error(ssl, count)
            if error == SSL_ERROR_ZERO_RETURN || (error == SSL_ERROR_SYSCALL && (errno == 0 || errno == ECONNRESET)) { return 0 }
            try waitOrFail(status: count, deadline: deadline)
        }
    }

    private func waitOrFail(status: Int32, deadline: ContinuousClock.Instant) throws(ClientFailure) {
        switch SSL_get_error(ssl, status) {
        case SSL_ERROR_WANT_READ: try socket.wait(for: Int16(POLLIN), until: deadline)
        case SSL_ERROR_WANT_WRITE: try socket.wait(for: Int16(POLLOUT), until: deadline)
        case SSL_ERROR_SYSCALL: throw .connection(ErrnoText.describe(errno))
        default: throw .tls(ClientTLSContext.lastError())
        }
    }
}
