#ifndef CRM_CTLS_SHIM_H
#define CRM_CTLS_SHIM_H
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/crypto.h>

/* OpenSSL's macros, as functions Swift can call. */
static inline void crm_tls_configure_server(SSL_CTX *context) {
    SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
    SSL_CTX_set_options(context, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    SSL_CTX_set_mode(context, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS);
}

static inline int crm_tls_error_reason(unsigned long code) {
    return ERR_GET_REASON(code);
}

static inline int crm_tls_reason_http_request(void) {
    return SSL_R_HTTP_REQUEST;
}

/* The outgoing HTTP client (webhooks): TLS 1.2+ client context, SNI. */
static inline void crm_tls_configure_client(SSL_CTX *context) {
    SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
    /* Responses are framed by HTTP (Content-Length, chunked) or end at close: a missing
       close_notify is an ordinary end of stream, not an error. */
    SSL_CTX_set_options(context, SSL_OP_NO_RENEGOTIATION | SSL_OP_IGNORE_UNEXPECTED_EOF);
    SSL_CTX_set_mode(context, SSL_MODE_AUTO_RETRY);
}

static inline int crm_tls_set_server_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}
#endif
