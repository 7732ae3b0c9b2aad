//! The `unspun` binary: parses arguments, runs the engine, writes results. No pipeline logic
//! lives here.

mod args;
mod index;
mod progress;
mod report;
mod serve;
mod summary;
mod texts;

use std::fs::File;
use std::io::{self, Write};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use unspun_core::ingest::{self, text};
use unspun_core::{NoProgress, PipelineBuilder, ScanConfig, ScanOutput};

use args::{Cli, Command, ExtractArgs, ScanArgs};

/// The engine allocates many small, short-lived vectors per sentence pair; mimalloc's
/// thread-local free lists serve them faster than glibc's allocator (see docs/PERFORMANCE.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("unspun: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Scan(args) => scan(&args),
        Command::Extract(args) => extract(&args),
        Command::Index(args) => index::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Report(args) => {
            let problems = report::run(&args)?;
            Ok(if problems > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            || cause.to_string().contains("Broken pipe")
    })
}

fn scan(args: &ScanArgs) -> anyhow::Result<ExitCode> {
    if args.pair_format() == unspun_report::PairFormat::Parquet && args.output_file().is_none() {
        anyhow::bail!("--format parquet needs --output FILE");
    }
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()
            .context("starting worker threads")?;
    }
    let started = Instant::now();
    let bar = progress::Bar::new(args.quiet);
    bar.mark("reading");
    let config = ScanConfig { park_texts: !args.keep_texts, ..ScanConfig::default() };
    let pipeline = PipelineBuilder::new().config(config).build()?;
    let ingested = ingest::read_inputs(&args.inputs(), args.ingest_config());
    for problem in &ingested.problems {
        eprintln!("unspun: {problem}");
    }
    let read = summary::ReadCounts::of(&ingested);
    if read.documents == 0 && read.problems == 0 {
        eprintln!("unspun: {}", nothing_read(args, read.ignored_files));
    }
    let output = pipeline.scan(ingested.documents, &bar);
    bar.finish();
    bar.mark("writing");
    write_outputs(args, &output)?;
    if let Some(failure) = output.parked_text_failure() {
        anyhow::bail!("{failure}; the output is incomplete");
    }
    if !args.quiet {
        eprint!("{}", summary::render(&read, &output, started.elapsed(), &bar.step_times()));
    }
    // The process ends here and its memory goes back whole: freeing every document, sentence
    // and pair one by one would only delay the exit. (Parked texts are in an unlinked file.)
    std::mem::forget(output);
    Ok(if read.problems > 0 || read.documents == 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// What to tell a user whose inputs held no document and no problem either.
fn nothing_read(args: &ScanArgs, ignored_files: usize) -> String {
    let inputs: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
    let suffixes: Vec<String> = ingest::read_suffixes().map(|s| format!("*{s}")).collect();
    format!(
        "no documents in {}: unspun reads files named {} (each also gzip-compressed, with .gz \
         after it) and - (standard input); {ignored_files} other files ignored",
        inputs.join(", "),
        suffixes.join(", ")
    )
}

fn write_outputs(args: &ScanArgs, output: &ScanOutput) -> anyhow::Result<()> {
    let out: Box<dyn Write + Send> = match args.output_file() {
        Some(path) => {
            Box::new(File::create(path).with_context(|| format!("creating {}", path.display()))?)
        }
        None => Box::new(io::stdout()),
    };
    let mut sink = unspun_report::pair_sink(args.pair_format(), out)?;
    sink.write_pairs(&output.pairs)?;
    sink.finish()?;
    if let Some(path) = &args.clusters {
        let mut file =
            File::create(path).with_context(|| format!("creating {}", path.display()))?;
        unspun_report::write_families(&output.families, &mut file)?;
    }
    if let Some(path) = &args.report {
        report::write(path, &output.pairs, &output.families, &output.documents)?;
    }
    if let Some(dir) = &args.clean {
        texts::write_texts(dir, &output.documents, texts::Written::Clean)?;
    }
    if let Some(dir) = &args.texts {
        texts::write_texts(dir, &output.documents, texts::Written::Scanned)?;
    }
    Ok(())
}

fn extract(args: &ExtractArgs) -> anyhow::Result<ExitCode> {
    let id = args.file.display().to_string();
    let gzip = ingest::is_gzip_named(&args.file);
    let doc = text::read_file(&args.file, id, (true, gzip), usize::MAX)?;
    let (prepared, _) = PipelineBuilder::new().build()?.prepare(vec![doc], &NoProgress);
    let mut stdout = io::stdout().lock();
    for doc in &prepared {
        stdout.write_all(doc.clean_text(&doc.doc.text).as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}
