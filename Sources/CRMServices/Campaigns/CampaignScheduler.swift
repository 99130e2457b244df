import CRMModel
import CRMRouter

/// The campaigns' clock: every `schedulerInterval` (and once right at start) it
/// - launches each `scheduled` campaign whose `scheduledAt` has come — also one that came while
///   the server was down, which therefore launches on start;
/// - resumes each launch a crash interrupted (`launching: true`, see `CampaignLauncher`);
/// - completes each running campaign whose messages all have a result;
/// - cancels what a crash left queued in a cancelled campaign, and expired claims there.
/// Launches run as tasks of their own, so a large one does not hold up the others.
struct CampaignScheduler: Sendable {
    let service: CampaignsService
    let interval: Duration
    /// Where problems are reported (the server logs them).
    let report: @Sendable (String) -> Void

    func run() async {
        while !Task.isCancelled {
            await tick()
            try? await Task.sleep(for: interval)
        }
    }

    func tick() async {
        let now = Timestamp.now()
        let state = service.state
        let work = state.read { tables in
            var work = (due: [CampaignID](), launching: [CampaignID](), finished: [CampaignID](), cancelled: [CampaignID]())
            for campaign in tables.campaigns.values {
                switch campaign.status {
                case .scheduled where (campaign.fields.scheduledAt ?? now) <= now: work.due.append(campaign.id)
                case .running where campaign.isLaunching: work.launching.append(campaign.id)
                case .running where (tables.pendingCount[campaign.id] ?? 0) == 0: work.finished.append(campaign.id)
                case .cancelled where (tables.pendingCount[campaign.id] ?? 0) > 0: work.cancelled.append(campaign.id)
                default: break
                }
            }
            return work
        }
        let launcher = service.launcher
        for id in work.due {
            Task { [report] in
                do {
                    _ = try await launcher.launch(id, actor: "system", requestId: "campaign-scheduler", dueBy: now)
                } catch let problem as Problem where problem.status == .conflict {
                    return  // launched, changed or being launched meanwhile
                } catch {
                    report("scheduled launch of \(id) failed: \(error)")
                }
            }
        }
        for id in work.launching {
            Task { [report] in
                do { try await launcher.resume(id) } catch { report("resuming the launch of \(id) failed: \(error)") }
            }
        }
        for id in work.finished {
            do { try await service.completeIfDone(id) } catch { report("completing \(id) failed: \(error)") }
        }
        for id in work.cancelled where !state.openMessages(of: id, at: now, limit: 1).isEmpty {
            do { try await service.sweep(id) } catch { report("cancelling the messages of \(id) failed: \(error)") }
        }
    }
}
