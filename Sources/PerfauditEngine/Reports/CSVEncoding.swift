/// How report files are encoded.
public enum CSVEncoding: String, Sendable, CaseIterable {
    /// UTF-8 with a byte-order mark, so Excel on a Chinese Windows opens it correctly (default).
    case utf8Bom = "utf8-bom"
    case utf8 = "utf8"
    case gb18030 = "gb18030"
}
