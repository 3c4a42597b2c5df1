/// A regular-expression matcher for the patterns JSON Schemas in Airbyte specs use (`^[0-9]{4}-[0-9]{2}$`,
/// `^(urn:li:organization:)?[0-9]+$`): anchors, literals and escapes (`\d`, `\w`, `\s`, `\.`), `.`, classes with
/// ranges and negation, groups with alternation, and the quantifiers `?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}`.
///
/// Written out because NSRegularExpression loads ICU, several megabytes for checking a date's shape. A pattern
/// outside this subset is reported as unsupported (`nil`), and the validator then accepts the value.
///
/// Why not the standard library's `Regex` (measured 2026-12-01, Swift 6.3.1, x86_64 Linux, -O, static stdlib)? It
/// needs neither Foundation nor ICU (`_StringProcessing` and `_RegexParser` are pure Swift, and the connector's
/// binary already contains both), and it matches the spec's three patterns the same way. But it costs more than
/// this: compiling the three spec patterns and a first match of six values took 0.53-0.59 ms against 0.13-0.18 ms
/// here, a stdlib-only binary using it is 1.4 MB larger and peaks 1 MB higher than one using this, and it
/// backtracks far slower: `^(a+)+$` against 18 `a`s and a `b` took 8.5 s against 32 ms here (PatternTests keeps
/// that case). Its `\d` and `\w` are also Unicode-wide by default, where JSON Schema's ECMA-262 patterns mean ASCII.
struct Pattern {
    private indirect enum Node {
        case character(Character)
        case any
        case set([ClosedRange<Character>], negated: Bool)
        case start, end
        case group([[Node]])
        case repeated(Node, min: Int, max: Int?)
    }

    private let alternatives: [[Node]]

    init?(_ pattern: String) {
        var parser = Parser(Array(pattern))
        guard let parsed = parser.alternation(), parser.atEnd else { return nil }
        alternatives = parsed
    }

    /// Whether the pattern matches anywhere in `text` (JSON Schema patterns are unanchored unless they say so).
    func matches(_ text: String) -> Bool {
        let characters = Array(text)
        for start in 0...characters.count where Self.match(.group(alternatives), characters, start, { _ in true }) {
            return true
        }
        return false
    }

    /// Continuation-passing backtracking: `next` receives the position after `node` matched.
    private static func match(_ node: Node, _ text: [Character], _ position: Int, _ next: (Int) -> Bool) -> Bool {
        switch node {
        case .character(let character):
            return position < text.count && text[position] == character && next(position + 1)
        case .any:
            return position < text.count && text[position] != "\n" && next(position + 1)
        case let .set(ranges, negated):
            guard position < text.count else { return false }
            let inside = ranges.contains { $0.contains(text[position]) }
            return inside != negated && next(position + 1)
        case .start:
            return position == 0 && next(position)
        case .end:
            return position == text.count && next(position)
        case .group(let alternatives):
            return alternatives.contains { sequence($0[...], text, position, next) }
        case let .repeated(inner, min, max):
            func attempt(_ count: Int, _ at: Int) -> Bool {
                if let max, count == max { return next(at) }
                // Greedy: one more first, then stop here if the minimum is met.
                if match(inner, text, at, { after in after != at && attempt(count + 1, after) }) { return true }
                return count >= min && next(at)
            }
            return attempt(0, position)
        }
    }

    private static func sequence(_ nodes: ArraySlice<Node>, _ text: [Character], _ position: Int, _ next: (Int) -> Bool)
        -> Bool
    {
        guard let first = nodes.first else { return next(position) }
        return match(first, text, position) { sequence(nodes.dropFirst(), text, $0, next) }
    }

    private struct Parser {
        let characters: [Character]
        var index = 0

        init(_ characters: [Character]) { self.characters = characters }

        var atEnd: Bool { index == characters.count }

        mutating func alternation() -> [[Node]]? {
            var alternatives: [[Node]] = [[]]
            while index < characters.count {
                let character = characters[index]
                if character == ")" { break }
                if character == "|" {
                    index += 1
                    alternatives.append([])
                    continue
                }
                guard var atom = atom() else { return nil }
                if let (min, max) = quantifier() { atom = .repeated(atom, min: min, max: max) }
                alternatives[alternatives.count - 1].append(atom)
            }
            return alternatives
        }

        mutating func atom() -> Node? {
            let character = characters[index]
            index += 1
            switch character {
            case "^": return .start
            case "$": return .end
            case ".": return .any
            case "(":
                if index + 1 < characters.count, characters[index] == "?", characters[index + 1] == ":" { index += 2 }
                guard let inner = alternation(), index < characters.count, characters[index] == ")" else { return nil }
                index += 1
                return .group(inner)
            case "[": return characterClass()
            case "\\": return escape()
            case "*", "+", "?", "{", "}", "]": return nil
            default: return .character(character)
            }
        }

        mutating func escape() -> Node? {
            guard index < characters.count else { return nil }
            let character = characters[index]
            index += 1
            switch character {
            case "d": return .set(["0"..."9"], negated: false)
            case "D": return .set(["0"..."9"], negated: true)
            case "w": return .set(["a"..."z", "A"..."Z", "0"..."9", "_"..."_"], negated: false)
            case "s": return .set([" "..." ", "\t"..."\t", "\n"..."\n", "\r"..."\r"], negated: false)
            case let c where c.isLetter || c.isNumber: return nil  // \b, \u…, back-references: not in this subset
            default: return .character(character)
            }
        }

        mutating func characterClass() -> Node? {
            var negated = false
            if index < characters.count, characters[index] == "^" {
                negated = true
                index += 1
            }
            var ranges: [ClosedRange<Character>] = []
            var first = true
            while index < characters.count, characters[index] != "]" || first {
                first = false
                var low = characters[index]
                index += 1
                if low == "\\" {
                    guard index < characters.count else { return nil }
                    switch characters[index] {
                    case "d": ranges.append("0"..."9"); index += 1; continue
                    case "w": ranges += ["a"..."z", "A"..."Z", "0"..."9", "_"..."_"]; index += 1; continue
                    default: low = characters[index]; index += 1
                    }
                }
                if index + 1 < characters.count, characters[index] == "-", characters[index + 1] != "]" {
                    let high = characters[index + 1]
                    index += 2
                    guard low <= high else { return nil }
                    ranges.append(low...high)
                } else {
                    ranges.append(low...low)
                }
            }
            guard index < characters.count else { return nil }
            index += 1
            return .set(ranges, negated: negated)
        }

        mutating func quantifier() -> (Int, Int?)? {
            guard index < characters.count else { return nil }
            switch characters[index] {
            case "?": index += 1; return (0, 1)
            case "*": index += 1; return (0, nil)
            case "+": index += 1; return (1, nil)
            case "{":
                guard let close = characters[index...].firstIndex(of: "}") else { return nil }
                let body = String(characters[(index + 1)..<close])
                let parts = body.split(separator: ",", omittingEmptySubsequences: false)
                guard let low = Int(parts[0]) else { return nil }
                index = close + 1
                if parts.count == 1 { return (low, low) }
                return (low, parts[1].isEmpty ? nil : Int(parts[1]))
            default:
                return nil
            }
        }
    }
}
