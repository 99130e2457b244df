import CRMModel

/// The walk over a filter's JSON that builds the tree and records every problem on the way (see
/// `SegmentFilter+Parsing.swift` for the paths and codes). Values are checked in
/// `SegmentFilterParser+Values.swift`.
struct SegmentFilterParser {
    var errors: [FieldError] = []
    /// Conditions seen, valid or not, to enforce `SegmentFilter.maximumConditions`.
    var conditionCount = 0

    private static let groupShape = #"{"all": [conditions]} or {"any": [conditions]}"#

    /// The outer group.
    mutating func filter(_ value: JSONValue, path: String) -> SegmentFilter? {
        guard case .object(let object) = value else {
            errors.append(.invalidType(path, expected: "an object, " + Self.groupShape))
            return nil
        }
        return group(object, path: path, depth: 1)
    }

    private mutating func group(_ object: JSONObject, path: String, depth: Int) -> SegmentFilter? {
        let present = SegmentFilter.Combinator.allCases.filter { object.contains(key: $0.rawValue) }
        guard let combinator = present.first, present.count == 1 else {
            let message = present.isEmpty
                ? #"must have "all" or "any": "# + Self.groupShape + #"; wrap a single condition as {"all": [condition]}"#
                : #"must have only one of "all" and "any"; nest one group inside the other to combine them"#
            errors.append(.invalidValue(path, message))
            return nil
        }
        guard depth <= SegmentFilter.maximumDepth else {
            errors.append(FieldError(
                field: path, code: "too_deep",
                message: "is nested \(depth) groups deep; at most \(SegmentFilter.maximumDepth) levels are allowed"))
            return nil
        }
        var reader = ObjectReader(object, path: path)
        let key = combinator.rawValue
        guard case .array(let elements)? = reader.value(key) else {
            errors.append(.invalidType(reader.fieldPath(key), expected: "an array of conditions and groups"))
            finish(&reader)
            return nil
        }
        var terms: [SegmentFilter.Term] = []
        var isValid = true
        for (position, element) in elements.enumerated() {
            let elementPath = reader.fieldPath(key) + "[\(position)]"
            if let term = term(element, path: elementPath, depth: depth) { terms.append(term) } else { isValid = false }
        }
        guard finish(&reader), isValid else { return nil }
        return SegmentFilter(combinator, terms)
    }

    private mutating func term(_ value: JSONValue, path: String, depth: Int) -> SegmentFilter.Term? {
        guard case .object(let object) = value else {
            errors.append(.invalidType(path, expected: #"a condition {"field", "op", "value"} or a group "# + Self.groupShape))
            return nil
        }
        let isGroup = SegmentFilter.Combinator.allCases.contains { object.contains(key: $0.rawValue) }
        if isGroup { return group(object, path: path, depth: depth + 1).map(SegmentFilter.Term.group) }
        return condition(object, path: path).map(SegmentFilter.Term.condition)
    }

    private mutating func condition(_ object: JSONObject, path: String) -> SegmentCondition? {
        conditionCount += 1
        var reader = ObjectReader(object, path: path)
        let fieldName = reader.string("field", required: true)
        let operatorName = reader.string("op", required: true)
        let hasValue = reader.contains("value")
        let value = reader.value("value")
        var isValid = finish(&reader)

        let field = fieldName.flatMap { name in segmentField(named: name, path: reader.fieldPath("field")) }
        var op = operatorName.flatMap { name in segmentOperator(named: name, path: reader.fieldPath("op")) }
        if let field, let chosen = op, !field.kind.operators.contains(chosen) {
            let allowed = field.kind.operators.map(\.rawValue).joined(separator: ", ")
            errors.append(.invalidValue(
                reader.fieldPath("op"),
                "\"\(chosen.rawValue)\" does not apply to \(field.name), \(field.kind.displayName); use one of \(allowed)"))
            op = nil
        }

        let valuePath = reader.fieldPath("value")
        var operand: SegmentOperand?
        if !hasValue {
            errors.append(.required(valuePath))
        } else if let value {
            if let field, let op { operand = self.operand(value, for: field, op, path: valuePath) }
        } else {
            errors.append(FieldError(
                field: valuePath, code: "invalid_type",
                message: #"must not be null; to match contacts without a value use {"op": "exists", "value": false}"#))
        }
        isValid = isValid && field != nil && op != nil && operand != nil
        guard isValid, let field, let op, let operand else { return nil }
        return SegmentCondition(field, op, operand)
    }

    private mutating func segmentField(named name: String, path: String) -> SegmentField? {
        if let field = SegmentField(name: name) { return field }
        let message: String
        if name.hasPrefix(SegmentField.customFieldPrefix) || name.hasPrefix(SegmentField.socialHandlePrefix) {
            message = "needs a key of 1 to \(SegmentField.maximumKeyLength) characters after the dot"
        } else {
            let stored = SegmentField.namedFields.filter { !$0.isDerived }.map(\.name).joined(separator: ", ")
            let derived = SegmentField.namedFields.filter(\.isDerived).map(\.name).joined(separator: ", ")
            message = "is not a segment field; use a contact field (\(stored)), customFields.<key>, "
                + "socialHandles.<network> or a derived field (\(derived))"
        }
        errors.append(.invalidValue(path, message))
        return nil
    }

    private mutating func segmentOperator(named name: String, path: String) -> SegmentOperator? {
        if let op = SegmentOperator(rawValue: name) { return op }
        let all = SegmentOperator.allCases.map(\.rawValue).joined(separator: ", ")
        errors.append(.invalidValue(path, "must be one of \(all)"))
        return nil
    }

    /// Moves the reader's errors (unknown members) into the list; true when it had none.
    @discardableResult
    private mutating func finish(_ reader: inout ObjectReader) -> Bool {
        do {
            try reader.finish()
            return true
        } catch {
            errors.append(contentsOf: error.errors)
            return false
        }
    }
}
