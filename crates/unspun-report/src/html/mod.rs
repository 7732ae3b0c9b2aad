//! The HTML report: one self-contained page (no network) with an overview, a sortable and
//! filterable table of pairs, a side-by-side view of each pair with substitutions highlighted
//! and boilerplate collapsed, and a graph of each reuse family.
//!
//! The page embeds the results as JSON and renders them with a small script (`report.js`), a
//! page of the table at a time, so ten thousand pairs stay quick to open. Only the documents
//! that appear in some pair are embedded.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;
use unspun_core::{Family, ReusePair};

use crate::{Error, Result};

const TEMPLATE: &str = include_str!("report.html");
const STYLE: &str = include_str!("report.css");
const SCRIPT: &str = include_str!("report.js");

/// A document as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportDocument {
    /// Document id.
    pub id: String,
    /// The text passage offsets point into.
    pub text: String,
    /// Publishing outlet, when known.
    pub outlet: Option<String>,
    /// Publication date, when known.
    pub date: Option<String>,
    /// Byte ranges of the text stripped as boilerplate.
    pub boilerplate: Vec<[u32; 2]>,
}

#[derive(Serialize)]
struct Data<'a> {
    documents_scanned: usize,
    pairs: &'a [ReusePair],
    families: &'a [Family],
    documents: BTreeMap<&'a str, &'a ReportDocument>,
}

/// Writes the report for `pairs` and `families`; `documents` must hold every document the
/// pairs name (others are left out of the page); `documents_scanned` is shown in the overview.
pub fn write_html(
    out: &mut dyn Write,
    pairs: &[ReusePair],
    families: &[Family],
    documents: &[ReportDocument],
    documents_scanned: usize,
) -> Result<()> {
    let named: std::collections::BTreeSet<&str> =
        pairs.iter().flat_map(|p| [p.a.as_str(), p.b.as_str()]).collect();
    let documents = documents
        .iter()
        .filter(|d| named.contains(d.id.as_str()))
        .map(|d| (d.id.as_str(), d))
        .collect();
    let data = Data { documents_scanned, pairs, families, documents };
    let json = serde_json::to_string(&data).map_err(|e| Error::Encode(e.to_string()))?;
    let page = TEMPLATE
        .replace("/*STYLE*/", STYLE)
        .replace("/*SCRIPT*/", &SCRIPT.replace("</", "<\\/"))
        .replace("/*DATA*/", &embed_json(&json));
    out.write_all(page.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// JSON made safe inside a `<script>` element: no `</script>` or `<!--` can close it early.
fn embed_json(json: &str) -> String {
    json.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::sample_pair;

    fn doc(id: &str, text: &str) -> ReportDocument {
        ReportDocument {
            id: id.into(),
            text: text.into(),
            outlet: None,
            date: None,
            boilerplate: vec![],
        }
    }

    #[test]
    fn embeds_only_named_documents_and_cannot_be_broken_out_of() {
        let docs = [
            doc("a.txt", "Hostile </script><script>alert(1)</script> text"),
            doc("b.txt", "B"),
            doc("c.txt", "unused"),
        ];
        let mut out = Vec::new();
        write_html(&mut out, &[sample_pair("a.txt", "b.txt")], &[], &docs, 3).unwrap();
        let page = String::from_utf8(out).unwrap();
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert_eq!(
            page.matches("</script>").count(),
            2,
            "only the page's own script elements close"
        );
        assert!(!page.contains("unused"));
        assert!(page.contains("\\u003c/script\\u003e"));
        for fetch in ["src=\"http", "href=\"http", "url(", "@import", "fetch("] {
            assert!(!page.contains(fetch), "the page loads nothing: found {fetch}");
        }
    }
}
