//! A CRFsuite model made ready for fast tagging: the CRF recogniser ([`super::crf`]) tags every
//! article of an indexing run with it.
//!
//! `crfs` trains the models and reads the model file, but its tagger takes features as owned
//! `String`s and looks each one up in the model's on-disk string table, which made up more than
//! half of the time of indexing with the CRF. Here the model is read once, at load, into a hash
//! table from feature string to its state weights and a transition matrix; tagging then sums
//! the weights of each token's features into one row of label scores per pass and runs Viterbi
//! over them. What a distinct word's features add (to its own row and to its neighbours') is
//! summed once per thread and kept ([`WordCache`]), so the sums are those of `crfs`'s tagger up
//! to the order of the additions; ties are broken the same way, and the labels are the same (a
//! test checks it on the fixtures, a property test checks the scores against the feature
//! strings).
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
    self, CONTEXT, GazMatch, Sink, WordInfo, gazetteer_matches, neighbour_gazetteer,
    neighbour_lists, neighbour_word, own_clusters, own_lists, own_word, position_flags,
};
use super::tokens::{Token, Tokens};

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
    /// Where each pass's label scores start in a row of [`Resolved`] scores.
    offsets: Vec<usize>,
    /// The length of a row: the passes' labels together.
    width: usize,
    /// Tells one loaded model from another, for the per-word caches ([`WORDS`]).
    id: u64,
}

/// The state scores of a text's tokens for every pass, token by token: row `i` is
/// `scores[i * width..(i + 1) * width]`, the passes' label scores one after another (see
/// [`CompiledCrf::offsets`]). What [`CompiledCrf::tag`] adds the second pass's document feature
/// to and runs Viterbi over.
#[derive(Debug, Default)]
pub(crate) struct Resolved {
    width: usize,
    scores: Vec<f64>,
    /// Each token's lower-case form: `lower_buf[lower_ends[i - 1]..lower_ends[i]]`.
    lower_buf: String,
    lower_ends: Vec<u32>,
}

impl Resolved {
    fn with_capacity(tokens: usize, width: usize) -> Self {
        Resolved {
            width,
            scores: Vec::with_capacity(tokens * width),
            lower_buf: String::with_capacity(tokens * 8),
            lower_ends: Vec::with_capacity(tokens),
        }
    }

    /// Number of tokens.
    pub(crate) fn len(&self) -> usize {
        self.lower_ends.len()
    }

    /// Opens a new token's row of scores, all zero.
    fn new_row(&mut self) -> std::ops::Range<usize> {
        let start = self.scores.len();
        self.scores.resize(start + self.width, 0.0);
        start..start + self.width
    }

    fn end_token(&mut self, lower: &str) {
        self.lower_buf.push_str(lower);
        self.lower_ends.push(self.lower_buf.len() as u32);
    }

    /// The lower-case form of token `i`.
    pub(crate) fn lower(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.lower_ends[i - 1] };
        &self.lower_buf[start as usize..self.lower_ends[i] as usize]
    }

    /// Whether `other` has the same tokens and scores, up to the rounding of summing the
    /// same weights in another order.
    #[cfg(test)]
    pub(crate) fn close_to(&self, other: &Resolved) -> bool {
        self.width == other.width
            && self.lower_buf == other.lower_buf
            && self.lower_ends == other.lower_ends
            && self.scores.len() == other.scores.len()
            && self
                .scores
                .iter()
                .zip(&other.scores)
                .all(|(a, b)| (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs())))
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

/// What a token's place gives its features (see [`place_key`]): at most this many kinds are
/// kept, each one's row of scores made once.
const MAX_PLACES: usize = 1 << 12;
/// Word pairs whose bigram features [`WordCache`] keeps, before it forgets them all.
const MAX_PAIRS: usize = 1 << 18;

/// Slots of a word's scores in [`WordCache`]: what its own features add to its row, then what
/// its features as each neighbour of [`CONTEXT`] add to that neighbour's row.
const OWN: usize = 0;
const SLOTS: usize = 1 + CONTEXT.len();

/// The words one thread has resolved for one model: most words of an article were seen in
/// earlier articles, so their features are made, looked up and summed once, into one row of
/// scores a slot. Cleared when it holds [`WordCache::MAX`] words (about 24 MB with two passes
/// of nine labels).
#[derive(Default)]
struct WordCache {
    model: u64,
    index: HashMap<Box<str>, u32, BuildHasherDefault<FxHasher>>,
    /// Word `k`'s row for slot `s` is `scores[(k * SLOTS + s) * width..][..width]`.
    scores: Vec<f64>,
    lowers: String,
    /// Where each word's lower-case form ends in `lowers`.
    lower_ends: Vec<u32>,
    /// A token's place ([`place_key`]) → its row in `place_scores`: the scores of its position
    /// flags, gazetteer matches and padding.
    places: HashMap<u64, u32, BuildHasherDefault<FxHasher>>,
    place_scores: Vec<f64>,
    /// Two words side by side (their indexes, the left one in the high bits) → the attribute
    /// ids of their bigram as the right word's `-1|0=` and as the left word's `0|1=` feature.
    pairs: HashMap<u64, [[u32; 2]; 2], BuildHasherDefault<FxHasher>>,
}

impl WordCache {
    const MAX: usize = 1 << 15;

    /// The index of word `w`, resolving it first if it is new.
    fn word(&mut self, w: &str, crf: &CompiledCrf, look: &mut Lookup<'_>) -> u32 {
        if let Some(&k) = self.index.get(w) {
            return k;
        }
        let info = WordInfo::new(w);
        let width = crf.width;
        let base = self.scores.len();
        self.scores.resize(base + SLOTS * width, 0.0);
        let rows = &mut self.scores[base..];
        look.ids.clear();
        own_word(&info, look);
        own_clusters(&info, look);
        own_lists(&info, look);
        crf.add(&mut rows[OWN * width..][..width], &look.ids);
        for (k, (d, name)) in CONTEXT.iter().enumerate() {
            look.ids.clear();
            let near = d.abs() == 1;
            neighbour_word(name, near, &info, look);
            if near {
                neighbour_lists(name, &info, look);
            }
            crf.add(&mut rows[(1 + k) * width..][..width], &look.ids);
        }
        look.ids.clear();
        self.lowers.push_str(&info.lower);
        self.lower_ends.push(self.lowers.len() as u32);
        let k = self.lower_ends.len() as u32 - 1;
        self.index.insert(Box::from(w), k);
        k
    }

    /// The bigram attribute ids of words `a` then `b` (see [`WordCache::pairs`]).
    fn pair(&mut self, a: u32, b: u32, look: &mut Lookup<'_>) -> [[u32; 2]; 2] {
        let key = (u64::from(a) << 32) | u64::from(b);
        if let Some(&ids) = self.pairs.get(&key) {
            return ids;
        }
        if self.pairs.len() >= MAX_PAIRS {
            self.pairs.clear();
        }
        let (la, lb) = (self.lower(a), self.lower(b));
        let mut one = |prev: Option<&str>, lw: &str, next: Option<&str>| {
            look.ids.clear();
            features::bigrams(prev, lw, next, look);
            look.ids.first().copied().unwrap_or([NONE; 2])
        };
        let ids = [one(Some(la), lb, None), one(None, la, Some(lb))];
        look.ids.clear();
        self.pairs.insert(key, ids);
        ids
    }

    /// The scores word `k` adds in slot `slot`.
    fn row(&self, k: u32, slot: usize, width: usize) -> &[f64] {
        &self.scores[(k as usize * SLOTS + slot) * width..][..width]
    }

    fn lower(&self, k: u32) -> &str {
        let start = k
            .checked_sub(1)
            .map_or(0, |p| self.lower_ends[p as usize] as usize);
        &self.lowers[start..self.lower_ends[k as usize] as usize]
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
        let offsets: Vec<usize> = passes
            .iter()
            .scan(0, |at, w| {
                let start = *at;
                *at += w.labels.len();
                Some(start)
            })
            .collect();
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        Ok(CompiledCrf {
            attrs,
            width: passes.iter().map(|w| w.labels.len()).sum(),
            offsets,
            passes,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        })
    }

    /// Adds the state weights of the attributes `ids` to `row`, each pass to its part.
    fn add(&self, row: &mut [f64], ids: &[[u32; 2]]) {
        for (pass, (model, &offset)) in self.passes.iter().zip(&self.offsets).enumerate() {
            let part = &mut row[offset..offset + model.labels.len()];
            for a in ids.iter().map(|ids| ids[pass]).filter(|&a| a != NONE) {
                let a = a as usize;
                let range = model.state_start[a] as usize..model.state_start[a + 1] as usize;
                for &(label, weight) in &model.state[range] {
                    part[label as usize] += weight;
                }
            }
        }
    }

    /// How many passes the models make.
    pub(crate) fn passes(&self) -> usize {
        self.passes.len()
    }

    /// The label of label id `id` of pass `pass` (`B-PER`, `O`, …).
    pub(crate) fn label(&self, pass: usize, id: u32) -> &str {
        &self.passes[pass].labels[id as usize]
    }

    /// Looks every feature of `features` up and sums their weights, token by token, in the
    /// order they come.
    #[cfg(test)]
    pub(crate) fn resolve(&self, features: &features::Features) -> Resolved {
        let mut out = Resolved::with_capacity(features.len(), self.width);
        let mut ids = Vec::new();
        for i in 0..features.len() {
            ids.clear();
            ids.extend(
                features
                    .token(i)
                    .filter_map(|name| self.attrs.get(name).copied()),
            );
            let row = out.new_row();
            self.add(&mut out.scores[row], &ids);
            out.end_token(features.lower(i));
        }
        out
    }

    /// The state scores of the tokens of `text`: what `resolve(&token_features(text, tokens,
    /// None))` gives, up to rounding, made faster by a per-thread cache of what each distinct
    /// word's features add to its own row and to its neighbours' rows. Only what depends on a
    /// word's place (position flags, gazetteer matches, padding, bigrams) is made and looked up
    /// token by token.
    pub(crate) fn resolve_text(&self, text: &str, tokens: &Tokens) -> Resolved {
        WORDS.with_borrow_mut(|cache| {
            if cache.model != self.id || cache.lower_ends.len() >= WordCache::MAX {
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
            .map(|t| cache.word(&text[t.start..t.end], self, &mut look))
            .collect();
        let width = self.width;
        let pairs: Vec<[[u32; 2]; 2]> = words
            .windows(2)
            .map(|w| cache.pair(w[0], w[1], &mut look))
            .collect();
        let mut out = Resolved::with_capacity(toks.len(), width);
        for (i, t) in toks.iter().enumerate() {
            let w = words[i];
            let row = out.new_row();
            let row = &mut out.scores[row];
            add_row(row, cache.row(w, OWN, width));
            for (k, d) in CONTEXT.iter().map(|c| c.0).enumerate() {
                if let Some(j) = i.checked_add_signed(d).filter(|&j| j < toks.len()) {
                    add_row(row, cache.row(words[j], 1 + k, width));
                }
            }
            let place = place_key(t, tokens, &gaz, i);
            let at = match cache.places.get(&place) {
                Some(&at) => at as usize,
                None => {
                    look.ids.clear();
                    position_flags(t, tokens, &mut look);
                    features::gazetteer(gaz[i], &mut look);
                    for (d, name) in CONTEXT {
                        match i.checked_add_signed(d).filter(|&j| j < toks.len()) {
                            None => look.push(&[name, "pad"]),
                            Some(j) if d.abs() == 1 => neighbour_gazetteer(name, gaz[j], &mut look),
                            Some(_) => {}
                        }
                    }
                    if cache.places.len() >= MAX_PLACES {
                        cache.places.clear();
                        cache.place_scores.clear();
                    }
                    let at = cache.place_scores.len();
                    cache.place_scores.resize(at + width, 0.0);
                    self.add(&mut cache.place_scores[at..], &look.ids);
                    cache.places.insert(place, at as u32);
                    at
                }
            };
            add_row(row, &cache.place_scores[at..at + width]);
            look.ids.clear();
            if i > 0 {
                look.ids.push(pairs[i - 1][0]);
            }
            if let Some(p) = pairs.get(i) {
                look.ids.push(p[1]);
            }
            self.add(row, &look.ids);
            out.end_token(cache.lower(w));
        }
        out
    }

    /// The most likely label ids of pass `pass` for the tokens of a text (Viterbi), from
    /// their `resolved` scores. `extra(i)` is one more feature of token `i` (the second pass's
    /// document feature).
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
        let offset = self.offsets[pass];
        let mut score = Vec::with_capacity(n * l);
        for (i, row) in resolved.scores.chunks_exact(resolved.width).enumerate() {
            let start = score.len();
            score.extend_from_slice(&row[offset..offset + l]);
            if let Some(ids) = extra(i).and_then(|name| self.attrs.get(name)) {
                let a = ids[pass];
                if a != NONE {
                    let a = a as usize;
                    let range = model.state_start[a] as usize..model.state_start[a + 1] as usize;
                    for &(label, weight) in &model.state[range] {
                        score[start + label as usize] += weight;
                    }
                }
            }
        }
        viterbi(&model.trans, l, score)
    }
}

/// What the features of token `i` that depend on its place are made from: whether it is a
/// word, starts a sentence or a line, stands on a line in capitals, its gazetteer match and its
/// ±1 neighbours', and which neighbours of [`CONTEXT`] fall outside the text.
fn place_key(t: &Token, tokens: &Tokens, gaz: &[Option<GazMatch>], i: usize) -> u64 {
    let shouting = tokens.shouting.get(t.line).copied().unwrap_or(false);
    let mut key = u64::from(t.word)
        | u64::from(t.sent_start) << 1
        | u64::from(t.line_start) << 2
        | u64::from(shouting) << 3
        | GazMatch::code(gaz[i]) << 4;
    for (k, (d, _)) in CONTEXT.iter().enumerate() {
        let j = i.checked_add_signed(*d).filter(|&j| j < gaz.len());
        let code = match j {
            None => 31,
            Some(j) if d.abs() == 1 => GazMatch::code(gaz[j]),
            Some(_) => 0,
        };
        key |= code << (9 + 5 * k);
    }
    key
}

/// Adds `part` to `row`, element by element.
fn add_row(row: &mut [f64], part: &[f64]) {
    for (r, p) in row.iter_mut().zip(part) {
        *r += p;
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
