// The few string operations the connector took from Foundation's NSString bridge, which FoundationEssentials (what
// the shipped binary links) does not have.

extension StringProtocol {
    /// Without leading and trailing whitespace (spaces, tabs, line breaks).
    var trimmingWhitespace: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return String(self[first...last])
    }
}

/// `value` in decimal, left-padded with zeros to `width` digits (what `String(format: "%04d")` did); negative
/// values are not padded.
func zeroPadded(_ value: Int, width: Int) -> String {
    let digits = String(value)
    guard value >= 0, digits.count < width else { return digits }
    return String(repeating: "0", count: width - digits.count) + digits
}

#if canImport(FoundationEssentials)
    extension Substring {
        /// The first occurrence of `other`, compared by `Character` (Foundation's `range(of:)`, literal search).
        /// On the concrete type, so that where Foundation is imported as well its `StringProtocol` method does not
        /// make calls ambiguous.
        func range(of other: String) -> Range<Index>? { firstRange(of: other) }
    }
#endif
