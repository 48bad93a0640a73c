//! Measures a recogniser through the code path of indexing: on the CoNLL-2003 dev articles (or
//! a fixed half of them), on GMB as an out-of-domain check, and by the junk it finds in
//! Reuters-21578.
//!
//! ```text
//! cargo run -p newsidx-dev --release --bin ner-eval -- ../shared/data/conll2003/docs_train_dev.jsonl
//! cargo run -p newsidx-dev --release --bin ner-eval -- ../shared/data/conll2003/docs_train_dev.jsonl --recognizer rules
//! cargo run -p newsidx-dev --release --bin ner-eval -- ../shared/data/conll2003/docs_train_dev.jsonl --part tune
//! cargo run -p newsidx-dev --release --bin ner-eval -- --gmb ../shared/data/gmb/gmb_ner.conll.txt
//! cargo run -p newsidx-dev --release --bin ner-eval -- --junk ../shared/data/reuters21578/reuters21578.jsonl
//! ```
//!
//! Each is run when its path is given; all three may be given at once.
//!
//! **CoNLL** (`DOCS`, [`conll`]): `--part` picks half of the split's articles, fixed for
//! everyone: `tune` the articles at even positions (0, 2, 4, …, 0-based, in file order among the
//! split's articles), `check` those at odd positions, `all` every one (the default). Rules and
//! features are chosen by looking at `tune` only; `check` is scored to report, never to choose.
//! Each scored article's `text` goes whole through [`newsidx::extract::extract`]; its person,
//! organization and location mentions are scored against the gold spans by exact match on
//! char offsets (as `../shared/tools/ner_score.py` does, [`score`]): precision, recall and F1
//! per type and micro-averaged over the three. Then it times the recogniser alone on one thread
//! ([`timing`]), cold and warm.
//!
//! **GMB** (`--gmb`, [`gmb`]): the sentences, rebuilt as text and grouped into pseudo-articles
//! of 20, scored the same way, all of them.
//!
//! **Junk** (`--junk`, [`junk`]): counts of wire names, line-crossing spans, tickers and
//! dateline words found as entities in Reuters-21578 (every article with a body, or every
//! `--every`th; `--examples N` shows N of each kind on stderr).
//!
//! Last, the model load time.

mod conll;
mod gmb;
mod junk;
mod score;
mod timing;

use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;
use clap::{Parser, ValueEnum};
use newsidx::extract::{self, CrfRecognizer, Recognizer, RuleRecognizer};

use conll::Part;

/// Scores a recogniser on the CoNLL-2003 dev articles and times it; scores it on GMB; counts
/// its junk entities on Reuters-21578.
#[derive(Debug, Parser)]
struct Args {
    /// `docs_train_dev.jsonl` (articles with `split`, `text` and `entities`).
    #[arg(required_unless_present_any = ["gmb", "junk"])]
    docs: Option<PathBuf>,
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
    /// `gmb_ner.conll.txt`: score on GMB, in pseudo-articles of 20 sentences.
    #[arg(long, value_name = "PATH")]
    gmb: Option<PathBuf>,
    /// `reuters21578.jsonl`: count junk entities in its articles.
    #[arg(long, value_name = "PATH")]
    junk: Option<PathBuf>,
    /// With `--junk`, run every Nth article with a body (1: all 19,043).
    #[arg(long, default_value_t = 1, value_name = "N")]
    every: usize,
    /// With `--junk`, print up to N examples of each kind of junk on stderr.
    #[arg(long, default_value_t = 0, value_name = "N")]
    examples: usize,
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
    let recognizer = recognizer.as_ref();

    if let Some(path) = &args.docs {
        let (docs, others) = conll::load(path, &args.split, args.part)?;
        let mut predictions = match &args.predictions {
            Some(p) => Some(std::io::BufWriter::new(fs::File::create(p)?)),
            None => None,
        };
        let score = conll::score(
            recognizer,
            &docs,
            predictions.as_mut().map(|w| w as &mut dyn Write),
        )?;
        if let Some(mut w) = predictions {
            w.flush()?;
        }
        println!(
            "recogniser {:?} on {} {} articles, part {:?} (exact span match, char offsets)",
            args.recognizer,
            docs.len(),
            args.split,
            args.part
        );
        score.print();
        let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
        timing::print_throughput(recognizer, &texts, &others, args.passes);
    }
    if let Some(path) = &args.gmb {
        gmb::print_score(recognizer, path)?;
    }
    if let Some(path) = &args.junk {
        junk::print_counts(recognizer, path, args.every, args.examples)?;
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
}
