//! A CRFsuite model made ready for fast tagging: the CRF recogniser ([`super::crf`]) tags every
//! article of an indexing run with it.
//!
//! `crfs` trains the models and reads the model file, but its tagger takes features as owned
//! `String`s and looks each one up in the model's on-disk string table, which made up more than
//! half of the time of indexing with the CRF. Here the model is read once, at load, into a hash
//! table from feature string to its state weights and a transition matrix; tagging then borrows
//! the feature strings from [`Features`] and runs Viterbi over the summed scores. It computes
//! the same sums in the same order as `crfs`'s tagger and breaks ties the same way, so the labels
//! are the same (a test checks it on the fixtures).
//!
//! The model file is CRFsuite's `lCRF` format (crfsuite's `crf1m_model.c`): a header, then
//! chunks of features (type, source, target, weight), labels, attributes and, for each label and
//! attribute, the ids of its features. Labels and attributes are read through `crfs::Model`, which
//! also checks the header; the feature chunks are read here.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::FxHasher;

use super::features::{
    self, CONTEXT, Sink, WordInfo, gazetteer_matches, neighbour_gazetteer, neighbour_lists,
    neighbour_word, own_clusters, own_lists, own_word, position_flags,
};
use super::tokens::Tokens;

/// Feature type of a state feature (attribute → label) in a CRFsuite model.
const STATE: u32 = 0;
/// Feature type of a transition feature (label → label).
const TRANSITION: u32 = 1;
/// Bytes of a chunk header (4-byte tag, size, count).
const CHUNK_HEADER: usize = 12;
/// Bytes of one feature record: type, source, target (`u32` each) and weight (`f64`).
const FEATURE_SIZE: usize = 20;

/// No attribute: the feature is unknown to that model.
const NONE: u32 = u32::MAX;

/// One model's weights.
#[derive(Debug)]
struct Weights {
    /// Label of each label id.
    labels: Vec<String>,
    /// The state weights of attribute `a` are `state[state_start[a]..state_start[a + 1]]`.
    state_start: Vec<u32>,
    /// `(label id, weight)` of every state feature, grouped by attribute.
    state: Vec<(u32, f64)>,
    /// `trans[i * labels + j]`: the weight of going from label `i` to label `j`.
    trans: Vec<f64>,
}

type Attrs = HashMap<Box<str>, [u32; 2], BuildHasherDefault<FxHasher>>;

/// The models of the tagger's passes (one or two) in memory, ready to tag, with one table from
/// feature string to each model's attribute id: a feature is looked up once for both passes.
#[derive(Debug)]
pub(crate) struct CompiledCrf {
    /// Feature string → its attribute id in each model ([`NONE`] when unknown to it).
    attrs: Attrs,
    /// The passes' models, in order.
    passes: Vec<Weights>,
    /// Tells one loaded model from another, for the per-word caches ([`WORDS`]).
    id: u64,
}

/// The features of a text that the models know, as attribute ids (one `[u32; 2]` for both
/// passes), token by token in the order of [`features::token_features`]: features unknown to
/// both models are left out, as they add nothing to any score.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Resolved {
    ids: Vec<[u32; 2]>,
    /// Where each token's ids end in `ids`.
    token_ends: Vec<u32>,
    /// Each token's lower-case form: `lower_buf[lower_ends[i - 1]..lower_ends[i]]`.
    lower_buf: String,
    lower_ends: Vec<u32>,
}

impl Resolved {
    fn with_capacity(tokens: usize) -> Self {
        Resolved {
            ids: Vec::with_capacity(tokens * 40),
            token_ends: Vec::with_capacity(tokens),
            lower_buf: String::with_capacity(tokens * 8),
            lower_ends: Vec::with_capacity(tokens),
        }
    }

    /// Number of tokens.
    pub(crate) fn len(&self) -> usize {
        self.token_ends.len()
    }

    fn end_token(&mut self, lower: &str) {
        self.token_ends.push(self.ids.len() as u32);
        self.lower_buf.push_str(lower);
        self.lower_ends.push(self.lower_buf.len() as u32);
    }

    fn token(&self, i: usize) -> &[[u32; 2]] {
        let start = if i == 0 { 0 } else { self.token_ends[i - 1] };
        &self.ids[start as usize..self.token_ends[i] as usize]
    }

    /// The lower-case form of token `i`.
    pub(crate) fn lower(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.lower_ends[i - 1] };
        &self.lower_buf[start as usize..self.lower_ends[i] as usize]
    }
}

/// A [`Sink`] that looks each feature up as it comes and keeps the ids of the known ones.
struct Lookup<'m> {
    attrs: &'m Attrs,
    key: String,
    ids: Vec<[u32; 2]>,
}

impl Sink for Lookup<'_> {
    fn push(&mut self, parts: &[&str]) {
        self.key.clear();
        for p in parts {
            self.key.push_str(p);
        }
        if let Some(ids) = self.attrs.get(self.key.as_str()) {
            self.ids.push(*ids);
        }
    }
}

/// What the features of one distinct word resolve to, wherever it stands: its own features
/// and those it gives its neighbours, as ranges of [`WordCache::ids`].
struct CachedWord {
    /// Ends in `ids`, from the start of the word's run, of: [`own_word`], [`own_clusters`],
    /// [`own_lists`], then [`neighbour_word`] as each neighbour of [`CONTEXT`], then
    /// [`neighbour_lists`] as the ±1 neighbours.
    ends: [u32; SEGMENTS],
    /// Its lower-case form: `lowers[lower.0..lower.1]`.
    lower: (u32, u32),
}

/// Segments of [`CachedWord::ends`].
const OWN_WORD: usize = 0;
const OWN_CLUSTERS: usize = 1;
const OWN_LISTS: usize = 2;
const NEIGHBOUR_WORD: usize = 3;
const NEIGHBOUR_LISTS: usize = 7;
const SEGMENTS: usize = 9;

/// The words one thread has resolved for one model: most words of an article were seen in
/// earlier articles, so their features are made and looked up once. Cleared when it holds
/// [`WordCache::MAX`] words (about 20 MB).
#[derive(Default)]
struct WordCache {
    model: u64,
    index: HashMap<Box<str>, u32, BuildHasherDefault<FxHasher>>,
    words: Vec<CachedWord>,
    ids: Vec<[u32; 2]>,
    lowers: String,
}

impl WordCache {
    const MAX: usize = 1 << 16;

    /// The index in `words` of word `w`, resolving it first if it is new.
    fn word(&mut self, w: &str, look: &mut Lookup<'_>) -> u32 {
        if let Some(&k) = self.index.get(w) {
            return k;
        }
        let info = WordInfo::new(w);
        let base = self.ids.len() as u32;
        let mut ends = [0u32; SEGMENTS];
        look.ids.clear();
        own_word(&info, look);
        ends[OWN_WORD] = look.ids.len() as u32;
        own_clusters(&info, look);
        ends[OWN_CLUSTERS] = look.ids.len() as u32;
        own_lists(&info, look);
        ends[OWN_LISTS] = look.ids.len() as u32;
        for (k, (d, name)) in CONTEXT.iter().enumerate() {
            neighbour_word(name, d.abs() == 1, &info, look);
            ends[NEIGHBOUR_WORD + k] = look.ids.len() as u32;
        }
        for (k, name) in ["-1:", "1:"].into_iter().enumerate() {
            neighbour_lists(name, &info, look);
            ends[NEIGHBOUR_LISTS + k] = look.ids.len() as u32;
        }
        self.ids.extend_from_slice(&look.ids);
        look.ids.clear();
        let lower_start = self.lowers.len() as u32;
        self.lowers.push_str(&info.lower);
        let k = self.words.len() as u32;
        self.words.push(CachedWord {
            ends: ends.map(|e| e + base),
            lower: (lower_start, self.lowers.len() as u32),
        });
        self.index.insert(Box::from(w), k);
        k
    }

    /// The ids of segment `seg` of word `k`.
    fn segment(&self, k: u32, seg: usize) -> &[[u32; 2]] {
        let word = &self.words[k as usize];
        let start = if seg == 0 {
            // the run of word `k` starts where the previous word's ends
            k.checked_sub(1)
                .map_or(0, |p| self.words[p as usize].ends[SEGMENTS - 1])
        } else {
            word.ends[seg - 1]
        };
        &self.ids[start as usize..word.ends[seg] as usize]
    }

    fn lower(&self, k: u32) -> &str {
        let (start, end) = self.words[k as usize].lower;
        &self.lowers[start as usize..end as usize]
    }
}

thread_local! {
    /// This thread's per-word cache (see [`CompiledCrf::resolve_text`]).
    static WORDS: RefCell<WordCache> = RefCell::default();
}

fn u32_at(buf: &[u8], at: usize) -> io::Result<u32> {
    buf.get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .ok_or_else(|| io::Error::new(io::ErrorKind::UnexpectedEof, "model file cut short"))
}

fn f64_at(buf: &[u8], at: usize) -> io::Result<f64> {
    buf.get(at..at + 8)
        .map(|b| f64::from_le_bytes(b.try_into().expect("eight bytes")))
        .ok_or_else(|| io::Error::new(io::ErrorKind::UnexpectedEof, "model file cut short"))
}

/// One feature record: `(type, source, target, weight)`.
fn feature(buf: &[u8], off_features: usize, fid: u32) -> io::Result<(u32, u32, u32, f64)> {
    let at = off_features + CHUNK_HEADER + FEATURE_SIZE * fid as usize;
    Ok((
        u32_at(buf, at)?,
        u32_at(buf, at + 4)?,
        u32_at(buf, at + 8)?,
        f64_at(buf, at + 12)?,
    ))
}

/// The feature ids of label or attribute `id`, from the refs chunk at `off_refs`.
fn refs(
    buf: &[u8],
    off_refs: usize,
    id: u32,
) -> io::Result<impl Iterator<Item = io::Result<u32>> + '_> {
    let at = u32_at(buf, off_refs + CHUNK_HEADER + 4 * id as usize)? as usize;
    let n = u32_at(buf, at)? as usize;
    Ok((0..n).map(move |r| u32_at(buf, at + 4 + 4 * r)))
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("invalid model file: {what}"),
    )
}

/// Reads one CRFsuite model file (uncompressed bytes), calling `attr` with each attribute's
/// string and id.
fn read_model(buf: &[u8], mut attr: impl FnMut(&str, u32)) -> io::Result<Weights> {
    let model = crfs::Model::new(buf)?;
    let n_labels = model.num_labels();
    let n_attrs = model.num_attrs();
    // header: magic, size, type, version, #features, #labels, #attrs, then the offsets of
    // the features, labels, attributes, label refs and attribute refs chunks
    let off_features = u32_at(buf, 28)? as usize;
    let off_label_refs = u32_at(buf, 40)? as usize;
    let off_attr_refs = u32_at(buf, 44)? as usize;
    let labels = (0..n_labels)
        .map(|l| {
            model
                .to_label(l)
                .map(str::to_owned)
                .ok_or_else(|| invalid("label"))
        })
        .collect::<io::Result<Vec<_>>>()?;
    let l = n_labels as usize;
    let mut trans = vec![0.0; l * l];
    for i in 0..n_labels {
        for fid in refs(buf, off_label_refs, i)? {
            let (ty, _, target, weight) = feature(buf, off_features, fid?)?;
            if ty != TRANSITION || target >= n_labels {
                return Err(invalid("transition feature"));
            }
            trans[i as usize * l + target as usize] = weight;
        }
    }
    let mut state_start = Vec::with_capacity(n_attrs as usize + 1);
    let mut state = Vec::with_capacity(n_attrs as usize * 2);
    for a in 0..n_attrs {
        attr(model.to_attr(a).ok_or_else(|| invalid("attribute"))?, a);
        state_start.push(state.len() as u32);
        for fid in refs(buf, off_attr_refs, a)? {
            let (ty, _, target, weight) = feature(buf, off_features, fid?)?;
            if ty != STATE || target >= n_labels {
                return Err(invalid("state feature"));
            }
            state.push((target, weight));
        }
    }
    state_start.push(state.len() as u32);
    Ok(Weights {
        labels,
        state_start,
        state,
        trans,
    })
}

impl CompiledCrf {
    /// Reads the CRFsuite model files (uncompressed bytes) of one or two passes.
    pub(crate) fn from_crfsuite(models: &[&[u8]]) -> io::Result<Self> {
        if models.is_empty() || models.len() > 2 {
            return Err(invalid("one or two models expected"));
        }
        // the first pass's attributes are most of the second's
        let capacity = models
            .iter()
            .map(|m| crfs::Model::new(m).map(|m| m.num_attrs() as usize))
            .sum::<io::Result<usize>>()?;
        let mut attrs: HashMap<Box<str>, [u32; 2], _> =
            HashMap::with_capacity_and_hasher(capacity * 2 / 3, Default::default());
        let mut passes = Vec::with_capacity(models.len());
        for (pass, buf) in models.iter().enumerate() {
            passes.push(read_model(buf, |name, id| {
                if let Some(ids) = attrs.get_mut(name) {
                    ids[pass] = id;
                } else {
                    let mut ids = [NONE; 2];
                    ids[pass] = id;
                    attrs.insert(Box::from(name), ids);
                }
            })?);
        }
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        Ok(CompiledCrf {
            attrs,
            passes,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        })
    }

    /// How many passes the models make.
    pub(crate) fn passes(&self) -> usize {
        self.passes.len()
    }

    /// The label of label id `id` of pass `pass` (`B-PER`, `O`, …).
    pub(crate) fn label(&self, pass: usize, id: u32) -> &str {
        &self.passes[pass].labels[id as usize]
    }

    /// Looks every feature of `features` up, once for all passes.
    #[cfg(test)]
    pub(crate) fn resolve(&self, features: &features::Features) -> Resolved {
        let mut out = Resolved::with_capacity(features.len());
        for i in 0..features.len() {
            out.ids.extend(
                features
                    .token(i)
                    .filter_map(|name| self.attrs.get(name).copied()),
            );
            out.end_token(features.lower(i));
        }
        out
    }

    /// The features of the tokens of `text`, looked up: what `resolve(&token_features(text,
    /// tokens, None))` gives, made faster by keeping what each distinct word resolves to in a
    /// per-thread cache. Only what depends on a word's place (position flags, gazetteer
    /// matches, padding, bigrams) is made and looked up token by token.
    pub(crate) fn resolve_text(&self, text: &str, tokens: &Tokens) -> Resolved {
        WORDS.with_borrow_mut(|cache| {
            if cache.model != self.id || cache.words.len() >= WordCache::MAX {
                *cache = WordCache {
                    model: self.id,
                    ..WordCache::default()
                };
            }
            self.resolve_with(cache, text, tokens)
        })
    }

    fn resolve_with(&self, cache: &mut WordCache, text: &str, tokens: &Tokens) -> Resolved {
        let toks = &tokens.toks;
        let gaz = gazetteer_matches(text, tokens);
        let mut look = Lookup {
            attrs: &self.attrs,
            key: String::new(),
            ids: Vec::new(),
        };
        let words: Vec<u32> = toks
            .iter()
            .map(|t| cache.word(&text[t.start..t.end], &mut look))
            .collect();
        let mut out = Resolved::with_capacity(toks.len());
        // `look` gathers the token's ids, cached segments copied in between its own lookups
        look.ids = std::mem::take(&mut out.ids);
        for (i, t) in toks.iter().enumerate() {
            let w = words[i];
            look.ids.extend_from_slice(cache.segment(w, OWN_WORD));
            position_flags(t, tokens, &mut look);
            look.ids.extend_from_slice(cache.segment(w, OWN_CLUSTERS));
            features::gazetteer(gaz[i], &mut look);
            look.ids.extend_from_slice(cache.segment(w, OWN_LISTS));
            for (k, (d, name)) in CONTEXT.iter().enumerate() {
                let Some(j) = i.checked_add_signed(*d).filter(|&j| j < toks.len()) else {
                    look.push(&[name, "pad"]);
                    continue;
                };
                look.ids
                    .extend_from_slice(cache.segment(words[j], NEIGHBOUR_WORD + k));
                if d.abs() == 1 {
                    neighbour_gazetteer(name, gaz[j], &mut look);
                    let side = usize::from(*d > 0);
                    look.ids
                        .extend_from_slice(cache.segment(words[j], NEIGHBOUR_LISTS + side));
                }
            }
            let lower = cache.lower(w);
            features::bigrams(
                i.checked_sub(1).map(|j| cache.lower(words[j])),
                lower,
                words.get(i + 1).map(|&n| cache.lower(n)),
                &mut look,
            );
            out.ids = std::mem::take(&mut look.ids);
            out.end_token(lower);
            look.ids = std::mem::take(&mut out.ids);
        }
        out.ids = look.ids;
        out
    }

    /// The most likely label ids of pass `pass` for the tokens of a text (Viterbi), from
    /// their `resolved` attribute ids. `extra(i)` is one more feature of token `i` after its
    /// own (the second pass's document feature).
    pub(crate) fn tag<'a>(
        &self,
        pass: usize,
        resolved: &Resolved,
        extra: impl Fn(usize) -> Option<&'a str>,
    ) -> Vec<u32> {
        let model = &self.passes[pass];
        let n = resolved.len();
        let l = model.labels.len();
        if n == 0 || l == 0 {
            return Vec::new();
        }
        let add = |row: &mut [f64], a: u32| {
            if a != NONE {
                let a = a as usize;
                let range = model.state_start[a] as usize..model.state_start[a + 1] as usize;
                for &(label, weight) in &model.state[range] {
                    row[label as usize] += weight;
                }
            }
        };
        // state scores, token by token, summed in feature order
        let mut score = vec![0.0f64; n * l];
        for (i, row) in score.chunks_exact_mut(l).enumerate() {
            for ids in resolved.token(i) {
                add(row, ids[pass]);
            }
            if let Some(ids) = extra(i).and_then(|name| self.attrs.get(name)) {
                add(row, ids[pass]);
            }
        }
        viterbi(&model.trans, l, score)
    }
}

/// The best label ids for the state scores `best` (`n * l`, token by token) and transition
/// weights `trans`. Ties go to the lower label id, as in `crfs`.
fn viterbi(trans: &[f64], l: usize, mut best: Vec<f64>) -> Vec<u32> {
    let n = best.len() / l;
    // best[t * l + j] becomes the best score of a path ending in label j at token t
    let mut back = vec![0u32; n * l];
    let mut prev = vec![0.0f64; l];
    for t in 1..n {
        prev.copy_from_slice(&best[(t - 1) * l..t * l]);
        for j in 0..l {
            let (mut max, mut arg) = (f64::MIN, 0);
            for (i, &p) in prev.iter().enumerate() {
                let s = p + trans[i * l + j];
                if max < s {
                    (max, arg) = (s, i);
                }
            }
            back[t * l + j] = arg as u32;
            best[t * l + j] += max;
        }
    }
    let mut labels = vec![0u32; n];
    let mut max = f64::MIN;
    for (j, &s) in best[(n - 1) * l..].iter().enumerate() {
        if max < s {
            (max, labels[n - 1]) = (s, j as u32);
        }
    }
    for t in (0..n - 1).rev() {
        labels[t] = back[(t + 1) * l + labels[t + 1] as usize];
    }
    labels
}
