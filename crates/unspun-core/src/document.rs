//! Documents as read from the corpus: id, original text, metadata, and byte spans into the text.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a document's original text.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    pub fn new(start: usize, end: usize) -> Self {
        Span { start: start as u32, end: end as u32 }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }

    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// The spanned slice of `text`.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start as usize..self.end as usize]
    }
}

/// Optional facts about a document that the corpus may carry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    /// Where the document was published.
    pub url: Option<String>,
    /// The headline, when given apart from the text.
    pub title: Option<String>,
    /// The publishing outlet.
    pub outlet: Option<String>,
    /// Publication time, normalised to RFC 3339 UTC (or a plain `YYYY-MM-DD` date).
    pub date: Option<String>,
    /// The address a web page names as its canonical one (`<link rel="canonical">`). A page
    /// that republishes another site's story with its permission names the original's address
    /// here, as search engines ask syndication partners to.
    pub canonical: Option<String>,
}

impl Metadata {
    /// These facts, each one missing taken from `fallback`.
    pub fn or(self, fallback: Metadata) -> Metadata {
        Metadata {
            url: self.url.or(fallback.url),
            title: self.title.or(fallback.title),
            outlet: self.outlet.or(fallback.outlet),
            date: self.date.or(fallback.date),
            canonical: self.canonical.or(fallback.canonical),
        }
    }

    /// Metadata naming only where a document was published (for tests).
    #[cfg(test)]
    pub(crate) fn of_site(outlet: Option<&str>, url: Option<&str>) -> Metadata {
        Metadata {
            outlet: outlet.map(str::to_string),
            url: url.map(str::to_string),
            ..Metadata::default()
        }
    }

    /// The site that published the document: its outlet, or else its URL's host without a
    /// leading `www.`, lowercased; `None` when the corpus names neither.
    pub fn site(&self) -> Option<String> {
        let outlet = self.outlet.as_deref().map(str::trim).filter(|o| !o.is_empty());
        if let Some(outlet) = outlet {
            return Some(outlet.to_lowercase());
        }
        let url = url::Url::parse(self.url.as_deref()?).ok()?;
        let host = url.host_str()?.to_lowercase();
        Some(host.strip_prefix("www.").map(str::to_string).unwrap_or(host))
    }
}

/// One news document: what every later stage reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Unique id within the corpus (a relative path, or the `id` of a JSONL record).
    pub id: String,
    /// The text that all offsets point into: the file's text, or the main text extracted from HTML.
    pub text: String,
    /// Optional metadata.
    pub meta: Metadata,
}

impl Document {
    /// A document with no metadata.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document { id: id.into(), text: text.into(), meta: Metadata::default() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_is_the_outlet_or_else_the_url_host() {
        let both =
            Metadata::of_site(Some(" Tidewater Gazette "), Some("https://news.example.org/a"));
        assert_eq!(both.site().as_deref(), Some("tidewater gazette"));
        let url = Metadata::of_site(None, Some("https://WWW.Example.org/2024/05/story.html"));
        assert_eq!(url.site().as_deref(), Some("example.org"));
        assert_eq!(Metadata::of_site(Some(""), Some("not a url")).site(), None);
        assert_eq!(Metadata::of_site(None, None).site(), None);
    }
}
