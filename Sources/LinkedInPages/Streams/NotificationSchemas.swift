import AirbyteProtocol

/// The schema of `page_notifications`: LinkedIn's organization social-action notifications, one row each.
extension Schemas {
    /// The actions asked for, all LinkedIn documents for the criteria finder.
    static let notificationActions = [
        "LIKE", "COMMENT", "SHARE", "SHARE_MENTION", "ADMIN_COMMENT", "COMMENT_EDIT", "COMMENT_DELETE",
    ]

    static let pageNotifications = Schema.record([
        "notificationId": notificationColumn(Schema.integer, "LinkedIn's id of the notification."),
        "organizationalEntity": notificationColumn(Schema.string, "The page notified (organization or brand URN)."),
        "action": notificationColumn(
            Schema.string,
            "What happened: LIKE, COMMENT, SHARE (a reshare), SHARE_MENTION (a post mentioning the page), "
                + "ADMIN_COMMENT (a comment made as the page), COMMENT_EDIT, COMMENT_DELETE. LinkedIn notifies LIKE, "
                + "COMMENT and SHARE for PUBLIC posts only."),
        "sourcePost": notificationColumn(
            Schema.string, "The post acted on, as LinkedIn names it (often an activity URN, urn:li:activity:…)."),
        "post": notificationColumn(
            Schema.string,
            "The post acted on as the posts stream names it (share or ugcPost URN, from decoratedSourcePost.entity "
                + "when LinkedIn sends it, else sourcePost)."),
        "generatedActivity": notificationColumn(
            Schema.string, "What the action created: the comment, the resharing post, the mentioning post."),
        "actor": notificationColumn(
            Schema.string,
            "Who acted (from decoratedGeneratedActivity's owner when LinkedIn sends it); a member is kept, hashed or "
                + "dropped as member_data says."),
        "subscriber": notificationColumn(
            Schema.string, "The administrator the notification was for (member_data applies)."),
        "lastModifiedAt": notificationColumn(
            Schema.epochMillis, "When it happened, epoch milliseconds (UTC); the cursor."),
        "decoratedSourcePost": Schema.anyObject,
        "decoratedGeneratedActivity": Schema.anyObject,
    ])

    /// A property schema with a description.
    private static func notificationColumn(_ schema: JSON, _ text: String) -> JSON {
        guard case .object(var object) = schema else { return schema }
        object["description"] = .string(text)
        return .object(object)
    }
}
