import AirbyteProtocol

/// Decides which pages a run covers: the configured ones, or, when none are configured, every page the token's
/// member administers (approved ADMINISTRATOR roles, company and showcase pages), paged to the end.
///
/// The list of administered pages (`organizationAcls`, one request for most tokens) is read at most once per run,
/// and only when it is needed: no page is configured, `include_administered_pages` adds the administered pages to
/// the configured ones, or a page is given as a bare id. A bare id is a company page unless that list shows it only
/// as a showcase page (`urn:li:organizationBrand:<id>`); when the list cannot be read, it stays a company page.
struct OrganizationResolver: Sendable {
    /// The pages of a run.
    struct Pages: Sendable {
        let organizations: [Organization]
        /// An error that ends the run (token rejected, version gone, quota spent), met while checking bare ids: the
        /// caller reports it as a stream's request would have, and sends no other request.
        var stop: LinkedInAPIError? = nil
    }

    let client: LinkedInClient
    let sink: MessageSink

    /// - Parameter showcasesInState: ids the incoming state keys as showcase pages: when the list cannot be read, a
    ///   bare id among them stays the showcase page it was, so its saved cursors are not dropped.
    func resolve(_ config: PagesConfig, showcasesInState: Set<String> = []) async throws -> Pages {
        let configured = config.organizations
        if configured.isEmpty { return Pages(organizations: try await discovered()) }
        guard config.includeAdministeredPages || !config.bareIDs.isEmpty else {
            return Pages(organizations: configured)
        }
        let administered: [Organization]
        do {
            administered = try await listAdministered()
        } catch let error as LinkedInAPIError {
            if config.includeAdministeredPages { throw error.status == 403 ? Self.refused(error) : error }
            // Checking the type of bare ids is never a failure of its own.
            let remembered = configured.map { page -> Organization in
                guard config.bareIDs[page] != nil, showcasesInState.contains(page.id),
                    let brand = Organization(id: page.id, kind: .showcase)
                else { return page }
                return brand
            }
            if error.scope == .run { return Pages(organizations: remembered, stop: error) }
            let bare = zip(configured, remembered).filter { config.bareIDs[$0.0] != nil && $0.0 == $0.1 }.map(\.0.id)
            for (page, brand) in zip(configured, remembered) where page != brand {
                sink.log(.info, "\(page.id) is read as the showcase page \(brand.urn), as the saved state keys it.")
            }
            guard !bare.isEmpty else { return Pages(organizations: remembered) }
            let more = bare.count > 10 ? " and \(bare.count - 10) more" : ""
            let named = bare.prefix(10).joined(separator: ", ") + more
            sink.log(
                .info,
                "Page ids \(named) are read as company pages: whether one is a showcase page "
                    + "could not be checked (the list of pages the token's member administers, organizationAcls, "
                    + "was not served: HTTP \(error.status.map(String.init) ?? "error")). Give a showcase page as "
                    + "urn:li:organizationBrand:<id>.")
            return Pages(organizations: remembered)
        }
        let listed = Set(administered)
        var pages: [Organization] = []
        var seen: Set<Organization> = []
        for page in configured {
            let resolved = typed(page, key: config.bareIDs[page], listed: listed)
            if seen.insert(resolved).inserted { pages.append(resolved) }
        }
        guard config.includeAdministeredPages else { return Pages(organizations: pages) }
        let added = administered.filter { !seen.contains($0) }
        sink.log(
            .info,
            "include_administered_pages: "
                + (added.isEmpty
                    ? "the token's member administers no page beyond the configured ones."
                    : "added \(added.count) administered page(s): "
                        + added.map(\.name).joined(separator: ", ") + "."))
        return Pages(organizations: pages + added)
    }

    /// A bare id the administered pages show only as a showcase page is that showcase page.
    private func typed(_ page: Organization, key: String?, listed: Set<Organization>) -> Organization {
        guard let key, !listed.contains(page), let brand = Organization(id: page.id, kind: .showcase),
            listed.contains(brand)
        else { return page }
        sink.log(.info, "\(key): \(page.id) is a showcase page (\(brand.urn)), read as one.")
        return brand
    }

    /// No page configured: every administered page, or a config error when there is none.
    private func discovered() async throws -> [Organization] {
        let found = try await listAdministered()
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

    /// The pages the token's member administers, in LinkedIn's order, each once.
    private func listAdministered() async throws -> [Organization] {
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
        return found
    }

    /// A 403 on the list of administered pages: the scope it needs is missing, or the role is not approved.
    private static func refused(_ error: LinkedInAPIError) -> ConnectorError {
        .config(
            "include_administered_pages is on, but LinkedIn refused the list of pages the token's member administers "
                + "(organizationAcls, HTTP 403). It needs \(Permission.organizationACLs.requirement): add the scope "
                + "to the app and authorize again, or turn include_administered_pages off and name every page in "
                + "org_ids.",
            internal: error.connectorError.internalMessage)
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
