//! The metadata a format's parser finds for one article ([`Meta`]), and the small text helpers
//! every parser cleans it with: whitespace collapsed, bylines split into names, names merged
//! without duplicates.

use jiff::Timestamp;

use super::GivenEntities;

/// The metadata found for one article.
#[derive(Debug, Default)]
pub(super) struct Meta {
    pub(super) title: Option<String>,
    pub(super) published: Option<Timestamp>,
    pub(super) source: Option<String>,
    pub(super) authors: Vec<String>,
    pub(super) url: Option<String>,
    pub(super) given: GivenEntities,
}

/// Trims and collapses runs of whitespace; `None` when nothing is left.
pub(super) fn clean_line(s: &str) -> Option<String> {
    let cleaned = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!cleaned.is_empty()).then_some(cleaned)
}

/// Splits a byline into names: drops a leading `By`, splits on `,`, `;`, `&` and ` and `.
pub(super) fn split_byline(byline: &str) -> Vec<String> {
    let trimmed = byline.trim();
    let without_by = match trimmed.get(..3) {
        Some(by) if by.eq_ignore_ascii_case("by ") => &trimmed[3..],
        _ => trimmed,
    };
    without_by
        .split([',', ';', '&'])
        .flat_map(|part| part.split(" and "))
        .filter_map(clean_line)
        .collect()
}

/// Adds `names` to `list`, skipping empty ones and exact duplicates.
pub(super) fn push_unique(list: &mut Vec<String>, names: impl IntoIterator<Item = String>) {
    for name in names {
        if let Some(name) = clean_line(&name)
            && !list.contains(&name)
        {
            list.push(name);
        }
    }
}
