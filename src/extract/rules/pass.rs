//! The pass over the tokens: where a run of capitalised words starts and ends, Reuters' company
//! names in angle brackets, compound words (`pro-Iran`, `US-led`), lines in capitals and hard
//! line breaks.

use super::words::*;
use super::{Cue, Item, Reader, kind_of};
use crate::extract::gazetteer::{OrgWord, TitleClass};
use crate::extract::{EntityKind, breaks};

impl<'t> Reader<'t> {
    pub(super) fn push(&mut self, kind: EntityKind, first: usize, end: usize) {
        self.push_weak(kind, first, end, false);
    }

    pub(super) fn push_weak(&mut self, kind: EntityKind, first: usize, end: usize, weak: bool) {
        if first < end {
            self.items.push(Item::Entity {
                kind,
                start: self.toks[first].start,
                end: self.toks[end - 1].end,
                weak,
            });
        }
    }

    /// Reads from token `i`; returns the next token to read.
    pub(super) fn step(&mut self, i: usize) -> usize {
        if !self.toks[i].word {
            return self.angle_brackets(i).unwrap_or(i + 1);
        }
        if self.compound(i) {
            return i + 1;
        }
        if self.shouting[self.toks[i].line] {
            return self.shouting_at(i);
        }
        if !self.is_cap(i) {
            return i + 1;
        }
        let end = self.chunk_end(i);
        let cue = self.person_cue(i);
        self.chunk(i, end, cue);
        end
    }

    /// Reuters writes company names in angle brackets: `<Sedio N.V.>`.
    pub(super) fn angle_brackets(&mut self, i: usize) -> Option<usize> {
        if self.tok(i) != "<" || !self.is_cap(i + 1) {
            return None;
        }
        let close = (i + 1..self.toks.len().min(i + 14))
            .find(|&k| !self.toks[k].word && self.tok(k) == ">")?;
        let inner_ok = (i + 1..close)
            .all(|k| self.toks[k].word || matches!(self.tok(k), "." | "&" | "," | "-" | "'" | "/"));
        if !inner_ok {
            return None;
        }
        self.push(EntityKind::Organization, i + 1, close);
        Some(close + 1)
    }

    /// `pro-Iran`, `US-led`: a name inside a hyphenated word. `None` when token `i` is no such
    /// compound, else the name in it, if any.
    pub(super) fn compound_of(&self, i: usize) -> Option<Option<Item>> {
        let tok = self.tok(i);
        let first_hyphen = tok.find('-')?;
        let last_hyphen = tok.rfind('-').unwrap_or(first_hyphen);
        let start = self.toks[i].start;
        let head = &tok[..first_hyphen];
        let rest = &tok[first_hyphen + 1..];
        if COMPOUND_PREFIXES.contains(&head.to_lowercase().as_str()) {
            let item = self
                .g
                .exact
                .get(rest)
                .and_then(kind_of)
                .map(|kind| Item::Entity {
                    kind,
                    start: start + first_hyphen + 1,
                    end: start + tok.len(),
                    weak: false,
                });
            return Some(item);
        }
        let front = &tok[..last_hyphen];
        let tail = &tok[last_hyphen + 1..];
        if COMPOUND_SUFFIXES.contains(&tail.to_lowercase().as_str()) {
            let kind = self.g.exact.get(front).and_then(kind_of).or_else(|| {
                let acronym =
                    front.chars().all(|c| c.is_ascii_uppercase()) && (2..=6).contains(&front.len());
                acronym.then_some(EntityKind::Organization)
            });
            let item = kind.map(|kind| Item::Entity {
                kind,
                start,
                end: start + last_hyphen,
                weak: false,
            });
            return Some(item);
        }
        None
    }

    /// Takes the name in a compound word at `i` (see [`Self::compound_of`]); whether `i` is one.
    pub(super) fn compound(&mut self, i: usize) -> bool {
        match self.compound_of(i) {
            Some(item) => {
                self.items.extend(item);
                true
            }
            None => false,
        }
    }

    /// In a line in capitals, only known names count.
    pub(super) fn shouting_at(&mut self, i: usize) -> usize {
        let line = self.toks[i].line;
        let end = (i..self.toks.len())
            .find(|&k| self.toks[k].line != line)
            .unwrap_or(self.toks.len());
        if let Some((len, known)) = self.known_at(i, end, true) {
            if let Some(kind) = kind_of(known) {
                let exact = self.known_at(i, end, false).is_some_and(|(l, _)| l == len);
                let suffix = len == 1 && self.org_word(i) == Some(OrgWord::Suffix);
                let short_or_common = len == 1 && {
                    let low = self.lower(i).to_owned();
                    low.chars().count() < 3 || self.g.common_words.contains(low.as_str())
                };
                if !suffix && (!short_or_common || (exact && self.tok(i) == "US")) {
                    self.push(kind, i, i + len);
                }
            }
            return i + len;
        }
        i + 1
    }

    /// A lower-case title right before the chunk at `i`: `general Qasem Soleimani`.
    pub(super) fn person_cue(&mut self, i: usize) -> Cue {
        if i == 0 || !self.toks[i - 1].word || self.tok(i - 1).starts_with(char::is_uppercase) {
            return Cue::None;
        }
        if self.title_class(i - 1) == Some(TitleClass::LowerCue) {
            Cue::Strong
        } else {
            Cue::None
        }
    }

    /// The end of the run of capitalised words that starts at `i`.
    pub(super) fn chunk_end(&mut self, i: usize) -> usize {
        let line = self.toks[i].line;
        let mut end = i + 1;
        let mut k = i + 1;
        while k < self.toks.len() {
            let t = self.toks[k];
            if t.para_before || (t.line != line && self.shouting[t.line]) {
                break;
            }
            // a caption, a byline or a heading over the next line's name
            if t.line_start && self.hard_break_before(k) {
                break;
            }
            if self.is_cap(k) && self.compound_of(k).is_none() {
                k += 1;
                end = k;
                continue;
            }
            if self.is_connector(k) && k + 1 < self.toks.len() && self.may_join(k) {
                let mut m = k + 1;
                if matches!(self.tok(k), "of" | "for") && self.tok(m) == "the" {
                    m += 1;
                }
                if self.is_cap(m) && !self.toks[m].para_before {
                    k = m;
                    continue;
                }
            }
            break;
        }
        end
    }

    /// Whether a hard line break comes before token `k` ([`breaks`]: a line that ends a
    /// sentence or is short for the text's wrap width), so no name runs on into it.
    pub(super) fn hard_break_before(&self, k: usize) -> bool {
        k > 0
            && breaks::hard_break_between(
                self.text,
                self.toks[k - 1].end,
                self.toks[k].start,
                &self.wrap_width,
            )
    }

    /// Whether connector `k` may join the words around it into one name: `of` and `for` only
    /// after a head word, a title or the start of a known name (`Bank of`, `Secretary of`,
    /// `Republic of`), not in "Shares of Exxon".
    pub(super) fn may_join(&mut self, k: usize) -> bool {
        if !matches!(self.tok(k), "of" | "for") {
            return true;
        }
        let before = k - 1;
        if self.org_word(before) == Some(OrgWord::Head)
            || self.is_loc_head(before)
            || self.title_class(before).is_some()
        {
            return true;
        }
        // the start of a known name: up to three words before and the connector
        let from = before.saturating_sub(3);
        (from..=before).any(|s| {
            let mut key = String::new();
            for t in s..=k {
                if t > s {
                    key.push(' ');
                }
                key.push_str(self.tok(t));
            }
            self.g.exact.is_prefix(&key)
        })
    }
}
