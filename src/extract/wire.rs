//! Which marks in a text are the wire's own, not mentions? A news agency signs its articles off
//! ("Reuter" alone on the last line, as Reuters-21578 ends nearly every article; `-- Reuters`,
//! `(AP)`) and credits itself in the dateline (`LONDON (Reuters) -`, `WASHINGTON, March 12,
//! Reuter -`): these name the article's source, never a person, organization or place it
//! mentions. The dateline's place (`WASHINGTON`, `RIO DE JANEIRO`, `MANCHESTER , England`) is
//! where the story was filed: a location, whatever a recogniser made of the upper-case word.
//!
//! [`apply`] runs last, on a recogniser's spans: it drops every span over a credit or sign-off
//! or over the dateline's date (`NEW YORK, FEB 26 -` gave the organization `FEB`) and makes each part of the dateline's place (split at commas and slashes: `WESTPORT`,
//! `Conn.`) a location, replacing what overlapped it, and so is a person of the same name
//! elsewhere in the article. The dateline is found by
//! [`crate::dates::dateline_spans`], the recognition the publication date uses too.
//!
//! An agency named in running text ("told Reuters", "a Reuters reporter", "including AFP and
//! Reuters") is a mention of the organization and stays, and so does a contact line that names
//! more than the agency ("-- Reuters Ottawa Bureau (613) 235-6745"). A dateline place keeps its
//! spelling ("CHICAGO"): [`super::normalize_name`] already merges it with "Chicago" in the
//! index, in summaries and in `entities`, which shows the mixed-case spelling.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{EntityKind, RawSpan};

/// News agencies that sign off or credit wire copy: the largest wire services (Wikipedia,
/// "News agency", "List of news agencies"). `Reuter` was Reuters' own sign-off until the 1990s.
const AGENCIES: &str = r"(?i:reuters?)|AP|AFP|UPI|DPA|dpa|ANSA|EFE|Xinhua|XINHUA|Kyodo|KYODO|Bloomberg|Interfax|TASS|Associated Press|Agence France-Presse|Agence France Presse|United Press International";

/// A credit or sign-off ending the last line: the agency alone on the line (group `alone`),
/// maybe bracketed or after a dash (`Reuter`, `(AP)`, `-- Reuters`), or after the last sentence
/// or figure (`... on Monday. (AFP)`, `... said. -- Reuters`, `... said -- Reuters`, a table's
/// `... 17 REUTER`); dots may follow (`Reuter...`), and so may a carriage return in caret
/// notation (`REUTER^M`, as some Reuters-21578 bodies end).
static SIGN_OFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"(?:(?P<alone>^\s*(?:(?:--|—|–|-)\s*)?)|[.!?"”)0-9]\s+(?:(?:--|—|–)\s*)?|\s(?:--|—|–)\s*)(?P<credit>\((?:{AGENCIES})\)|(?:{AGENCIES}))(?:\.|…)*(?:\^M)?\s*$"#
    ))
    .expect("valid regex")
});

/// A credit opening the text without a place: `(Reuters) - `, `AP -- `.
static OPENING_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^\s*(?P<credit>\((?:{AGENCIES})\)|(?:{AGENCIES}))\s*(?:--|—|–|-)\s"
    ))
    .expect("valid regex")
});

/// The wire's marks in a text, byte ranges, ends exclusive.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Marks {
    /// Credits and sign-offs: no entity may overlap them.
    pub(crate) credits: Vec<Range<usize>>,
    /// The parts of the dateline's place: each one a location.
    pub(crate) places: Vec<Range<usize>>,
    /// The rest of the dateline (its date, credit and dash): no entity may overlap it.
    pub(crate) dateline: Option<Range<usize>>,
}

/// The agencies' names as `source`: each credit's spelling, lower-cased, and the name the
/// agency goes by.
const AGENCY_NAMES: &[(&str, &str)] = &[
    ("reuter", "Reuters"),
    ("reuters", "Reuters"),
    ("ap", "AP"),
    ("associated press", "AP"),
    ("afp", "AFP"),
    ("agence france-presse", "AFP"),
    ("agence france presse", "AFP"),
    ("upi", "UPI"),
    ("united press international", "UPI"),
    ("dpa", "dpa"),
    ("ansa", "ANSA"),
    ("efe", "EFE"),
    ("xinhua", "Xinhua"),
    ("kyodo", "Kyodo"),
    ("bloomberg", "Bloomberg"),
    ("interfax", "Interfax"),
    ("tass", "TASS"),
];

/// The news agency whose sign-off or credit `text` carries (`Reuters` for a last-line
/// `Reuter`, `AP` for `NEW YORK (AP) -`), by the name it goes by; the dateline's credit first.
pub(crate) fn agency(text: &str) -> Option<&'static str> {
    marks(text).credits.into_iter().find_map(|r| {
        let credit = text[r].trim_matches(['(', ')']).to_lowercase();
        AGENCY_NAMES
            .iter()
            .find(|(spelling, _)| *spelling == credit)
            .map(|(_, name)| *name)
    })
}

/// The longest suffix of `s` of at most `max` bytes that starts on a char boundary.
fn suffix(s: &str, max: usize) -> &str {
    let mut start = s.len().saturating_sub(max);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}

/// The offset of `part`, a slice of `text`, in `text`.
fn offset(text: &str, part: &str) -> usize {
    part.as_ptr() as usize - text.as_ptr() as usize
}

/// The wire's marks in `text`: the dateline's credit and place parts, a credit opening the
/// text, and the sign-off ending its last non-empty line (its last 200 bytes), with up to two
/// sign-offs alone on the lines over it.
pub(crate) fn marks(text: &str) -> Marks {
    let mut marks = Marks::default();
    if let Some(d) = crate::dates::dateline_spans(text) {
        marks.dateline = Some(d.place.end..d.whole.end);
        marks.places = place_parts(text, d.place);
        marks.credits.extend(d.credit);
    } else if let Some(first) = text.lines().find(|l| !l.trim().is_empty())
        && let Some(c) = OPENING_CREDIT
            .captures(first)
            .and_then(|c| c.name("credit"))
    {
        let at = offset(text, first);
        marks.credits.push(at + c.start()..at + c.end());
    }
    // a sign-off alone on its line may sit over another (`REUTER` over ` Reuter`)
    for line in text.lines().rev().filter(|l| !l.trim().is_empty()).take(3) {
        let line = suffix(line, 200);
        let Some(c) = SIGN_OFF.captures(line) else {
            break;
        };
        let Some(credit) = c.name("credit") else {
            break;
        };
        let at = offset(text, line);
        marks.credits.push(at + credit.start()..at + credit.end());
        if c.name("alone").is_none() {
            break;
        }
    }
    marks
}

/// The parts of a dateline's place `text[place]`, split at commas and slashes and trimmed; a
/// leading `the` goes (`GRONINGEN, the Netherlands`).
fn place_parts(text: &str, place: Range<usize>) -> Vec<Range<usize>> {
    let mut parts = Vec::new();
    let mut from = place.start;
    for piece in text[place.clone()].split([',', '/']) {
        let at = from;
        from += piece.len() + 1;
        let trimmed = piece.trim();
        let trimmed = trimmed
            .strip_prefix("the ")
            .map_or(trimmed, str::trim_start);
        if !trimmed.starts_with(char::is_uppercase) {
            continue;
        }
        let start = at + offset(piece, trimmed);
        parts.push(start..start + trimmed.len());
    }
    parts
}

/// Whether `a` and `b` are the same but for case.
fn same_ignoring_case(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// `spans` without those over a credit, a sign-off or the dateline's date, and with the dateline's place parts as
/// locations in place of whatever overlapped them; a person elsewhere in the text named as a
/// place part is that place ("told reporters in Denver" under `DENVER, April 8 -`), while an
/// organization so named stays one (a `United Nations` under `UNITED NATIONS`, a club named
/// for its city). In text order, without overlaps.
pub(crate) fn apply(text: &str, spans: Vec<RawSpan>) -> Vec<RawSpan> {
    let marks = marks(text);
    if marks.credits.is_empty() && marks.places.is_empty() {
        return spans;
    }
    let dateline = marks.dateline.clone().unwrap_or(0..0);
    let overlaps = |s: &RawSpan, r: &Range<usize>| s.start < r.end && r.start < s.end;
    let mut out: Vec<RawSpan> = spans
        .into_iter()
        .filter(|s| {
            !marks
                .credits
                .iter()
                .chain(&marks.places)
                .chain([&dateline])
                .any(|r| overlaps(s, r))
        })
        .collect();
    // the place is no person elsewhere in the article either ("told reporters in Denver")
    for s in out.iter_mut().filter(|s| s.kind == EntityKind::Person) {
        let name = &text[s.start..s.end];
        if marks
            .places
            .iter()
            .any(|r| same_ignoring_case(&text[r.clone()], name))
        {
            s.kind = EntityKind::Location;
        }
    }
    out.extend(marks.places.iter().map(|r| RawSpan {
        kind: EntityKind::Location,
        start: r.start,
        end: r.end,
    }));
    out.sort_by_key(|s| (s.start, s.end));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credits(text: &str) -> Vec<&str> {
        marks(text).credits.into_iter().map(|r| &text[r]).collect()
    }

    fn places(text: &str) -> Vec<&str> {
        marks(text).places.into_iter().map(|r| &text[r]).collect()
    }

    /// Regression: "Reuter", the sign-off of nearly every Reuters-21578 article, was the top
    /// person of every `entities` list and report.
    #[test]
    fn sign_offs_are_credits() {
        for (text, credit) in [
            ("LONDON, March 3 - Shares fell.\n Reuter\n", "Reuter"),
            ("Shares fell.\n\nREUTER", "REUTER"),
            ("Shares fell.\nReuters\n\n", "Reuters"),
            ("Shares fell on Monday. (AP)", "(AP)"),
            ("Shares fell on Monday. -- Reuters", "Reuters"),
            ("Shares fell on Monday -- AFP", "AFP"),
            ("Shares fell.\n(Reuters)", "(Reuters)"),
            ("Shares fell.\n Reuter...", "Reuter"),
            ("Shares fell.\nREUTER...^M", "REUTER"),
            ("TOTAL     14.7     16.0 REUTER", "REUTER"),
        ] {
            assert_eq!(credits(text), [credit], "{text:?}");
        }
    }

    /// Some Reuters-21578 bodies sign off twice.
    #[test]
    fn stacked_sign_offs_are_all_credits() {
        let text = "Period ended January 31.\nREUTER\n Reuter\n";
        assert_eq!(credits(text), ["Reuter", "REUTER"]);
        let text = "He told Reuters.\n Reuter";
        assert_eq!(credits(text), ["Reuter"]);
    }

    /// The agency named in running text, or a contact line, is a mention, not a credit.
    #[test]
    fn an_agency_in_running_text_is_no_credit() {
        for text in [
            "A copy was seen by outlets including AFP and Reuters.",
            "He told Reuters on Monday.",
            "Reuters reported the sale.\nShares rose.",
            "Prices rose.\n-- Reuters Ottawa Bureau (613) 235-6745",
            "The maker of the Reuter",
        ] {
            assert_eq!(credits(text), Vec::<&str>::new(), "{text:?}");
        }
    }

    #[test]
    fn agency_names_the_source() {
        assert_eq!(
            agency("LONDON, March 3 - Shares fell.\n Reuter\n"),
            Some("Reuters")
        );
        assert_eq!(agency("NEW YORK (AP) — Stocks fell."), Some("AP"));
        assert_eq!(agency("Stocks fell. (Agence France-Presse)"), Some("AFP"));
        // a dateline's credit that is no agency's name (`(IFR)`) names no source
        assert_eq!(agency("LONDON, March 3 (IFR) - Bonds fell."), None);
        assert_eq!(agency("He told Reuters."), None);
    }

    #[test]
    fn dateline_credits_and_places() {
        let text = "LONDON (Reuters) - Shares fell.";
        assert_eq!(credits(text), ["(Reuters)"]);
        assert_eq!(places(text), ["LONDON"]);
        let text = "WASHINGTON, March 12, Reuter - The US";
        assert_eq!(credits(text), ["Reuter"]);
        assert_eq!(places(text), ["WASHINGTON"]);
        let text = "(Reuters) - Shares fell.";
        assert_eq!(credits(text), ["(Reuters)"]);
        assert_eq!(places(text), Vec::<&str>::new());
    }

    /// Regression: upper-case dateline places came out as organizations (CHICAGO) or persons
    /// (DENVER).
    #[test]
    fn dateline_places_are_split_into_locations() {
        for (text, expected) in [
            ("BRUSSELS 1996-08-22\nThe EU", &["BRUSSELS"][..]),
            ("RIO DE JANEIRO, March 3 - Brazil", &["RIO DE JANEIRO"]),
            ("WESTPORT, Conn., FEb 26 - Lane", &["WESTPORT", "Conn."]),
            (
                "MANCHESTER , England 1996-08-30\nx",
                &["MANCHESTER", "England"],
            ),
            (
                "DALLAS/FORT WORTH, Texas, March 3 - AMR",
                &["DALLAS", "FORT WORTH", "Texas"],
            ),
            (
                "GRONINGEN, the Netherlands, March 31 - x",
                &["GRONINGEN", "Netherlands"],
            ),
            ("TITLE LINE\n\nCHICAGO, March 4 - x", &["CHICAGO"]),
        ] {
            assert_eq!(places(text), expected, "{text:?}");
        }
    }

    #[test]
    fn apply_drops_credits_and_types_places() {
        let text = "DENVER, APRIL 8 (Reuters) - Denver Corp said.\n Reuter";
        let span = |kind, start: usize, needle: &str| RawSpan {
            kind,
            start,
            end: start + needle.len(),
        };
        let spans = vec![
            span(EntityKind::Person, 0, "DENVER"),
            span(EntityKind::Organization, 8, "APRIL"),
            span(
                EntityKind::Organization,
                text.find("Reuters").unwrap(),
                "Reuters",
            ),
            span(
                EntityKind::Organization,
                text.find("Denver Corp").unwrap(),
                "Denver Corp",
            ),
            span(EntityKind::Person, text.rfind("Reuter").unwrap(), "Reuter"),
        ];
        let got: Vec<(EntityKind, &str)> = apply(text, spans)
            .into_iter()
            .map(|s| (s.kind, &text[s.start..s.end]))
            .collect();
        assert_eq!(
            got,
            [
                (EntityKind::Location, "DENVER"),
                (EntityKind::Organization, "Denver Corp"),
            ]
        );
    }
}
