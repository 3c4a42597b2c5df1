import AirbyteProtocol
import Foundation
import Testing
@testable import LinkedInPages

/// Statistics records carry their metrics as top-level typed columns besides LinkedIn's nested objects.
@Suite struct MetricColumnsTests {
    let context = RecordTransform.Context(
        organization: nil, snapshotDate: "2026-11-20", memberData: .keep)

    func lifted(_ record: JSON, _ columns: [MetricColumn]) throws -> JSONObject {
        var object = try #require(record.objectValue)
        RecordTransform.liftMetrics(columns).apply(to: &object, context: context)
        return object
    }

    @Test func missingMetricsStayAbsentAndWrongTypesBecomeNull() throws {
        let record = try lifted(
            [
                "totalShareStatistics": [
                    "impressionCount": 1233, "clickCount": 58.0, "likeCount": "39", "engagement": 0.085,
                    "commentCount": .null,
                ]
            ], MetricColumn.shareStatistics)
        #expect(record["impressionCount"] == 1233)
        #expect(record["clickCount"] == .int(58))  // a count written as 58.0 is still an integer column
        #expect(record["likeCount"] == .null)
        #expect(record["commentCount"] == .null)
        #expect(record["engagement"] == 0.085)
        #expect(record["shareCount"] == nil && record["uniqueImpressionsCount"] == nil)
        #expect(record["totalShareStatistics"]?["impressionCount"] == 1233)  // the nested object stays
        let empty = try lifted(["organization": "urn:li:organization:1"], MetricColumn.totalPageViews)
        #expect(empty == ["organization": "urn:li:organization:1"])
        let notAnObject = try lifted(["followerGains": "n/a"], MetricColumn.followerGains)
        #expect(notAnObject["organicFollowerGain"] == nil)
    }

    @Test func pageViewColumnsAreNamedAfterTheirSection() {
        let columns = MetricColumn.totalPageViews
        #expect(columns.count == 54)  // 27 sections, total and unique
        #expect(Set(columns.map(\.column)).count == columns.count)
        let byName = Dictionary(uniqueKeysWithValues: columns.map { ($0.column, $0.path) })
        #expect(byName["allPageViews"] == ["totalPageStatistics", "views", "allPageViews", "pageViews"])
        #expect(byName["uniqueAllPageViews"] == ["totalPageStatistics", "views", "allPageViews", "uniquePageViews"])
        #expect(
            byName["desktopCareersPageViews"] == [
                "totalPageStatistics", "views", "desktopCareersPageViews", "pageViews",
            ])
        #expect(byName["uniqueMobileLifeAtPageViews"]?.last == "uniquePageViews")
    }

    /// Each statistics stream, the columns it lifts, and the nested object they come from.
    static let lifting: [(stream: String, columns: [MetricColumn])] = [
        ("share_statistics", MetricColumn.shareStatistics),
        ("share_statistics_time_bound", MetricColumn.shareStatistics),
        ("post_statistics", MetricColumn.shareStatistics),
        ("follower_statistics_time_bound", MetricColumn.followerGains),
        ("page_statistics", MetricColumn.totalPageViews),
        ("page_statistics_time_bound", MetricColumn.totalPageViews),
        ("page_statistics_by_facet", MetricColumn.facetPageViews),
    ]

    @Test func everyStatisticsStreamDeclaresItsColumnsWithTypes() throws {
        for (stream, columns) in Self.lifting {
            let definition = try #require(StreamRegistry.named(stream))
            let properties = try #require(definition.airbyteStream.jsonSchema["properties"])
            for column in columns {
                let type = column.kind == .integer ? "integer" : "number"
                #expect(properties[column.column]?["type"] == ["null", .string(type)], "\(stream).\(column.column)")
            }
            #expect(
                definition.transforms.contains {
                    if case .liftMetrics(let lifted) = $0 { return lifted == columns }
                    return false
                }, "\(stream)")
        }
        let engagement = StreamRegistry.named("share_statistics")?.airbyteStream.jsonSchema["properties"]?["engagement"]
        #expect(engagement?["description"] == "totalShareStatistics.engagement, lifted to a column.")
    }

    @Test func recordsCarryTheNestedValuesAsColumns() async throws {
        let engine = SyncEngineTests()
        let run = try await engine.read(config: engine.config(), streams: Self.lifting.map(\.stream))
        #expect(run.failures.isEmpty)
        for (stream, columns) in Self.lifting {
            let records = run.sink.records(of: stream)
            #expect(!records.isEmpty, "\(stream)")
            var filled = 0
            for record in records {
                for column in columns {
                    var nested: JSON? = .object(record)
                    for key in column.path { nested = nested?[key] }
                    #expect(record[column.column] == nested, "\(stream).\(column.column)")
                    if nested != nil { filled += 1 }
                }
            }
            #expect(filled > 0, "\(stream): no column was filled from the fixtures")
        }
        let gains = try #require(run.sink.records(of: "follower_statistics_time_bound").first)
        #expect(gains["organicFollowerGain"] == gains["followerGains"]?["organicFollowerGain"])
        #expect(gains["organicFollowerGain"]?.int64Value != nil)
    }
}
