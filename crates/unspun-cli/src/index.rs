//! `unspun index`: adds, removes and inspects documents of a persistent index.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;
use unspun_core::ingest::{self, IngestConfig};
use unspun_index::{AddReport, Index};

use crate::args::{self, IndexAddArgs, IndexArgs, IndexCommand};
use crate::progress;

/// Runs one `unspun index` subcommand.
pub fn run(args: &IndexArgs) -> anyhow::Result<ExitCode> {
    let index = Index::open(&args.index)
        .with_context(|| format!("opening the index in {}", args.index.display()))?;
    match &args.command {
        IndexCommand::Add(add_args) => add(&index, add_args),
        IndexCommand::Remove { ids } => remove(&index, ids),
        IndexCommand::Stats => {
            print_stats(&index)?;
            Ok(ExitCode::SUCCESS)
        }
        IndexCommand::Verify => verify(&index),
    }
}

fn add(index: &Index, args: &IndexAddArgs) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(args.batch_size > 0, "--batch-size must be at least 1");
    let config = IngestConfig { max_document_bytes: args.max_doc_bytes };
    let ingested = ingest::read_inputs(&args::inputs(&args.paths), config);
    for problem in &ingested.problems {
        eprintln!("unspun: {problem}");
    }
    let mut out: Option<Box<dyn Write>> = match &args.output {
        Some(path) => Some(Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("creating {}", path.display()))?,
        ))),
        None => None,
    };
    let bar = progress::Bar::new(args.quiet);
    bar.step("indexing", ingested.documents.len());
    let mut total = AddReport::default();
    let mut pairs = 0;
    for batch in ingested.documents.chunks(args.batch_size) {
        let report = index.add(batch.to_vec())?;
        if let Some(out) = out.as_mut() {
            for pair in &report.pairs {
                serde_json::to_writer(&mut *out, pair)?;
                out.write_all(b"\n")?;
            }
        }
        total.added += report.added;
        total.updated += report.updated;
        total.unchanged += report.unchanged;
        pairs += report.pairs.len();
        unspun_core::Progress::advance(&bar, batch.len());
    }
    bar.finish();
    if let Some(mut out) = out {
        out.flush()?;
    }
    if !args.quiet {
        eprintln!(
            "added {}, updated {}, unchanged {}; {} reuse pairs found; {} input problems",
            total.added,
            total.updated,
            total.unchanged,
            pairs,
            ingested.problems.len()
        );
    }
    Ok(if ingested.problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn remove(index: &Index, ids: &[String]) -> anyhow::Result<ExitCode> {
    let mut missing = 0;
    for id in ids {
        if !index.remove(id)? {
            eprintln!("unspun: {id:?} is not in the index");
            missing += 1;
        }
    }
    Ok(if missing > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn verify(index: &Index) -> anyhow::Result<ExitCode> {
    let problems = index.verify_integrity()?;
    let mut stderr = io::stderr().lock();
    for problem in &problems {
        writeln!(stderr, "unspun: {problem}")?;
    }
    if problems.is_empty() {
        print_stats(index)?;
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::from(1))
    }
}

/// Writes the index's numbers as JSON to standard output; a closed output is an error
/// (`main` ends quietly on a broken pipe), not a panic.
fn print_stats(index: &Index) -> anyhow::Result<()> {
    let json = serde_json::to_string_pretty(&index.stats()?)?;
    writeln!(io::stdout().lock(), "{json}")?;
    Ok(())
}
