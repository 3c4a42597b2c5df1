/// LinkedIn's `start`/`count` paging, written once: ask for `pageSize` at a time, move `start` on by `pageSize`, and
/// stop on a short page (LinkedIn's documented end of data; `paging.total` is not always there and not trusted),
/// when the caller says so, or after `maxPages` against a server that never stops.
enum StartCountPaging {
    static let maxPages = 10_000

    /// The query parameters of the page that begins at `start`.
    static func parameters(start: Int, pageSize: Int) -> [(String, RestLiValue)] {
        [("start", .int(Int64(start))), ("count", .int(Int64(pageSize)))]
    }

    /// Calls `page` with each page's `start` until the data ends. `page` returns how many elements the page held and
    /// whether the caller needs no more. With `pageSize` nil (no paging), `page` runs once with `start` 0.
    static func run(
        pageSize: Int?, maxPages: Int = maxPages, _ page: (_ start: Int) async throws -> (received: Int, done: Bool)
    ) async throws {
        var start = 0
        for _ in 0..<maxPages {
            let (received, done) = try await page(start)
            guard let pageSize, received >= pageSize, !done else { return }
            start += pageSize
        }
    }
}
