//! Measures a recogniser on the CoNLL-2003 dev articles through the code path of indexing.
//!
//! ```text
//! cargo run -p newsidx-dev --release --bin ner-eval -- ../shared/data/conll2003/docs_train_dev.jsonl
//! cargo run -p newsidx-dev --release --bin ner-eval -- ../shared/data/conll2003/docs_train_dev.jsonl --recognizer rules
//! cargo run -p newsidx-dev --release --bin ner-eval -- ../shared/data/conll2003/docs_train_dev.jsonl --part tune
//! ```
//!
//! `--part` picks half of the split's articles, fixed for everyone: `tune` the articles at even
//! positions (0, 2, 4, …, 0-based, in file order among the split's articles), `check` those at
//! odd positions, `all` every one (the default). Rules and features are chosen by looking at
//! `tune` only; `check` is scored to report, never to choose.
//!
//! Each scored article's `text` goes whole through [`newsidx::extract::extract`]; its person,
//! organization and location mentions are scored against the gold spans by exact match on
//! char offsets (as `../shared/tools/ner_score.py` does): precision, recall and F1 per type and
//! micro-averaged over the three. Then it times the recogniser alone on one thread (tokens are
//! the CoNLL tokens, the text's white-space separated words), twice: on a new thread, whose
//! per-word feature cache is empty (cold), and on that thread again after it has tagged the
//! training articles (warm: as when indexing a corpus, most words were seen in earlier
//! articles; the scored articles themselves were not). Last, the model load time.

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Parser, ValueEnum};
use newsidx::extract::{self, CrfRecognizer, EntityKind, Recognizer, RuleRecognizer};

/// Scores a recogniser on the CoNLL-2003 dev articles and times it.
#[derive(Debug, Parser)]
struct Args {
    /// `docs_train_dev.jsonl` (articles with `split`, `text` and `entities`).
    docs: PathBuf,
    /// The recogniser to measure.
    #[arg(long, value_enum, default_value_t = Which::Crf)]
    recognizer: Which,
    /// The split to score.
    #[arg(long, default_value = "testa")]
    split: String,
    /// Which articles of the split to score: the tune part (even positions in file order),
    /// the check part (odd positions) or all.
    #[arg(long, value_enum, default_value_t = Part::All)]
    part: Part,
    /// Also write the predictions as JSON Lines (`id`, `entities`) for `ner_score.py`.
    #[arg(long)]
    predictions: Option<PathBuf>,
    /// Timing runs (each on a new thread, cold then warm); the figures are their sums.
    #[arg(long, default_value_t = 3)]
    passes: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Which {
    /// The rule-based recogniser.
    Rules,
    /// The CRF, both passes (the default recogniser when it ships).
    Crf,
    /// The CRF, first pass only.
    Crf1,
}

/// A fixed half of a split's articles, by position in file order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Part {
    /// The articles at even positions (0, 2, 4, …): rules and features are chosen on these.
    Tune,
    /// The articles at odd positions (1, 3, 5, …): scored to report, never to choose.
    Check,
    /// Every article of the split.
    All,
}

impl Part {
    /// Whether the article at `position` (0-based, in file order among its split's articles)
    /// belongs to this part.
    fn holds(self, position: usize) -> bool {
        match self {
            Part::Tune => position.is_multiple_of(2),
            Part::Check => !position.is_multiple_of(2),
            Part::All => true,
        }
    }
}

#[derive(serde::Deserialize)]
struct Record {
    id: String,
    split: String,
    text: String,
    entities: Vec<RecordEntity>,
}

#[derive(serde::Deserialize)]
struct RecordEntity {
    start: usize,
    end: usize,
    #[serde(rename = "type")]
    kind: String,
}

const TYPES: [&str; 3] = ["PER", "ORG", "LOC"];

fn type_name(kind: EntityKind) -> Option<&'static str> {
    match kind {
        EntityKind::Person => Some("PER"),
        EntityKind::Organization => Some("ORG"),
        EntityKind::Location => Some("LOC"),
        EntityKind::Date => None,
    }
}

fn prf(tp: usize, fp: usize, fn_: usize) -> (f64, f64, f64) {
    let p = if tp + fp == 0 {
        0.0
    } else {
        tp as f64 / (tp + fp) as f64
    };
    let r = if tp + fn_ == 0 {
        0.0
    } else {
        tp as f64 / (tp + fn_) as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

/// Splits the records into the articles to score (those of `split` in `part`, in file order)
/// and the texts of the other splits' articles, which warm the tagger's cache up before the
/// warm timing. The split's articles outside the part are in neither.
fn select(records: Vec<Record>, split: &str, part: Part) -> (Vec<Record>, Vec<String>) {
    let (mut docs, mut others) = (Vec::new(), Vec::new());
    let mut position = 0;
    for r in records {
        if r.split == split {
            if part.holds(position) {
                docs.push(r);
            }
            position += 1;
        } else {
            others.push(r.text);
        }
    }
    (docs, others)
}

fn main() -> Result<()> {
    let args = Args::parse();
    // the gazetteers are shared by every recogniser: parse them first, timed on their own
    let gaz = Instant::now();
    RuleRecognizer::new().recognize("Warm up in Paris.");
    let gaz = gaz.elapsed();
    let load = Instant::now();
    let recognizer: Box<dyn Recognizer> = match args.recognizer {
        Which::Rules => Box::new(RuleRecognizer::new()),
        Which::Crf => {
            anyhow::ensure!(extract::crf::model_loaded(), "the CRF model does not load");
            Box::new(CrfRecognizer::new())
        }
        Which::Crf1 => {
            anyhow::ensure!(extract::crf::model_loaded(), "the CRF model does not load");
            Box::new(CrfRecognizer::first_pass_only())
        }
    };
    let load = load.elapsed();

    let data = fs::read_to_string(&args.docs)
        .with_context(|| format!("reading {}", args.docs.display()))?;
    let records = data
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str::<Record>(l).context("parsing a record"))
        .collect::<Result<Vec<_>>>()?;
    let (docs, others) = select(records, &args.split, args.part);
    anyhow::ensure!(!docs.is_empty(), "no articles of split {}", args.split);

    let mut counts = [[0usize; 3]; 3]; // per type: tp, fp, fn
    let mut pred_out = match &args.predictions {
        Some(p) => Some(std::io::BufWriter::new(fs::File::create(p)?)),
        None => None,
    };
    for d in &docs {
        let gold: HashSet<(usize, usize, &str)> = d
            .entities
            .iter()
            .filter(|e| TYPES.contains(&e.kind.as_str()))
            .map(|e| (e.start, e.end, e.kind.as_str()))
            .collect();
        let mentions = extract::extract(recognizer.as_ref(), &d.text);
        let pred: HashSet<(usize, usize, &str)> = mentions
            .iter()
            .filter_map(|m| Some((m.char_start, m.char_end, type_name(m.kind)?)))
            .collect();
        for (k, ty) in TYPES.iter().enumerate() {
            let g = gold.iter().filter(|e| e.2 == *ty).count();
            let p = pred.iter().filter(|e| e.2 == *ty).count();
            let tp = pred
                .iter()
                .filter(|e| e.2 == *ty && gold.contains(e))
                .count();
            counts[k][0] += tp;
            counts[k][1] += p - tp;
            counts[k][2] += g - tp;
        }
        if let Some(w) = pred_out.as_mut() {
            let ents: Vec<serde_json::Value> = mentions
                .iter()
                .filter_map(|m| {
                    Some(serde_json::json!({
                        "start": m.char_start, "end": m.char_end,
                        "type": type_name(m.kind)?, "text": m.text,
                    }))
                })
                .collect();
            writeln!(w, "{}", serde_json::json!({"id": d.id, "entities": ents}))?;
        }
    }

    println!(
        "recogniser {:?} on {} {} articles, part {:?} (exact span match, char offsets)",
        args.recognizer,
        docs.len(),
        args.split,
        args.part
    );
    println!(
        "{:<6} {:>9} {:>9} {:>9} {:>7}",
        "type", "precision", "recall", "F1", "gold"
    );
    let mut total = [0usize; 3];
    for (k, ty) in TYPES.iter().enumerate() {
        let [tp, fp, fn_] = counts[k];
        let (p, r, f) = prf(tp, fp, fn_);
        println!("{ty:<6} {p:>9.4} {r:>9.4} {f:>9.4} {:>7}", tp + fn_);
        for i in 0..3 {
            total[i] += counts[k][i];
        }
    }
    let (p, r, f) = prf(total[0], total[1], total[2]);
    println!(
        "{:<6} {p:>9.4} {r:>9.4} {f:>9.4} {:>7}",
        "micro",
        total[0] + total[2]
    );

    let tokens: usize = docs.iter().map(|d| d.text.split_whitespace().count()).sum();
    let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
    let runs = args.passes.max(1);
    let (mut cold, mut warm, mut spans) = (0.0, 0.0, 0usize);
    for _ in 0..runs {
        let (c, w, n) = std::thread::scope(|s| {
            s.spawn(|| {
                let time = |texts: &[&str]| {
                    let start = Instant::now();
                    let n: usize = texts.iter().map(|t| recognizer.recognize(t).len()).sum();
                    (start.elapsed().as_secs_f64(), n)
                };
                let (cold, n) = time(&texts);
                for t in &others {
                    recognizer.recognize(t);
                }
                let (warm, _) = time(&texts);
                (cold, warm, n)
            })
            .join()
            .expect("the timing thread")
        });
        (cold, warm, spans) = (cold + c, warm + w, spans + n);
    }
    for (what, secs) in [("cold", cold), ("warm", warm)] {
        println!(
            "throughput ({what}): {:.0} tokens/s on one thread ({tokens} tokens x {runs} runs in {secs:.2} s, {spans} spans)",
            (tokens * runs) as f64 / secs
        );
    }
    println!(
        "load: model {:.1} ms, gazetteers {:.1} ms (first use, decompression and parsing)",
        load.as_secs_f64() * 1e3,
        gaz.as_secs_f64() * 1e3
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verify_cli() {
        use clap::CommandFactory;
        Args::command().debug_assert();
    }

    /// The tune part is the split's articles at even positions in file order, the check part
    /// those at odd positions; articles of other splits do not count towards the position.
    #[test]
    fn parts_are_even_and_odd_positions_among_the_split() {
        let records = || {
            [
                "train", "testa", "testa", "train", "testa", "testa", "testa", "train",
            ]
            .iter()
            .enumerate()
            .map(|(i, split)| Record {
                id: i.to_string(),
                split: split.to_string(),
                text: format!("text {i}"),
                entities: Vec::new(),
            })
            .collect::<Vec<_>>()
        };
        let ids = |part: Part| {
            let (docs, others) = select(records(), "testa", part);
            assert_eq!(others, ["text 0", "text 3", "text 7"]);
            docs.into_iter().map(|d| d.id).collect::<Vec<_>>()
        };
        assert_eq!(ids(Part::Tune), ["1", "4", "6"]);
        assert_eq!(ids(Part::Check), ["2", "5"]);
        assert_eq!(ids(Part::All), ["1", "2", "4", "5", "6"]);
    }
}
