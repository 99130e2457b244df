import CTLS

/// The server's TLS configuration (OpenSSL): certificate chain and key from PEM files, TLS 1.2 and
/// newer only, ALPN `http/1.1`. One context serves every connection.
public final class TLSContext: @unchecked Sendable {
    let context: OpaquePointer

    public struct Failure: Swift.Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public init(certificatePath: String, keyPath: String) throws(Failure) {
        guard let context = SSL_CTX_new(TLS_server_method()) else { throw Failure(description: "cannot create a TLS context") }
        self.context = context
        crm_tls_configure_server(context)
        guard SSL_CTX_use_certificate_chain_file(context, certificatePath) == 1 else {
            throw Failure(description: "cannot load the TLS certificate \(certificatePath): \(TLSContext.lastError())")
        }
        guard SSL_CTX_use_PrivateKey_file(context, keyPath, SSL_FILETYPE_PEM) == 1 else {
            throw Failure(description: "cannot load the TLS key \(keyPath): \(TLSContext.lastError())")
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw Failure(description: "the TLS key \(keyPath) does not match the certificate")
        }
        SSL_CTX_set_alpn_select_cb(context, { _, out, outLength, input, inputLength, _ in
            // Offer only http/1.1; a client that asks for something else gets no ALPN answer.
            let offered: [UInt8] = [8] + Array("http/1.1".utf8)
            return offered.withUnsafeBufferPointer { mine in
                var selected: UnsafeMutablePointer<UInt8>?
                var selectedLength: UInt8 = 0
                let status = SSL_select_next_proto(&selected, &selectedLength, mine.baseAddress, UInt32(mine.count), input, inputLength)
                guard status == OPENSSL_NPN_NEGOTIATED, let selected else { return SSL_TLSEXT_ERR_NOACK }
                // `selected` points into `input`, which outlives this call.
                out?.pointee = UnsafePointer(selected)
                outLength?.pointee = selectedLength
                return SSL_TLSEXT_ERR_OK
            }
        }, nil)
    }

    deinit { SSL_CTX_free(context) }

    /// OpenSSL's last queued error as text (and the queue cleared).
    static func lastError() -> String {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return "unknown error" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return SocketOptions.text(buffer)
    }
}
