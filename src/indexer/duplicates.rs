//! Which articles are the same story? News archives repeat a story: agency re-sends, corrected
//! re-sends, the same wire copy in several outlets. Each article gets a near-duplicate
//! signature, a MinHash (Broder 1997, "On the resemblance and containment of documents") of the
//! word 3-shingles of its title and body: [`HASHES`] minimum hashes, kept to 16 bits each (b-bit
//! minwise hashing, Li and König 2010). The share of equal positions in two signatures estimates
//! the Jaccard resemblance of the two shingle sets; an article joins the group of the most
//! resembling earlier article at [`MIN_RESEMBLANCE`] or more, else it starts a group named by a
//! hash of its signature. Identical texts have identical signatures, so an exact duplicate
//! always joins its original's group.
//!
//! Candidates are found by locality-sensitive hashing: the signature's [`BANDS`] bands of
//! [`ROWS`] positions each, as `dup_band` terms; two articles of resemblance 0.9 share a band
//! with probability 0.9998, of resemblance 0.5 with 0.40 (and are then told apart by the
//! estimate). They are looked up in the committed index through the terms, and among the
//! articles of this run in memory.

use std::collections::HashMap;

use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::{Searcher, Term};
use xxhash_rust::xxh3::xxh3_64;

use crate::schema::{self, Fields};

/// Positions of a signature.
pub const HASHES: usize = 32;
/// Bands of the signature for finding candidates.
pub const BANDS: usize = 8;
/// Positions a band.
pub const ROWS: usize = HASHES / BANDS;
/// Articles whose signatures agree in at least this share of positions are one story.
pub const MIN_RESEMBLANCE: f64 = 0.9;

/// Candidates read from the committed index for one article, at most.
const MAX_CANDIDATES: usize = 1_000;

/// A near-duplicate signature.
pub type Signature = [u16; HASHES];

/// The MinHash signature of the word 3-shingles of `title` and `body` (words: runs of letters
/// and digits, lower-cased; a text of fewer than three words uses its words). All zeros for a
/// text without words.
pub fn signature(title: Option<&str>, body: &str) -> Signature {
    let mut lower = String::new();
    let words: Vec<u64> = title
        .into_iter()
        .chain([body])
        .flat_map(|text| text.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(|w| {
            lower.clear();
            lower.extend(w.chars().flat_map(char::to_lowercase));
            xxh3_64(lower.as_bytes())
        })
        .collect();
    let mut shingles: Vec<u64> = if words.len() < 3 {
        words
    } else {
        let mut bytes = [0u8; 24];
        words
            .windows(3)
            .map(|w| {
                for (i, h) in w.iter().enumerate() {
                    bytes[8 * i..8 * i + 8].copy_from_slice(&h.to_le_bytes());
                }
                xxh3_64(&bytes)
            })
            .collect()
    };
    shingles.sort_unstable();
    shingles.dedup();
    let mut mins = [u64::MAX; HASHES];
    for &s in &shingles {
        for (i, min) in mins.iter_mut().enumerate() {
            *min = (*min).min(mix(s ^ SEEDS[i]));
        }
    }
    if shingles.is_empty() {
        return [0; HASHES];
    }
    mins.map(|m| m as u16)
}

/// SplitMix64's finalizer: a hash function a seed.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// One seed a position (SplitMix64's sequence from 0).
const SEEDS: [u64; HASHES] = {
    let mut seeds = [0u64; HASHES];
    let mut state: u64 = 0;
    let mut i = 0;
    while i < HASHES {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        seeds[i] = z ^ (z >> 31);
        i += 1;
    }
    seeds
};

/// The share of positions where two signatures agree: an estimate of their texts' resemblance.
pub fn resemblance(a: &Signature, b: &Signature) -> f64 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / HASHES as f64
}

/// The signature as stored: its positions as little-endian bytes.
pub fn to_bytes(sig: &Signature) -> Vec<u8> {
    sig.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// The signature stored by [`to_bytes`].
pub(super) fn from_bytes(bytes: &[u8]) -> Option<Signature> {
    (bytes.len() == 2 * HASHES)
        .then(|| std::array::from_fn(|i| u16::from_le_bytes([bytes[2 * i], bytes[2 * i + 1]])))
}

/// The band keys of a signature.
fn bands(sig: &Signature) -> [u64; BANDS] {
    std::array::from_fn(|b| {
        let mut bytes = [0u8; 2 * ROWS + 1];
        bytes[0] = b as u8;
        for (i, v) in sig[b * ROWS..(b + 1) * ROWS].iter().enumerate() {
            bytes[1 + 2 * i..3 + 2 * i].copy_from_slice(&v.to_le_bytes());
        }
        xxh3_64(&bytes)
    })
}

/// The bands of a signature as `dup_band` terms.
pub fn band_terms(sig: &Signature) -> [String; BANDS] {
    bands(sig).map(|k| format!("{k:016x}"))
}

/// The group a signature starts: a hash of it.
fn own_group(sig: &Signature) -> u64 {
    xxh3_64(&to_bytes(sig))
}

/// The duplicate groups of a run: finds each new article's group among the committed
/// articles and those written before it in this run.
pub(super) struct Groups {
    searcher: Option<Searcher>,
    fields: Fields,
    /// The articles of this run: signature and group.
    run: Vec<(Signature, u64)>,
    /// Band key to articles of this run.
    buckets: HashMap<u64, Vec<usize>>,
}

impl Groups {
    /// Groups over the committed articles of `searcher` (`None` for an empty index).
    pub(super) fn new(searcher: Option<Searcher>, fields: &Fields) -> Groups {
        Groups {
            searcher: searcher.filter(|s| s.num_docs() > 0),
            fields: fields.clone(),
            run: Vec::new(),
            buckets: HashMap::new(),
        }
    }

    /// The group of an article of signature `sig`, which is then among the run's articles.
    pub(super) fn assign(&mut self, sig: &Signature) -> tantivy::Result<u64> {
        let keys = bands(sig);
        let mut best: Option<(f64, u64)> = None;
        let mut consider = |other: &Signature, group: u64| {
            let r = resemblance(sig, other);
            if r >= MIN_RESEMBLANCE && best.is_none_or(|(br, bg)| r > br || (r == br && group < bg))
            {
                best = Some((r, group));
            }
        };
        for key in &keys {
            for &i in self.buckets.get(key).into_iter().flatten() {
                let (other, group) = &self.run[i];
                consider(other, *group);
            }
        }
        if let Some(searcher) = &self.searcher {
            for (other, group) in committed_candidates(searcher, &self.fields, sig)? {
                consider(&other, group);
            }
        }
        let group = best.map_or_else(|| own_group(sig), |(_, g)| g);
        let at = self.run.len();
        self.run.push((*sig, group));
        for key in keys {
            let bucket = self.buckets.entry(key).or_default();
            if bucket.last() != Some(&at) {
                bucket.push(at);
            }
        }
        Ok(group)
    }
}

/// (signature, group) of committed articles that share a band with `sig`.
fn committed_candidates(
    searcher: &Searcher,
    fields: &Fields,
    sig: &Signature,
) -> tantivy::Result<Vec<(Signature, u64)>> {
    let clauses: Vec<(Occur, Box<dyn Query>)> = band_terms(sig)
        .iter()
        .map(|t| {
            let q: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(fields.dup_band, t),
                IndexRecordOption::Basic,
            ));
            (Occur::Should, q)
        })
        .collect();
    let docs = searcher.search(&BooleanQuery::new(clauses), &DocSetCollector)?;
    let mut out = Vec::new();
    for address in docs.into_iter().take(MAX_CANDIDATES) {
        let fast = searcher.segment_reader(address.segment_ord).fast_fields();
        let Some(group) = fast.u64(schema::DUP_GROUP)?.first(address.doc_id) else {
            continue;
        };
        let doc: TantivyDocument = searcher.doc(address)?;
        if let Some(other) = doc
            .get_first(fields.minhash)
            .and_then(|v| v.as_bytes())
            .and_then(from_bytes)
        {
            out.push((other, group));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "WASHINGTON, March 2 - Treasury Secretary James Baker said the United \
        States would keep working with its allies to stabilise currencies, and that the dollar \
        had fallen far enough against the yen and the mark, officials said on Monday. He told \
        reporters after a meeting with West German officials that the Louvre accord was working \
        and that central banks stood ready to act if the markets tested it again.";

    #[test]
    fn a_corrected_resend_resembles_and_another_story_does_not() {
        let title = Some("BAKER SAYS DOLLAR FELL FAR ENOUGH");
        let a = signature(title, STORY);
        assert_eq!(a, signature(title, STORY));
        // a re-send with one word corrected
        let b = signature(title, &STORY.replace("stabilise", "stabilize"));
        assert!(
            resemblance(&a, &b) >= MIN_RESEMBLANCE,
            "{}",
            resemblance(&a, &b)
        );
        let other = signature(
            Some("COCOA PRICES RISE"),
            "ABIDJAN, March 2 - Cocoa prices rose on the London market as \
             traders worried about the Ivory Coast crop and the weather in West Africa.",
        );
        assert!(resemblance(&a, &other) < 0.3, "{}", resemblance(&a, &other));
        assert_eq!(signature(None, " ... "), [0; HASHES]);
        assert_eq!(from_bytes(&to_bytes(&a)), Some(a));
    }

    #[test]
    fn groups_join_the_most_resembling_earlier_article() {
        let mut groups = Groups::new(None, &Fields::new());
        let first: Signature = std::array::from_fn(|i| i as u16);
        let g = groups.assign(&first).unwrap();
        assert_eq!(g, own_group(&first));
        // three positions of 32 differ (0.906): the same group; an exact copy too
        let mut near = first;
        near[0] = 999;
        near[9] = 999;
        near[30] = 999;
        assert_eq!(groups.assign(&near).unwrap(), g);
        assert_eq!(groups.assign(&first).unwrap(), g);
        // four differ (0.875): a group of its own
        let mut far = first;
        for i in [1, 10, 20, 31] {
            far[i] = 999;
        }
        assert_ne!(groups.assign(&far).unwrap(), g);
    }
}
