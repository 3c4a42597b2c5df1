extension Permission {
    /// `organizationalEntityNotifications` (page_notifications, and post_comments' change feed, which without it
    /// falls back to counts with a WARN at read time).
    static let pageNotifications = Permission(
        family: "notifications", scopes: ["rw_organization_admin"], roles: ["ADMINISTRATOR"],
        source: "https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/"
            + "organization-social-action-notifications",
        note: "LinkedIn keeps notifications 60 days; its page lists rw_organization_admin only.")
}
