/// A campaign subject or body with placeholders, parsed once when the campaign is saved:
///
///     Hi {{firstName|there}}, your plan is {{ customFields.plan }}.
///
/// `{{name}}` or `{{name|fallback}}`; spaces around the name and the fallback are ignored; the
/// fallback is any text without `}}`. `TemplateField` lists the names. A `{{` without its `}}`, an
/// empty name or an unknown name is a `TemplateProblem` (the API answers 422 naming it). Text
/// outside placeholders is copied as written (a lone `}}` included).
public struct MessageTemplate: Sendable, Equatable {
    public enum Part: Sendable, Equatable {
        case text(String)
        case placeholder(TemplateField, fallback: String?)
    }

    public let parts: [Part]

    /// Why a template was refused, in words that name the bad placeholder.
    public struct TemplateProblem: Swift.Error, Sendable, Equatable {
        public var message: String
    }

    public init(parsing text: String) throws(TemplateProblem) {
        var parts: [Part] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { parts.append(.text(String(rest[..<open.lowerBound]))) }
            let inside = rest[open.upperBound...]
            guard let close = inside.range(of: "}}") else {
                throw TemplateProblem(message: "has a '{{' without its closing '}}' (\(Self.excerpt(rest[open.lowerBound...])))")
            }
            let content = inside[..<close.lowerBound]
            let pieces = content.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            let name = pieces[0].trimmingTemplateSpaces()
            guard !name.isEmpty else { throw TemplateProblem(message: "has an empty placeholder '{{\(content)}}'") }
            guard let field = TemplateField(name: name) else {
                throw TemplateProblem(message: "uses the unknown placeholder {{\(name)}}; known: \(TemplateField.knownNames.joined(separator: ", "))")
            }
            let fallback = pieces.count > 1 ? pieces[1].trimmingTemplateSpaces() : nil
            parts.append(.placeholder(field, fallback: fallback))
            rest = inside[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        self.parts = parts
    }

    /// The fields the template names.
    public var fields: [TemplateField] {
        parts.compactMap { part in
            if case .placeholder(let field, _) = part { return field }
            return nil
        }
    }

    /// The text with each placeholder replaced: `value(field)` when it gives text (passed through
    /// `escape`, e.g. HTML escaping for email bodies), else the fallback as written, else nothing.
    public func render(_ value: (TemplateField) -> String?, escape: (String) -> String = { $0 }) -> String {
        var output = ""
        for part in parts {
            switch part {
            case .text(let text): output += text
            case .placeholder(let field, let fallback):
                if let text = value(field) { output += escape(text) } else { output += fallback ?? "" }
            }
        }
        return output
    }

    private static func excerpt(_ text: Substring) -> String {
        text.count > 40 ? String(text.prefix(40)) + "…" : String(text)
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    fileprivate func trimmingTemplateSpaces() -> String {
        var slice = self
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
