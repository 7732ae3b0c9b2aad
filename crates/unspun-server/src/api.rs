//! The shapes of requests and responses, and how a submitted article becomes a document.

use serde::{Deserialize, Serialize};
use unspun_core::analysis::hash_str;
use unspun_core::ingest::{html, jsonl};
use unspun_core::{Document, Metadata, PreparedDocument, ReusePair};

use crate::error::ApiError;

/// An article as submitted: `text` or `html`, with optional id and metadata.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentInput {
    /// Its id; derived from the text when missing.
    pub id: Option<String>,
    /// Plain text.
    pub text: Option<String>,
    /// An HTML page, whose main text is extracted.
    pub html: Option<String>,
    /// Where it was published.
    pub url: Option<String>,
    /// The address it names as its canonical one (a republished story's original).
    pub canonical: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Publishing outlet.
    pub outlet: Option<String>,
    /// Publication date or time (ISO 8601).
    pub date: Option<String>,
}

impl DocumentInput {
    /// The document to match; refuses missing text and unreadable dates.
    pub fn into_document(self) -> Result<Document, ApiError> {
        let (text, stated) = match (self.text, self.html) {
            (Some(_), Some(_)) => {
                return Err(ApiError::bad_request("give \"text\" or \"html\", not both"))
            }
            (Some(text), None) => (text, Metadata::default()),
            (None, Some(page)) => {
                let extracted = html::extract(&page)
                    .map_err(|e| ApiError::bad_request(format!("\"html\": {e}")))?;
                (extracted.text, extracted.meta)
            }
            (None, None) => {
                return Err(ApiError::bad_request("the document needs \"text\" or \"html\""))
            }
        };
        if text.trim().is_empty() {
            return Err(ApiError::bad_request("the document has no text"));
        }
        let date = match self.date {
            None => None,
            Some(date) => Some(jsonl::normalize_date(&date).ok_or_else(|| {
                ApiError::bad_request(format!("unreadable \"date\" {date:?} (expected ISO 8601)"))
            })?),
        };
        let id = match self.id {
            Some(id) if id.trim().is_empty() => {
                return Err(ApiError::bad_request("\"id\" is empty"))
            }
            Some(id) => id,
            None => format!("doc-{:016x}", hash_str(&text)),
        };
        let (url, canonical, title, outlet) = (self.url, self.canonical, self.title, self.outlet);
        let meta = Metadata { url, title, outlet, date, canonical }.or(stated);
        Ok(Document { id, text, meta })
    }
}

/// The body of `POST /v1/documents`: one document, or several.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum DocumentsInput {
    /// `{"documents": [...]}`.
    Many {
        /// The documents.
        documents: Vec<DocumentInput>,
    },
    /// A single document.
    One(DocumentInput),
}

impl DocumentsInput {
    /// The documents in submission order.
    pub fn into_inputs(self) -> Vec<DocumentInput> {
        match self {
            DocumentsInput::Many { documents } => documents,
            DocumentsInput::One(document) => vec![document],
        }
    }
}

/// Query string of `POST /v1/check`.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckQuery {
    /// Also add the document to the index.
    #[serde(default)]
    pub add: bool,
}

/// The answer to `POST /v1/check`.
#[derive(Debug, Clone, Serialize)]
pub struct CheckResponse {
    /// The id the document was checked (and maybe added) under.
    pub id: String,
    /// Reuse pairs with archived documents, with the fields `unspun scan` writes.
    pub matches: Vec<ReusePair>,
    /// Whether the document was added to the index.
    pub added: bool,
}

/// A stored document as `GET /v1/documents/{id}` returns it.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentResponse {
    /// Its id.
    pub id: String,
    /// The stored text.
    pub text: String,
    /// Metadata.
    #[serde(flatten)]
    pub meta: Metadata,
    /// The story text with boilerplate removed, by the index's current verdicts.
    pub clean_text: String,
    /// Byte ranges of `text` judged boilerplate.
    pub boilerplate: Vec<[u32; 2]>,
}

impl From<PreparedDocument> for DocumentResponse {
    fn from(doc: PreparedDocument) -> Self {
        // The index keeps the texts of the documents it prepares in memory.
        let boilerplate =
            doc.boilerplate_spans(&doc.doc.text).iter().map(|s| [s.start, s.end]).collect();
        let clean_text = doc.clean_text(&doc.doc.text);
        DocumentResponse {
            id: doc.doc.id,
            text: doc.doc.text,
            meta: doc.doc.meta,
            clean_text,
            boilerplate,
        }
    }
}
