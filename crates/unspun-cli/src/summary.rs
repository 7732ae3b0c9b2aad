//! The one-screen run summary printed to standard error after a scan.

use std::fmt::Write;
use std::time::Duration;

use unspun_core::ingest::Ingested;
use unspun_core::{Relation, ScanOutput};

/// Counts of a run, gathered before the documents are handed to the pipeline.
pub struct ReadCounts {
    /// Documents read.
    pub documents: usize,
    /// Problems reported while reading.
    pub problems: usize,
    /// Files ignored for their type.
    pub ignored_files: usize,
}

impl ReadCounts {
    /// Counts from what ingest produced.
    pub fn of(ingested: &Ingested) -> Self {
        ReadCounts {
            documents: ingested.documents.len(),
            problems: ingested.problems.len(),
            ignored_files: ingested.ignored_files,
        }
    }
}

/// Renders the summary.
pub fn render(
    read: &ReadCounts,
    output: &ScanOutput,
    elapsed: Duration,
    steps: &[(&'static str, Duration)],
) -> String {
    let stats = &output.stats;
    let mut s = String::new();
    let _ = writeln!(s, "unspun scan summary");
    let _ = writeln!(
        s,
        "  documents   {} read, {} skipped or partly read (see messages above), {} files of other types ignored",
        read.documents, read.problems, read.ignored_files
    );
    let _ = writeln!(
        s,
        "  boilerplate {} sentences learned from the corpus; {} documents had no story text left",
        stats.learned_boilerplate, stats.empty_after_boilerplate
    );
    let _ = writeln!(
        s,
        "  candidates  {} pairs aligned ({} over-common keys skipped, {} common by chance)",
        stats.candidate_pairs, stats.hot_keys, stats.scattered_keys
    );
    let _ = writeln!(
        s,
        "  twins       {} documents tell an earlier document's story word for word; the candidate pairs took {} alignments",
        stats.twin_documents, stats.alignments
    );
    let by_relation: Vec<String> = Relation::ALL
        .iter()
        .map(|r| {
            format!("{} {}", output.pairs.iter().filter(|p| p.relation == *r).count(), r.as_str())
        })
        .collect();
    let _ =
        writeln!(s, "  pairs       {} reported: {}", output.pairs.len(), by_relation.join(", "));
    let _ = writeln!(s, "  families    {}", output.families.len());
    let steps: Vec<String> =
        steps.iter().map(|(name, took)| format!("{name} {:.2}s", took.as_secs_f64())).collect();
    let _ = writeln!(s, "  time        {:.2}s: {}", elapsed.as_secs_f64(), steps.join(", "));
    s
}
