/// A parsed `.ini` file as Helix writes and reads them (Python's `configparser`): `[section]`
/// headers, `key = value` or `key: value` lines, `#` and `;` comment lines. Keys are compared in
/// lower case, as `configparser` does; every entry remembers its line for error messages.
package struct HelixIniDocument: Sendable, Hashable {
    package struct Entry: Sendable, Hashable {
        package var key: String
        package var value: String
        package var line: Int
    }

    package struct Section: Sendable, Hashable {
        package var name: String
        package var line: Int
        package var entries: [Entry]

        /// The entry with this key (case-insensitive), or nil.
        package subscript(key: String) -> Entry? {
            let lowered = key.lowercased()
            return entries.first { $0.key == lowered }
        }
    }

    /// The file name used in error messages.
    package var file: String
    /// Sections in file order.
    package let sections: [Section]
    /// Position in `sections` of each section name (names are unique).
    private let sectionIndexByName: [String: Int]

    init(file: String, sections: [Section]) {
        self.file = file
        self.sections = sections
        sectionIndexByName = Dictionary(sections.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { first, _ in first })
    }

    /// Parses `.ini` text.
    /// - Throws: `HelixIniError.syntax` for a malformed line, a duplicate section or key, or an
    ///   entry before the first section.
    /// - Complexity: O(length of the text). (Duplicate keys used to be looked up linearly, so a
    ///   400 kB section of 50,000 keys took minutes.)
    package static func parse(_ text: String, file: String) throws -> HelixIniDocument {
        var sections: [Section] = []
        var seenSections = Set<String>()
        var keysOfSection = Set<String>()
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            let line = rawLine.helixTrimmed
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count > 2 else {
                    throw HelixIniError.syntax(file: file, line: number, message: "section header must be [name]")
                }
                let name = String(line.dropFirst().dropLast()).helixTrimmed
                guard seenSections.insert(name).inserted else {
                    throw HelixIniError.syntax(file: file, line: number, message: "section [\(name)] appears twice")
                }
                sections.append(Section(name: name, line: number, entries: []))
                keysOfSection = []
                continue
            }
            guard let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw HelixIniError.syntax(file: file, line: number, message: "expected 'key = value', found '\(line)'")
            }
            let key = String(line[..<separator]).helixTrimmed.lowercased()
            let value = String(line[line.index(after: separator)...]).helixTrimmed
            guard !key.isEmpty else {
                throw HelixIniError.syntax(file: file, line: number, message: "empty key")
            }
            guard !sections.isEmpty else {
                throw HelixIniError.syntax(file: file, line: number, message: "'\(key)' comes before any [section]")
            }
            guard keysOfSection.insert(key).inserted else {
                throw HelixIniError.syntax(file: file, line: number, message: "key '\(key)' appears twice in [\(sections[sections.count - 1].name)]")
            }
            sections[sections.count - 1].entries.append(Entry(key: key, value: value, line: number))
        }
        return HelixIniDocument(file: file, sections: sections)
    }

    /// The section with this name, or nil.
    /// - Complexity: O(1) (a topology looks up a section per node).
    package func section(_ name: String) -> Section? {
        sectionIndexByName[name].map { sections[$0] }
    }

    /// The section with this name.
    /// - Throws: `HelixIniError.missingSection`.
    package func requireSection(_ name: String) throws -> Section {
        guard let section = section(name) else { throw HelixIniError.missingSection(file: file, section: name) }
        return section
    }

    /// The entry `key` of `section`.
    /// - Throws: `HelixIniError.missingKey`.
    package func requireEntry(_ key: String, in section: Section) throws -> Entry {
        guard let entry = section[key] else {
            throw HelixIniError.missingKey(file: file, section: section.name, key: key)
        }
        return entry
    }

    /// The numeric value of `key` in `section` (see `HelixIniExpression`).
    /// - Throws: `HelixIniError.missingKey` or `.invalidValue`.
    package func number(_ key: String, in section: Section) throws -> Double {
        let entry = try requireEntry(key, in: section)
        return try HelixIniExpression.evaluate(entry.value, file: file, line: entry.line, key: entry.key)
    }
}

extension StringProtocol {
    /// Without leading and trailing white space.
    var helixTrimmed: String {
        var result = Substring(self)
        while result.first?.isWhitespace == true { result.removeFirst() }
        while result.last?.isWhitespace == true { result.removeLast() }
        return String(result)
    }
}
