/// When and how long to wait before trying a request again.
///
/// Exponential backoff with full jitter (a random wait between 0 and `min(cap, base × 2^attempt)`), `Retry-After`
/// honoured when LinkedIn sends it, `maxAttempts` tries in all. A `Retry-After` longer than `longestWait` is not
/// slept on: a daily quota resets at midnight UTC, and a silent connector would be killed by the platform first.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double
    public var longestWait: Double

    public init(maxAttempts: Int = 5, baseDelay: Double = 2, maxDelay: Double = 60, longestWait: Double = 300) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.longestWait = longestWait
    }

    /// Seconds to wait after failed attempt `attempt` (1-based), or nil when the caller should give up.
    public func delay(afterAttempt attempt: Int, retryAfter: Double?) -> Double? {
        guard attempt < maxAttempts else { return nil }
        if let retryAfter {
            return retryAfter <= longestWait ? retryAfter : nil
        }
        let ceiling = min(maxDelay, baseDelay * Double(1 << min(attempt - 1, 30)))
        return Double.random(in: 0...ceiling)
    }

    /// Parses `Retry-After` in its seconds form (LinkedIn does not document the header; be lenient).
    static func retryAfterSeconds(_ header: String?) -> Double? {
        guard let header, let seconds = Double(header.trimmingWhitespace), seconds >= 0 else {
            return nil
        }
        return seconds
    }
}
