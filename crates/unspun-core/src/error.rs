//! Errors of the engine: bad input named by file and record, kept apart from I/O faults.

use std::path::PathBuf;

/// Everything that can go wrong inside the engine.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A record of the input could not be used; the rest of the input is still read.
    #[error("{location}: {reason}")]
    BadInput {
        /// File and line or record number, e.g. `feed.jsonl:12`.
        location: String,
        /// Why the record was skipped.
        reason: String,
    },
    /// A path named on the command line could not be read at all.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory that failed.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// An option given to the pipeline builder is out of range.
    #[error("invalid configuration: {0}")]
    Config(String),
}

impl Error {
    /// A record-level input problem at `location` (file plus line or record).
    pub fn bad_input(location: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::BadInput { location: location.into(), reason: reason.into() }
    }
}

/// The engine's result type.
pub type Result<T> = std::result::Result<T, Error>;
