//! The features the CRF tagger ([`super::crf`]) sees for each token: the word and its lower-case
//! form, prefixes and suffixes, shape and capitalisation, a ±2 context window, where the token
//! sits in its sentence and line, gazetteer membership and, in the second pass, how the same
//! word was tagged elsewhere in the article.
//!
//! The same function makes the features for training (`ner-train`) and for tagging, so the two
//! cannot drift apart. Tokens come from [`super::tokens::tokenize`] and keep their byte offsets
//! into the text.

use std::collections::HashMap;

use super::gazetteer::{GAZETTEER, Known, OrgWord, TitleClass};
use super::tokens::{Token, Tokens};

/// The longest known name a token belongs to: its kind, whether the evidence is weak, and
/// whether the token begins it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct GazMatch {
    kind: Known,
    weak: bool,
    begin: bool,
}

/// What the features of one token need to know about a word, computed once per token.
#[derive(Debug, Clone)]
struct WordInfo<'a> {
    text: &'a str,
    lower: String,
    shape: String,
    gaz: Option<GazMatch>,
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
fn gazetteer_matches(text: &str, tokens: &Tokens) -> Vec<Option<GazMatch>> {
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

/// Features of every token of `text`, one list a token. `doc` gives, for the second pass, the
/// label each lower-cased word got most often in the first pass (`None` in the first pass).
pub(crate) fn token_features(
    text: &str,
    tokens: &Tokens,
    doc: Option<&HashMap<String, &'static str>>,
) -> Vec<Vec<String>> {
    let g = &*GAZETTEER;
    let toks = &tokens.toks;
    let gaz = gazetteer_matches(text, tokens);
    let infos: Vec<WordInfo<'_>> = toks
        .iter()
        .zip(&gaz)
        .map(|(t, gz)| {
            let w = &text[t.start..t.end];
            WordInfo {
                text: w,
                lower: w.to_lowercase(),
                shape: short_shape(w),
                gaz: *gz,
            }
        })
        .collect();
    let mut out = Vec::with_capacity(toks.len());
    for (i, t) in toks.iter().enumerate() {
        let mut f: Vec<String> = Vec::with_capacity(48);
        let info = &infos[i];
        let w = info.text;
        let lw = info.lower.as_str();
        f.push("b".to_owned());
        f.push(format!("w={w}"));
        f.push(format!("lw={lw}"));
        f.push(format!("sh={}", info.shape));
        let chars: Vec<char> = lw.chars().collect();
        for n in 1..=4.min(chars.len()) {
            let p: String = chars[..n].iter().collect();
            let s: String = chars[chars.len() - n..].iter().collect();
            f.push(format!("p{n}={p}"));
            f.push(format!("s{n}={s}"));
        }
        word_flags(w, t, tokens, &mut f);
        if let Some(gz) = info.gaz {
            let pos = if gz.begin { "B" } else { "I" };
            let strength = if gz.weak { "w" } else { "s" };
            f.push(format!("gz={pos}{strength}{}", known_tag(gz.kind)));
            f.push(format!("gz={}", known_tag(gz.kind)));
        }
        let key = w.trim_end_matches('.');
        if g.first_names.contains(w) {
            f.push("fn".to_owned());
        }
        if g.surnames.contains(w) {
            f.push("sn".to_owned());
        }
        if g.common_words.contains(lw) {
            f.push("cw".to_owned());
        }
        let lkey = key.to_lowercase();
        if let Some(c) = g.titles.get(lkey.as_str()) {
            f.push(
                match c {
                    TitleClass::Title => "ti=T",
                    TitleClass::LowerCue => "ti=L",
                    TitleClass::Modifier => "ti=M",
                }
                .to_owned(),
            );
        }
        if let Some(c) = g.org_words.get(&lkey) {
            f.push(
                match c {
                    OrgWord::Suffix => "ow=S",
                    OrgWord::Head => "ow=H",
                }
                .to_owned(),
            );
        }
        if g.loc_words.contains(&lkey) {
            f.push("lwd".to_owned());
        }
        // context window ±2
        for d in [-2isize, -1, 1, 2] {
            let j = i as isize + d;
            if j < 0 || j as usize >= toks.len() {
                f.push(format!("{d}:pad"));
                continue;
            }
            let o = &infos[j as usize];
            f.push(format!("{d}:lw={}", o.lower));
            if d.abs() == 1 {
                f.push(format!("{d}:sh={}", o.shape));
                if let Some(gz) = o.gaz {
                    f.push(format!("{d}:gz={}", known_tag(gz.kind)));
                }
                let ok = o.text.trim_end_matches('.').to_lowercase();
                if g.titles.contains_key(ok.as_str()) {
                    f.push(format!("{d}:ti"));
                }
                if g.first_names.contains(o.text) {
                    f.push(format!("{d}:fn"));
                }
            }
        }
        if i > 0 {
            f.push(format!("-1|0={}|{lw}", infos[i - 1].lower));
        }
        if i + 1 < toks.len() {
            f.push(format!("0|1={lw}|{}", infos[i + 1].lower));
        }
        if let Some(label) = doc.and_then(|d| d.get(lw)) {
            f.push(format!("doc={label}"));
        }
        out.push(f);
    }
    out
}

/// Capitalisation and position flags of one word.
fn word_flags(w: &str, t: &Token, tokens: &Tokens, f: &mut Vec<String>) {
    let mut chars = w.chars();
    let first = chars.next();
    let init_cap = first.is_some_and(char::is_uppercase);
    let any_lower = w.chars().any(char::is_lowercase);
    let any_upper = w.chars().any(char::is_uppercase);
    let any_digit = w.chars().any(|c| c.is_ascii_digit());
    if init_cap && any_lower {
        f.push("ic".to_owned());
    }
    if any_upper && !any_lower {
        f.push("ac".to_owned());
    }
    if any_upper && any_lower && !init_cap {
        f.push("mc".to_owned());
    }
    if any_digit {
        f.push("dg".to_owned());
    }
    if !t.word {
        f.push("punct".to_owned());
    }
    if t.sent_start {
        f.push("ss".to_owned());
    }
    if t.line_start {
        f.push("ls".to_owned());
    }
    if tokens.shouting.get(t.line).copied().unwrap_or(false) {
        f.push("shout".to_owned());
    }
}
