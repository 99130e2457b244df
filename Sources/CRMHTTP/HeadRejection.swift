/// Why a request head could not be accepted, as the status to answer; the connection closes after.
public struct HeadRejection: Swift.Error, Sendable, Equatable {
    public var status: HTTPStatus
    public var reason: String

    public init(_ status: HTTPStatus, _ reason: String) {
        self.status = status
        self.reason = reason
    }

    static func badRequest(_ reason: String) -> HeadRejection { HeadRejection(.badRequest, reason) }
}
