//! `unspun index`: adds, removes and inspects documents of a persistent index.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::ops::ControlFlow;
use std::process::ExitCode;

use anyhow::Context;
use unspun_core::ingest::{self, IngestConfig};
use unspun_core::Document;
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

/// Adds the inputs batch by batch as they are read, so memory holds one batch, not the input.
fn add(index: &Index, args: &IndexAddArgs) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(args.batch_size > 0, "--batch-size must be at least 1");
    let config = IngestConfig { max_document_bytes: args.max_doc_bytes };
    let out: Option<Box<dyn Write>> = match &args.output {
        Some(path) => Some(Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("creating {}", path.display()))?,
        ))),
        None => None,
    };
    let bar = progress::Bar::new(args.quiet);
    let mut adding = Adding { index, out, bar, total: AddReport::default(), pairs: 0 };
    adding.bar.count("indexing");
    let mut batch = Vec::with_capacity(args.batch_size);
    let mut failure = None;
    let streamed = ingest::stream_inputs(&args::inputs(&args.paths), config, |doc| {
        batch.push(doc);
        if batch.len() < args.batch_size {
            return ControlFlow::Continue(());
        }
        match adding.add(std::mem::take(&mut batch)) {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => {
                failure = Some(e);
                ControlFlow::Break(())
            }
        }
    });
    for problem in &streamed.problems {
        eprintln!("unspun: {problem}");
    }
    if let Some(e) = failure {
        return Err(e);
    }
    adding.add(batch)?;
    adding.finish()?;
    if !args.quiet {
        let total = &adding.total;
        eprintln!(
            "added {}, updated {}, unchanged {}; {} reuse pairs found; {} input problems",
            total.added,
            total.updated,
            total.unchanged,
            adding.pairs,
            streamed.problems.len()
        );
    }
    Ok(if streamed.problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// An add in progress: the index, where found pairs go, and the running totals.
struct Adding<'i> {
    index: &'i Index,
    out: Option<Box<dyn Write>>,
    bar: progress::Bar,
    total: AddReport,
    pairs: usize,
}

impl Adding<'_> {
    /// Adds one batch, writes its pairs and counts it.
    fn add(&mut self, batch: Vec<Document>) -> anyhow::Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let size = batch.len();
        let report = self.index.add(batch)?;
        if let Some(out) = self.out.as_mut() {
            for pair in &report.pairs {
                serde_json::to_writer(&mut *out, pair)?;
                out.write_all(b"\n")?;
            }
        }
        self.total.added += report.added;
        self.total.updated += report.updated;
        self.total.unchanged += report.unchanged;
        self.pairs += report.pairs.len();
        unspun_core::Progress::advance(&self.bar, size);
        Ok(())
    }

    fn finish(&mut self) -> anyhow::Result<()> {
        self.bar.finish();
        if let Some(out) = self.out.as_mut() {
            out.flush()?;
        }
        Ok(())
    }
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
