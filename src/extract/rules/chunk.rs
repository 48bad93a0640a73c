//! What kind of name is a run of capitalised words? Known names longest first, titles before
//! persons, organization heads and legal suffixes, first names, acronyms; what the run alone
//! cannot decide is left pending.

use super::words::*;
use super::{Cue, Item, Reader, is_roman, kind_of};
use crate::extract::EntityKind;
use crate::extract::gazetteer::{Known, OrgWord, TitleClass};

impl<'t> Reader<'t> {
    /// Reads the chunk of tokens `[first, end)`; `cue` tells whether a title came before it.
    pub(super) fn chunk(&mut self, first: usize, end: usize, cue: Cue) {
        // Reuters and AFP: two names, unless the whole is one (Procter & Gamble)
        if let Some(s) = (first + 1..end).find(|&k| SPLITTERS.contains(&self.tok(k))) {
            let whole_known = self
                .known_at(first, end, false)
                .is_some_and(|(l, _)| l == end - first);
            let org_end = self.org_word(end - 1).is_some();
            let left_org = self.org_word(s - 1).is_some();
            if !whole_known && (!org_end || left_org) {
                self.chunk(first, s, cue);
                if self.is_cap(s + 1) {
                    self.chunk(s + 1, end, Cue::None);
                }
                return;
            }
        }
        let mut p = first;
        let mut cue = cue;
        let mut with_initial = None;
        while p < end {
            let lower_connector =
                self.is_connector(p) && !self.tok(p).starts_with(char::is_uppercase);
            if lower_connector || self.tok(p) == "the" {
                // "Comptroller of the Currency": what follows a title and `of` is no person
                cue = Cue::None;
                p += 1;
                continue;
            }
            let known = self.known_entry_at(p, end, false);
            let multi_known = known.is_some_and(|(l, _)| l >= 2);
            if !multi_known && !self.is_allcaps(p) {
                if self.is_closed_class(p) {
                    p += 1;
                    continue;
                }
                let initial = p == first && self.toks[p].sent_start;
                if initial && self.is_common(p) && self.title_chain(p, end).is_none() {
                    // "Computer Terminal Systems Inc" keeps its first word, "Earlier" goes
                    let org =
                        end - p >= 2 && self.head_run(p, end) == Some(EntityKind::Organization);
                    let suffix = self.org_word(end - 1) == Some(OrgWord::Suffix);
                    if org && (end - p >= 3 || suffix) {
                        self.push(EntityKind::Organization, p, end);
                        return;
                    }
                    with_initial = Some(p);
                    p += 1;
                    continue;
                }
            }
            let known_whole = known.is_some_and(|(len, _)| p + len == end);
            if end - p >= 2
                && !known_whole
                && let Some(kind) = self.head_run(p, end)
            {
                self.push(kind, p, end);
                return;
            }
            // "Finance Minister": a weak one-word name yields to a title
            let weak_known = known.is_none_or(|(len, (_, weak))| weak && len == 1);
            if weak_known && let Some((len, with_of)) = self.title_chain(p, end) {
                p += len;
                cue = if with_of { Cue::Weak } else { Cue::Strong };
                with_initial = None;
                continue;
            }
            if let Some((len, (kind, weak))) = known {
                let person_first = len == 1
                    && p + 1 < end
                    && self.g.first_names.contains(self.tok(p))
                    && self.g.surnames.contains(self.tok(p + 1));
                match kind {
                    Known::Person if p + len < end => break,
                    _ if person_first => break,
                    Known::Person | Known::Organization | Known::Location => {
                        let kind = kind_of(kind).unwrap_or(EntityKind::Location);
                        self.push_weak(kind, p, p + len, weak && len == 1);
                    }
                    Known::Misc | Known::Demonym => {}
                }
                p += len;
                with_initial = None;
                continue;
            }
            break;
        }
        if p < end {
            self.run_of(p, end, cue, with_initial);
        }
    }

    /// `[p, end)` ends in an organization head or legal suffix (`Iraqi Parliament`, `Texas
    /// Commerce Bancshares Inc`), or has a head followed by `of` (`Ministry of Defence`, `Gulf
    /// of Mexico`).
    pub(super) fn head_run(&mut self, p: usize, end: usize) -> Option<EntityKind> {
        match self.org_word(end - 1) {
            Some(OrgWord::Suffix) => return Some(EntityKind::Organization),
            Some(OrgWord::Head) if self.title_class(p).is_none() => {
                return Some(EntityKind::Organization);
            }
            _ => {}
        }
        for k in p..end - 1 {
            if matches!(self.tok(k + 1), "of" | "for") {
                if self.org_word(k) == Some(OrgWord::Head) {
                    return Some(EntityKind::Organization);
                }
                if self.is_loc_head(k) {
                    return Some(EntityKind::Location);
                }
            }
        }
        None
    }

    /// The length of the title that starts at `p` (`Interim Prime Minister`, `Secretary of
    /// State`), if there is one with at least one real title word, and whether it holds an `of`
    /// or `for`.
    pub(super) fn title_chain(&mut self, p: usize, end: usize) -> Option<(usize, bool)> {
        let mut k = p;
        let mut chain_end = None;
        let mut with_of = false;
        while k < end {
            match self.title_class(k) {
                Some(TitleClass::Title | TitleClass::LowerCue) => {
                    k += 1;
                    chain_end = Some(k);
                }
                Some(TitleClass::Modifier) => {
                    k += 1;
                    if chain_end.is_some() {
                        chain_end = Some(k);
                    }
                }
                None if chain_end.is_some()
                    && matches!(self.tok(k), "of" | "for")
                    && self.title_class(k + 1).is_some() =>
                {
                    with_of = true;
                    k += 1;
                }
                None => break,
            }
        }
        chain_end.map(|e| (e - p, with_of))
    }

    /// Decides the rest of a chunk, `[p, end)`, that starts with no known name or title.
    pub(super) fn run_of(&mut self, p: usize, end: usize, cue: Cue, with_initial: Option<usize>) {
        // "Vice President for Financial Communications": after an office with `for`, one
        // word that is no first name is part of the office
        let weak_ok = end - p >= 2 || self.g.first_names.contains(self.tok(p));
        // "General Agreement on Tariffs", "general Partners": common words name no one
        let all_common = (p..end).all(|k| self.is_connector(k) || self.is_common(k));
        if !all_common && (cue == Cue::Strong || (cue == Cue::Weak && weak_ok)) {
            // a person after a title: up to an `of`, `for` or `and`
            let stop = (p..end)
                .find(|&k| self.is_connector(k) && !PARTICLES.contains(&self.tok(k)))
                .unwrap_or(end);
            self.push(EntityKind::Person, p, stop);
            if stop + 1 < end {
                self.chunk(stop + 1, end, Cue::None);
            }
            return;
        }
        // "Reserve Bank Governor Spencer Russell": a title inside the run starts a person
        let inner_title = (p + 1..end).find(|&k| {
            self.title_chain(k, end)
                .is_some_and(|(len, _)| k + len < end)
                && self.title_class(k) != Some(TitleClass::Modifier)
        });
        if let Some(q) = inner_title {
            self.run_of(p, q, Cue::None, with_initial);
            self.chunk(q, end, Cue::None);
            return;
        }
        let n = end - p;
        let all_caps =
            (p..end).all(|k| !self.is_word(k) || self.is_allcaps(k) || self.is_connector(k));
        if all_caps && self.toks[p].line_start && n <= 3 && self.is_dateline_end(end) {
            self.push(EntityKind::Location, p, end);
            return;
        }
        let has_org_word = (p..end).any(|k| match self.org_word(k) {
            Some(OrgWord::Head) => n >= 2,
            Some(OrgWord::Suffix) => k > p,
            None => false,
        });
        if has_org_word {
            self.push(EntityKind::Organization, p, end);
            return;
        }
        // North Yemen, Southern Iraq
        if n >= 2 && DIRECTIONS.contains(&self.tok(p)) {
            let rest = self.known_at(p + 1, end, false);
            if rest.is_some_and(|(len, kind)| p + 1 + len == end && kind == Known::Location) {
                self.push(EntityKind::Location, p, end);
                return;
            }
        }
        if n >= 2 && self.is_loc_head(end - 1) {
            self.push(EntityKind::Location, p, end);
            return;
        }
        if n == 1 {
            if self.org_word(p) == Some(OrgWord::Suffix) {
                return; // a lone "Ltd" after "Cheung Kong (Holdings)"
            }
            if self.is_acronym(p) {
                self.push(EntityKind::Organization, p, end);
            } else {
                self.items.push(Item::Pending {
                    first: p,
                    end,
                    with_initial,
                });
            }
            return;
        }
        let first = self.tok(p);
        let initial = first.len() == 2 && first.ends_with('.');
        if !self.is_allcaps(p) && (self.g.first_names.contains(first) || initial) {
            self.push(EntityKind::Person, p, end);
            return;
        }
        self.items.push(Item::Pending {
            first: p,
            end,
            with_initial,
        });
    }

    /// After a dateline place: a comma, a number or a dash (`LONDON 1996-08-30`, `BAGHDAD, Jan 6`).
    pub(super) fn is_dateline_end(&self, end: usize) -> bool {
        end < self.toks.len()
            && self.same_line(end - 1)
            && (matches!(self.tok(end), "," | "-" | "(")
                || self.tok(end).starts_with(|c: char| c.is_ascii_digit()))
    }

    /// An unknown acronym that names an organization: `CJTF-OIR`, `OPEC`; not `TV`, `II` or a
    /// word in capitals.
    pub(super) fn is_acronym(&mut self, i: usize) -> bool {
        if !self.is_allcaps(i) {
            return false;
        }
        let tok = self.tok(i);
        if tok.contains('-') {
            return tok.split('-').all(|part| {
                part.chars().all(|c| c.is_uppercase() || c.is_ascii_digit()) && !part.is_empty()
            }) && tok.len() <= 16;
        }
        let letters = tok.chars().filter(|c| c.is_alphabetic()).count();
        if letters > 6 || is_roman(tok) || tok.contains('.') {
            return false;
        }
        !self.is_common(i)
    }
}
