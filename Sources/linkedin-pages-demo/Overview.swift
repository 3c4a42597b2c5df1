import AirbyteProtocol
import Foundation

/// The demo's default output: what a read produced, per stream, as a person reads it.
struct Overview {
    let summary: ReadSummary
    /// Where the recorded responses came from and when they were recorded, for the heading.
    let fixtures: String
    let recordedAt: Date
    let requests: Int
    /// Where the final state was saved for a `--state` run, if it was.
    let statePath: String?
    var sampleSize = 3
    var picker = ColumnPicker()
    var table = TableRenderer(indent: "  ")

    func lines() -> [String] {
        let when = CellText.date(millis: Int64(recordedAt.timeIntervalSince1970 * 1000))
        var lines =
            wrapped(
                "The connector's read, answered by the recorded LinkedIn responses in \(fixtures) as of \(when) UTC (no"
                    + " credentials, no network): \(summary.streams.count) streams, \(summary.recordCount) records,"
                    + " \(requests) requests.") + [""]
        lines += streamTable() + [""]
        for stream in summary.streams {
            lines += sample(stream) + [""]
        }
        lines += problems()
        lines += stateLines()
        return lines
    }

    // MARK: - Parts

    func streamTable() -> [String] {
        let rows = summary.streams.map { stream in
            [stream.name, String(stream.records.count), stream.status ?? ""] + Self.resumePoint(stream.streamState)
        }
        var wide = table
        wide.maxCellWidth = 64
        return wide.render(
            headers: ["stream", "records", "status", "cursor", "an incremental run resumes at"], rows: rows)
    }

    func sample(_ stream: ReadSummary.Stream) -> [String] {
        let keys = stream.keyPaths + (stream.cursorField.isEmpty ? [] : [stream.cursorField])
        let rows = Self.representatives(of: Self.sorted(stream.records, by: keys), count: sampleSize)
        let shown = rows.count < stream.records.count ? ", \(rows.count) of them:" : ":"
        let heading = "\(stream.name): \(stream.records.count) record\(stream.records.count == 1 ? "" : "s")"
        guard !rows.isEmpty else { return [heading + "."] }
        var picker = self.picker
        var columns = picker.columns(for: stream.records, keyPaths: keys)
        while columns.count > 1, !table.fits(headers: Self.headers(columns)) {
            picker.limit = columns.count - 1  // the least telling column goes
            columns = picker.columns(for: stream.records, keyPaths: keys)
        }
        let cells = rows.map { row in columns.map { CellText.text(ColumnPicker.value(at: $0, in: row)) } }
        return [heading + shown] + table.render(headers: Self.headers(columns), rows: cells)
    }

    func problems() -> [String] {
        var lines: [String] = []
        if !summary.warnings.isEmpty {
            lines.append("Warnings:")
            lines += summary.warnings.flatMap { wrapped($0, indent: "  ") }
        }
        if summary.errors.isEmpty {
            lines.append("Errors: none.")
        } else {
            lines.append("Errors:")
            lines += summary.errors.flatMap { error in
                wrapped("[\(error.failureType)] \(error.stream.map { "\($0): " } ?? "")\(error.message)", indent: "  ")
            }
        }
        return lines
    }

    func stateLines() -> [String] {
        let cursors = summary.streams.filter { !Self.resumePoint($0.streamState)[0].isEmpty }.count
        guard cursors > 0 else { return ["State: no stream keeps a cursor; every run reads everything again."] }
        let text =
            "State: \(cursors) streams keep a cursor per partition (an organization, or an organization and a post;"
            + " above); an incremental run reads only from there on (less lookback_days), the other streams in full."
        guard let statePath else { return wrapped(text) }
        return wrapped(text + " It is saved; to try:") + ["  scripts/demo --state \(statePath)"]
    }

    private func wrapped(_ text: String, indent: String = "") -> [String] {
        TableRenderer.wrap(text, width: table.maxLineWidth, indent: indent)
    }

    // MARK: - Helpers

    /// Records in the order of their key fields (the read's order across organizations depends on timing), so the
    /// same fixtures always show the same rows.
    static func sorted(_ records: [JSONObject], by keys: [[String]]) -> [JSONObject] {
        func precedes(_ left: JSON?, _ right: JSON?) -> Bool? {
            switch (left, right) {
            case let (.int(a)?, .int(b)?): return a == b ? nil : a < b
            case let (.string(a)?, .string(b)?): return a == b ? nil : a < b
            default:
                let (a, b) = (CellText.text(left), CellText.text(right))
                return a == b ? nil : a < b
            }
        }
        return records.enumerated().sorted { left, right in
            for path in keys {
                let order = precedes(
                    ColumnPicker.value(at: path, in: left.element), ColumnPicker.value(at: path, in: right.element))
                if let order { return order }
            }
            return left.offset < right.offset
        }.map(\.element)
    }

    /// The first, middle and last record (for `count` 3): a spread over organizations, dates and kinds.
    static func representatives(of records: [JSONObject], count: Int) -> [JSONObject] {
        guard records.count > count, count > 1 else { return Array(records.prefix(count)) }
        return (0..<count).map { records[$0 * (records.count - 1) / (count - 1)] }
    }

    /// A nested column is headed by its last field when that is unique among the columns and says enough on its
    /// own (`organicFollowerGain`), by the field above when only that is unique (`allPageViews` for
    /// `….allPageViews.pageViews`), else by both (`message.text`).
    static func headers(_ columns: [[String]]) -> [String] {
        func unique(_ name: String, at offset: Int) -> Bool {
            name.count >= 8 && columns.filter { $0.count > offset && $0[$0.count - 1 - offset] == name }.count == 1
        }
        return columns.map { path in
            guard path.count > 1 else { return path.joined(separator: ".") }
            let leaf = path[path.count - 1]
            let parent = path[path.count - 2]
            if unique(leaf, at: 0) { return leaf }
            if unique(parent, at: 1) { return parent }
            return parent + "." + leaf
        }
    }

    /// The cursor field and where an incremental run resumes: one value when every partition's cursor is the same
    /// (`2026-11-18 (2 partitions)`), else the range of days; empty when the state holds no cursor. The cursor field
    /// is the one the state's top level carries (the oldest cursor), so fields beside it (a post's engagement count)
    /// are not mistaken for it; partitions without a time (a post with no comments yet) are left out.
    static func resumePoint(_ state: JSON?) -> [String] {
        guard let state = state?.objectValue, !state.isEmpty else { return ["", ""] }
        guard let field = state.first(where: { $0.0 != "states" && $0.0 != "state" })?.0 else {
            return ["", ""]
        }
        let values = (state["states"]?.arrayValue ?? []).compactMap { entry -> String? in
            guard let value = entry["cursor"]?[field], value != .null else { return nil }
            return CellText.text(value)
        }
        guard !values.isEmpty else { return [field, CellText.text(state[field] ?? .null)] }
        let partitions = values.count == 1 ? "1 partition" : "\(values.count) partitions"
        if Set(values).count == 1 { return [field, "\(values[0]) (\(partitions))"] }
        let days = values.map { String($0.prefix(10)) }
        return [field, "\(days.min()!) … \(days.max()!) (\(partitions))"]
    }
}
