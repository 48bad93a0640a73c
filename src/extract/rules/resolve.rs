//! Settling what is left against the whole text: `Trump` is a person when `Donald Trump` is,
//! `IS` an organization when `"Islamic State" (IS)` defined it; the decided items become spans.

use std::collections::{HashMap, HashSet};

use super::{Item, Reader};
use crate::extract::gazetteer::OrgWord;
use crate::extract::{EntityKind, RawSpan};

impl<'t> Reader<'t> {
    pub(super) fn text_of(&self, first: usize, end: usize) -> String {
        let s = &self.text[self.toks[first].start..self.toks[end - 1].end];
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Decides the pending chunks against the entities of the whole text, and returns spans.
    pub(super) fn resolve(mut self) -> Vec<RawSpan> {
        let mut names: HashMap<String, EntityKind> = HashMap::new();
        let mut person_tokens: HashSet<String> = HashSet::new();
        let mut org_cores: HashSet<String> = HashSet::new();
        for item in &self.items {
            let Item::Entity {
                kind, start, end, ..
            } = *item
            else {
                continue;
            };
            let name = self.text[start..end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let words: Vec<&str> = name.split(' ').collect();
            match kind {
                EntityKind::Person => {
                    for w in &words {
                        if w.starts_with(char::is_uppercase)
                            && w.chars().count() >= 2
                            && !w.ends_with('.')
                        {
                            person_tokens.insert((*w).to_owned());
                        }
                    }
                }
                EntityKind::Organization => {
                    let mut core = words.len();
                    while core > 1 && {
                        let low = words[core - 1].replace('.', "").to_lowercase();
                        self.g.org_words.get(&low) == Some(&OrgWord::Suffix)
                    } {
                        core -= 1;
                    }
                    for n in 2..=core {
                        org_cores.insert(words[..n].join(" "));
                    }
                    if core < words.len() {
                        org_cores.insert(words[0].to_owned());
                    }
                }
                _ => {}
            }
            names.entry(name).or_insert(kind);
        }
        // acronyms defined in brackets: "Islamic State" (IS)
        let items = std::mem::take(&mut self.items);
        for (n, item) in items.iter().enumerate() {
            let Item::Pending { first, end, .. } = *item else {
                continue;
            };
            let bracketed = end == first + 1
                && first >= 2
                && end < self.toks.len()
                && self.is_allcaps(first)
                && self.tok(first - 1) == "("
                && self.tok(end) == ")";
            if !bracketed {
                continue;
            }
            let quoted = first >= 3 && matches!(self.tok(first - 2), "\"" | "”" | "'" | "’");
            let name_end = self.toks[if quoted { first - 3 } else { first - 2 }].end;
            let defined = items[..n].iter().rev().find_map(|it| match *it {
                Item::Entity { kind, end, .. } if end == name_end => Some(kind),
                _ => None,
            });
            if let Some(kind) = defined {
                names.insert(self.tok(first).to_owned(), kind);
            }
        }
        let mut spans = Vec::with_capacity(items.len());
        for item in items {
            match item {
                Item::Entity {
                    kind,
                    start,
                    end,
                    weak,
                } => {
                    // a weak place or company that is a person's name in this text
                    let person = weak && person_tokens.contains(&self.text[start..end]);
                    let kind = if person { EntityKind::Person } else { kind };
                    spans.push(RawSpan { kind, start, end });
                }
                Item::Pending {
                    first,
                    end,
                    with_initial,
                } => {
                    let tries = with_initial.into_iter().chain(std::iter::once(first));
                    for from in tries {
                        let key = self.text_of(from, end);
                        let kind = names.get(&key).copied().or_else(|| {
                            if org_cores.contains(&key) {
                                Some(EntityKind::Organization)
                            } else if end - from == 1 && person_tokens.contains(&key) {
                                Some(EntityKind::Person)
                            } else {
                                None
                            }
                        });
                        if let Some(kind) = kind {
                            spans.push(RawSpan {
                                kind,
                                start: self.toks[from].start,
                                end: self.toks[end - 1].end,
                            });
                            break;
                        }
                    }
                }
            }
        }
        spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
        let mut kept: Vec<RawSpan> = Vec::with_capacity(spans.len());
        for s in spans {
            if s.start < s.end && kept.last().is_none_or(|k| k.end <= s.start) {
                kept.push(s);
            }
        }
        kept
    }
}
