//! # unspun-core
//!
//! The engine of unspun: finds reused text in news corpora — verbatim syndication,
//! near-duplicates with house edits, excerpts, and *spun* copies reworded with synonyms to dodge
//! plagiarism checkers — while leaving alone independent reports of the same event.
//!
//! The modules follow the pipeline, in order:
//!
//! | stage | module | question it answers |
//! |---|---|---|
//! | ingest | [`ingest`] | where do documents come from? |
//! | normalize | [`normalize`], [`spelling`] | which characters and spellings are the same? |
//! | segment | [`segment`], [`analysis`] | where does a sentence end; what are its terms? |
//! | boilerplate | [`boilerplate`] | which sentences are site furniture? |
//! | fingerprint | [`fingerprint`] | what survives spinning? |
//! | candidates | [`candidates`] | which pairs are worth aligning? |
//! | twins | [`twins`] | which documents tell the same story word for word? |
//! | align | [`align`] | which sentence is which, word by word? |
//! | classify | [`classify`] | is it reuse, and what kind? |
//! | attribute | [`attribute`] | which one is the original? |
//! | cluster | [`cluster`] | which documents form a family? |
//!
//! [`pipeline`] runs them all; [`verify`] runs align, classify and attribute on one pair.
//!
//! ```
//! use unspun_core::{Document, NoProgress, PipelineBuilder, Relation};
//!
//! let story = "Harbor officials in Millbrook closed the north pier on Tuesday after a fire.\n\
//!     The fire chief said 14 boats were damaged and that nobody was hurt in the blaze.\n\
//!     Crews from Eastport helped to contain the fire before it reached the fuel depot.\n\
//!     The pier will reopen next week once inspectors have checked the pilings, officials said.";
//! let spun = "Harbor authorities in Millbrook shut the north pier on Tuesday following a fire.\n\
//!     The fire chief stated 14 boats were harmed and that nobody was injured in the blaze.\n\
//!     Teams from Eastport assisted to contain the fire before it reached the fuel depot.\n\
//!     The pier will reopen next week once inspectors have examined the pilings, officials said.";
//! let docs = vec![Document::new("original.txt", story), Document::new("copy.txt", spun)];
//! let pipeline = PipelineBuilder::new().build()?;
//! let output = pipeline.scan(docs, &NoProgress);
//! assert_eq!(output.pairs.len(), 1);
//! assert_eq!(output.pairs[0].relation, Relation::Spun);
//! # Ok::<(), unspun_core::Error>(())
//! ```
#![deny(missing_docs)]

pub mod align;
pub mod analysis;
pub mod attribute;
pub mod boilerplate;
pub mod candidates;
pub mod classify;
pub mod cluster;
pub mod document;
pub mod error;
pub mod fingerprint;
pub mod ingest;
pub mod lexicon;
pub mod normalize;
pub mod parked;
pub mod pipeline;
pub mod prepared;
pub mod reuse;
pub mod segment;
pub mod spelling;
pub mod twins;
pub mod verify;

pub use document::{Document, Metadata, Span};
pub use error::{Error, Result};
pub use pipeline::{
    NoProgress, Pipeline, PipelineBuilder, Progress, ScanConfig, ScanOutput, ScanStats, Stage,
};
pub use prepared::PreparedDocument;
pub use reuse::{Family, Flag, FlagSet, Passage, Relation, ReusePair};
