import CRMHTTP
import CRMRouter
import CRMServices
import Logging

/// Wires the process: data directory → services → routes and middleware → `HTTPServer`.
enum Bootstrap {
    struct Application {
        var server: HTTPServer
    }

    static func makeApplication(configuration: ServerConfiguration, adminKey: String, logger: Logger) throws -> Application {
        let keys = ConfiguredKeys([(adminKey, Principal(keyId: "key_admin", role: .admin))])
        var router = Router()
        SystemRoutes.register(on: &router, isReady: { (true, "store loaded") }, benchRoutes: configuration.benchRoutes)
        let table = router.freeze(middleware: [
            AccessLogMiddleware(logger: logger),
            CORSMiddleware(origins: configuration.corsOrigins),
            ProblemMiddleware(logger: logger),
            AuthMiddleware(authenticator: keys),
        ], maxBodyBytes: configuration.limits.maxBodyBytes)
        let tls = try configuration.tlsCertificate.map { certificate in
            try TLSContext(certificatePath: certificate, keyPath: configuration.tlsKey ?? "")
        }
        let server = HTTPServer(host: configuration.host, port: configuration.port, limits: configuration.limits,
                                tls: tls, responder: table)
        return Application(server: server)
    }
}

enum Logging {
    /// Installs the JSON (or text) handler on stderr and answers the process logger.
    static func configure(level: String, format: String) -> Logger {
        let level = Logger.Level(rawValue: level) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = JSONLogHandler(label: label, isText: format == "text")
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "crm")
        logger.logLevel = level
        return logger
    }
}
