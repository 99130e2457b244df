import CRMHTTP
import Foundation
import CRMRouter
import CRMServices
import CRMStore
import Logging

/// Wires the process: data directory → services → routes and middleware → `HTTPServer`.
enum Bootstrap {
    struct Application {
        var server: HTTPServer
        var store: Store
        /// Stops the background workers (webhook dispatcher, ticket timers, campaign scheduler and
        /// transport) before the store closes.
        var stopWorkers: @Sendable () -> Void
    }

    static func makeApplication(configuration: ServerConfiguration, adminKey: String, logger: Logger) throws -> Application {
        let configuredKeys = ConfiguredKeys([(adminKey, Principal(keyId: "key_admin", role: .admin))])
        var options = StoreOptions()
        options.fsync = FsyncPolicy(rawValue: configuration.fsync) ?? .always
        options.historyDays = configuration.historyDays
        options.segmentBytes = configuration.segmentBytes
        let metrics = ServerMetrics()
        options.onFlush = { metrics.observeFlush($0) }
        options.report = { message in
            if message.hasPrefix("automatic compaction into") { metrics.compactions.increment() }
            logger.notice("store", metadata: ["detail": .string(message)])
        }
        let contacts = ContactsState()
        let apiKeys = APIKeysState()
        let idempotency = IdempotencyState()
        let webhookState = WebhooksState()
        let deals = DealsState()
        let tickets = TicketsState()
        let campaignState = CampaignsState(contacts: contacts)
        // A large log takes a while to replay (about a minute for a million contacts with their
        // history): say so before and after, so an operator does not take the wait for a hang.
        logger.info("replaying the log", metadata: ["dataDir": .string(configuration.dataDirectory)])
        let opening = ContinuousClock.now
        let store = try Store.open(directory: configuration.dataDirectory, options: options,
                                   states: [apiKeys, idempotency, contacts, webhookState, deals, tickets, campaignState])
        let replaySeconds = (ContinuousClock.now - opening) / .milliseconds(1) / 1000
        logger.info("replayed the log", metadata: ["records": .stringConvertible(store.recordCounts.records),
                                                   "seconds": .string(String(format: "%.1f", replaySeconds))])
        let keys = KeyRing(configured: configuredKeys, stored: apiKeys)
        for warning in store.warnings { logger.warning("store recovery", metadata: ["detail": .string(warning)]) }
        var router = Router()
        SystemRoutes.register(on: &router, isReady: {
            store.refusal.map { (false, $0) } ?? (true, "store loaded and writable")
        }, benchRoutes: configuration.benchRoutes)
        APIKeysRoutes.register(on: &router, service: APIKeysService(store: store, state: apiKeys))
        AuditRoutes.register(on: &router, trail: AuditTrail(store: store))
        MaintenanceRoutes.register(on: &router, store: store)
        ChangesRoutes.register(on: &router, feed: ChangesFeed(store: store))
        let webhooks = Webhooks.start(store: store, state: webhookState, settings: WebhookSettings(environment: ProcessInfo.processInfo.environment))
        WebhooksRoutes.register(on: &router, service: webhooks.service)
        let contactsService = ContactsService(store: store, state: contacts, erasureParticipants: [webhookState.deliveryRecords(mentioning:)],
                                              links: [deals, TicketContactLinks(state: tickets), campaignState.contactLinks])
        let interactionsService = InteractionsService(store: store, state: contacts)
        ContactsRoutes.register(on: &router, service: contactsService)
        InteractionsRoutes.register(on: &router, service: interactionsService)
        ContactsExtraRoutes.register(on: &router, service: contactsService)
        DealsRoutes.register(on: &router, service: DealsService(store: store, state: deals, contacts: contacts))
        AnalyticsRoutes.register(on: &router, service: AnalyticsService(contacts: contacts, deals: deals, tickets: tickets, campaigns: campaignState))
        TicketsRoutes.register(on: &router, service: TicketsService(store: store, state: tickets, contacts: contacts))
        AgentsRoutes.register(on: &router, agents: AgentsService(store: store, state: tickets),
                              policies: SLAPolicyService(store: store, state: tickets))
        let ticketTimers = TicketTimers(store: store, state: tickets, settings: configuration.tickets).start()
        let campaigns = Campaigns.start(store: store, state: campaignState, settings: configuration.campaignSettings) { message in
            logger.warning("campaigns", metadata: ["detail": .string(message)])
        }
        SegmentsRoutes.register(on: &router, service: campaigns.segments)
        CampaignsRoutes.register(on: &router, service: campaigns.service)
        TrackingRoutes.register(on: &router, service: campaigns.service)
        let serverBox = ServerBox()
        MetricsRoutes.register(on: &router, metrics: metrics, isPublic: configuration.metricsPublic) {
            ServerMetrics.Snapshot(openConnections: serverBox.server?.openConnections ?? 0, storeRecords: store.recordCounts.records,
                                   liveEntities: store.recordCounts.liveEntities, lastSeq: store.lastSeq,
                                   storeBytes: ServerMetrics.storeBytes(store.directory), webhookQueue: webhookState.pendingCount,
                                   outboxQueue: campaignState.outboxQueued,
                                   traffic: serverBox.server?.traffic ?? (0, 0))
        }
        let table = router.freeze(middleware: [
            AccessLogMiddleware(logger: logger) { route, method, status, duration in
                metrics.observe(route: route, method: method, status: status, duration: duration)
            },
            CORSMiddleware(origins: configuration.corsOrigins),
            ProblemMiddleware(logger: logger),
            AuthMiddleware(authenticator: keys),
        ] + (configuration.rateLimit > 0 ? [RateLimitMiddleware(rate: configuration.rateLimit)] : []) + [
            IdempotencyMiddleware(store: store, state: idempotency),
            StoreErrorMiddleware(),
        ], maxBodyBytes: configuration.limits.maxBodyBytes)
        let tls = try configuration.tlsCertificate.map { certificate in
            try TLSContext(certificatePath: certificate, keyPath: configuration.tlsKey ?? "")
        }
        let server = HTTPServer(host: configuration.host, port: configuration.port, limits: configuration.limits,
                                tls: tls, responder: table)
        serverBox.server = server
        return Application(server: server, store: store) {
            webhooks.stop()
            ticketTimers.cancel()
            campaigns.stop()
        }
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
