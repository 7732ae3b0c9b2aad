//! The HTML report: from a finished scan (`scan --report`) or from saved results and their
//! corpus (`unspun report`).

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter};
use std::path::Path;

use anyhow::Context;
use unspun_core::ingest::{self, Input};
use unspun_core::{cluster, Family, NoProgress, PipelineBuilder, PreparedDocument, ReusePair};
use unspun_report::ReportDocument;

use crate::args::ReportArgs;

/// The report's view of a prepared document.
fn report_document(doc: &PreparedDocument) -> anyhow::Result<ReportDocument> {
    let text = doc.text().with_context(|| format!("reading the text of {}", doc.doc.id))?;
    Ok(ReportDocument {
        id: doc.doc.id.clone(),
        boilerplate: doc.boilerplate_spans(&text).iter().map(|s| [s.start, s.end]).collect(),
        text: text.into_owned(),
        outlet: doc.doc.meta.outlet.clone(),
        date: doc.doc.meta.date.clone(),
    })
}

/// Writes the report file.
pub fn write(
    path: &Path,
    pairs: &[ReusePair],
    families: &[Family],
    documents: &[PreparedDocument],
) -> anyhow::Result<()> {
    let docs: Vec<ReportDocument> =
        documents.iter().map(report_document).collect::<anyhow::Result<_>>()?;
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    unspun_report::write_html(&mut BufWriter::new(file), pairs, families, &docs, documents.len())?;
    Ok(())
}

/// `unspun report`: reads saved pairs, re-reads the corpus for texts and boilerplate, writes
/// the page. Returns the number of input problems.
pub fn run(args: &ReportArgs) -> anyhow::Result<usize> {
    let pairs = read_pairs(&args.results)?;
    let inputs: Vec<Input> = args.corpus.iter().map(|p| Input::Path(p.clone())).collect();
    let ingested = ingest::read_inputs(&inputs, ingest::IngestConfig::default());
    for problem in &ingested.problems {
        eprintln!("unspun: {problem}");
    }
    let (documents, _) = PipelineBuilder::new().build()?.prepare(ingested.documents, &NoProgress);
    let missing: Vec<&str> = pairs
        .iter()
        .flat_map(|p| [p.a.as_str(), p.b.as_str()])
        .filter(|id| !documents.iter().any(|d| d.doc.id == *id))
        .collect();
    if let Some(id) = missing.first() {
        anyhow::bail!(
            "{}: document {id:?} is not in the corpus given with --corpus",
            args.results.display()
        );
    }
    write(&args.output, &pairs, &cluster::families(&pairs), &documents)?;
    Ok(ingested.problems.len())
}

fn read_pairs(path: &Path) -> anyhow::Result<Vec<ReusePair>> {
    let file = File::open(path).with_context(|| format!("reading {}", path.display()))?;
    let mut pairs = Vec::new();
    for (number, line) in BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("reading {}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let pair = serde_json::from_str(&line).with_context(|| {
            format!("{}:{}: not a pair written by unspun scan", path.display(), number + 1)
        })?;
        pairs.push(pair);
    }
    Ok(pairs)
}
