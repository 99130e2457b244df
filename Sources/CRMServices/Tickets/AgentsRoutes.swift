import CRMHTTP
import CRMModel
import CRMRouter

/// The HTTP side of agents and the SLA policy: decode, call the service, encode.
public enum AgentsRoutes {
    public static func register(on router: inout Router, agents: AgentsService, policies: SLAPolicyService) {
        router.add(HTTPMethod.post, "/v1/agents", area: .tickets) { request, context in
            let agent = try await agents.create(try await request.jsonObject(), actor: TicketsRoutes.actor(context), requestId: context.requestId)
            var response = json(agent, openTickets: 0, status: .created)
            response.headers.set("Location", "/v1/agents/\(agent.id)")
            return response
        }
        router.add(HTTPMethod.get, "/v1/agents", area: .tickets) { _, context in
            let page = agents.list(try PageParameters(context.query))
            var writer = JSONWriter(reservingCapacity: 256 * max(1, page.data.count))
            writer.page(page) { writer, item in item.agent.write(to: &writer, openTicketCount: item.openTickets) }
            return Response(status: .ok, contentType: "application/json", bytes: writer.bytes)
        }
        router.add(HTTPMethod.get, "/v1/agents/{id}", area: .tickets) { request, context in
            let found = try agents.agent(context.parameter("id"))
            if EntityTag.isNotModified(request, version: found.agent.version) {
                return Response(status: .notModified, headers: ["ETag": EntityTag.value(found.agent.version)])
            }
            return json(found.agent, openTickets: found.openTickets, status: .ok)
        }
        router.add(HTTPMethod.patch, "/v1/agents/{id}", area: .tickets) { request, context in
            let patch = try await request.jsonObject(accepting: Request.mergePatchMediaTypes)
            let agent = try await agents.update(context.parameter("id"), patch: patch, ifMatch: EntityTag.requiredVersion(request),
                                                actor: TicketsRoutes.actor(context), requestId: context.requestId)
            return json(agent, openTickets: (try? agents.agent(agent.id.description).openTickets) ?? 0, status: .ok)
        }
        router.add(HTTPMethod.get, "/v1/sla-policies", area: .tickets) { request, _ in
            policy(policies.policy, request: request)
        }
        router.add(HTTPMethod.put, "/v1/sla-policies", area: .tickets) { request, context in
            let replaced = try await policies.replace(try await request.jsonObject(), ifMatch: EntityTag.requiredVersion(request),
                                                      actor: TicketsRoutes.actor(context), requestId: context.requestId)
            return policy(replaced, request: nil)
        }
    }

    static func json(_ agent: Agent, openTickets: Int, status: HTTPStatus) -> Response {
        var writer = JSONWriter(reservingCapacity: 320)
        agent.write(to: &writer, openTicketCount: openTickets)
        return Response(status: status, contentType: "application/json", bytes: writer.bytes, headers: ["ETag": EntityTag.value(agent.version)])
    }

    private static func policy(_ policy: SLAPolicy, request: Request?) -> Response {
        if let request, EntityTag.isNotModified(request, version: policy.version) {
            return Response(status: .notModified, headers: ["ETag": EntityTag.value(policy.version)])
        }
        return Response(status: .ok, contentType: "application/json", bytes: policy.jsonBytes, headers: ["ETag": EntityTag.value(policy.version)])
    }
}
