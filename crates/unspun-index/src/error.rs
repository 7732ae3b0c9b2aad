//! Errors of the index: storage faults, damaged records, and requests it cannot serve.

/// Everything that can go wrong in the index.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The embedded store failed (I/O, locking, a damaged file).
    #[error("index storage: {0}")]
    Storage(#[from] redb::Error),
    /// A record in the index could not be decoded.
    #[error("index record {what} is damaged: {reason}")]
    Corrupt {
        /// Which record, e.g. `document "a.txt"`.
        what: String,
        /// What was wrong with it.
        reason: String,
    },
    /// The index was written in another on-disk format.
    #[error(
        "the index is in format version {found}; this unspun reads version {expected}: \
         rebuild it with `unspun index add` into a new directory"
    )]
    Format {
        /// The version found.
        found: u64,
        /// The version this build reads and writes.
        expected: u64,
    },
    /// The index was built by an unspun that analyses text differently (other sentence
    /// breaks, terms or paragraph cues), so its stored analyses and counts no longer match.
    #[error(
        "the index was built by an unspun that analyses text differently from this one: \
         rebuild it with `unspun index add` into a new directory"
    )]
    Analyzer,
    /// The index directory could not be created or read.
    #[error("{path}: {source}")]
    Io {
        /// The directory or file.
        path: String,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// A document given to the index cannot be used.
    #[error("document {id:?}: {reason}")]
    BadDocument {
        /// The document's id.
        id: String,
        /// Why it was refused.
        reason: String,
    },
}

/// Converts each of redb's specific error types into [`Error::Storage`].
macro_rules! storage_errors {
    ($($t:ty),*) => {$(
        impl From<$t> for Error {
            fn from(e: $t) -> Self {
                Error::Storage(e.into())
            }
        }
    )*};
}

storage_errors!(
    redb::DatabaseError,
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError
);

/// The index's result type.
pub type Result<T> = std::result::Result<T, Error>;
