//! The CoNLL-2003 articles of `docs_train_dev.jsonl`: which are scored (a split, and a part of
//! it), and their score through [`newsidx::extract::extract`].

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use clap::ValueEnum;
use newsidx::extract::{self, Recognizer};
pub use newsidx_dev::conll::Record;

use crate::score::{Gold, Score, scored_type, type_name};

/// A fixed half of a split's articles, by position in file order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Part {
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

/// Reads `docs_train_dev.jsonl` and splits it with [`select`].
pub fn load(path: &Path, split: &str, part: Part) -> Result<(Vec<Record>, Vec<String>)> {
    let data = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let records = data
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str::<Record>(l).context("parsing a record"))
        .collect::<Result<Vec<_>>>()?;
    let (docs, others) = select(records, split, part);
    anyhow::ensure!(!docs.is_empty(), "no articles of split {split}");
    Ok((docs, others))
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

/// Scores the articles, writing the predictions as JSON Lines (`id`, `entities`) for
/// `ner_score.py` when `predictions` is given.
pub fn score(
    recognizer: &dyn Recognizer,
    docs: &[Record],
    mut predictions: Option<&mut dyn Write>,
) -> Result<Score> {
    let mut score = Score::default();
    for d in docs {
        let gold: Vec<Gold> = d
            .entities
            .iter()
            .filter_map(|e| Some((e.start, e.end, scored_type(&e.kind)?)))
            .collect();
        let mentions = extract::extract(recognizer, &d.text);
        score.add(&gold, &mentions);
        if let Some(w) = predictions.as_mut() {
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
    Ok(score)
}

#[cfg(test)]
mod tests {
    use super::*;

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
