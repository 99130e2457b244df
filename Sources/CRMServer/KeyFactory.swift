import CRMServices

enum KeyFactory {
    static func make() -> String { KeyDigest.makeKey() }
}
