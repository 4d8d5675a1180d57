/// What a reader assumes where a page does not say.

/// Options for reading page text: what to assume where the page does not say.
public struct ReadOptions: Sendable {
    /// The country a page is about, where the page does not say (else taken from the file name).
    public var country: String?
    /// The edition a page is of, where the page does not say (else taken from the file name).
    public var edition: String?
    /// The name to take country and edition from (`kazakhstan-2021.txt`); defaults to the file.
    public var fileName: String?
    /// Warn about footnote markers out of sequence (validation has a rule for it instead).
    public var footnoteWarnings: Bool
    /// Check that the page read writes back as read (GetPut). Off only where the page was just
    /// written from the model it is compared with (the page check, PutGet): writing it again
    /// could only give the same bytes.
    var getPut = true

    /// Options; what is not given is taken from the page or its file name.
    public init(country: String? = nil, edition: String? = nil, fileName: String? = nil, footnoteWarnings: Bool = true) {
        self.country = country
        self.edition = edition
        self.fileName = fileName
        self.footnoteWarnings = footnoteWarnings
    }
}
