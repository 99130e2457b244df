/// Phone numbers normalised to E.164 (`+14155550123`): a `+` (or the international `00` prefix),
/// then 8–15 digits, the country code first. Spaces, dashes, dots and parentheses are dropped.
/// A number without a country code cannot be normalised without guessing a region, so it is refused.
public enum PhoneNumber {
    public enum Problem: Swift.Error, Equatable, Sendable {
        case missingCountryCode
        case invalidCharacter(Character)
        case wrongLength(Int)
    }

    /// The E.164 form of `text`, or why it has none.
    public static func normalize(_ text: String) -> Swift.Result<String, Problem> {
        var digits: [UInt8] = []
        var sawPlus = false
        for (position, character) in text.trimmingCharacters(in: " \t").enumerated() {
            switch character {
            case "+" where position == 0:
                sawPlus = true
            case "0"..."9" where character.isASCII:
                digits.append(character.asciiValue!)
            case " ", "-", ".", "(", ")", "/":
                continue
            default:
                return .failure(.invalidCharacter(character))
            }
        }
        if !sawPlus {
            guard digits.count > 2, digits[0] == UInt8(ascii: "0"), digits[1] == UInt8(ascii: "0") else {
                return .failure(.missingCountryCode)
            }
            digits.removeFirst(2)
        }
        guard (8...15).contains(digits.count) else { return .failure(.wrongLength(digits.count)) }
        guard digits[0] != UInt8(ascii: "0") else { return .failure(.missingCountryCode) }
        return .success("+" + String(decoding: digits, as: UTF8.self))
    }
}

private extension String {
    func trimmingCharacters(in set: String) -> Substring {
        let isTrimmed: (Character) -> Bool = { set.contains($0) }
        guard let first = firstIndex(where: { !isTrimmed($0) }), let last = lastIndex(where: { !isTrimmed($0) }) else { return "" }
        return self[first...last]
    }
}
