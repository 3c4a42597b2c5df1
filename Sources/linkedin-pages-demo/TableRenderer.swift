/// Lays out rows of text as an aligned table for a terminal: a header, a rule, then the rows; columns separated by
/// two spaces, numbers right-aligned, and the widest columns narrowed until a line fits in `maxLineWidth` (never
/// below `minCellWidth`). A cell too long for its column is cut with `…`: text at the end, a single word (a URN,
/// a URL, an id) in the middle, since its end is what tells `urn:li:organization:2414183` from its neighbours.
struct TableRenderer {
    var maxCellWidth = 40
    var minCellWidth = 8
    var maxLineWidth = 118
    var indent = ""
    static let separator = "  "

    func render(headers: [String], rows: [[String]]) -> [String] {
        let count = headers.count
        let cells = rows.map { row in (0..<count).map { $0 < row.count ? row[$0] : "" } }
        let widths = fitted(
            (0..<count).map { column in ([headers[column]] + cells.map { $0[column] }).map(\.count).max() ?? 0 },
            headers: headers)
        let numeric = (0..<count).map { column in
            cells.contains { !$0[column].isEmpty } && cells.allSatisfy { Self.isNumber($0[column]) }
        }
        func line(_ texts: [String], rightAligned: [Bool]) -> String {
            let padded = texts.enumerated().map { column, text in
                Self.pad(Self.truncate(text, to: widths[column]), to: widths[column], right: rightAligned[column])
            }
            return indent + Self.trimmingTrailingSpaces(padded.joined(separator: Self.separator))
        }
        return [
            line(headers, rightAligned: numeric),
            line(
                widths.map { String(repeating: "-", count: $0) },
                rightAligned: numeric),
        ] + cells.map { line($0, rightAligned: numeric) }
    }

    /// Column widths capped at `maxCellWidth`, then the widest narrowed one character at a time until the line fits;
    /// a column is not narrowed below its header (nor `minCellWidth`).
    func fitted(_ natural: [Int], headers: [String]) -> [Int] {
        var widths = natural.map { min($0, maxCellWidth) }
        let floors = zip(widths, headers).map { width, header in min(width, max(header.count, minCellWidth)) }
        while widths.reduce(0, +) > budget(columns: widths.count),
            let widest = widths.indices.filter({ widths[$0] > floors[$0] }).max(by: { widths[$0] < widths[$1] })
        {
            widths[widest] -= 1
        }
        return widths
    }

    /// Whether columns with these headers fit in a line with their cells cut to at most `minCellWidth`.
    func fits(headers: [String]) -> Bool {
        let floors = headers.map { min(max($0.count, minCellWidth), maxCellWidth) }
        return floors.reduce(0, +) <= budget(columns: headers.count)
    }

    private func budget(columns: Int) -> Int {
        maxLineWidth - indent.count - Self.separator.count * max(columns - 1, 0)
    }

    static func truncate(_ text: String, to width: Int) -> String {
        guard text.count > width else { return text }
        guard width > 1 else { return String(text.prefix(width)) }
        if text.contains(" ") { return String(text.prefix(width - 1)) + "…" }
        let tail = (width - 1) * 2 / 3
        return String(text.prefix(width - 1 - tail)) + "…" + String(text.suffix(tail))
    }

    /// `text` broken at spaces into lines of at most `width` characters (a longer word stays whole), each after
    /// `indent`.
    static func wrap(_ text: String, width: Int, indent: String = "") -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, indent.count + line.count + 1 + word.count > width {
                lines.append(indent + line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        return lines + (line.isEmpty ? [] : [indent + line])
    }

    static func pad(_ text: String, to width: Int, right: Bool) -> String {
        let padding = String(repeating: " ", count: max(width - text.count, 0))
        return right ? padding + text : text + padding
    }

    static func isNumber(_ text: String) -> Bool {
        text.isEmpty || Double(text) != nil
    }

    private static func trimmingTrailingSpaces(_ text: String) -> String {
        var text = text
        while text.last == " " { text.removeLast() }
        return text
    }
}
