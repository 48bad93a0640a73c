//! Exact-span scoring of person, organization and location mentions against gold spans, as
//! `../shared/tools/ner_score.py` does: a mention counts when its char offsets and type equal a
//! gold span's; precision, recall and F1 per type and micro-averaged over the three.

use std::collections::HashSet;

use newsidx::extract::{EntityKind, Mention};

/// The scored types, in the order of the tables.
pub const TYPES: [&str; 3] = ["PER", "ORG", "LOC"];

/// A gold span: char offsets (end exclusive) and type (one of [`TYPES`]).
pub type Gold = (usize, usize, &'static str);

/// The scored type of a mention's kind (dates are not scored).
pub fn type_name(kind: EntityKind) -> Option<&'static str> {
    match kind {
        EntityKind::Person => Some("PER"),
        EntityKind::Organization => Some("ORG"),
        EntityKind::Location => Some("LOC"),
        EntityKind::Date => None,
    }
}

/// A scored type from a gold label of the CoNLL data (`MISC` and others are not scored).
pub fn scored_type(label: &str) -> Option<&'static str> {
    TYPES.iter().copied().find(|t| *t == label)
}

/// True positives, false positives and false negatives per type, summed over articles.
#[derive(Debug, Default)]
pub struct Score {
    counts: [[usize; 3]; 3],
}

impl Score {
    /// Adds one article: its gold spans and the mentions found in it.
    pub fn add(&mut self, gold: &[Gold], mentions: &[Mention]) {
        let gold: HashSet<Gold> = gold.iter().copied().collect();
        let pred: HashSet<Gold> = mentions
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
            self.counts[k][0] += tp;
            self.counts[k][1] += p - tp;
            self.counts[k][2] += g - tp;
        }
    }

    /// Prints precision, recall, F1 and the number of gold spans per type and micro-averaged.
    pub fn print(&self) {
        println!(
            "{:<6} {:>9} {:>9} {:>9} {:>7}",
            "type", "precision", "recall", "F1", "gold"
        );
        let mut total = [0usize; 3];
        for (k, ty) in TYPES.iter().enumerate() {
            let [tp, fp, fn_] = self.counts[k];
            let (p, r, f) = prf(tp, fp, fn_);
            println!("{ty:<6} {p:>9.4} {r:>9.4} {f:>9.4} {:>7}", tp + fn_);
            for (t, c) in total.iter_mut().zip(self.counts[k]) {
                *t += c;
            }
        }
        let (p, r, f) = prf(total[0], total[1], total[2]);
        println!(
            "{:<6} {p:>9.4} {r:>9.4} {f:>9.4} {:>7}",
            "micro",
            total[0] + total[2]
        );
    }
}

/// Precision, recall and F1 from true positives, false positives and false negatives.
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
