//! Which articles are the same story? News archives repeat a story: agency re-sends, corrected
//! re-sends, the same wire copy in several outlets. Each article gets a near-duplicate
//! signature, a MinHash (Broder 1997, "On the resemblance and containment of documents") of the
//! word 3-shingles of its title and body: [`HASHES`] minimum hashes, kept to 8 bits each (b-bit
//! minwise hashing, Li and König 2010: two unrelated texts still agree on a position once in
//! 256), stored as four 64-bit fast fields. The share of equal positions in two signatures estimates
//! the Jaccard resemblance of the two shingle sets; an article joins the group of the most
//! resembling earlier article at [`MIN_RESEMBLANCE`] or more, else it starts a group named by a
//! hash of its signature. Identical texts have identical signatures, so an exact duplicate
//! always joins its original's group.
//!
//! Candidates are found by locality-sensitive hashing: the signature's [`BANDS`] bands of
//! [`ROWS`] positions each; two articles of resemblance 0.9 share a band with probability
//! 0.2008, of resemblance 0.5 with 0.40 (and are then told apart by the estimate). The bands of
//! the committed articles are read from their fast fields once a run, when the run first needs
//! them, into a sorted table; those of the run's own articles are kept as they come.

use std::collections::HashMap;

use tantivy::Searcher;
use xxhash_rust::xxh3::xxh3_64;

use crate::schema;

/// Positions of a signature.
pub const HASHES: usize = 32;
/// Bands of the signature for finding candidates.
pub const BANDS: usize = 8;
/// Positions a band.
pub const ROWS: usize = HASHES / BANDS;
/// Articles whose signatures agree in at least this share of positions are one story.
pub const MIN_RESEMBLANCE: f64 = 0.9;

/// A near-duplicate signature.
pub type Signature = [u8; HASHES];

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
    mins.map(|m| m as u8)
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

/// The signature as stored: four 64-bit values of eight positions each.
pub fn to_words(sig: &Signature) -> [u64; 4] {
    std::array::from_fn(|w| u64::from_le_bytes(sig[8 * w..8 * w + 8].try_into().expect("8")))
}

/// The signature of [`to_words`].
pub fn from_words(words: [u64; 4]) -> Signature {
    std::array::from_fn(|i| words[i / 8].to_le_bytes()[i % 8])
}

/// The band keys of a signature: a band's number in the high 32 bits, its four positions in
/// the low.
fn band_keys(sig: &Signature) -> [u64; BANDS] {
    std::array::from_fn(|b| {
        let rows: [u8; ROWS] = sig[b * ROWS..(b + 1) * ROWS].try_into().expect("ROWS");
        (b as u64) << 32 | u64::from(u32::from_le_bytes(rows))
    })
}

/// The group a signature starts: a hash of it.
fn own_group(sig: &Signature) -> u64 {
    xxh3_64(sig)
}

/// The committed articles' signatures and groups, and their band keys sorted (key, article).
type Table = (Vec<(Signature, u64)>, Vec<(u64, u32)>);

/// The duplicate groups of a run: finds each new article's group among the committed
/// articles and those written before it in this run.
pub(super) struct Groups {
    searcher: Option<Searcher>,
    /// The committed articles' signatures and groups, and their band keys sorted, read on
    /// first need.
    committed: Option<Table>,
    /// The articles of this run: signature and group.
    run: Vec<(Signature, u64)>,
    /// Band key to articles of this run.
    buckets: HashMap<u64, Vec<usize>>,
}

impl Groups {
    /// Groups over the committed articles of `searcher` (`None` for an empty index).
    pub(super) fn new(searcher: Option<Searcher>) -> Groups {
        Groups {
            searcher: searcher.filter(|s| s.num_docs() > 0),
            committed: None,
            run: Vec::new(),
            buckets: HashMap::new(),
        }
    }

    /// The group of an article of signature `sig`, which is then among the run's articles.
    pub(super) fn assign(&mut self, sig: &Signature) -> tantivy::Result<u64> {
        let keys = band_keys(sig);
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
        if self.committed.is_none()
            && let Some(searcher) = &self.searcher
        {
            self.committed = Some(committed_table(searcher)?);
        }
        if let Some((articles, table)) = &self.committed {
            for key in &keys {
                let from = table.partition_point(|(k, _)| k < key);
                for &(_, i) in table[from..].iter().take_while(|(k, _)| k == key) {
                    let (other, group) = &articles[i as usize];
                    consider(other, *group);
                }
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

/// The signatures and groups of the committed (live) articles, and their band keys sorted.
#[allow(clippy::type_complexity)]
fn committed_table(
    searcher: &Searcher,
) -> tantivy::Result<(Vec<(Signature, u64)>, Vec<(u64, u32)>)> {
    let mut articles = Vec::new();
    let mut table = Vec::new();
    for reader in searcher.segment_readers() {
        let fast = reader.fast_fields();
        let words = schema::MINHASH.map(|name| fast.u64(name));
        let [Ok(w0), Ok(w1), Ok(w2), Ok(w3)] = words else {
            continue;
        };
        let groups = fast.u64(schema::DUP_GROUP)?;
        let alive = reader.alive_bitset();
        for doc in 0..reader.max_doc() {
            if alive.is_some_and(|a| !a.is_alive(doc)) {
                continue;
            }
            let (Some(a), Some(b), Some(c), Some(d), Some(group)) = (
                w0.first(doc),
                w1.first(doc),
                w2.first(doc),
                w3.first(doc),
                groups.first(doc),
            ) else {
                continue;
            };
            let sig = from_words([a, b, c, d]);
            let i = u32::try_from(articles.len()).unwrap_or(u32::MAX);
            table.extend(band_keys(&sig).map(|k| (k, i)));
            articles.push((sig, group));
        }
    }
    table.sort_unstable();
    Ok((articles, table))
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
        assert_eq!(from_words(to_words(&a)), a);
    }

    #[test]
    fn groups_join_the_most_resembling_earlier_article() {
        let mut groups = Groups::new(None);
        let first: Signature = std::array::from_fn(|i| i as u8);
        let g = groups.assign(&first).unwrap();
        assert_eq!(g, own_group(&first));
        // three positions of 32 differ (0.906): the same group; an exact copy too
        let mut near = first;
        near[0] = 200;
        near[9] = 200;
        near[30] = 200;
        assert_eq!(groups.assign(&near).unwrap(), g);
        assert_eq!(groups.assign(&first).unwrap(), g);
        // four differ (0.875): a group of its own
        let mut far = first;
        for i in [1, 10, 20, 31] {
            far[i] = 200;
        }
        assert_ne!(groups.assign(&far).unwrap(), g);
    }
}
