import ArgumentParser
import CRMHTTP
import CRMServices
import Foundation

/// The flags of `crm serve`; every one also reads a `CRM_*` environment variable (flag wins).
struct ServeOptions: ParsableArguments {
    @Option(help: "Address to listen on; 0.0.0.0 or :: for every interface. [CRM_HOST, default 127.0.0.1]")
    var host: String?
    @Option(help: "TCP port (0 picks a free one). [CRM_PORT, default 8080]")
    var port: Int?
    @Option(help: "Data directory, created (mode 0700) when missing. [CRM_DATA_DIR, default ./data]")
    var dataDir: String?
    @Option(help: "When writes reach the disk: always, interval or none. [CRM_FSYNC, default always]")
    var fsync: String?
    @Option(help: "Days of per-record history kept by compaction (history, changes feed, audit). [CRM_HISTORY_DAYS, default 90]")
    var historyDays: Int?
    @Option(help: "Log segment size in bytes before a new file starts. [CRM_SEGMENT_BYTES, default 67108864]")
    var segmentBytes: Int?
    @Option(help: "TLS certificate chain (PEM). [CRM_TLS_CERT]")
    var tlsCert: String?
    @Option(help: "TLS private key (PEM). [CRM_TLS_KEY]")
    var tlsKey: String?
    @Option(help: "Origins allowed for browser (CORS) requests, comma-separated. [CRM_CORS_ORIGINS]")
    var corsOrigins: String?
    @Option(help: "Requests per second per API key, burst twice that; 0 = no limit. [CRM_RATE_LIMIT, default 0]")
    var rateLimit: Double?
    @Option(help: "trace, debug, info, notice, warning, error or critical. [CRM_LOG_LEVEL, default info]")
    var logLevel: String?
    @Option(help: "json (one object per line) or text. [CRM_LOG_FORMAT, default json]")
    var logFormat: String?
    @Option(help: "Largest request body in bytes (imports stream without a cap). [CRM_MAX_BODY, default 10485760]")
    var maxBody: Int?
    @Option(help: "Seconds allowed to send a request head. [CRM_HEADER_TIMEOUT, default 10]")
    var headerTimeout: Double?
    @Option(help: "Seconds an idle keep-alive connection stays open. [CRM_IDLE_TIMEOUT, default 60]")
    var idleTimeout: Double?
    @Option(help: "Most open connections. [CRM_MAX_CONNECTIONS, default 10000]")
    var maxConnections: Int?
    @Option(help: "Most open connections from one client address. [CRM_MAX_CONNECTIONS_PER_CLIENT, default 256]")
    var maxConnectionsPerClient: Int?
    @Option(help: "Seconds in-flight requests get on shutdown. [CRM_SHUTDOWN_GRACE, default 10]")
    var shutdownGrace: Double?
    @Option(help: "Days after which a solved ticket closes on its own; fractions allowed. [CRM_TICKET_AUTO_CLOSE_DAYS, default 4]")
    var ticketAutoCloseDays: Double?
    @Option(help: "Most seconds between checks for SLA breaches and tickets to auto-close; fractions allowed. [CRM_SLA_CHECK_INTERVAL, default 30]")
    var slaCheckInterval: Double?
    @Option(help: "Where campaign tracking links point, e.g. https://crm.example.com. [CRM_PUBLIC_URL, default http://<host>:<port>]")
    var publicUrl: String?
    @Option(help: "Seconds between campaign scheduler runs (due launches, resumed launches, completion). [CRM_CAMPAIGN_SCHEDULER_INTERVAL, default 1]")
    var campaignSchedulerInterval: Double?
    @Flag(help: "Serve /metrics to any client, not only loopback. [CRM_METRICS_PUBLIC=1]")
    var metricsPublic = false
    @Flag(help: .hidden)
    var benchRoutes = false
}

/// The resolved settings of one server run: flags, then `CRM_*` variables, then defaults.
struct ServerConfiguration: Sendable {
    var host = "127.0.0.1"
    var port = 8080
    var dataDirectory = "./data"
    var fsync = "always"
    var historyDays = 90
    var segmentBytes = 64 * 1024 * 1024
    var tlsCertificate: String?
    var tlsKey: String?
    var corsOrigins: [String] = []
    var rateLimit: Double = 0
    var logLevel = "info"
    var logFormat = "json"
    var limits = RequestLimits()
    var benchRoutes = false
    var metricsPublic = false
    var adminKey: String?
    var tickets = TicketSettings()
    var campaignSettings = CampaignSettings()

    init(options: ServeOptions, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        func value(_ flag: String?, _ name: String) -> String? { flag ?? environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        func number<T: LosslessStringConvertible>(_ flag: T?, _ name: String) throws -> T? {
            if let flag { return flag }
            guard let text = environment[name], !text.isEmpty else { return nil }
            guard let parsed = T(text) else { throw ValidationError("\(name)=\(text) is not a valid number") }
            return parsed
        }
        host = value(options.host, "CRM_HOST") ?? host
        port = try number(options.port, "CRM_PORT") ?? port
        dataDirectory = value(options.dataDir, "CRM_DATA_DIR") ?? dataDirectory
        fsync = value(options.fsync, "CRM_FSYNC") ?? fsync
        historyDays = try number(options.historyDays, "CRM_HISTORY_DAYS") ?? historyDays
        segmentBytes = try number(options.segmentBytes, "CRM_SEGMENT_BYTES") ?? segmentBytes
        tlsCertificate = value(options.tlsCert, "CRM_TLS_CERT")
        tlsKey = value(options.tlsKey, "CRM_TLS_KEY")
        corsOrigins = (value(options.corsOrigins, "CRM_CORS_ORIGINS") ?? "").split(separator: ",")
            .map { String($0.trimmingASCIISpaces()) }.filter { !$0.isEmpty }
        rateLimit = try number(options.rateLimit, "CRM_RATE_LIMIT") ?? rateLimit
        logLevel = value(options.logLevel, "CRM_LOG_LEVEL") ?? logLevel
        logFormat = value(options.logFormat, "CRM_LOG_FORMAT") ?? logFormat
        limits.maxBodyBytes = try number(options.maxBody, "CRM_MAX_BODY") ?? limits.maxBodyBytes
        limits.maxConnections = try number(options.maxConnections, "CRM_MAX_CONNECTIONS") ?? limits.maxConnections
        limits.maxConnectionsPerAddress = try number(options.maxConnectionsPerClient, "CRM_MAX_CONNECTIONS_PER_CLIENT")
            ?? limits.maxConnectionsPerAddress
        if let seconds = try number(options.headerTimeout, "CRM_HEADER_TIMEOUT") { limits.headerTimeout = try duration(seconds, "header timeout") }
        if let seconds = try number(options.idleTimeout, "CRM_IDLE_TIMEOUT") { limits.idleTimeout = try duration(seconds, "idle timeout") }
        if let seconds = try number(options.shutdownGrace, "CRM_SHUTDOWN_GRACE") { limits.shutdownGrace = try duration(seconds, "shutdown grace") }
        if let days = try number(options.ticketAutoCloseDays, "CRM_TICKET_AUTO_CLOSE_DAYS") {
            guard days >= 0, days.isFinite else { throw ValidationError("--ticket-auto-close-days must be 0 or more") }
            tickets.autoCloseAfter = .milliseconds(Int64(days * 86_400_000))
        }
        if let seconds = try number(options.slaCheckInterval, "CRM_SLA_CHECK_INTERVAL") {
            tickets.checkInterval = try duration(seconds, "SLA check interval")
        }
        benchRoutes = options.benchRoutes || environment["CRM_BENCH_ROUTES"] == "1"
        metricsPublic = options.metricsPublic || environment["CRM_METRICS_PUBLIC"] == "1"
        adminKey = environment["CRM_ADMIN_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        campaignSettings.publicURL = value(options.publicUrl, "CRM_PUBLIC_URL")
            ?? "\(tlsCertificate == nil ? "http" : "https")://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        if let seconds = try number(options.campaignSchedulerInterval, "CRM_CAMPAIGN_SCHEDULER_INTERVAL") {
            campaignSettings.schedulerInterval = try duration(seconds, "campaign scheduler interval")
        }
        campaignSettings.allowsPrivate = environment["CRM_WEBHOOK_ALLOW_PRIVATE"] == "1"
        if let text = environment["CRM_CAMPAIGN_LAUNCH_BATCH"], let size = Int(text), (1...10_000).contains(size) {
            campaignSettings.launchBatchSize = size
        }
        try validate()
    }

    private func duration(_ seconds: Double, _ name: String) throws -> Duration {
        guard seconds > 0, seconds.isFinite else { throw ValidationError("the \(name) must be a positive number of seconds") }
        return .milliseconds(Int64(seconds * 1000))
    }

    private func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("port \(port) is outside 0–65535") }
        guard ["always", "interval", "none"].contains(fsync) else { throw ValidationError("--fsync must be always, interval or none") }
        guard ["json", "text"].contains(logFormat) else { throw ValidationError("--log-format must be json or text") }
        guard historyDays >= 0 else { throw ValidationError("--history-days must be 0 or more") }
        guard segmentBytes >= 4096 else { throw ValidationError("--segment-bytes must be at least 4096") }
        guard rateLimit >= 0 else { throw ValidationError("--rate-limit must be 0 or more") }
        guard limits.maxBodyBytes > 0, limits.maxConnections > 0, limits.maxConnectionsPerAddress > 0 else { throw ValidationError("limits must be positive") }
        guard (tlsCertificate == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
        if let key = adminKey, key.count < 16 { throw ValidationError("CRM_ADMIN_KEY must be at least 16 characters") }
        let url = campaignSettings.publicURL.lowercased()
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else { throw ValidationError("--public-url must start with http:// or https://") }
    }
}
