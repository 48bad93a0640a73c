//! What is this token? Case, connectors, titles, organization and location words, and the
//! known names that start at a token, asked of the gazetteers.

use super::Reader;
use super::words::*;
use crate::extract::gazetteer::{Entry, Known, OrgWord, TitleClass};

impl<'t> Reader<'t> {
    pub(super) fn tok(&self, i: usize) -> &'t str {
        let t = self.toks[i];
        &self.text[t.start..t.end]
    }

    pub(super) fn is_word(&self, i: usize) -> bool {
        i < self.toks.len() && self.toks[i].word
    }

    /// Lower-case, dots removed.
    pub(super) fn lower(&mut self, i: usize) -> &str {
        let tok = self.tok(i);
        self.scratch.clear();
        for c in tok.chars().filter(|&c| c != '.') {
            self.scratch.extend(c.to_lowercase());
        }
        &self.scratch
    }

    /// Starts with a capital, or is a prefixed name such as `al-Muhandis`.
    pub(super) fn is_cap(&self, i: usize) -> bool {
        if !self.is_word(i) {
            return false;
        }
        let tok = self.tok(i);
        if tok.starts_with(char::is_uppercase) {
            return true;
        }
        match tok.split_once('-') {
            Some((prefix, rest)) => {
                NAME_PREFIXES.contains(&prefix) && rest.starts_with(char::is_uppercase)
            }
            None => false,
        }
    }

    /// All cased letters are capitals, and there are at least two letters.
    pub(super) fn is_allcaps(&self, i: usize) -> bool {
        let tok = self.tok(i);
        tok.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !tok.chars().any(char::is_lowercase)
    }

    pub(super) fn is_connector(&self, i: usize) -> bool {
        i < self.toks.len() && CONNECTORS.contains(&self.tok(i))
    }

    pub(super) fn is_common(&mut self, i: usize) -> bool {
        let tok = self.tok(i);
        // contractions at the start of a sentence: It'll, Don't
        if tok.contains(['\'', '\u{2019}']) && tok.chars().next().is_some_and(char::is_uppercase) {
            let low = tok.to_lowercase().replace('\u{2019}', "'");
            if ["'ll", "'ve", "'re", "'d", "'m", "n't", "'s"]
                .iter()
                .any(|s| low.ends_with(s))
            {
                return true;
            }
        }
        let g = self.g;
        let low = self.lower(i);
        g.common_words.contains(low)
    }

    pub(super) fn is_closed_class(&mut self, i: usize) -> bool {
        let low = self.lower(i);
        CLOSED_CLASS.contains(&low)
    }

    pub(super) fn title_class(&mut self, i: usize) -> Option<TitleClass> {
        if !self.is_word(i) {
            return None;
        }
        let g = self.g;
        let low = self.lower(i);
        g.titles.get(low).copied()
    }

    pub(super) fn org_word(&mut self, i: usize) -> Option<OrgWord> {
        let g = self.g;
        let low = self.lower(i);
        if let Some(&w) = g.org_words.get(low) {
            return Some(w);
        }
        // Bank-Houston
        let tok = self.tok(i);
        if tok.contains('-') {
            for part in tok.split('-') {
                if g.org_words.get(&part.to_lowercase()) == Some(&OrgWord::Head) {
                    return Some(OrgWord::Head);
                }
            }
        }
        None
    }

    pub(super) fn is_loc_head(&mut self, i: usize) -> bool {
        let g = self.g;
        let low = self.lower(i);
        g.loc_words.contains(low)
    }

    /// The white space between tokens `i` and `i + 1` holds no line break.
    pub(super) fn same_line(&self, i: usize) -> bool {
        self.toks[i].line == self.toks[i + 1].line
    }

    // ---- known names ------------------------------------------------------------------------

    /// The longest known name that starts at token `p` and ends before `end`: its length in
    /// tokens and kind. `upper` looks up the upper-case forms (for text in capitals).
    pub(super) fn known_at(&mut self, p: usize, end: usize, upper: bool) -> Option<(usize, Known)> {
        self.known_entry_at(p, end, upper)
            .map(|(len, (kind, _))| (len, kind))
    }

    /// [`Self::known_at`] with the weakness of the entry.
    pub(super) fn known_entry_at(
        &mut self,
        p: usize,
        end: usize,
        upper: bool,
    ) -> Option<(usize, Entry)> {
        let table = if upper { &self.g.upper } else { &self.g.exact };
        let mut key = String::new();
        let mut best = None;
        let mut k = p;
        while k < end && k - p < MAX_NAME_TOKENS {
            if !self.toks[k].word && self.tok(k) != "&" {
                break;
            }
            if k > p {
                key.push(' ');
            }
            for c in self.tok(k).chars() {
                let c = if c == '\u{2019}' { '\'' } else { c };
                if upper {
                    key.extend(c.to_uppercase());
                } else {
                    key.push(c);
                }
            }
            if let Some(entry) = table.entry(&key) {
                best = Some((k + 1 - p, entry));
            }
            if !table.is_prefix(&key) {
                break;
            }
            k += 1;
        }
        best
    }
}
