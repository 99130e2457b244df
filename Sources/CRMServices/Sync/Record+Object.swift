import CRMModel
import CRMStore

extension Record {
    /// The data of a put parsed as a JSON object; nil for deletes and erases, and for data that is
    /// not an object (a state skips such a record).
    var putObject: JSONObject? {
        op == .put ? (try? JSONParser().parse(data))?.objectValue : nil
    }
}
