import AirbyteProtocol

/// Decides which pages a run covers: the configured ones, or, when none are configured, every page the token's
/// member administers (approved ADMINISTRATOR roles, company and showcase pages), paged to the end.
///
/// A configured plain id is a company page: telling a showcase page from it would cost every run a lookup, so a
/// showcase page is named by its URN (`urn:li:organizationBrand:<id>`), as discovery finds it.
struct OrganizationResolver: Sendable {
    let client: LinkedInClient
    let sink: MessageSink

    func resolve(_ config: PagesConfig) async throws -> [Organization] {
        if !config.organizations.isEmpty { return config.organizations }
        let reader = PartitionReader(
            client: client, granularity: "DAY", snapshotDate: "", memberData: .keep, snapshots: nil, sink: sink)
        var found: [Organization] = []
        _ = try await reader.read(StreamRegistry.organizationDiscovery, partition: .token, slice: Slice()) { records in
            for record in records {
                // `urn:li:organization:` (company pages) and `urn:li:organizationBrand:` (showcase pages).
                if let urn = record["organization"]?.stringValue, urn.hasPrefix("urn:li:"),
                    let organization = Organization(urn), !found.contains(organization)
                {
                    found.append(organization)
                }
            }
        }
        guard !found.isEmpty else {
            throw ConnectorError.config(
                "No org_id or org_ids is configured, and the token's member administers no LinkedIn page (no approved "
                    + "ADMINISTRATOR role). Set org_id, or use a token of a page administrator.")
        }
        sink.log(
            .info,
            "Found \(found.count) administered page(s): "
                + found.map(\.name).joined(separator: ", ") + ".")
        return found
    }
}

/// Turns `compare_organizations` into organization ids: ids pass through, vanity names are looked up
/// (`organizations?q=vanityName`). A name that matches no page is a warning naming it; the others continue.
struct ComparedOrganizationResolver: Sendable {
    let client: LinkedInClient
    let sink: MessageSink
    /// The stream the lookups are for, as logs and errors name it.
    let stream: String

    func resolve(_ references: [CompanyReference]) async throws -> [Organization] {
        var found: [Organization] = []
        for reference in references {
            switch reference {
            case .organization(let organization):
                if !found.contains(organization) { found.append(organization) }
            case .vanityName(let name):
                let body = try await client.get(
                    "organizations", query: [("q", "vanityName"), ("vanityName", .string(name))],
                    context: RequestContext(stream: stream))
                let id = body["elements"]?.arrayValue?.first?["id"]?.int64Value
                if let id, let organization = Organization(String(id)) {
                    if !found.contains(organization) { found.append(organization) }
                } else {
                    sink.log(
                        .warn,
                        "compare_organizations: no LinkedIn page has the vanity name '\(name)' (linkedin.com/company/\(name)); "
                            + "it is skipped. Check the spelling, or use the organization id.")
                }
            }
        }
        return found
    }
}
