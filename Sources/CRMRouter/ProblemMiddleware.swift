import CRMHTTP
import CRMModel
import Logging

/// Turns whatever a handler throws into a response, in one place: a `Problem` as itself,
/// field errors as 422, anything else as a 500 that names nothing internal (the details go to the log).
public struct ProblemMiddleware: Middleware {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func handle(_ request: Request, context: RequestContext, next: Handler) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return problem.response
        } catch let errors as FieldErrors {
            return Problem.validation(errors.errors).response
        } catch is RequestBodyStream.TooLarge {
            return Problem(status: .contentTooLarge, type: ProblemType.tooLarge, detail: "The request body is too large.").response
        } catch let aborted as RequestBodyStream.Aborted {
            return Problem.badRequest("The request body could not be read: \(aborted.reason).").response
        } catch {
            logger.error("unhandled error", metadata: [
                "requestId": .string(context.requestId), "route": .string(context.route ?? "-"),
                "error": .string(String(describing: error)),
            ])
            return Problem(status: .internalServerError, type: ProblemType.internalError,
                           detail: "The server could not complete the request. Quote request id \(context.requestId) when reporting it.").response
        }
    }
}
