//! The HTTP response a WARC `response` record holds, as a crawler received it: its status, its
//! content type and charset, and its payload with the transfer coding (`chunked`) and content
//! coding (`gzip`, `deflate`, `br`) undone. Heads are read leniently (archives hold what
//! servers sent, `HTTP/2` status lines and stray spaces included); chunk sizes are read by
//! `httparse`, codings undone by `flate2` and `brotli-decompressor`. A payload cut short by the
//! crawler (`WARC-Truncated`) keeps what can be decoded of it.

use std::io::Read;

use httparse::Status;

use crate::ingest::charset;

/// A response's page: its payload, decoded, and the charset its Content-Type names.
#[derive(Debug, PartialEq)]
pub struct Page {
    /// The payload with transfer and content codings undone.
    pub payload: Vec<u8>,
    /// The charset parameter of the Content-Type, if any.
    pub served_as: Option<String>,
}

/// The page of an HTTP `message` when it is a successful (2xx) HTML response; `Ok(None)` for
/// other responses; an error when its payload cannot be decoded. At most `limit` bytes are
/// decoded: more means the page is too large anyway.
pub fn html_page(message: &[u8], limit: usize) -> Result<Option<Page>, String> {
    let Some(split) = message.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Ok(None);
    };
    let head = String::from_utf8_lossy(&message[..split]).to_lowercase();
    let status = head.lines().next().and_then(|line| line.split_whitespace().nth(1));
    if status.and_then(|code| code.parse::<u16>().ok()).is_some_and(|c| !(200..300).contains(&c)) {
        return Ok(None);
    }
    let field = |name: &str| {
        head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            (key.trim() == name).then(|| value.trim().to_string())
        })
    };
    let content_type = field("content-type");
    if !content_type.as_deref().is_none_or(|t| t.contains("html")) {
        return Ok(None);
    }
    let body = &message[split + 4..];
    let chunked = field("transfer-encoding").is_some_and(|t| t.contains("chunked"));
    let body = if chunked { dechunk(body).unwrap_or_else(|| body.to_vec()) } else { body.to_vec() };
    let payload = match field("content-encoding") {
        Some(coding) => decode_content(&coding, body, limit)?,
        None => body,
    };
    let served_as =
        content_type.as_deref().and_then(charset::charset_parameter).map(str::to_string);
    Ok(Some(Page { payload, served_as }))
}

/// The data of a `chunked` body, trailers dropped; what arrived of it when it was cut short.
/// `None` when it does not open with a chunk size: the crawler undid the coding already.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut data = Vec::with_capacity(body.len());
    let mut first = true;
    loop {
        let (start, size) = match httparse::parse_chunk_size(body) {
            Ok(Status::Complete(found)) => found,
            _ if first => return None,
            _ => return Some(data),
        };
        first = false;
        let size = usize::try_from(size).unwrap_or(usize::MAX);
        body = &body[start..];
        if size == 0 {
            return Some(data);
        }
        let chunk = &body[..size.min(body.len())];
        data.extend_from_slice(chunk);
        body = &body[chunk.len()..];
        body = body.strip_prefix(b"\r\n").unwrap_or(body);
    }
}

/// `body` with the content codings of `codings` (a Content-Encoding value, applied in order)
/// undone, at most `limit` bytes of it. A body that cannot be decoded but reads as markup is
/// taken as it is: the crawler decoded it and left the header.
fn decode_content(codings: &str, body: Vec<u8>, limit: usize) -> Result<Vec<u8>, String> {
    let mut payload = body;
    for coding in codings.split(',').map(str::trim).rev() {
        payload = match decode_one(coding, &payload, limit) {
            Ok(decoded) => decoded,
            Err(_) if looks_like_markup(&payload) => return Ok(payload),
            Err(reason) => return Err(reason),
        };
    }
    Ok(payload)
}

/// `data` with one content coding undone; what decodes of it when it is cut short.
fn decode_one(coding: &str, data: &[u8], limit: usize) -> Result<Vec<u8>, String> {
    let reader: Box<dyn Read + '_> = match coding {
        "" | "identity" => return Ok(data.to_vec()),
        "gzip" | "x-gzip" => Box::new(flate2::read::MultiGzDecoder::new(data)),
        "deflate" if data.first().is_some_and(|b| b & 0x0f == 8) => {
            Box::new(flate2::read::ZlibDecoder::new(data))
        }
        "deflate" => Box::new(flate2::read::DeflateDecoder::new(data)),
        "br" => Box::new(brotli_decompressor::Decompressor::new(data, 1 << 16)),
        other => return Err(format!("content coding \"{other}\" is not supported")),
    };
    let mut decoded = Vec::new();
    let limit = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    match reader.take(limit).read_to_end(&mut decoded) {
        Ok(_) => Ok(decoded),
        Err(_) if !decoded.is_empty() => Ok(decoded),
        Err(e) => Err(format!("its {coding} content coding cannot be decoded ({e})")),
    }
}

/// Whether `data` opens, past whitespace and a byte-order mark, with `<`.
fn looks_like_markup(data: &[u8]) -> bool {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    data.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<')
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    const PAGE: &str = "<html><body><p>Harbor officials closed the north pier.</p></body></html>";

    fn response(head: &str, body: &[u8]) -> Vec<u8> {
        let mut message = format!("{head}\r\n\r\n").into_bytes();
        message.extend_from_slice(body);
        message
    }

    fn page(message: &[u8]) -> Vec<u8> {
        html_page(message, 1 << 20).unwrap().unwrap().payload
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    fn chunked(data: &[u8], size: usize) -> Vec<u8> {
        let mut body = Vec::new();
        for chunk in data.chunks(size) {
            body.extend(format!("{:x};ext=1\r\n", chunk.len()).into_bytes());
            body.extend_from_slice(chunk);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(b"0\r\nExpires: never\r\n\r\n");
        body
    }

    #[test]
    fn chunked_and_compressed_payloads_are_decoded() {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n\
                    Content-Encoding: gzip\r\nTransfer-Encoding: chunked";
        let message = response(head, &chunked(&gzip(PAGE.as_bytes()), 7));
        let found = html_page(&message, 1 << 20).unwrap().unwrap();
        assert_eq!(found.payload, PAGE.as_bytes());
        assert_eq!(found.served_as.as_deref(), Some("iso-8859-1"));
    }

    #[test]
    fn deflate_in_either_wrapping_and_brotli_are_decoded() {
        let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        zlib.write_all(PAGE.as_bytes()).unwrap();
        let mut raw = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        raw.write_all(PAGE.as_bytes()).unwrap();
        // `brotli.compress(PAGE)` (Python's Brotli 1.1.0).
        let brotli = b"\x1b\x47\x00\xe0\x1d\x87\x71\x4c\xb2\xbd\x95\xf2\x10\xc1\x0e\xd8\x7c\
            \xcc\xcd\xb3\x54\x3c\x48\x29\x57\xe6\x03\x1b\x70\xe0\x50\x29\xaf\x3e\x38\x0e\xbf\x7f\
            \x4c\x3a\xa2\xbe\x67\xb4\x65\xd1\xe8\xf5\x39\xc7\x8c\x04\xd9\xc3\x26\x26\x02";
        for (coding, body) in
            [("deflate", zlib.finish().unwrap()), ("deflate", raw.finish().unwrap())]
        {
            let head = format!("HTTP/1.1 200 OK\r\nContent-Encoding: {coding}");
            assert_eq!(page(&response(&head, &body)), PAGE.as_bytes(), "{coding}");
        }
        let head = "HTTP/1.1 200 OK\r\nContent-Encoding: br";
        assert_eq!(page(&response(head, brotli)), PAGE.as_bytes());
    }

    #[test]
    fn a_payload_the_crawler_decoded_already_is_taken_as_it_is() {
        let head = "HTTP/2 200\r\ncontent-type : text/html\r\nContent-Encoding: gzip\r\n\
                    Transfer-Encoding: chunked";
        assert_eq!(page(&response(head, PAGE.as_bytes())), PAGE.as_bytes());
    }

    #[test]
    fn a_payload_cut_short_keeps_what_decodes() {
        let whole = PAGE.repeat(50);
        let mut body = chunked(&gzip(whole.as_bytes()), 50);
        body.truncate(body.len() / 2);
        let head = "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked";
        let found = page(&response(head, &body));
        assert!(!found.is_empty() && whole.as_bytes().starts_with(&found), "{found:?}");
    }

    #[test]
    fn failures_redirects_and_other_types_are_no_pages() {
        for head in [
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/html",
            "HTTP/1.1 301 Moved Permanently\r\nContent-Type: text/html",
            "HTTP/1.1 200 OK\r\nContent-Type: image/png",
        ] {
            assert_eq!(html_page(&response(head, PAGE.as_bytes()), 1 << 20), Ok(None), "{head}");
        }
    }

    #[test]
    fn an_undecodable_payload_is_an_error_naming_its_coding() {
        let head = "HTTP/1.1 200 OK\r\nContent-Encoding: gzip";
        let error = html_page(&response(head, b"\x1f\x8b\x08garbage"), 1 << 20).unwrap_err();
        assert!(error.contains("gzip"), "{error}");
        let head = "HTTP/1.1 200 OK\r\nContent-Encoding: zstd";
        let error = html_page(&response(head, b"\x28\xb5\x2f\xfd"), 1 << 20).unwrap_err();
        assert!(error.contains("\"zstd\" is not supported"), "{error}");
    }

    #[test]
    fn decoding_stops_past_the_limit() {
        let head = "HTTP/1.1 200 OK\r\nContent-Encoding: gzip";
        let bomb = gzip(&vec![b' '; 1 << 20]);
        assert_eq!(html_page(&response(head, &bomb), 1000).unwrap().unwrap().payload.len(), 1001);
    }
}
