import CRMModel

/// Checking a condition's `value` against its field's kind and its operator (the table in
/// `SegmentFieldKind`), recording what was expected when it does not fit.
extension SegmentFilterParser {
    static let timeShape = "an RFC 3339 date-time (2026-11-22T11:38:39Z), a date (2026-11-22) "
        + "or a relative date such as -90d (a sign, a number and h, d or w)"

    mutating func operand(_ value: JSONValue, for field: SegmentField, _ op: SegmentOperator, path: String) -> SegmentOperand? {
        let kind = field.kind
        switch op {
        case .exists:
            guard case .bool(let flag) = value else { return reject(.invalidType(path, expected: "true or false")) }
            return .scalar(.bool(flag))
        case .eq, .ne:
            return scalar(value, of: kind, path: path).map(SegmentOperand.scalar)
        case .in, .nin:
            return list(value, of: kind, path: path).map(SegmentOperand.list)
        case .contains, .prefix:
            return text(value, path: path, allowsEmpty: false).map { .scalar(.string($0)) }
        case .gt, .gte, .lt, .lte:
            switch (kind, value) {
            case (.number, _), (.custom, .number): return number(value, path: path).map { .scalar(.number($0)) }
            case (.custom, .string):
                return time(value, path: path, expected: "a number or " + Self.timeShape).map(SegmentOperand.time)
            case (.custom, _): return reject(.invalidType(path, expected: "a number or " + Self.timeShape))
            default: return time(value, path: path, expected: Self.timeShape).map(SegmentOperand.time)
            }
        case .before, .after:
            return time(value, path: path, expected: Self.timeShape).map(SegmentOperand.time)
        }
    }

    /// One value for eq/ne, or one element of an in/nin list.
    private mutating func scalar(_ value: JSONValue, of kind: SegmentFieldKind, path: String) -> SegmentScalar? {
        switch kind {
        case .text, .textList, .timestamp:
            return text(value, path: path, allowsEmpty: true).map(SegmentScalar.string)
        case .choice(let allowed):
            let expected = "one of " + allowed.joined(separator: ", ")
            guard case .string(let text) = value else { return reject(.invalidType(path, expected: "a string, " + expected)) }
            guard allowed.contains(text) else { return reject(.invalidValue(path, "must be " + expected)) }
            return .string(text)
        case .number:
            return number(value, path: path).map(SegmentScalar.number)
        case .flag:
            guard case .bool(let flag) = value else { return reject(.invalidType(path, expected: "true or false")) }
            return .bool(flag)
        case .custom:
            switch value {
            case .string: return text(value, path: path, allowsEmpty: true).map(SegmentScalar.string)
            case .number: return number(value, path: path).map(SegmentScalar.number)
            case .bool(let flag): return .bool(flag)
            default: return reject(.invalidType(path, expected: "a string, number or boolean"))
            }
        }
    }

    private mutating func list(_ value: JSONValue, of kind: SegmentFieldKind, path: String) -> [SegmentScalar]? {
        guard case .array(let elements) = value else {
            return reject(.invalidType(path, expected: "a non-empty array of at most \(SegmentFilter.maximumListCount) values"))
        }
        guard !elements.isEmpty else { return reject(.invalidValue(path, "must have at least one value")) }
        guard elements.count <= SegmentFilter.maximumListCount else {
            return reject(.tooMany(path, maximum: SegmentFilter.maximumListCount))
        }
        var scalars: [SegmentScalar] = []
        scalars.reserveCapacity(elements.count)
        for (position, element) in elements.enumerated() {
            if let scalar = scalar(element, of: kind, path: path + "[\(position)]") { scalars.append(scalar) }
        }
        return scalars.count == elements.count ? scalars : nil
    }

    private mutating func text(_ value: JSONValue, path: String, allowsEmpty: Bool) -> String? {
        guard case .string(let text) = value else { return reject(.invalidType(path, expected: "a string")) }
        guard allowsEmpty || !text.isEmpty else { return reject(.invalidValue(path, "must not be empty")) }
        guard text.utf8.count <= SegmentFilter.maximumStringLength || text.count <= SegmentFilter.maximumStringLength else {
            return reject(.tooLong(path, maximum: SegmentFilter.maximumStringLength))
        }
        return text
    }

    private mutating func number(_ value: JSONValue, path: String) -> Double? {
        guard case .number(let number) = value, number.double.isFinite else {
            return reject(.invalidType(path, expected: "a number"))
        }
        return number.double
    }

    private mutating func time(_ value: JSONValue, path: String, expected: String) -> SegmentTime? {
        guard case .string(let text) = value else { return reject(.invalidType(path, expected: expected)) }
        guard let time = SegmentTime(text) else { return reject(.invalidValue(path, "must be " + expected)) }
        return time
    }

    private mutating func reject<Value>(_ error: FieldError) -> Value? {
        errors.append(error)
        return nil
    }
}
