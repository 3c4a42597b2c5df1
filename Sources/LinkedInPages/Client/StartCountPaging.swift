import AirbyteProtocol

/// LinkedIn's `start`/`count` paging, written once, trusting the data rather than the page size: LinkedIn has been
/// seen returning short pages in the middle of a listing (organizationAcls, shares), so a short page alone is not
/// the end when the response says there is more.
///
/// The next page starts where the response's `rel=next` link says, else at `start + count` (LinkedIn's documented
/// rule). The listing goes on while a `next` link or `paging.total` says there is more, or after a full page when
/// the response says neither; it ends on an empty page, at `paging.total` elements, or when the caller needs no
/// more. A server that never ends fails loudly after `maxPages`, never silently truncates.
enum StartCountPaging {
    static let maxPages = 10_000

    /// What one page said about the rest.
    struct Page {
        var received: Int
        /// The caller needs no more (e.g. it reached its cursor).
        var done: Bool = false
        var body: JSON = .null
        /// Every record of the page had been seen on an earlier page.
        var repeated: Bool = false
    }

    /// The query parameters of the page that begins at `start`.
    static func parameters(start: Int, pageSize: Int) -> [(String, RestLiValue)] {
        [("start", .int(Int64(start))), ("count", .int(Int64(pageSize)))]
    }

    /// Calls `page` with each page's `start` until the data ends. With `pageSize` nil (no paging), `page` runs once.
    /// - Throws: `LinkedInAPIError` naming the stream when the listing does not end within `maxPages` pages.
    static func run(
        pageSize: Int?, maxPages: Int = maxPages, context: RequestContext, endpoint: String,
        _ page: (_ start: Int) async throws -> Page
    ) async throws {
        var start = 0
        var held = 0
        for _ in 0..<maxPages {
            let result = try await page(start)
            guard let pageSize, !result.done, result.received > 0 else { return }
            let paging = result.body["paging"]
            if result.repeated {
                // The server ignores `start`. Where it says there is more, stopping would lose data silently.
                let more = (paging?["total"]?.int64Value).map { Int($0) > held } ?? false
                guard more || nextStart(paging?["links"]) != nil else { return }
                throw LinkedInAPIError.noticed(
                    "LinkedIn answered the listing of \(context.label) (\(endpoint)) with the same page again at start "
                        + "\(start) though it says there is more; the stream stopped rather than lose or repeat records. "
                        + "Please report this with the log.",
                    internal: "\(endpoint): page at start \(start) repeats an earlier page; held \(held)",
                    context: context)
            }
            held += result.received
            if let next = nextStart(paging?["links"]) {
                guard next > start else { return }
                start = next
                continue
            }
            // A server that caps `count` says so in `paging.count`: a page of that many is full.
            // (Believed only when the page holds no more than it: some answers echo a count they did not apply.)
            let served = paging?["count"]?.int64Value.map(Int.init).flatMap {
                $0 > 0 && $0 < pageSize && result.received <= $0 ? $0 : nil
            }
            if let total = paging?["total"]?.int64Value {
                guard held < total else { return }
            } else if result.received < (served ?? pageSize) {
                return  // a short page, and nothing says there is more
            }
            start += served ?? pageSize
        }
        throw LinkedInAPIError.noticed(
            "The listing of \(context.label) (\(endpoint)) did not end after \(maxPages) pages; the stream stopped "
                + "there rather than loop. Please report this with the log.",
            internal: "\(endpoint): page limit \(maxPages) reached", context: context)
    }

    /// `start` of the `rel=next` link, from `[{"rel": "next", "href": "/rest/...?start=100&count=100"}]`.
    static func nextStart(_ links: JSON?) -> Int? {
        for link in links?.arrayValue ?? [] where link["rel"]?.stringValue == "next" {
            guard let href = link["href"]?.stringValue, let query = href.split(separator: "?").last else { continue }
            for pair in query.split(separator: "&") where pair.hasPrefix("start=") {
                return Int(pair.dropFirst("start=".count))
            }
        }
        return nil
    }
}
