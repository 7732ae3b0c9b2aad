//! Character encodings: the text of a file or web page whose bytes need not be UTF-8.
//!
//! Files saved by older editors and pages served by older sites are often in a legacy encoding,
//! Windows-1252 above all ("café" as `caf\xe9`, curly quotes as `\x93`/`\x94`). What a browser
//! does decides here too: a byte-order mark first, then UTF-8 when the bytes are valid UTF-8,
//! then the encoding the page or its HTTP response declares, then a guess from the bytes by
//! `chardetng`, the detector Firefox uses for unlabelled pages. Bytes the chosen encoding
//! cannot map become U+FFFD; nothing is refused for its encoding.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8};

/// Bytes of an HTML page searched for a `charset` declaration, as browsers' prescan does.
const PRESCAN_BYTES: usize = 1024;

/// The text of bytes that start with a byte-order mark (UTF-8, UTF-16LE or UTF-16BE), in the
/// encoding the mark names; `None` without a mark.
pub fn decode_marked(bytes: &[u8]) -> Option<String> {
    let (encoding, mark) = Encoding::for_bom(bytes)?;
    Some(encoding.decode_without_bom_handling(&bytes[mark..]).0.into_owned())
}

/// Decodes bytes that are not valid UTF-8 (and carry no byte-order mark): in the `declared`
/// encoding when it names one that can be told from these bytes, else in the one `chardetng`
/// guesses.
pub fn decode_legacy(bytes: &[u8], declared: Option<&str>) -> String {
    let encoding = declared
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .filter(|e| *e != UTF_8 && e.is_ascii_compatible())
        .unwrap_or_else(|| guess(bytes));
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// The legacy encoding the bytes most likely are in.
fn guess(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, Utf8Detection::Deny)
}

/// The `charset` an HTML page declares in its first kilobyte (`<meta charset="...">` or an
/// `http-equiv` content type), found without parsing the page.
pub fn declared_in_html(bytes: &[u8]) -> Option<&str> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let at = head.windows(8).position(|w| w.eq_ignore_ascii_case(b"charset="))?;
    label_at(&head[at + 8..])
}

/// The `charset` parameter of an HTTP `Content-Type` value.
pub fn charset_parameter(content_type: &str) -> Option<&str> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset=")?;
    label_at(&content_type.as_bytes()[at + 8..])
}

/// The encoding label that starts `rest`, unquoted.
fn label_at(rest: &[u8]) -> Option<&str> {
    let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
    let end = rest
        .iter()
        .position(|&b| matches!(b, b'"' | b'\'' | b';' | b'>' | b'/') || b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    std::str::from_utf8(&rest[..end]).ok().filter(|label| !label.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_text_is_guessed() {
        let bytes = b"The caf\xe9 on Main Street said it was \x93closing for good\x94 on Friday, \
            after thirty years of serving the town\x92s fishermen.";
        let text = decode_legacy(bytes, None);
        assert!(text.contains("café"), "{text}");
        assert!(text.contains("“closing for good”"), "{text}");
        assert!(text.contains("town’s"), "{text}");
    }

    #[test]
    fn a_declared_encoding_is_used() {
        assert_eq!(decode_legacy(b"\xcd\xc9\xd2", Some("koi8-r")), "мир");
        assert_eq!(
            decode_legacy(b"\xcd\xc9\xd2", Some("utf-8")),
            decode_legacy(b"\xcd\xc9\xd2", None)
        );
        assert_eq!(decode_legacy(b"caf\xe9", Some("latin1")), "café");
    }

    #[test]
    fn a_byte_order_mark_decides_first() {
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("Tórshavn".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_marked(&utf16).as_deref(), Some("Tórshavn"));
        assert_eq!(decode_marked(b"\xef\xbb\xbfcaf\xc3\xa9").as_deref(), Some("café"));
        assert_eq!(decode_marked(b"caf\xe9"), None);
    }

    #[test]
    fn declarations_are_found_in_pages_and_headers() {
        let page = b"<html><head><meta http-equiv=\"Content-Type\" \
            content=\"text/html; charset=ISO-8859-1\"><title>x</title>";
        assert_eq!(declared_in_html(page), Some("ISO-8859-1"));
        assert_eq!(declared_in_html(b"<meta charset='windows-1251'>"), Some("windows-1251"));
        assert_eq!(declared_in_html(b"<meta charset=utf-8/>"), Some("utf-8"));
        assert_eq!(declared_in_html(b"<p>no declaration</p>"), None);
        assert_eq!(charset_parameter("text/html; Charset=\"Shift_JIS\""), Some("Shift_JIS"));
        assert_eq!(charset_parameter("text/html"), None);
    }
}
