/// What a segment field holds, and so which operators it accepts and what each needs as value.
///
/// | kind        | operators                                   | eq/ne, in/nin values         |
/// |-------------|---------------------------------------------|------------------------------|
/// | `text`      | eq ne in nin contains prefix exists         | strings                      |
/// | `choice`    | eq ne in nin exists                         | strings from `allowed`       |
/// | `number`    | eq ne in nin gt gte lt lte exists           | numbers                      |
/// | `flag`      | eq ne exists                                | true/false                   |
/// | `timestamp` | gt gte lt lte before after exists           | (times for every comparison) |
/// | `textList`  | contains in nin exists                      | strings (tags)               |
/// | `custom`    | all thirteen                                | strings, numbers, booleans   |
///
/// On `custom` fields `gt…lte` take a number (compared with numeric values) or a time (compared
/// with string values that read as RFC 3339 date-times or dates), and `before`/`after` a time.
public enum SegmentFieldKind: Sendable, Hashable {
    /// A string; `foldsCase` makes eq/ne/in/nin ignore case (email).
    case text(foldsCase: Bool)
    /// A string from a fixed set (an enumeration such as `lifecycleStage`).
    case choice([String])
    case number
    case flag
    /// An instant, in milliseconds since the epoch.
    case timestamp
    /// A list of strings (tags).
    case textList
    /// A custom field: string, number or boolean, varying from contact to contact.
    case custom

    /// The operators this kind accepts, in the order messages list them.
    public var operators: [SegmentOperator] {
        switch self {
        case .text: [.eq, .ne, .in, .nin, .contains, .prefix, .exists]
        case .choice: [.eq, .ne, .in, .nin, .exists]
        case .number: [.eq, .ne, .in, .nin, .gt, .gte, .lt, .lte, .exists]
        case .flag: [.eq, .ne, .exists]
        case .timestamp: [.gt, .gte, .lt, .lte, .before, .after, .exists]
        case .textList: [.contains, .in, .nin, .exists]
        case .custom: SegmentOperator.allCases
        }
    }

    /// How messages name the kind: "a text field", "a timestamp field".
    public var displayName: String {
        switch self {
        case .text: "a text field"
        case .choice: "an enumeration field"
        case .number: "a number field"
        case .flag: "a boolean field"
        case .timestamp: "a timestamp field"
        case .textList: "a list field"
        case .custom: "a custom field"
        }
    }
}
