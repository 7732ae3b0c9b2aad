//! How deep a web page nests its elements, read from its tags before the page is parsed.
//!
//! Parsing and main-text extraction cost grows with the square of the nesting depth (scope
//! checks and selector matches walk each element's ancestors) and the extractor recurses down
//! the tree: a 2 MB page of 200,000 nested `<div>`s ran for minutes and then overflowed a
//! thread's stack, ending the whole run. Browsers stop nesting at 512 levels (Chromium's
//! parser puts deeper elements beside their parent), so a page deeper than that is no article
//! page, and [`deeper_than`] finds it in one pass over its tags.
//!
//! The depth is that of a stack of open elements kept the way a parser keeps it, simplified: an
//! end tag closes the nearest open element of its name and everything opened inside it; void
//! elements (`<br>`, `<img>`) and self-closing tags inside SVG or MathML open nothing; elements
//! whose end tag may be left out (`<p>`, `<li>`, `<td>`, `<a>`) close an open element of their
//! name before opening; comments, declarations and the text of `<script>`, `<style>` and their
//! kind are skipped. Where the real parser closes more than this (a block closing an open
//! `<p>`), the estimate runs high only until the next end tag of an enclosing element.

use memchr::memchr;

/// Deepest nesting of elements a page may have: Chromium's parser limit.
pub const MAX_DEPTH: usize = 512;

/// Elements that never have content or an end tag.
const VOID: [&str; 16] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr", "frame",
];

/// Elements whose text is not markup: everything up to their end tag is skipped.
const RAW_TEXT: [&str; 9] =
    ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"];

/// Elements that do not nest inside another of their name: a parser closes the open one (its
/// end tag may be left out) before opening the next.
const NO_SELF_NESTING: [&str; 22] = [
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot",
    "colgroup", "caption", "rb", "rt", "rtc", "rp", "a", "nobr", "form", "button",
];

/// Elements inside which `<x/>` closes itself.
const FOREIGN: [&str; 2] = ["svg", "math"];

/// The byte offset of the first start tag that nests its element more than `limit` deep, if any.
pub fn deeper_than(html: &str, limit: usize) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut open: Vec<&str> = Vec::new();
    let mut at = 0;
    while let Some(offset) = memchr(b'<', &bytes[at..]) {
        let start = at + offset;
        let Some(tag) = Tag::at(html, start) else {
            at = skip_markup(bytes, start);
            continue;
        };
        at = tag.end;
        if tag.closing {
            close(&mut open, tag.name);
            continue;
        }
        if is_one_of(tag.name, &VOID) || (tag.self_closing && in_foreign(&open)) {
            continue;
        }
        if is_one_of(tag.name, &RAW_TEXT) {
            at = end_of_raw_text(html, tag.end, tag.name);
            continue;
        }
        if is_one_of(tag.name, &NO_SELF_NESTING) {
            close(&mut open, tag.name);
        }
        open.push(tag.name);
        if open.len() > limit {
            return Some(start);
        }
    }
    None
}

/// A start or end tag.
struct Tag<'h> {
    name: &'h str,
    closing: bool,
    self_closing: bool,
    /// The byte after its `>` (or the end of the page).
    end: usize,
}

impl<'h> Tag<'h> {
    /// The tag whose `<` is at `start`, if a letter (or `/` and a letter) follows it.
    fn at(html: &'h str, start: usize) -> Option<Tag<'h>> {
        let bytes = html.as_bytes();
        let closing = bytes.get(start + 1) == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            return None;
        }
        let name_end = bytes[name_start..]
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
            .map_or(bytes.len(), |n| name_start + n);
        let (end, self_closing) = end_of_tag(bytes, name_end);
        Some(Tag { name: &html[name_start..name_end], closing, self_closing, end })
    }
}

/// Where a tag whose attributes start at `from` ends (after its `>`), and whether it ends in
/// `/>`. A quote that opens an attribute's value hides any `>` up to the matching quote.
fn end_of_tag(bytes: &[u8], from: usize) -> (usize, bool) {
    let mut at = from;
    let mut after_equals = false;
    let mut last = 0u8;
    while at < bytes.len() {
        let byte = bytes[at];
        match byte {
            b'>' => return (at + 1, last == b'/'),
            b'"' | b'\'' if after_equals => {
                at = memchr(byte, &bytes[at + 1..]).map_or(bytes.len(), |n| at + 1 + n);
                after_equals = false;
            }
            b'=' => after_equals = true,
            _ if byte.is_ascii_whitespace() => {}
            _ => after_equals = false,
        }
        if !byte.is_ascii_whitespace() {
            last = byte;
        }
        at += 1;
    }
    (bytes.len(), false)
}

/// Where markup that is no tag ends: a comment after its `-->`, a declaration or processing
/// instruction after its `>`, a lone `<` right after itself.
fn skip_markup(bytes: &[u8], start: usize) -> usize {
    let rest = &bytes[start + 1..];
    let after = |pattern: &[u8], from: usize| {
        memchr::memmem::find(&bytes[from..], pattern)
            .map_or(bytes.len(), |n| from + n + pattern.len())
    };
    if rest.starts_with(b"!--") {
        after(b"-->", start + 4)
    } else if rest.starts_with(b"!") || rest.starts_with(b"?") {
        after(b">", start + 1)
    } else {
        start + 1
    }
}

/// Where the raw text of element `name`, starting at `from`, ends: after its end tag, or at the
/// end of the page. Only a `<` that opens `</name` is read as a tag: a script's `a<b` is text,
/// and reading each as a tag to its `>` would cost the rest of the script every time.
fn end_of_raw_text(html: &str, from: usize, name: &str) -> usize {
    let bytes = html.as_bytes();
    let mut at = from;
    while let Some(offset) = memchr(b'<', &bytes[at..]) {
        let start = at + offset;
        let named = bytes.get(start + 2..start + 2 + name.len());
        if bytes.get(start + 1) == Some(&b'/')
            && named.is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
        {
            match Tag::at(html, start) {
                Some(tag) if tag.name.eq_ignore_ascii_case(name) => return tag.end,
                _ => {}
            }
        }
        at = start + 1;
    }
    bytes.len()
}

/// Closes the innermost open element named `name` and every element opened inside it; an end
/// tag with no open element of its name closes nothing.
fn close(open: &mut Vec<&str>, name: &str) {
    if let Some(index) = open.iter().rposition(|open| open.eq_ignore_ascii_case(name)) {
        open.truncate(index);
    }
}

/// Whether an SVG or MathML element is open.
fn in_foreign(open: &[&str]) -> bool {
    open.iter().any(|name| is_one_of(name, &FOREIGN))
}

fn is_one_of(name: &str, names: &[&str]) -> bool {
    names.iter().any(|known| known.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(tag: &str, depth: usize) -> String {
        format!("{}text{}", format!("<{tag}>").repeat(depth), format!("</{tag}>").repeat(depth))
    }

    #[test]
    fn nesting_past_the_limit_is_found_at_the_tag_that_passes_it() {
        let page = nested("div", 20);
        assert_eq!(deeper_than(&page, 20), None);
        assert_eq!(deeper_than(&page, 19), Some(19 * "<div>".len()));
    }

    #[test]
    fn closed_siblings_do_not_add_up() {
        let page = "<div><p>One</p><p>Two</p></div>".repeat(1000);
        assert_eq!(deeper_than(&page, 2), None);
    }

    #[test]
    fn elements_whose_end_tags_may_be_left_out_do_not_nest_in_themselves() {
        let page = format!(
            "<ul>{}</ul><table>{}</table>",
            "<li>item".repeat(600),
            "<tr><td>cell<td>cell".repeat(600)
        );
        assert_eq!(deeper_than(&page, 3), None);
        let links = "<p><a name=top>Top<a href=/>Home</p>".repeat(600);
        assert_eq!(deeper_than(&links, 2), None);
    }

    #[test]
    fn void_elements_and_self_closing_foreign_tags_open_nothing() {
        let page = format!(
            "<p>{}<svg>{}</svg></p>",
            "<br><img src=a.png>".repeat(600),
            "<path d='M0 0'/>".repeat(600)
        );
        assert_eq!(deeper_than(&page, 2), None);
        assert!(deeper_than(&"<div/>".repeat(600), 512).is_some(), "HTML ignores the slash");
    }

    #[test]
    fn an_end_tag_closes_what_was_left_open_inside_its_element() {
        let page = "<section><div><span>unclosed</section>".repeat(600);
        assert_eq!(deeper_than(&page, 3), None);
    }

    #[test]
    fn comments_scripts_and_quoted_brackets_hide_their_tags() {
        let hidden = "<div>".repeat(600);
        let page = format!(
            "<!-- {hidden} --><script>var s = '{hidden}';</script><STYLE>{hidden}</Style>\
             <p title=\"a > {hidden}\" data-x='{hidden}'>text</p><!DOCTYPE html><?xml ?>"
        );
        assert_eq!(deeper_than(&page, 1), None);
    }

    #[test]
    fn only_the_end_tag_of_a_script_ends_it() {
        let page = format!(
            "<script>{}</scripts></script><div><div>",
            "if (a<b && c <d) { e(\"</div>\"); }".repeat(3)
        );
        assert_eq!(deeper_than(&page, 2), None);
        assert_eq!(deeper_than(&page, 1), Some(page.len() - "<div>".len()));
    }

    #[test]
    fn stray_brackets_and_an_unfinished_tag_end_the_pass_cleanly() {
        assert_eq!(deeper_than("1 < 2 and 3 <4 <", 1), None);
        assert_eq!(deeper_than("<div><div class=\"open", 1), Some(5));
        assert_eq!(deeper_than("<div><div", 1), Some(5));
    }
}
