import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program, counting the RECORD lines it prints, and reports its wall time and resource usage (wait4).
enum ChildProcess {
    struct Result {
        var wall: Double
        var user: Double
        var system: Double
        var maxRSSKB: Int
        var records: Int
        var exitCode: Int32
    }

    /// GNU time, when installed, measures the peak memory of the connector alone. Without it, wait4's figure also
    /// counts the pages the child shared with this (larger) process before it exec'ed, and reads high.
    static let gnuTime = FileManager.default.isExecutableFile(atPath: "/usr/bin/time") ? "/usr/bin/time" : nil

    static func run(_ path: String, _ arguments: [String], environment: [String: String]) -> Result {
        guard let gnuTime else { return spawn(path, arguments, environment: environment) }
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("time-\(UUID().uuidString)").path
        var result = spawn(gnuTime, ["-f", "%M", "-o", report, path] + arguments, environment: environment)
        if let text = try? String(contentsOfFile: report, encoding: .utf8),
            let kilobytes = Int(text.split(separator: "\n").last?.trimmingCharacters(in: .whitespaces) ?? "")
        {
            result.maxRSSKB = kilobytes
        }
        try? FileManager.default.removeItem(atPath: report)
        return result
    }

    private static func spawn(_ path: String, _ arguments: [String], environment: [String: String]) -> Result {
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
            return Result(wall: 0, user: 0, system: 0, maxRSSKB: 0, records: 0, exitCode: -1)
        }
        close(pipeEnds[1])
        let records = countRecordLines(pipeEnds[0])
        close(pipeEnds[0])
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        let wall = monotonicSeconds() - started
        let exitCode: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(
            wall: wall, user: seconds(usage.ru_utime), system: seconds(usage.ru_stime), maxRSSKB: usage.ru_maxrss,
            records: records, exitCode: exitCode)
    }

    /// Lines starting with `{"type":"RECORD"`, counted as the bytes stream by (the connector writes that prefix).
    static func countRecordLines(_ descriptor: Int32) -> Int {
        let prefix = Array(#"{"type":"RECORD""#.utf8)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var count = 0
        var lineStart = true
        var matched = 0
        while true {
            let read = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, $0.count) }
            if read <= 0 { break }
            for index in 0..<read {
                let byte = buffer[index]
                if byte == 0x0A {
                    lineStart = true
                    matched = 0
                    continue
                }
                if lineStart {
                    if byte == prefix[matched] {
                        matched += 1
                        if matched == prefix.count {
                            count += 1
                            lineStart = false
                        }
                    } else {
                        lineStart = false
                    }
                }
            }
        }
        return count
    }

    static func monotonicSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func seconds(_ value: timeval) -> Double { Double(value.tv_sec) + Double(value.tv_usec) / 1e6 }
}
