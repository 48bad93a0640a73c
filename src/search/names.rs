//! Which other names does an entity filter's name have in this index? A short name and the
//! fuller name it stands for are one entity: an acronym and its expansion ("the European
//! Community (EC)"), a surname and the full name, a clipped name and the whole ("Fed",
//! "Federal Reserve"). Each article leaves the pairs it shows in the `short_names` field
//! ([`schema::short_name_terms`]), and a filter for either name also matches the other, in
//! articles that use only one of them.
//!
//! A short name stands for the fuller name that more than half of the articles pairing it
//! give (a person's surname: all of them, so "Baker" stays ambiguous while the index knows
//! James and Howard Baker), and for no other; a fuller name's short names are those that stand
//! for it. The terms are read from the index's term dictionary at query time: nothing is kept
//! beside the index, so the names follow every commit, incremental or interrupted, as the index
//! does.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use tantivy::Searcher;

use super::UserNames;
use crate::extract::{self, EntityKind};
use crate::schema::{self, Fields, SHORT_NAME_SEP};

/// Another name of a filter's entity, as the index has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OtherName {
    /// The name as its key ([`extract::name_key`]: lower case, no dots).
    pub name: String,
    /// Whether it is a short name of the filter's name (an acronym, a surname), rather than
    /// the fuller name the filter's name stands for.
    pub short: bool,
    /// Articles that pair the two names (0 for a name from the aliases file).
    pub paired_in: u64,
    /// Whether the user's aliases file merges it, rather than the index's pairs.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub from_aliases: bool,
}

/// An entity filter whose name the index knows other names for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FilterNames {
    /// The filter's entity kind.
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// The name the filter gave.
    pub filter: String,
    /// Its entity's other names, which it matched too.
    pub other_names: Vec<OtherName>,
    /// The fuller names of different entities that the name is short for ("Baker": James
    /// Baker, Howard Baker); all of them match, as the name's words do. Left out of JSON when
    /// there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ambiguous: Vec<OtherName>,
    /// Whether the filter leaves its entity's articles out (`--not-org`) rather than keeping
    /// only them.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub excluded: bool,
}

/// The terms of `field` that start with `prefix` (which ends with [`SHORT_NAME_SEP`]), each with
/// the rest of the term and the number of articles that have it, summed over the segments.
fn scan(
    searcher: &Searcher,
    fields: &Fields,
    prefix: &str,
) -> tantivy::Result<BTreeMap<String, u64>> {
    let mut out = BTreeMap::new();
    let mut end = prefix.as_bytes().to_vec();
    if let Some(last) = end.last_mut() {
        *last += 1;
    }
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(fields.short_names)?;
        let mut stream = inverted
            .terms()
            .range()
            .ge(prefix.as_bytes())
            .lt(&end)
            .into_stream()?;
        while stream.advance() {
            let rest = String::from_utf8_lossy(&stream.key()[prefix.len()..]).into_owned();
            *out.entry(rest).or_insert(0) += u64::from(stream.value().doc_freq);
        }
    }
    Ok(out)
}

fn prefix(direction: char, kind: EntityKind, name: &str) -> String {
    let s = SHORT_NAME_SEP;
    format!("{direction}{s}{}{s}{name}{s}", schema::kind_letter(kind))
}

/// Whether a fuller name that `n` of the `total` articles pairing a short name give is what
/// the short name stands for: all of them for a person (one full name with that surname),
/// more than half for the other kinds.
fn stands_for(kind: EntityKind, n: u64, total: u64) -> bool {
    match kind {
        EntityKind::Person => n == total,
        _ => 2 * n > total,
    }
}

/// Of the fuller names the articles pair one short name with (`longs`: name → articles), the
/// one it stands for ([`stands_for`]) or, when there is none, all of them, most paired first.
fn pick(kind: EntityKind, longs: BTreeMap<String, u64>) -> Result<OtherName, Vec<OtherName>> {
    let total: u64 = longs.values().sum();
    let mut all: Vec<OtherName> = longs
        .into_iter()
        .map(|(name, paired_in)| OtherName {
            name,
            short: false,
            paired_in,
            from_aliases: false,
        })
        .collect();
    all.sort_by(|a, b| b.paired_in.cmp(&a.paired_in).then(a.name.cmp(&b.name)));
    match all.first() {
        Some(first) if stands_for(kind, first.paired_in, total) => Ok(first.clone()),
        _ => Err(all),
    }
}

/// [`pick`] for short name `short`, read from the index.
fn fuller(
    searcher: &Searcher,
    fields: &Fields,
    kind: EntityKind,
    short: &str,
) -> tantivy::Result<Result<OtherName, Vec<OtherName>>> {
    Ok(pick(
        kind,
        scan(searcher, fields, &prefix('s', kind, short))?,
    ))
}

/// At most this many names are followed from one filter name (a guard against an aliases file
/// that chains everything together).
const MAX_NAMES: usize = 64;

/// What the index knows of filter name `name` (as a user typed it): the other names of its
/// entity (the fuller name it stands for; its short names that stand for it), and when it is
/// short for several entities, their names. Names whose words hold the filter's are left out
/// of both: the filter's phrase finds them already.
pub(crate) fn other_names(
    searcher: &Searcher,
    fields: &Fields,
    user: &UserNames,
    kind: EntityKind,
    name: &str,
) -> tantivy::Result<FilterNames> {
    let key = extract::name_key(&extract::query_name(kind, name));
    let mut out = FilterNames {
        kind,
        filter: name.to_owned(),
        other_names: Vec::new(),
        ambiguous: Vec::new(),
        excluded: false,
    };
    // the index's pairs of the filter's name and the user's aliases of it, then theirs, as far
    // as they reach (the entities command joins names the same way)
    let mut names = vec![key.clone()];
    let mut i = 0;
    while i < names.len() && names.len() <= MAX_NAMES {
        let name = names[i].clone();
        let mut found: Vec<OtherName> = Vec::new();
        match fuller(searcher, fields, kind, &name)? {
            Ok(long) => found.push(long),
            Err(all) if i == 0 && all.len() > 1 => out.ambiguous = all,
            Err(_) => {}
        }
        for (short, paired_in) in scan(searcher, fields, &prefix('l', kind, &name))? {
            if fuller(searcher, fields, kind, &short)?.is_ok_and(|l| l.name == name) {
                found.push(OtherName {
                    name: short,
                    short: true,
                    paired_in,
                    from_aliases: false,
                });
            }
        }
        if let Some((canonical, _)) = user.canonical(&name) {
            for alias in user.names_of(canonical) {
                found.push(OtherName {
                    name: alias.to_owned(),
                    short: false,
                    paired_in: 0,
                    from_aliases: true,
                });
            }
        }
        for other in found {
            if !names.contains(&other.name) {
                names.push(other.name.clone());
                out.other_names.push(other);
            }
        }
        i += 1;
    }
    out.other_names
        .retain(|o| !extract::words_hold(&o.name, &key));
    out.ambiguous
        .retain(|o| !extract::words_hold(&o.name, &key) || kind == EntityKind::Person);
    Ok(out)
}

/// Every short name of kind `kind` the index pairs, with the fuller name it stands for
/// ([`pick`]; short names without one are left out).
pub(crate) fn expansions(
    searcher: &Searcher,
    fields: &Fields,
    kind: EntityKind,
) -> tantivy::Result<HashMap<String, String>> {
    let s = SHORT_NAME_SEP;
    let all = scan(
        searcher,
        fields,
        &format!("s{s}{}{s}", schema::kind_letter(kind)),
    )?;
    // keys are `short␟long`
    let mut by_short: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for (key, n) in all {
        if let Some((short, long)) = key.split_once(s) {
            by_short
                .entry(short.to_owned())
                .or_default()
                .insert(long.to_owned(), n);
        }
    }
    let out = by_short
        .into_iter()
        .filter_map(|(short, longs)| pick(kind, longs).ok().map(|l| (short, l.name)))
        .collect();
    Ok(out)
}
