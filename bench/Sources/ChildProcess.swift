import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program, counting the RECORD and STATE lines it prints, and reports its wall time and resource usage (wait4).
enum ChildProcess {
    struct Result {
        var wall: Double
        var user: Double
        var system: Double
        var maxRSSKB: Int
        var output: Output
        var exitCode: Int32
        var records: Int { output.records }
    }

    /// GNU time, when installed, measures the peak memory of the connector alone. Without it, wait4's figure also
    /// counts the pages the child shared with this (larger) process before it exec'ed, and reads high.
    static let gnuTime = FileManager.default.isExecutableFile(atPath: "/usr/bin/time") ? "/usr/bin/time" : nil

    /// - Parameter keepStates: keep the last STATE line of each stream (`Output.lastStates`).
    static func run(_ path: String, _ arguments: [String], environment: [String: String], keepStates: Bool = false)
        -> Result
    {
        guard let gnuTime else { return spawn(path, arguments, environment: environment, keepStates: keepStates) }
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("time-\(UUID().uuidString)").path
        var result = spawn(
            gnuTime, ["-f", "%M", "-o", report, path] + arguments, environment: environment, keepStates: keepStates)
        if let text = try? String(contentsOfFile: report, encoding: .utf8),
            let kilobytes = Int(text.split(separator: "\n").last?.trimmingCharacters(in: .whitespaces) ?? "")
        {
            result.maxRSSKB = kilobytes
        }
        try? FileManager.default.removeItem(atPath: report)
        return result
    }

    private static func spawn(
        _ path: String, _ arguments: [String], environment: [String: String], keepStates: Bool
    ) -> Result {
        var pipeEnds: [Int32] = [0, 0]
        pipe(&pipeEnds)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
            posix_spawn_file_actions_destroy(&actions)
        }
        var pid: pid_t = 0
        let started = monotonicSeconds()
        guard posix_spawn(&pid, path, &actions, nil, argv, envp) == 0 else {
            return Result(wall: 0, user: 0, system: 0, maxRSSKB: 0, output: Output(), exitCode: -1)
        }
        close(pipeEnds[1])
        let output = countLines(pipeEnds[0], keepStates: keepStates)
        close(pipeEnds[0])
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        let wall = monotonicSeconds() - started
        let exitCode: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(
            wall: wall, user: seconds(usage.ru_utime), system: seconds(usage.ru_stime), maxRSSKB: usage.ru_maxrss,
            output: output, exitCode: exitCode)
    }

    /// What the child printed, counted as the bytes stream by: RECORD and STATE lines and their bytes (newline
    /// included), and the request count from the connector's closing "Read summary: … N requests to LinkedIn" log.
    struct Output {
        var records = 0
        var recordBytes = 0
        var states = 0
        var stateBytes = 0
        var reportedRequests: Int?
        /// The read summary's "LinkedIn calls by endpoint" figures, by first path segment.
        var reportedEndpoints: [String: Int] = [:]
        /// Each progress line's figures: stream → (records, requests).
        var progress: [[String: Figures]] = []
        /// The read summary's per-stream totals.
        var streamTotals: [String: Figures] = [:]
        /// The last STATE line of each stream, by stream name, as printed (newline excluded); kept on request.
        var lastStates: [String: [UInt8]] = [:]
    }

    static func countLines(_ descriptor: Int32, keepStates: Bool = false) -> Output {
        enum Kind { case unknown, record, state, log, other }
        let record = Array(#"{"type":"RECORD""#.utf8)
        let state = Array(#"{"type":"STATE""#.utf8)
        let log = Array(#"{"type":"LOG""#.utf8)
        var output = Output()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var head: [UInt8] = []  // the first bytes of the current line, enough to classify it
        var logLine: [UInt8] = []  // a LOG line, kept while short
        var stateLine: [UInt8] = []  // a STATE line, kept whole when keepStates
        let nameKey = Array(#""stream_descriptor":{"name":""#.utf8)
        var kind = Kind.unknown
        var lineBytes = 0
        func finishLine() {
            switch kind {
            case .record: output.records += 1; output.recordBytes += lineBytes
            case .state:
                output.states += 1
                output.stateBytes += lineBytes
                if keepStates, let name = streamName(stateLine) {
                    if stateLine.last == 0x0A { stateLine.removeLast() }
                    output.lastStates[name] = stateLine
                }
            case .log:
                let text = String(decoding: logLine, as: UTF8.self)
                // The line is the LOG message's JSON; its text ends at the closing quote.
                if let start = text.range(of: "LinkedIn calls by endpoint"), let colon = text.range(of: "): ") {
                    let list = text[colon.upperBound...].prefix { $0 != "\"" }
                    for item in list.split(separator: ", ") where start.lowerBound < colon.lowerBound {
                        let words = item.split(separator: " ")
                        guard let name = words.first, let count = words.last.flatMap({ Int($0.filter(\.isNumber)) })
                        else { continue }
                        let segment = String(name.split(separator: "/").first ?? name)
                        output.reportedEndpoints[segment, default: 0] += count
                    }
                }
                if text.contains("Progress of ") { output.progress.append(Self.progressFigures(text)) }
                // "Stream 'posts': COMPLETE, 127 records, 5 requests, 0.1 s."
                if let start = text.range(of: "\"message\":\"Stream '"),
                    let end = text[start.upperBound...].firstIndex(of: "'")
                {
                    output.streamTotals[String(text[start.upperBound..<end])] = Self.figures(text[end...])
                }
                // "Read summary: … records, 27,020 requests to LinkedIn in …"
                if let start = text.range(of: "Read summary: "), let end = text.range(of: " to LinkedIn in ") {
                    let words = text[start.upperBound..<end.lowerBound].split(separator: " ")
                    if words.count >= 2 { output.reportedRequests = Int(words[words.count - 2].filter(\.isNumber)) }
                }
            default: break
            }
            head.removeAll(keepingCapacity: true)
            logLine.removeAll(keepingCapacity: true)
            stateLine.removeAll(keepingCapacity: true)
            kind = .unknown
            lineBytes = 0
        }
        func consume(_ bytes: UnsafeBufferPointer<UInt8>) {
            lineBytes += bytes.count
            if kind == .unknown {
                head.append(contentsOf: bytes.prefix(record.count - head.count))
                if head.starts(with: record) {
                    kind = .record
                } else if head.starts(with: state) {
                    kind = .state
                } else if head.starts(with: log) {
                    kind = .log
                } else if head.count >= record.count {
                    kind = .other
                }
            }
            if kind == .log || kind == .unknown, logLine.count < 4096 { logLine.append(contentsOf: bytes) }
            if keepStates, kind == .state || kind == .unknown { stateLine.append(contentsOf: bytes) }
        }
        /// The stream a STATE line is of: the name after `"stream_descriptor":{"name":"`, looked for near the start.
        func streamName(_ line: [UInt8]) -> String? {
            let window = line.prefix(512)
            guard window.count >= nameKey.count else { return nil }
            for start in window.startIndex...(window.endIndex - nameKey.count)
            where window[start..<start + nameKey.count].elementsEqual(nameKey) {
                let rest = window[(start + nameKey.count)...]
                guard let end = rest.firstIndex(of: 0x22) else { return nil }
                return String(decoding: rest[..<end], as: UTF8.self)
            }
            return nil
        }
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, $0.count) }
            if count <= 0 { break }
            buffer.withUnsafeBufferPointer { chunk in
                var start = 0
                while start < count {
                    let base = chunk.baseAddress! + start
                    guard let hit = memchr(base, 0x0A, count - start) else {
                        consume(UnsafeBufferPointer(start: base, count: count - start))
                        return
                    }
                    let end = chunk.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
                    consume(UnsafeBufferPointer(start: base, count: end - start))
                    finishLine()
                    start = end
                }
            }
        }
        if lineBytes > 0 { finishLine() }
        return output
    }

    static func monotonicSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func seconds(_ value: timeval) -> Double { Double(value.tv_sec) + Double(value.tv_usec) / 1e6 }

    /// Records and requests, as the connector's progress and summary lines count them.
    struct Figures: Equatable {
        var records = 0
        var requests = 0
    }

    /// The number before `word` (`1,234 records`), commas dropped.
    static func number(before word: String, in text: Substring) -> Int {
        guard let range = text.range(of: " " + word) else { return 0 }
        let digits = text[..<range.lowerBound].reversed().prefix { $0.isNumber || $0 == "," }
        return Int(String(digits.reversed()).filter(\.isNumber)) ?? 0
    }

    static func figures(_ text: Substring) -> Figures {
        Figures(records: number(before: "record", in: text), requests: number(before: "request", in: text))
    }

    /// `Progress of stream 'a' after 1.0 s: …` or `Progress of 6 streams after 1.0 s: 'a' …; 'b' …`.
    static func progressFigures(_ line: String) -> [String: Figures] {
        guard let colon = line.range(of: " s: ") else { return [:] }
        let head = line[..<colon.lowerBound]
        let body = line[colon.upperBound...].prefix { $0 != "\"" }
        if let open = head.range(of: "stream '"), let close = head[open.upperBound...].firstIndex(of: "'") {
            return [String(head[open.upperBound..<close]): figures(body)]
        }
        var result: [String: Figures] = [:]
        for part in body.split(separator: ";") {
            let trimmed = part.drop { $0 == " " }
            guard trimmed.first == "'", let close = trimmed.dropFirst().firstIndex(of: "'") else { continue }
            result[String(trimmed[trimmed.index(after: trimmed.startIndex)..<close])] = figures(trimmed[close...])
        }
        return result
    }
}
