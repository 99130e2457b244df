import CTLS

/// OpenSSL's client side for outgoing HTTPS: TLS 1.2 and newer, the peer's certificate verified
/// against the system trust store (or, for tests, only the PEM file given), and its name checked
/// against the host (`SSL_set1_host`; IP literals against the certificate's IP entries).
public final class ClientTLSContext: @unchecked Sendable {
    let context: OpaquePointer

    /// `trustedCertificatesFile` nil trusts the system's store (`SSL_CTX_set_default_verify_paths`).
    public init(trustedCertificatesFile: String? = nil) throws(ClientFailure) {
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw .tls("cannot create a TLS context") }
        self.context = context
        crm_tls_configure_client(context)
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        let loaded = trustedCertificatesFile.map { SSL_CTX_load_verify_locations(context, $0, nil) } ?? SSL_CTX_set_default_verify_paths(context)
        guard loaded == 1 else { throw .tls("cannot load trusted certificates: \(ClientTLSContext.lastError())") }
    }

    deinit { SSL_CTX_free(context) }

    /// OpenSSL's last queued error as text (and the queue cleared).
    static func lastError() -> String { TLSContext.lastError() }
}
