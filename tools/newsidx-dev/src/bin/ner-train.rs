//! Trains the CRF models newsidx ships (`data/model/`), from the CoNLL-2003 training articles.
//!
//! ```text
//! cargo run -p newsidx-dev --release --bin ner-train -- ../shared/data/conll2003/docs_train_dev.jsonl data/model
//! ```
//!
//! (about 50 minutes on 2 cores; `--stage1-only` runs step 1 alone, see `MODEL.md`).
//!
//! Reads the `train` articles of `docs_train_dev.jsonl` (whole texts with gold character spans),
//! tokenizes them with the tokenizer the tagger uses, turns the gold spans into IOB2 labels and
//! trains, with L-BFGS:
//!
//! 1. the first-pass model on all training articles;
//! 2. two first-pass models on the two halves (even and odd articles), each tagging the other
//!    half, so that every training article has first-pass labels from a model that never saw it;
//! 3. the second-pass model on all articles with the document-consistency features those labels
//!    give.
//!
//! Everything is deterministic: same input and parameters, same model bytes.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Parser;
use crfs::Attribute;
use crfs::train::Trainer;
use newsidx::extract::crf::training::{Prepared, bio_labels, prepare, tag_with};
use newsidx_dev::conll::Record;

/// Trains the first- and second-pass CRF models from CoNLL-2003 training articles.
#[derive(Debug, Parser)]
struct Args {
    /// `docs_train_dev.jsonl` (articles with `split`, `text` and `entities`).
    docs: PathBuf,
    /// Where to write `ner-stage1.crfsuite.zst` and `ner-stage2.crfsuite.zst`.
    out: PathBuf,
    /// L1 regularisation.
    #[arg(long, default_value_t = 0.05)]
    c1: f64,
    /// L2 regularisation.
    #[arg(long, default_value_t = 0.01)]
    c2: f64,
    /// L-BFGS iterations at most.
    #[arg(long, default_value_t = 150)]
    max_iterations: usize,
    /// Train only the first-pass model.
    #[arg(long)]
    stage1_only: bool,
    /// Print L-BFGS progress.
    #[arg(long)]
    verbose: bool,
}

/// One training article: prepared text and gold labels.
struct Doc {
    text: String,
    prepared: Prepared,
    labels: Vec<String>,
}

/// Byte offset of each char offset of `text` (and of its end).
fn byte_offsets(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

fn load(path: &Path) -> Result<Vec<Doc>> {
    let data = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut docs = Vec::new();
    let mut misaligned = 0usize;
    let mut total = 0usize;
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let r: Record = serde_json::from_str(line).context("parsing a record")?;
        if r.split != "train" {
            continue;
        }
        let b = byte_offsets(&r.text);
        let entities: Vec<(usize, usize, String)> = r
            .entities
            .iter()
            .filter(|e| e.start < e.end && e.end < b.len())
            .map(|e| (b[e.start], b[e.end], e.kind.clone()))
            .collect();
        let prepared = prepare(&r.text, None);
        let ents: Vec<(usize, usize, &str)> = entities
            .iter()
            .map(|(s, e, k)| (*s, *e, k.as_str()))
            .collect();
        let labels = bio_labels(&prepared.token_spans, &ents);
        for &(s, e, _) in &ents {
            total += 1;
            let starts = prepared.token_spans.iter().any(|t| t.0 == s);
            let ends = prepared.token_spans.iter().any(|t| t.1 == e);
            if !(starts && ends) {
                misaligned += 1;
            }
        }
        docs.push(Doc {
            text: r.text,
            prepared,
            labels,
        });
    }
    eprintln!(
        "{} training articles, {} entities, {} not on token boundaries",
        docs.len(),
        total,
        misaligned
    );
    Ok(docs)
}

/// Trains one model on the articles of `docs` (features from `prepared`) and returns its bytes.
fn train<'a>(
    args: &Args,
    docs: impl Iterator<Item = (&'a Prepared, &'a [String])>,
    name: &str,
) -> Result<Vec<u8>> {
    let mut trainer = Trainer::lbfgs();
    trainer.verbose(args.verbose);
    trainer.params_mut().set_c1(args.c1)?;
    trainer.params_mut().set_c2(args.c2)?;
    trainer
        .params_mut()
        .set_max_iterations(args.max_iterations)?;
    // one sequence an article: the trainer's cost grows with the number of sequences
    for (p, labels) in docs {
        let xseq: Vec<Vec<Attribute>> = p
            .features
            .iter()
            .map(|f| f.iter().map(|s| Attribute::new(s.as_str(), 1.0)).collect())
            .collect();
        trainer.append(&xseq, labels)?;
    }
    let tmp = std::env::temp_dir().join(format!("newsidx-{name}-{}.crfsuite", std::process::id()));
    let start = std::time::Instant::now();
    trainer.train(&tmp)?;
    eprintln!("{name}: trained in {:.1?}", start.elapsed());
    let bytes = fs::read(&tmp)?;
    fs::remove_file(&tmp).ok();
    Ok(bytes)
}

fn write_model(out: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    let z = zstd::stream::encode_all(bytes, 19)?;
    let path = out.join(name);
    fs::write(&path, &z).with_context(|| format!("writing {}", path.display()))?;
    eprintln!(
        "{}: {} bytes ({} uncompressed)",
        path.display(),
        z.len(),
        bytes.len()
    );
    Ok(())
}

fn main() -> Result<()> {
    let args = Args::parse();
    // before the training, not after it: a folder that cannot be made fails at once
    fs::create_dir_all(&args.out).with_context(|| format!("creating {}", args.out.display()))?;
    let docs = load(&args.docs)?;
    let all = || docs.iter().map(|d| (&d.prepared, d.labels.as_slice()));
    let stage1 = train(&args, all(), "stage1")?;
    write_model(&args.out, "ner-stage1.crfsuite.zst", &stage1)?;
    if args.stage1_only {
        return Ok(());
    }
    // first-pass labels for every article from the model of the other half
    let half = |parity: usize| {
        docs.iter()
            .enumerate()
            .filter(move |(i, _)| i % 2 == parity)
            .map(|(_, d)| (&d.prepared, d.labels.as_slice()))
    };
    let (m0, m1) = std::thread::scope(|s| {
        let a = s.spawn(|| train(&args, half(0), "fold0"));
        let b = s.spawn(|| train(&args, half(1), "fold1"));
        (a.join(), b.join())
    });
    let folds = [
        m0.map_err(|_| anyhow::anyhow!("fold 0 panicked"))??,
        m1.map_err(|_| anyhow::anyhow!("fold 1 panicked"))??,
    ];
    let mut second: Vec<(Prepared, Vec<String>)> = Vec::with_capacity(docs.len());
    for (i, d) in docs.iter().enumerate() {
        // the model trained on the other parity
        let first = tag_with(&folds[1 - i % 2], &d.prepared)?;
        let prepared = prepare(&d.text, Some(&first));
        debug_assert_eq!(prepared.token_spans.len(), d.labels.len());
        second.push((prepared, d.labels.clone()));
    }
    let stage2 = train(
        &args,
        second.iter().map(|(p, l)| (p, l.as_slice())),
        "stage2",
    )?;
    write_model(&args.out, "ner-stage2.crfsuite.zst", &stage2)?;
    Ok(())
}
