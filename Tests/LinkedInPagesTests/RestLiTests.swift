import AirbyteProtocol
import Testing
@testable import LinkedInPages

/// Expected strings are LinkedIn's own documented examples (protocol-version page, LinkedIn's Python client tests).
@Suite struct RestLiTests {
    @Test func timeIntervalsKeepStructureLiteral() {
        let value = RestLi.timeIntervals(
            startMillis: 1_700_000_000_000, endMillis: 1_702_592_000_000, granularity: "DAY")
        #expect(
            RestLi.query([("timeIntervals", value)])
                == "timeIntervals=(timeRange:(start:1700000000000,end:1702592000000),timeGranularityType:DAY)")
    }

    @Test func urnLeavesAreEncodedInsideLists() {
        #expect(
            RestLi.query([("q", "authors"), ("authors", .list(["urn:li:organization:12345"]))])
                == "q=authors&authors=List(urn%3Ali%3Aorganization%3A12345)")
        #expect(RestLi.query([("ids", .list([1, 2]))]) == "ids=List(1,2)")
    }

    @Test func nestedObjectsAndSpecialCharacters() {
        let value = RestLiValue.object([
            ("k1", "v1"), ("k2", "urn:li:app:123"), ("k3", .list([1, 2])), ("k4", .object([("k41", "foobar")])),
        ])
        #expect(value.encoded == "(k1:v1,k2:urn%3Ali%3Aapp%3A123,k3:List(1,2),k4:(k41:foobar))")
        #expect(
            RestLiValue.list([.object([("k1", "v1")]), .list(["v2", " t?':,*!"])]).encoded
                == "List((k1:v1),List(v2,%20t%3F%27%3A%2C%2A%21))")
    }

    @Test func pathKeysAreFullyEncoded() {
        #expect(RestLi.pathKey("urn:li:organization:123") == "urn%3Ali%3Aorganization%3A123")
        #expect(RestLi.pathKey(.object([("entity", "urn:li:share:7")])) == "(entity:urn%3Ali%3Ashare%3A7)")
        #expect(RestLi.pathKey("1234567") == "1234567")
    }
}

@Suite struct StartCountPagingTests {
    /// The starts asked for, against pages of `sizes` elements (the last repeats) whose paging object is `paging`.
    func starts(
        pageSize: Int?, sizes: [Int], doneAt: Int? = nil, maxPages: Int = 10,
        paging: (_ start: Int) -> JSON = { _ in ["start": 0, "count": 100, "links": []] }
    ) async throws -> [Int] {
        var seen: [Int] = []
        try await StartCountPaging.run(
            pageSize: pageSize, maxPages: maxPages, context: RequestContext(stream: "posts"), endpoint: "/posts"
        ) { start in
            seen.append(start)
            return StartCountPaging.Page(
                received: sizes[min(seen.count - 1, sizes.count - 1)], done: seen.count == doneAt,
                body: ["paging": paging(start)])
        }
        return seen
    }

    @Test func aShortPageEndsTheListingOnlyWhenNothingSaysThereIsMore() async throws {
        #expect(try await starts(pageSize: 100, sizes: [100, 100, 37]) == [0, 100, 200])
        #expect(try await starts(pageSize: 100, sizes: [100, 0]) == [0, 100])
        // LinkedIn's short pages mid-listing: a total says there is more, so paging goes on to it.
        let total: (Int) -> JSON = { ["start": .int(Int64($0)), "count": 10, "total": 25] }
        #expect(try await starts(pageSize: 10, sizes: [8, 9, 8], paging: total) == [0, 10, 20])
        // An empty page ends it even when the total promised more.
        #expect(try await starts(pageSize: 10, sizes: [8, 0], paging: total) == [0, 10])
    }

    @Test func aServerThatCapsTheCountIsPagedByItsOwnCount() async throws {
        // Asked for 100, LinkedIn serves 10 and says so in paging.count: a page of 10 is full.
        let capped: (Int) -> JSON = { ["start": .int(Int64($0)), "count": 10, "links": []] }
        #expect(try await starts(pageSize: 100, sizes: [10, 10, 4], paging: capped) == [0, 10, 20])
    }

    @Test func aNextLinkDecidesWhereTheNextPageStarts() async throws {
        let links: (Int) -> JSON = { start in
            start >= 16
                ? ["links": []]
                : ["links": [["rel": "next", "href": .string("/rest/posts?q=author&start=\(start + 8)&count=10")]]]
        }
        #expect(try await starts(pageSize: 10, sizes: [8], paging: links) == [0, 8, 16])
    }

    @Test func stopsWhenTheCallerIsDoneAndFailsLoudlyAfterMaxPages() async throws {
        #expect(try await starts(pageSize: 10, sizes: [10], doneAt: 2) == [0, 10])
        #expect(try await starts(pageSize: nil, sizes: [500]) == [0])  // unpaged: one request
        let error = await #expect(throws: LinkedInAPIError.self) {
            _ = try await starts(pageSize: 10, sizes: [10], maxPages: 3)  // a server that never ends
        }
        #expect(error?.connectorError.message.contains("'posts'") == true)
        #expect(error?.connectorError.message.contains("3 pages") == true)
    }
}
