//! The features the CRF tagger ([`super::crf`]) sees for each token: the word and its lower-case
//! form, prefixes and suffixes, shape and capitalisation, a ±2 context window, where the token
//! sits in its sentence and line, gazetteer membership and, in the second pass, how the same
//! word was tagged elsewhere in the article.
//!
//! The same function makes the features for training (`ner-train`) and for tagging, so the two
//! cannot drift apart. Tokens come from [`super::tokens::tokenize`] and keep their byte offsets
//! into the text.

use std::collections::HashMap;

use super::gazetteer::{BROWN_CLUSTERS, GAZETTEER, Known, OrgWord, TitleClass, WORD_CLUSTERS};
use super::tokens::{Token, Tokens};

/// The longest known name a token belongs to: its kind, whether the evidence is weak, and
/// whether the token begins it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct GazMatch {
    kind: Known,
    weak: bool,
    begin: bool,
}

impl GazMatch {
    /// A number from 1 to 20 that tells every match apart (0 is for no match): what the
    /// features made from it depend on.
    pub(crate) fn code(gz: Option<GazMatch>) -> u64 {
        gz.map_or(0, |g| {
            1 + 4 * g.kind as u64 + 2 * u64::from(g.weak) + u64::from(g.begin)
        })
    }
}

/// What the features of a word need to know about it, from its text alone (so the tagger can
/// keep it per distinct word, see `tagger::CompiledCrf::resolve_text`).
#[derive(Debug, Clone)]
pub(crate) struct WordInfo<'a> {
    text: &'a str,
    pub(crate) lower: String,
    shape: String,
    /// The lower-case word without trailing dots (`mr` for `Mr.`): the key of the word lists.
    key_len: usize,
    /// A title or title cue (`president`, `general`).
    title: bool,
    /// A known first name.
    first_name: bool,
    /// Its word clusters (of 64, 256 and 1,024), when the word is in the cluster list.
    clusters: Option<&'static [&'static str; 3]>,
    /// Its Brown cluster path, when the word has one.
    brown: Option<&'static str>,
}

impl<'a> WordInfo<'a> {
    pub(crate) fn new(w: &'a str) -> Self {
        let g = &*GAZETTEER;
        let lower = w.to_lowercase();
        // lower-casing never makes or removes a dot, so this is `lower(w without dots)`
        let key_len = lower.trim_end_matches('.').len();
        WordInfo {
            text: w,
            title: g.titles.contains_key(&lower[..key_len]),
            first_name: g.first_names.contains(w),
            clusters: WORD_CLUSTERS.get(w, &lower),
            brown: BROWN_CLUSTERS.get(w, &lower),
            shape: short_shape(w),
            lower,
            key_len,
        }
    }

    fn key(&self) -> &str {
        &self.lower[..self.key_len]
    }
}

/// The short shape of a word: letters as `X`/`x`, digits as `d`, other chars as themselves,
/// runs of the same class collapsed (`Abdel-Mahdi` -> `Xx-Xx`, `1996-08-30` -> `d-d-d`).
fn short_shape(word: &str) -> String {
    let mut out = String::new();
    let mut last = None;
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if last != Some(s) {
            out.push(s);
            last = Some(s);
        }
        if out.len() > 12 {
            break;
        }
    }
    out
}

fn known_tag(k: Known) -> &'static str {
    match k {
        Known::Person => "PER",
        Known::Organization => "ORG",
        Known::Location => "LOC",
        Known::Misc => "MISC",
        Known::Demonym => "DEM",
    }
}

/// Longest gazetteer matches, left to right, over the tokens of `text`.
pub(crate) fn gazetteer_matches(text: &str, tokens: &Tokens) -> Vec<Option<GazMatch>> {
    let g = &*GAZETTEER;
    let toks = &tokens.toks;
    let mut out = vec![None; toks.len()];
    let mut i = 0;
    let mut key = String::new();
    while i < toks.len() {
        let t = toks[i];
        if !t.word {
            i += 1;
            continue;
        }
        let table = if tokens.shouting.get(t.line).copied().unwrap_or(false) {
            &g.upper
        } else {
            &g.exact
        };
        key.clear();
        let mut best = None;
        let mut j = i;
        loop {
            if j > i {
                key.push(' ');
            }
            key.push_str(&text[toks[j].start..toks[j].end]);
            if let Some(entry) = table.entry(&key) {
                best = Some((j, entry));
            }
            if j + 1 >= toks.len() || j - i >= 6 || !table.is_prefix(&key) {
                break;
            }
            j += 1;
        }
        match best {
            Some((end, (kind, weak))) => {
                for (k, slot) in out.iter_mut().enumerate().take(end + 1).skip(i) {
                    *slot = Some(GazMatch {
                        kind,
                        weak,
                        begin: k == i,
                    });
                }
                i = end + 1;
            }
            None => i += 1,
        }
    }
    out
}

/// The features of every token of a text, as strings in one buffer: no allocation per feature.
#[derive(Debug, Default, Clone)]
pub(crate) struct Features {
    /// All feature strings, one after another.
    buf: String,
    /// Where each feature ends in `buf`.
    ends: Vec<u32>,
    /// Where each token's features end in `ends`.
    token_ends: Vec<u32>,
    /// Where each token's lower-case form is in `buf` (inside its `lw=` feature).
    lower: Vec<(u32, u32)>,
}

/// Where the features of a token go, one by one: [`Features`] keeps their strings (training,
/// tests); the tagger looks each one up as it comes.
pub(crate) trait Sink {
    /// One feature: the concatenation of `parts`.
    fn push(&mut self, parts: &[&str]);

    /// The `lw=` feature of the current token.
    fn push_lower(&mut self, lower: &str) {
        self.push(&["lw=", lower]);
    }
}

impl Sink for Features {
    fn push(&mut self, parts: &[&str]) {
        for p in parts {
            self.buf.push_str(p);
        }
        self.ends.push(self.buf.len() as u32);
    }

    fn push_lower(&mut self, lower: &str) {
        let start = self.buf.len() + "lw=".len();
        self.push(&["lw=", lower]);
        self.lower.push((start as u32, self.buf.len() as u32));
    }
}

impl Features {
    fn with_capacity(tokens: usize) -> Self {
        Features {
            buf: String::with_capacity(tokens * 256),
            ends: Vec::with_capacity(tokens * 40),
            token_ends: Vec::with_capacity(tokens),
            lower: Vec::with_capacity(tokens),
        }
    }

    /// The lower-case form of token `i`.
    #[cfg(test)]
    pub(crate) fn lower(&self, i: usize) -> &str {
        let (start, end) = self.lower[i];
        &self.buf[start as usize..end as usize]
    }

    /// Closes the current token's features.
    fn end_token(&mut self) {
        self.token_ends.push(self.ends.len() as u32);
    }

    /// Number of tokens.
    pub(crate) fn len(&self) -> usize {
        self.token_ends.len()
    }

    /// Which features (numbered over all tokens, from 0) are token `i`'s.
    pub(crate) fn token_range(&self, i: usize) -> std::ops::Range<usize> {
        let first = if i == 0 {
            0
        } else {
            self.token_ends[i - 1] as usize
        };
        first..self.token_ends[i] as usize
    }

    /// The features of token `i`, in the order they were made.
    pub(crate) fn token(&self, i: usize) -> impl Iterator<Item = &str> + '_ {
        self.token_range(i).map(move |k| {
            let start = if k == 0 { 0 } else { self.ends[k - 1] as usize };
            &self.buf[start..self.ends[k] as usize]
        })
    }

    /// The features as one list of strings a token (for training).
    pub(crate) fn to_lists(&self) -> Vec<Vec<String>> {
        (0..self.len())
            .map(|i| self.token(i).map(str::to_owned).collect())
            .collect()
    }
}

/// The context window: offset and feature prefix of each neighbour; the nearest two (±1)
/// give more than their lower-case form.
pub(crate) const CONTEXT: [(isize, &str); 4] = [(-2, "-2:"), (-1, "-1:"), (1, "1:"), (2, "2:")];

/// Features of every token of `text`. `doc` gives, for the second pass, the label each
/// lower-cased word got most often in the first pass (`None` in the first pass); see
/// [`doc_feature`].
///
/// A token's features come in this order (the tagger's per-word cache sums the word-only ones
/// apart, see `tagger::CompiledCrf::resolve_text`): [`own_word`], [`position_flags`], [`own_clusters`], [`gazetteer`],
/// [`own_lists`], then for each neighbour of [`CONTEXT`] [`neighbour_word`] (or `pad`) and, for
/// the nearest two, [`neighbour_gazetteer`] and [`neighbour_lists`]; then the two word bigrams
/// ([`bigrams`]) and the document feature.
pub(crate) fn token_features(
    text: &str,
    tokens: &Tokens,
    doc: Option<&HashMap<String, &'static str>>,
) -> Features {
    let toks = &tokens.toks;
    let gaz = gazetteer_matches(text, tokens);
    let infos: Vec<WordInfo<'_>> = toks
        .iter()
        .map(|t| WordInfo::new(&text[t.start..t.end]))
        .collect();
    let mut f = Features::with_capacity(toks.len());
    for (i, t) in toks.iter().enumerate() {
        let info = &infos[i];
        own_word(info, &mut f);
        position_flags(t, tokens, &mut f);
        own_clusters(info, &mut f);
        gazetteer(gaz[i], &mut f);
        own_lists(info, &mut f);
        for (d, name) in CONTEXT {
            let Some(j) = i.checked_add_signed(d).filter(|&j| j < toks.len()) else {
                f.push(&[name, "pad"]);
                continue;
            };
            let near = d.abs() == 1;
            neighbour_word(name, near, &infos[j], &mut f);
            if near {
                neighbour_gazetteer(name, gaz[j], &mut f);
                neighbour_lists(name, &infos[j], &mut f);
            }
        }
        bigrams(
            i.checked_sub(1).map(|j| infos[j].lower.as_str()),
            &info.lower,
            infos.get(i + 1).map(|o| o.lower.as_str()),
            &mut f,
        );
        if let Some(label) = doc.and_then(|d| d.get(&info.lower)) {
            f.push(&[doc_feature(label)]);
        }
        f.end_token();
    }
    f
}

/// A word's own form: the bias, the word and its lower-case form, shape, prefixes and suffixes
/// of one to four chars, and capitalisation.
pub(crate) fn own_word(info: &WordInfo<'_>, f: &mut impl Sink) {
    let w = info.text;
    let lw = info.lower.as_str();
    f.push(&["b"]);
    f.push(&["w=", w]);
    f.push_lower(lw);
    f.push(&["sh=", &info.shape]);
    // byte offsets of the first five chars of `lw`, and of its last four
    let mut starts = lw.char_indices().map(|(b, _)| b).chain([lw.len()]);
    let heads: [Option<usize>; 5] = std::array::from_fn(|_| starts.next());
    let mut ends = lw.char_indices().rev().map(|(b, _)| b);
    let tails: [Option<usize>; 4] = std::array::from_fn(|_| ends.next());
    const P: [&str; 4] = ["p1=", "p2=", "p3=", "p4="];
    const S: [&str; 4] = ["s1=", "s2=", "s3=", "s4="];
    for n in 0..4 {
        let (Some(head), Some(tail)) = (heads[n + 1], tails[n]) else {
            break;
        };
        f.push(&[P[n], &lw[..head]]);
        f.push(&[S[n], &lw[tail..]]);
    }
    let init_cap = w.chars().next().is_some_and(char::is_uppercase);
    let any_lower = w.chars().any(char::is_lowercase);
    let any_upper = w.chars().any(char::is_uppercase);
    if init_cap && any_lower {
        f.push(&["ic"]);
    }
    if any_upper && !any_lower {
        f.push(&["ac"]);
    }
    if any_upper && any_lower && !init_cap {
        f.push(&["mc"]);
    }
    if w.chars().any(|c| c.is_ascii_digit()) {
        f.push(&["dg"]);
    }
}

/// Where a token is: punctuation, first of its sentence or line, on a line in capitals.
pub(crate) fn position_flags(t: &Token, tokens: &Tokens, f: &mut impl Sink) {
    if !t.word {
        f.push(&["punct"]);
    }
    if t.sent_start {
        f.push(&["ss"]);
    }
    if t.line_start {
        f.push(&["ls"]);
    }
    if tokens.shouting.get(t.line).copied().unwrap_or(false) {
        f.push(&["shout"]);
    }
}

/// A word's clusters: its word2vec clusters and the prefixes of its Brown cluster path of 4, 6,
/// 10 and 20 steps (Ratinov & Roth 2009), a shorter path whole.
pub(crate) fn own_clusters(info: &WordInfo<'_>, f: &mut impl Sink) {
    if let Some([c64, c256, c1024]) = info.clusters {
        f.push(&["c64=", c64]);
        f.push(&["c256=", c256]);
        f.push(&["c1024=", c1024]);
    }
    if let Some(path) = info.brown {
        for (name, len) in [("b4=", 4), ("b6=", 6), ("b10=", 10), ("b20=", 20)] {
            f.push(&[name, &path[..len.min(path.len())]]);
        }
    }
}

/// The known name a token is part of, if any.
pub(crate) fn gazetteer(gz: Option<GazMatch>, f: &mut impl Sink) {
    if let Some(gz) = gz {
        let pos = if gz.begin { "B" } else { "I" };
        let strength = if gz.weak { "w" } else { "s" };
        f.push(&["gz=", pos, strength, known_tag(gz.kind)]);
        f.push(&["gz=", known_tag(gz.kind)]);
    }
}

/// The word lists a word is on: first names, surnames, common words, titles, organization and
/// place words.
pub(crate) fn own_lists(info: &WordInfo<'_>, f: &mut impl Sink) {
    let g = &*GAZETTEER;
    if info.first_name {
        f.push(&["fn"]);
    }
    if g.surnames.contains(info.text) {
        f.push(&["sn"]);
    }
    if g.common_words.contains(info.lower.as_str()) {
        f.push(&["cw"]);
    }
    let key = info.key();
    if let Some(c) = g.titles.get(key) {
        f.push(&[match c {
            TitleClass::Title => "ti=T",
            TitleClass::LowerCue => "ti=L",
            TitleClass::Modifier => "ti=M",
        }]);
    }
    if let Some(c) = g.org_words.get(key) {
        f.push(&[match c {
            OrgWord::Suffix => "ow=S",
            OrgWord::Head => "ow=H",
        }]);
    }
    if g.loc_words.contains(key) {
        f.push(&["lwd"]);
    }
}

/// A neighbour's lower-case form and, for the nearest two, its shape.
pub(crate) fn neighbour_word(name: &str, near: bool, o: &WordInfo<'_>, f: &mut impl Sink) {
    f.push(&[name, "lw=", &o.lower]);
    if near {
        f.push(&[name, "sh=", &o.shape]);
    }
}

/// The kind of known name a near neighbour is part of.
pub(crate) fn neighbour_gazetteer(name: &str, gz: Option<GazMatch>, f: &mut impl Sink) {
    if let Some(gz) = gz {
        f.push(&[name, "gz=", known_tag(gz.kind)]);
    }
}

/// Whether a near neighbour is a title or a first name, its middle cluster and its Brown
/// cluster of 6 steps.
pub(crate) fn neighbour_lists(name: &str, o: &WordInfo<'_>, f: &mut impl Sink) {
    if o.title {
        f.push(&[name, "ti"]);
    }
    if o.first_name {
        f.push(&[name, "fn"]);
    }
    if let Some([_, c256, _]) = o.clusters {
        f.push(&[name, "c256=", c256]);
    }
    if let Some(path) = o.brown {
        f.push(&[name, "b6=", &path[..6.min(path.len())]]);
    }
}

/// The word bigrams with the previous and the next word (lower-case), where there are some.
pub(crate) fn bigrams(prev: Option<&str>, lw: &str, next: Option<&str>, f: &mut impl Sink) {
    if let Some(p) = prev {
        f.push(&["-1|0=", p, "|", lw]);
    }
    if let Some(n) = next {
        f.push(&["0|1=", lw, "|", n]);
    }
}

/// The second pass's feature for a word the first pass labelled `label` most often elsewhere in
/// the article (see `crf::training::doc_labels`).
pub(crate) fn doc_feature(label: &str) -> &'static str {
    match label {
        "PER" => "doc=PER",
        "ORG" => "doc=ORG",
        "LOC" => "doc=LOC",
        "MISC" => "doc=MISC",
        "per" => "doc=per",
        "org" => "doc=org",
        "loc" => "doc=loc",
        _ => "doc=misc",
    }
}
