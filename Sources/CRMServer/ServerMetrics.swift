import CoreMetrics
import Foundation
import Metrics
import Prometheus
import Synchronization

/// The server's metrics through swift-metrics, kept in a Prometheus registry (swift-prometheus) and
/// served as text by `GET /metrics`: requests by route template and status, request latency, open
/// connections, bytes received and sent, the store's size and records, fsync latency, compactions,
/// the webhook queue and the campaign outbox.
/// Gauges that describe the present (connections, records, queue) are read when scraped.
final class ServerMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    /// The metric objects per label set, made once (a swift-metrics look-up per request would
    /// build label arrays and take the factory's lock).
    private struct RequestKey: Hashable {
        var method: String
        var route: String
        var status: Int
    }
    private let requestCounters = Mutex<[RequestKey: CoreMetrics.Counter]>([:])
    private let requestTimers = Mutex<[RequestKey: Metrics.Timer]>([:])
    private let fsyncTimer: Metrics.Timer
    let compactions: CoreMetrics.Counter
    private let receivedBytes: CoreMetrics.Counter
    private let sentBytes: CoreMetrics.Counter
    /// The traffic totals already added to the two counters (they only grow by the difference).
    private let countedTraffic = Mutex<(received: Int, sent: Int)>((0, 0))

    /// Bootstraps swift-metrics with a Prometheus factory; call once per process.
    init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [.microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1),
                                                .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                                                .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1), .seconds(5)]
        MetricsSystem.bootstrap(factory)
        fsyncTimer = Metrics.Timer(label: "crm_store_fsync_seconds")
        compactions = CoreMetrics.Counter(label: "crm_store_automatic_compactions_total")
        receivedBytes = CoreMetrics.Counter(label: "crm_http_received_bytes_total")
        sentBytes = CoreMetrics.Counter(label: "crm_http_sent_bytes_total")
    }

    /// One finished request (called by the access-log middleware).
    func observe(route: String, method: String, status: Int, duration: Duration) {
        let key = RequestKey(method: method, route: route, status: status)
        let counter = requestCounters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = CoreMetrics.Counter(label: "crm_http_requests_total",
                                  dimensions: [("method", method), ("route", route), ("status", String(status))])
            counters[key] = counter
            return counter
        }
        counter.increment()
        let timerKey = RequestKey(method: method, route: route, status: 0)
        let timer = requestTimers.withLock { timers in
            if let timer = timers[timerKey] { return timer }
            let timer = Metrics.Timer(label: "crm_http_request_duration_seconds", dimensions: [("method", method), ("route", route)])
            timers[timerKey] = timer
            return timer
        }
        timer.recordNanoseconds(Self.nanoseconds(duration))
    }

    func observeFlush(_ duration: Duration) {
        fsyncTimer.recordNanoseconds(Self.nanoseconds(duration))
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }

    /// Values of the moment, set just before a scrape.
    struct Snapshot {
        var openConnections: Int
        var storeRecords: Int
        var liveEntities: Int
        var lastSeq: UInt64
        var storeBytes: Int
        var webhookQueue: Int
        var outboxQueue: Int
        var traffic: (received: Int, sent: Int)
    }

    /// The Prometheus text exposition, with the gauges set from `snapshot`.
    func exposition(_ snapshot: Snapshot) -> [UInt8] {
        CoreMetrics.Gauge(label: "crm_http_open_connections").record(snapshot.openConnections)
        CoreMetrics.Gauge(label: "crm_store_records").record(snapshot.storeRecords)
        CoreMetrics.Gauge(label: "crm_store_live_entities").record(snapshot.liveEntities)
        CoreMetrics.Gauge(label: "crm_store_last_sequence").record(Int64(snapshot.lastSeq))
        CoreMetrics.Gauge(label: "crm_store_bytes").record(snapshot.storeBytes)
        CoreMetrics.Gauge(label: "crm_webhook_pending_deliveries").record(snapshot.webhookQueue)
        CoreMetrics.Gauge(label: "crm_campaign_outbox_queued").record(snapshot.outboxQueue)
        let delta = countedTraffic.withLock { counted in
            defer { counted = (max(counted.received, snapshot.traffic.received), max(counted.sent, snapshot.traffic.sent)) }
            return (max(0, snapshot.traffic.received - counted.received), max(0, snapshot.traffic.sent - counted.sent))
        }
        receivedBytes.increment(by: delta.0)
        sentBytes.increment(by: delta.1)
        return registry.emitToBuffer()
    }

    /// Bytes of the live log files in `directory`.
    static func storeBytes(_ directory: String) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".jsonl") }.reduce(0) { total, name in
            total + ((try? FileManager.default.attributesOfItem(atPath: directory + "/" + name)[.size] as? Int) ?? 0)
        }
    }
}
