//! HTML main-text extraction: the article body of a web page as plain text, one block per
//! paragraph, without navigation, sidebars, related-article rails, comments or footers.
//!
//! Readability (the `dom_smoothie` port) finds the article; when it finds none, the page's body
//! text is used with its obvious furniture elements removed. Captions are dropped first. What
//! the page says of itself (headline, site name, address, canonical address, publication
//! time) is returned apart from the body text. Corpus-learned boilerplate is stripped later, by
//! `boilerplate`. A page that nests its elements deeper than a browser would is refused before
//! it is parsed ([`nesting`]).

use dom_smoothie::{Article, Config, Readability, TextMode};
use serde_json::{Map, Value};

use crate::document::Metadata;
use crate::ingest::jsonl::normalize_date;
use crate::ingest::nesting;

/// Elements that never hold the article body.
const FURNITURE: &str = "script, style, noscript, template, nav, header, footer, aside, form, \
    iframe, svg, button, [role=navigation], [role=banner], [role=contentinfo], [role=complementary], \
    [aria-hidden=true], .comments, #comments, .related, .share, .social, .sidebar, .newsletter";

/// Image captions and galleries: text about pictures, not part of the story.
const CAPTIONS: &str = "figcaption, .caption, .wp-caption-text, .gallery, .slideshow";

/// Where pages state their publication time beyond what Readability reads
/// (`article:published_time`, Dublin Core terms, Parse.ly, JSON-LD `datePublished` of an
/// article type), best first after JSON-LD of any type ([`json_ld_publication_time`]):
/// schema.org microdata, the microformats' `published` class (h-entry's `dt-published`, and
/// hAtom's, which blog and news templates put on a `<time>` or an `<abbr>`), then the meta
/// names news sites use. An element that only says when the page was updated is not read.
const PUBLISHED: [(&str, &str); 13] = [
    ("meta[itemprop~=datePublished]", "content"),
    ("time[itemprop~=datePublished]", "datetime"),
    ("time[pubdate]", "datetime"),
    ("time[class~=dt-published]", "datetime"),
    ("time[class~=published]", "datetime"),
    ("abbr[class~=published]", "title"),
    ("meta[name='article:published_time']", "content"),
    ("meta[property='og:article:published_time']", "content"),
    ("meta[name=pubdate]", "content"),
    ("meta[name=publish-date]", "content"),
    ("meta[name='sailthru.date']", "content"),
    ("meta[name='dc.date.issued']", "content"),
    ("meta[name='dc.date']", "content"),
];

/// Extracted page: body text, and the page's own facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// The main text, paragraphs separated by blank lines.
    pub text: String,
    /// What the page states about itself: its headline, its site name (as the outlet), its
    /// address, the address it names canonical and its publication time (normalised; left out
    /// when unreadable).
    pub meta: Metadata,
}

/// A page that nests its elements deeper than [`nesting::MAX_DEPTH`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the page nests elements more than {limit} deep (from byte {at}); such a page is not read")]
pub struct NestedTooDeep {
    /// Byte offset of the start tag that passes the limit.
    pub at: usize,
    /// The limit.
    pub limit: usize,
}

/// Extracts the main text of an HTML page; refuses a page nested deeper than a browser nests.
pub fn extract(html: &str) -> Result<Extracted, NestedTooDeep> {
    let limit = nesting::MAX_DEPTH;
    if let Some(at) = nesting::deeper_than(html, limit) {
        return Err(NestedTooDeep { at, limit });
    }
    let document = dom_query::Document::from(html);
    let (address, canonical) = addresses(&document);
    let marked_date = marked_publication_time(&document);
    document.select(CAPTIONS).remove();
    let config = Config { text_mode: TextMode::Formatted, ..Config::default() };
    let article = Readability::with_document(document, None, Some(config))
        .ok()
        .and_then(|mut r| r.parse().ok());
    let body = match &article {
        Some(a) if a.text_content.trim().len() >= 200 => a.text_content.to_string(),
        _ => body_text(html),
    };
    let stated = article.map(page_facts).unwrap_or_default();
    Ok(Extracted {
        text: tidy(&body),
        meta: stated.or(Metadata {
            url: address,
            canonical,
            date: marked_date,
            ..Metadata::default()
        }),
    })
}

/// The page's own address (`og:url`, else the canonical one) and the address it names
/// canonical (`<link rel="canonical">`), each when absolute. A republished story's page gives
/// its own address as `og:url` and its original's as canonical.
fn addresses(document: &dom_query::Document) -> (Option<String>, Option<String>) {
    let stated = |selector: &str, attribute: &str| {
        let value = document.select(selector).attr(attribute)?;
        let address = value.trim();
        let absolute = address.starts_with("http://") || address.starts_with("https://");
        absolute.then(|| address.to_string())
    };
    let canonical = stated("link[rel=canonical]", "href");
    let own = stated("meta[property='og:url']", "content").or_else(|| canonical.clone());
    (own, canonical)
}

/// The first readable publication time the page's markup states: in its JSON-LD, else in
/// the [`PUBLISHED`] places.
fn marked_publication_time(document: &dom_query::Document) -> Option<String> {
    json_ld_publication_time(document).or_else(|| {
        PUBLISHED.iter().find_map(|(selector, attribute)| {
            let stated = document.select(selector).attr(attribute)?;
            normalize_date(&stated)
        })
    })
}

/// The first readable `datePublished` of an object that describes the page in its JSON-LD
/// blocks, whatever its type: a site's `@graph` (a `WebPage` beside its `Article`) or a fact
/// check's `ClaimReview`, which Readability passes over. An object nested in another's
/// property (a list's items, an article's parts, a review's claim) describes something else
/// and is not read; a block that is not JSON is skipped.
fn json_ld_publication_time(document: &dom_query::Document) -> Option<String> {
    let scripts = document.select("script[type='application/ld+json']");
    scripts.nodes().iter().find_map(|script| {
        let block: Value = serde_json::from_str(script.text().trim()).ok()?;
        let stated = page_objects(&block)
            .find_map(|object| normalize_date(object.get("datePublished")?.as_str()?));
        stated
    })
}

/// The objects of a JSON-LD block that describe the page: the block's own (one, or each of a
/// list), and each member of an object's `@graph`.
fn page_objects(block: &Value) -> impl Iterator<Item = &Map<String, Value>> {
    let own = match block {
        Value::Array(items) => items.as_slice(),
        single => std::slice::from_ref(single),
    };
    own.iter().filter_map(Value::as_object).flat_map(|object| {
        let graph = object.get("@graph").and_then(Value::as_array);
        let members = graph.into_iter().flatten().filter_map(Value::as_object);
        std::iter::once(object).chain(members)
    })
}

/// The facts an article's markup states about it, blank ones left out.
fn page_facts(article: Article) -> Metadata {
    let given =
        |value: Option<String>| value.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    Metadata {
        title: given(Some(article.title)),
        outlet: given(article.site_name),
        url: given(article.url),
        date: given(article.published_time).and_then(|d| normalize_date(&d)),
        canonical: None,
    }
}

/// The page body without furniture elements, as formatted text.
fn body_text(html: &str) -> String {
    let document = dom_query::Document::from(html);
    document.select(FURNITURE).remove();
    document.select(CAPTIONS).remove();
    document.select("body").formatted_text().to_string()
}

/// Trims every line and collapses runs of blank lines, so blocks become paragraphs.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = true;
    for line in text.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")) {
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
            continue;
        }
        if !out.is_empty() && !blank {
            out.push('\n');
        }
        if !out.is_empty() && blank {
            out.push('\n');
        }
        out.push_str(&line);
        blank = false;
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_article_and_drops_the_page_furniture() {
        let body = "<p>The Millbrook council approved the new harbor budget on Tuesday after a long debate \
                    about the seawall, the ferries and the cost of dredging the northern channel.</p>\
                    <p>Mayor Lena Ortiz said the plan would protect 300 jobs at the port and keep the \
                    fishing fleet working through the winter storms that battered the coast last year.</p>";
        let html = format!(
            "<html><head><title>Council backs harbor budget</title></head><body>\
             <nav><a href='/'>Home</a> | <a href='/news'>News</a></nav>\
             <article><h1>Council backs harbor budget</h1>{body}\
             <figure><img src='pier.jpg'><figcaption>Photo: the pier at dawn</figcaption></figure></article>\
             <aside><h3>Most Popular</h3><ul><li>Ten best beaches</li></ul></aside>\
             <footer>© 2026 The Courier. All rights reserved.</footer></body></html>"
        );
        let extracted = extract(&html).unwrap();
        assert!(extracted.text.contains("Mayor Lena Ortiz said"), "{}", extracted.text);
        assert!(extracted.text.contains("\n\n"));
        assert_eq!(extracted.meta.title.as_deref(), Some("Council backs harbor budget"));
        for furniture in ["Home", "Most Popular", "All rights reserved", "Photo:"] {
            assert!(!extracted.text.contains(furniture), "{furniture} in {}", extracted.text);
        }
    }

    #[test]
    fn falls_back_to_body_text_for_short_pages() {
        let extracted =
            extract("<html><body><nav>Menu</nav><p>Short note.</p></body></html>").unwrap();
        assert_eq!(extracted.text, "Short note.");
    }

    #[test]
    fn reads_the_site_address_and_publication_time_the_page_states() {
        let html = "<html><head><title>Ferry fares rise</title>\
            <meta property=\"og:site_name\" content=\"The Courier\">\
            <meta property=\"og:url\" content=\"https://courier.example/ferry-fares\">\
            <meta property=\"article:published_time\" content=\"2026-03-02T08:30:00+01:00\">\
            </head><body><article><p>Ferry fares across the bay will rise by nine percent in \
            April, the harbor board said on Monday, the first increase in four years.</p>\
            <p>The board said fuel and crew costs had outpaced ticket sales since the new \
            terminal opened, and that season passes would keep their old price.</p>\
            </article></body></html>";
        let meta = extract(html).unwrap().meta;
        assert_eq!(meta.outlet.as_deref(), Some("The Courier"));
        assert_eq!(meta.url.as_deref(), Some("https://courier.example/ferry-fares"));
        assert_eq!(meta.date.as_deref(), Some("2026-03-02T07:30:00Z"));
        assert_eq!(meta.canonical, None);
    }

    #[test]
    fn a_republished_page_keeps_its_own_address_and_names_its_original_canonical() {
        let page = |head: &str| {
            format!(
                "<html><head>{head}</head><body><p>Ferry fares across the bay will rise.</p>\
                 </body></html>"
            )
        };
        let original = "https://courier.example/ferry-fares";
        let republished = page(&format!(
            "<link rel=\"canonical\" href=\"{original}\">\
             <meta property=\"og:url\" content=\"https://bayside.example/news/fares\">"
        ));
        let meta = extract(&republished).unwrap().meta;
        assert_eq!(meta.url.as_deref(), Some("https://bayside.example/news/fares"));
        assert_eq!(meta.canonical.as_deref(), Some(original));
        let canonical_only = page(&format!("<link rel=\"canonical\" href=\"{original}\">"));
        let meta = extract(&canonical_only).unwrap().meta;
        assert_eq!(
            (meta.url.as_deref(), meta.canonical.as_deref()),
            (Some(original), Some(original))
        );
        let relative = page("<link rel=\"canonical\" href=\"/news/fares\">");
        assert_eq!(extract(&relative).unwrap().meta, Metadata::default());
    }

    #[test]
    fn reads_the_publication_time_microdata_and_news_meta_names_state() {
        let page = |head: &str, body: &str| {
            format!(
                "<html><head>{head}</head><body><p>Ferry fares across the bay will rise.</p>\
                 {body}</body></html>"
            )
        };
        let date = |html: String| extract(&html).unwrap().meta.date;
        let microdata =
            page("", "<time itemprop=\"datePublished\" datetime=\"2019-11-20T11:27:47Z\">");
        assert_eq!(date(microdata).as_deref(), Some("2019-11-20T11:27:47Z"));
        let pubdate = page("<meta name=\"pubdate\" content=\"2019-11-19T02:34:30+0100\">", "");
        assert_eq!(date(pubdate).as_deref(), Some("2019-11-19T01:34:30Z"));
        let h_entry = page("", "<time class=\"dt-published\" datetime=\"2019-11-18T17:19Z\">");
        assert_eq!(date(h_entry).as_deref(), Some("2019-11-18T17:19:00Z"));
        let wordpress =
            "<time class=\"entry-date published\" datetime=\"2019-11-18T17:19:53+00:00\">";
        assert_eq!(date(page("", wordpress)).as_deref(), Some("2019-11-18T17:19:53Z"));
        let h_atom = "<abbr class=\"published\" title=\"2019-11-18 17:19:53 GMT\">Nov 18</abbr>";
        assert_eq!(date(page("", h_atom)).as_deref(), Some("2019-11-18T17:19:53Z"));
        let updated = page("", "<time class=\"updated\" datetime=\"2019-11-20T11:27:47Z\">");
        assert_eq!(date(updated), None, "an update time is no publication time");
        // JSON-LD's time, in a form Readability passes on but RFC 3339 refuses, is read.
        let json_ld = page(
            "<script type=\"application/ld+json\">{\"@context\": \"https://schema.org\", \"@type\": \"NewsArticle\", \
             \"datePublished\": \"2019-11-20T09:29:08+0000\"}</script>",
            "",
        );
        assert_eq!(date(json_ld).as_deref(), Some("2019-11-20T09:29:08Z"));
    }

    #[test]
    fn reads_the_publication_time_of_a_json_ld_graph_and_of_any_type() {
        let page = |json_ld: &str| {
            format!(
                "<html><head><script type=\"application/ld+json\">{{not json</script>\
                 <script type=\"application/ld+json\">{json_ld}</script></head>\
                 <body><p>Ferry fares across the bay will rise.</p></body></html>"
            )
        };
        let date = |json_ld: &str| extract(&page(json_ld)).unwrap().meta.date;
        let graph = r#"{"@context": "https://schema.org", "@graph": [
            {"@type": "WebSite", "name": "Bay News"},
            {"@type": "NewsArticle", "datePublished": "2019-11-20T07:50:10+0000"}]}"#;
        assert_eq!(date(graph).as_deref(), Some("2019-11-20T07:50:10Z"));
        let fact_check = r#"[{"@type": "ClaimReview", "datePublished": "2019-11-18"}]"#;
        assert_eq!(date(fact_check).as_deref(), Some("2019-11-18"));
        let listed = r#"{"@type": "ItemList", "itemListElement": [
            {"@type": "NewsArticle", "datePublished": "2019-11-02T08:00:00Z"}]}"#;
        assert_eq!(date(listed), None, "a listed article's time is not the page's");
    }

    #[test]
    fn an_unreadable_publication_time_is_left_out() {
        let html =
            "<html><head><meta property=\"article:published_time\" content=\"last Tuesday\">\
            </head><body><p>Short note.</p></body></html>";
        assert_eq!(extract(html).unwrap().meta.date, None);
    }

    #[test]
    fn a_page_nested_deeper_than_a_browser_nests_is_refused_before_parsing() {
        let depth = nesting::MAX_DEPTH + 1;
        let story = "<p>The harbor board met on Monday and approved the budget.</p>";
        let page = format!("{}{story}{}", "<div>".repeat(depth), "</div>".repeat(depth));
        let refused = extract(&page).unwrap_err();
        assert_eq!(refused.at, nesting::MAX_DEPTH * "<div>".len());
        assert!(refused.to_string().contains("more than 512 deep"), "{refused}");
        let depth = nesting::MAX_DEPTH - 1;
        let page = format!("{}{story}{}", "<div>".repeat(depth), "</div>".repeat(depth));
        assert!(extract(&page).unwrap().text.contains("approved the budget"));
    }
}
