import CRMHTTP
import CRMModel
import CRMStore

/// Segments and campaigns put together: the services for the routes, the contacts link, and two
/// background tasks started once the store is open — the scheduler (due launches, resumed
/// launches, completion, cancel sweeps) and the webhook transport.
public struct Campaigns: Sendable {
    public let segments: SegmentsService
    public let service: CampaignsService
    private let stopping: @Sendable () -> Void

    public static func start(store: Store, state: CampaignsState, settings: CampaignSettings,
                             report: @escaping @Sendable (String) -> Void) -> Campaigns {
        let launcher = CampaignLauncher(store: store, state: state, settings: settings)
        let service = CampaignsService(store: store, state: state, settings: settings, launcher: launcher)
        var options = HTTPClient.Options(policy: settings.policy)
        options.concurrency = settings.webhookConcurrency
        let transport = WebhookTransport(service: service, client: HTTPClient(options: options), concurrency: settings.webhookConcurrency)
        let scheduler = CampaignScheduler(service: service, interval: settings.schedulerInterval, report: report)
        let scheduling = Task.detached { await scheduler.run() }
        let sending = Task.detached { await transport.run() }
        return Campaigns(segments: SegmentsService(store: store, state: state), service: service,
                         stopping: { scheduling.cancel(); sending.cancel() })
    }

    /// Stops the background tasks (work in flight finishes on its own).
    public func stop() {
        stopping()
    }
}

extension CampaignsState {
    /// What the contacts service needs for merges, erasure, timelines and privacy exports.
    public var contactLinks: any ContactLinkedRecords { CampaignContactLinks(state: self) }
}
