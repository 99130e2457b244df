import CRMHTTP
import CRMModel
import CRMRouter

/// The HTTP side of campaigns (area `campaigns`): CRUD, launch, cancel, history. Deliveries, stats,
/// events and the outbox are in `CampaignDeliveryRoutes`.
public enum CampaignsRoutes {
    public static func register(on router: inout Router, service: CampaignsService) {
        router.add(HTTPMethod.post, "/v1/campaigns", area: .campaigns) { request, context in
            let campaign = try await service.create(try await request.jsonObject(), actor: actor(context), requestId: context.requestId)
            var response = json(campaign, status: .created)
            response.headers.set("Location", "/v1/campaigns/\(campaign.id)")
            return response
        }
        router.add(HTTPMethod.get, "/v1/campaigns", area: .campaigns) { _, context in
            let page = try service.list(context.query)
            var writer = JSONWriter(reservingCapacity: 1024 * max(1, page.data.count))
            writer.page(page) { writer, campaign in campaign.write(to: &writer) }
            return Response(status: .ok, contentType: "application/json", bytes: writer.bytes)
        }
        router.add(HTTPMethod.get, "/v1/campaigns/{id}", area: .campaigns) { request, context in
            let campaign = try service.campaign(context.parameter("id"))
            if EntityTag.isNotModified(request, version: campaign.version) {
                return Response(status: .notModified, headers: ["ETag": EntityTag.value(campaign.version)])
            }
            return json(campaign, status: .ok)
        }
        router.add(HTTPMethod.patch, "/v1/campaigns/{id}", area: .campaigns) { request, context in
            let patch = try await request.jsonObject(accepting: Request.mergePatchMediaTypes)
            let campaign = try await service.update(context.parameter("id"), patch: patch, ifMatch: EntityTag.requiredVersion(request),
                                                    actor: actor(context), requestId: context.requestId)
            return json(campaign, status: .ok)
        }
        router.add(HTTPMethod.delete, "/v1/campaigns/{id}", area: .campaigns) { request, context in
            try await service.delete(context.parameter("id"), ifMatch: EntityTag.requiredVersion(request), actor: actor(context),
                                     requestId: context.requestId)
            return Response(status: .noContent)
        }
        router.add(HTTPMethod.post, "/v1/campaigns/{id}/launch", area: .campaigns) { _, context in
            let idText = context.parameter("id")
            guard let id = CampaignID(idText) else { throw CampaignsService.notFound(idText) }
            let campaign = try await service.launcher.launch(id, actor: actor(context), requestId: context.requestId)
            return json(campaign, status: .ok)
        }
        router.add(HTTPMethod.post, "/v1/campaigns/{id}/cancel", area: .campaigns) { request, context in
            let campaign = try await service.cancel(context.parameter("id"), ifMatch: EntityTag.requiredVersion(request),
                                                    actor: actor(context), requestId: context.requestId)
            return json(campaign, status: .ok)
        }
        router.add(HTTPMethod.get, "/v1/campaigns/{id}/history", area: .campaigns) { _, context in
            let idText = context.parameter("id")
            guard let id = CampaignID(idText), let page = try EntityHistory.page(of: id.description, store: service.store, query: context.query) else {
                throw Problem.notFound("No history for campaign '\(idText)'.")
            }
            var writer = JSONWriter(reservingCapacity: 256 * max(1, page.data.count))
            writer.page(page) { writer, entry in entry.write(to: &writer) }
            return Response(status: .ok, contentType: "application/json", bytes: writer.bytes)
        }
        CampaignDeliveryRoutes.register(on: &router, service: service)
    }

    static func json(_ campaign: Campaign, status: HTTPStatus) -> Response {
        Response(status: status, contentType: "application/json", bytes: campaign.jsonBytes, headers: ["ETag": EntityTag.value(campaign.version)])
    }

    static func actor(_ context: RequestContext) -> String {
        context.principal?.keyId ?? "anonymous"
    }
}
