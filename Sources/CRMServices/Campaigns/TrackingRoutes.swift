import CRMHTTP
import CRMModel
import CRMRouter

/// The public tracking links in campaign messages (no key; area nil):
/// - `GET /t/o/{token}`: records an open, answers a 1×1 transparent GIF (`Cache-Control: no-store`);
/// - `GET /t/c/{token}?u=<url>`: records a click and redirects (302) to `u` — only when `u`, once
///   percent-decoded, is exactly one of the links of that message's body; anything else (another
///   URL, a look-alike, a differently encoded one, a second parameter) is 400 and redirects nowhere;
/// - `GET /t/u/{token}`: unsubscribes (consent for the message's channel off) and answers a short
///   HTML page; visiting it again changes nothing.
/// A token that is not valid (or names an erased message) is 404. `HEAD` answers the same headers
/// and records nothing (link checkers probe with it).
public enum TrackingRoutes {
    /// GIF89a, 1×1, one transparent pixel (43 bytes).
    static let pixel: [UInt8] = [
        0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0x21, 0xF9, 0x04,
        0x01, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
    ]

    public static func register(on router: inout Router, service: CampaignsService) {
        router.add(HTTPMethod.get, "/t/o/{token}", area: nil) { request, context in
            try rejectQuery(context, allowing: [])
            guard try await service.track(.opened, token: context.parameter("token"), recording: request.method != HTTPMethod.head) != nil else {
                throw unknownLink()
            }
            return Response(status: .ok, contentType: "image/gif", bytes: pixel, headers: ["Cache-Control": "no-store"])
        }
        router.add(HTTPMethod.get, "/t/c/{token}", area: nil) { request, context in
            try rejectQuery(context, allowing: ["u"])
            guard context.query.names.count == 1, let url = context.query["u"], !url.isEmpty else {
                throw Problem.badRequest("A click link needs exactly one u parameter: the link's target.")
            }
            guard let key = service.state.trackingSecret, let id = TrackingTokens(key: key).delivery(in: context.parameter("token")),
                  service.state.message(id) != nil else { throw unknownLink() }
            guard try await service.track(.clicked, token: context.parameter("token"), url: url, recording: request.method != HTTPMethod.head) != nil else {
                throw Problem.badRequest("This link does not lead there: u must be one of the links of the message it came from.")
            }
            return Response(status: .found, headers: ["Location": url, "Cache-Control": "no-store"])
        }
        router.add(HTTPMethod.get, "/t/u/{token}", area: nil) { request, context in
            try rejectQuery(context, allowing: [])
            guard let message = try await service.track(.unsubscribed, token: context.parameter("token"),
                                                        recording: request.method != HTTPMethod.head) else { throw unknownLink() }
            let channel = message.channel == .email ? "emails" : "text messages"
            let page = """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Unsubscribed</title></head>\
                <body><h1>You are unsubscribed</h1><p>You will not get marketing \(channel) from us any more.</p></body></html>
                """
            return Response(status: .ok, contentType: "text/html; charset=utf-8", bytes: Array(page.utf8), headers: ["Cache-Control": "no-store"])
        }
    }

    private static func rejectQuery(_ context: RequestContext, allowing names: Set<String>) throws(Problem) {
        for name in context.query.names where !names.contains(name) {
            throw Problem.badRequest("Unknown query parameter '\(name)'.")
        }
    }

    private static func unknownLink() -> Problem {
        Problem.notFound("This tracking link is not valid (or its message no longer exists).")
    }
}
