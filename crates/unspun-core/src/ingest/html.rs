//! HTML main-text extraction: the article body of a web page as plain text, one block per
//! paragraph, without navigation, sidebars, related-article rails, comments or footers.
//!
//! Readability (the `dom_smoothie` port) finds the article; when it finds none, the page's body
//! text is used with its obvious furniture elements removed. Captions are dropped first. The
//! headline is returned apart from the body text. Corpus-learned boilerplate is
//! stripped later, by `boilerplate`.

use dom_smoothie::{Config, Readability, TextMode};

/// Elements that never hold the article body.
const FURNITURE: &str = "script, style, noscript, template, nav, header, footer, aside, form, \
    iframe, svg, button, [role=navigation], [role=banner], [role=contentinfo], [role=complementary], \
    [aria-hidden=true], .comments, #comments, .related, .share, .social, .sidebar, .newsletter";

/// Image captions and galleries: text about pictures, not part of the story.
const CAPTIONS: &str = "figcaption, .caption, .wp-caption-text, .gallery, .slideshow";

/// Extracted page: headline (when known) and body text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// The page's title or headline.
    pub title: Option<String>,
    /// The main text, paragraphs separated by blank lines.
    pub text: String,
}

/// Extracts the main text of an HTML page.
pub fn extract(html: &str) -> Extracted {
    let document = dom_query::Document::from(html);
    document.select(CAPTIONS).remove();
    let config = Config { text_mode: TextMode::Formatted, ..Config::default() };
    let article = Readability::with_document(document, None, Some(config))
        .ok()
        .and_then(|mut r| r.parse().ok());
    let (title, body) = match article {
        Some(a) if a.text_content.trim().len() >= 200 => (a.title, a.text_content.to_string()),
        Some(a) => (a.title, body_text(html)),
        None => (String::new(), body_text(html)),
    };
    let title = title.trim().to_string();
    Extracted { title: (!title.is_empty()).then_some(title), text: tidy(&body) }
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
        let extracted = extract(&html);
        assert!(extracted.text.contains("Mayor Lena Ortiz said"), "{}", extracted.text);
        assert!(extracted.text.contains("\n\n"));
        assert_eq!(extracted.title.as_deref(), Some("Council backs harbor budget"));
        for furniture in ["Home", "Most Popular", "All rights reserved", "Photo:"] {
            assert!(!extracted.text.contains(furniture), "{furniture} in {}", extracted.text);
        }
    }

    #[test]
    fn falls_back_to_body_text_for_short_pages() {
        let extracted = extract("<html><body><nav>Menu</nav><p>Short note.</p></body></html>");
        assert_eq!(extracted.text, "Short note.");
    }
}
