import CRMHTTP
import CRMModel
import CRMRouter

/// A campaign's messages over HTTP (area `campaigns`): the deliveries list, stats, sender events,
/// and the outbox (`POST /v1/outbox/claim`, `POST /v1/outbox/{deliveryId}/result`).
enum CampaignDeliveryRoutes {
    static func register(on router: inout Router, service: CampaignsService) {
        router.add(HTTPMethod.get, "/v1/campaigns/{id}/deliveries", area: .campaigns) { _, context in
            let page = try service.deliveries(context.parameter("id"), query: context.query)
            var writer = JSONWriter(reservingCapacity: 1024 * max(1, page.data.count))
            writer.page(page) { writer, delivery in delivery.write(to: &writer) }
            return Response(status: .ok, contentType: "application/json", bytes: writer.bytes)
        }
        router.add(HTTPMethod.get, "/v1/campaigns/{id}/stats", area: .campaigns) { _, context in
            let campaign = try service.campaign(context.parameter("id"))
            if let name = context.query.names.first { throw Problem.badRequest("Unknown query parameter '\(name)'; stats take none.") }
            guard let stats = service.state.stats(of: campaign.id) else { throw CampaignsService.notFound(campaign.id.description) }
            var writer = JSONWriter(reservingCapacity: 2048)
            stats.write(to: &writer, asOf: Timestamp.now())
            return Response(status: .ok, contentType: "application/json", bytes: writer.bytes)
        }
        router.add(HTTPMethod.post, "/v1/campaigns/{id}/events", area: .campaigns) { request, context in
            let event = try await service.recordEvent(context.parameter("id"), body: try await request.jsonObject(),
                                                      actor: CampaignsRoutes.actor(context), requestId: context.requestId)
            return Response(status: .created, contentType: "application/json", bytes: event.jsonBytes)
        }
        router.add(HTTPMethod.post, "/v1/outbox/claim", area: .campaigns) { request, context in
            let claims = try await service.claim(try await request.jsonObject(), actor: CampaignsRoutes.actor(context), requestId: context.requestId)
            var writer = JSONWriter(reservingCapacity: 1024 * max(1, claims.count))
            writer.beginObject()
            writer.field("data", claims) { writer, claim in
                writer.beginObject()
                writer.field("deliveryId", claim.message.id)
                writer.field("campaignId", claim.message.campaignId)
                writer.field("contactId", claim.message.contactId)
                writer.field("channel", claim.message.channel.rawValue)
                writer.field("variant", claim.message.variant)
                writer.field("to", claim.message.to)
                writer.field("subject", claim.message.subject)
                writer.field("body", claim.message.body)
                writer.field("leaseExpiresAt", claim.leaseExpiresAt)
                writer.field("claims", claim.claims)
                writer.endObject()
            }
            writer.endObject()
            return Response(status: .ok, contentType: "application/json", bytes: writer.bytes)
        }
        router.add(HTTPMethod.post, "/v1/outbox/{id}/result", area: .campaigns) { request, context in
            let delivery = try await service.report(context.parameter("id"), body: try await request.jsonObject(),
                                                    actor: CampaignsRoutes.actor(context), requestId: context.requestId)
            var writer = JSONWriter(reservingCapacity: 1024)
            delivery.write(to: &writer)
            return Response(status: .ok, contentType: "application/json", bytes: writer.bytes)
        }
    }
}
