//! What is asked? The first stage of a search: [`SearchRequestBuilder`] takes the raw strings a
//! command line gives and [`SearchRequestBuilder::build`] turns them into a validated
//! [`SearchRequest`] (dates, range order, limit, names, query syntax) before any index is
//! opened, so a bad value fails fast with a message naming its flag.

use std::path::PathBuf;

use jiff::Timestamp;
use serde::Serialize;

use super::UserNames;
use super::query::name_tokens;
use super::text_query::{parse_text_query, tokenizers};
use crate::dates::{self, Period};
use crate::extract::{self, EntityKind};
use crate::schema::Fields;
use crate::{Error, Result};

/// Most hits one request may ask for.
pub const MAX_LIMIT: usize = 10_000;
/// Hits returned when no limit is given.
pub const DEFAULT_LIMIT: usize = 10;

/// A search, validated: every value has been checked, so running it can only fail on the index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchRequest {
    /// Free-text query in tantivy's query syntax over `title` and `body`.
    pub text: Option<String>,
    /// Person names; an article must mention each.
    pub persons: Vec<String>,
    /// Organization names; an article must mention each.
    pub organizations: Vec<String>,
    /// Location names; an article must mention each.
    pub locations: Vec<String>,
    /// Person names no matching article mentions (`--not-person`); serialized only when set.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_persons: Vec<String>,
    /// Organization names no matching article mentions (`--not-org`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_organizations: Vec<String>,
    /// Location names no matching article mentions (`--not-location`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_locations: Vec<String>,
    /// Published at or after this instant (start of the `--from` period).
    #[serde(rename = "from")]
    pub published_from: Option<Timestamp>,
    /// Published before this instant (end of the `--to` period, exclusive).
    #[serde(rename = "to")]
    pub published_to: Option<Timestamp>,
    /// Mentions a date that starts at or after this instant (`--mentioned-from`).
    pub mentioned_from: Option<Timestamp>,
    /// Mentions a date that starts before this instant (`--mentioned-to`, end of its period).
    pub mentioned_to: Option<Timestamp>,
    /// How many hits to return.
    pub limit: usize,
    /// Every hit, whatever `limit` says (`--all`); serialized only when set.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub all: bool,
    /// The order of the hits.
    pub sort: Sort,
    /// Entity filters match the name as given only, not the other names of its entity (an
    /// acronym and its expansion): `--exact-name`; serialized only when set.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub exact_name: bool,
    /// An aliases file to use instead of the index folder's `aliases.tsv` (`--aliases`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aliases: Option<PathBuf>,
    /// A hide list to use instead of the index folder's `hide.txt` (`--hide`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hide: Option<PathBuf>,
    /// Only articles that entered the index at or after this instant (`--new-since`): what a
    /// watch list re-run finds that it did not before; serialized only when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_since: Option<Timestamp>,
    /// One hit a duplicate group (`--collapse`): the best of each story, with how many more
    /// say the same; serialized only when set.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub collapse: bool,
}

/// The order of search hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best match first (BM25 plus entity salience).
    #[default]
    Relevance,
    /// Latest publication date first; articles without a date last.
    Newest,
    /// Earliest publication date first; articles without a date last.
    Oldest,
}

impl SearchRequest {
    /// A builder that takes raw strings, as a command line gives them.
    pub fn builder() -> SearchRequestBuilder {
        SearchRequestBuilder::default()
    }

    /// The entity filters as (kind, name) pairs.
    pub fn entity_filters(&self) -> impl Iterator<Item = (EntityKind, &str)> {
        let persons = self
            .persons
            .iter()
            .map(|n| (EntityKind::Person, n.as_str()));
        let orgs = self
            .organizations
            .iter()
            .map(|n| (EntityKind::Organization, n.as_str()));
        let locs = self
            .locations
            .iter()
            .map(|n| (EntityKind::Location, n.as_str()));
        persons.chain(orgs).chain(locs)
    }

    /// The exclusion filters (`--not-person`, `--not-org`, `--not-location`) as (kind, name)
    /// pairs.
    pub fn excluded_filters(&self) -> impl Iterator<Item = (EntityKind, &str)> {
        let kinds = [
            (EntityKind::Person, &self.not_persons),
            (EntityKind::Organization, &self.not_organizations),
            (EntityKind::Location, &self.not_locations),
        ];
        kinds
            .into_iter()
            .flat_map(|(kind, names)| names.iter().map(move |n| (kind, n.as_str())))
    }
}

/// Collects the raw values of a search; [`SearchRequestBuilder::build`] validates them.
#[derive(Debug, Clone, Default)]
pub struct SearchRequestBuilder {
    text: Option<String>,
    persons: Vec<String>,
    organizations: Vec<String>,
    locations: Vec<String>,
    not_persons: Vec<String>,
    not_organizations: Vec<String>,
    not_locations: Vec<String>,
    from: Option<String>,
    to: Option<String>,
    mentioned_from: Option<String>,
    mentioned_to: Option<String>,
    limit: Option<usize>,
    all: bool,
    sort: Sort,
    exact_name: bool,
    aliases: Option<PathBuf>,
    hide: Option<PathBuf>,
    collapse: bool,
    new_since: Option<String>,
    now: Option<Timestamp>,
}

impl SearchRequestBuilder {
    /// Sets the free-text query.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }
    /// Adds a person filter.
    pub fn person(mut self, name: impl Into<String>) -> Self {
        self.persons.push(name.into());
        self
    }
    /// Adds an organization filter.
    pub fn organization(mut self, name: impl Into<String>) -> Self {
        self.organizations.push(name.into());
        self
    }
    /// Adds a location filter.
    pub fn location(mut self, name: impl Into<String>) -> Self {
        self.locations.push(name.into());
        self
    }
    /// Adds a person no matching article may mention.
    pub fn not_person(mut self, name: impl Into<String>) -> Self {
        self.not_persons.push(name.into());
        self
    }
    /// Adds an organization no matching article may mention.
    pub fn not_organization(mut self, name: impl Into<String>) -> Self {
        self.not_organizations.push(name.into());
        self
    }
    /// Adds a location no matching article may mention.
    pub fn not_location(mut self, name: impl Into<String>) -> Self {
        self.not_locations.push(name.into());
        self
    }
    /// Sets the start of the date range: `2020`, `2020-01`, `2020-01-05`, `2020-W02`, RFC 3339,
    /// `January 5, 2020`, `5 Jan 2020`, `March 2020`, or a form relative to today such as
    /// `yesterday`, `last week`, `3 days ago` (see [`dates::parse_period_at`]).
    pub fn from(mut self, date: impl Into<String>) -> Self {
        self.from = Some(date.into());
        self
    }
    /// Sets the end of the date range; the whole period is included.
    pub fn to(mut self, date: impl Into<String>) -> Self {
        self.to = Some(date.into());
        self
    }
    /// Sets the start of the mentioned-date range (same forms as [`Self::from`], relative ones
    /// resolved against today, not against the articles' publication dates).
    pub fn mentioned_from(mut self, date: impl Into<String>) -> Self {
        self.mentioned_from = Some(date.into());
        self
    }
    /// Sets the end of the mentioned-date range; the whole period is included.
    pub fn mentioned_to(mut self, date: impl Into<String>) -> Self {
        self.mentioned_to = Some(date.into());
        self
    }
    /// Sets the instant that relative dates (`yesterday`, `last week`) are resolved against, by
    /// its UTC day; [`Self::build`] takes the clock's when it is not set.
    pub fn now(mut self, now: Timestamp) -> Self {
        self.now = Some(now);
        self
    }
    /// Sets the order of the hits.
    pub fn sort(mut self, sort: Sort) -> Self {
        self.sort = sort;
        self
    }
    /// Sets the number of hits.
    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Asks for every hit, whatever the limit (`--all`);
    /// [`SearchIndex::hits`](super::SearchIndex::hits) streams them.
    pub fn all(mut self, all: bool) -> Self {
        self.all = all;
        self
    }

    /// Makes entity filters match the name as given only (`--exact-name`), not the other
    /// names the index knows for its entity.
    pub fn exact_name(mut self, exact: bool) -> Self {
        self.exact_name = exact;
        self
    }

    /// Uses this aliases file (`canonical<TAB>variant` lines) instead of the index folder's
    /// `aliases.tsv`.
    pub fn aliases(mut self, path: impl Into<PathBuf>) -> Self {
        self.aliases = Some(path.into());
        self
    }

    /// Uses this hide list (a name a line) instead of the index folder's `hide.txt`.
    pub fn hide(mut self, path: impl Into<PathBuf>) -> Self {
        self.hide = Some(path.into());
        self
    }

    /// Keeps the articles that entered the index at or after the start of DATE (`--new-since`,
    /// the forms of [`Self::from`]; a stamp a batch run printed).
    pub fn new_since(mut self, date: impl Into<String>) -> Self {
        self.new_since = Some(date.into());
        self
    }

    /// Gives one hit a duplicate group (`--collapse`), and makes `entities` and `timeline`
    /// count groups.
    pub fn collapse(mut self, collapse: bool) -> Self {
        self.collapse = collapse;
        self
    }

    /// Validates every value: dates, range order, limit, names, query syntax, and the aliases
    /// file and hide list when given.
    pub fn build(self) -> Result<SearchRequest> {
        let now = self.now.unwrap_or_else(Timestamp::now);
        let (published_from, published_to) = range(
            self.from.as_deref(),
            self.to.as_deref(),
            "--from",
            "--to",
            now,
        )?;
        let (mentioned_from, mentioned_to) = range(
            self.mentioned_from.as_deref(),
            self.mentioned_to.as_deref(),
            "--mentioned-from",
            "--mentioned-to",
            now,
        )?;
        let new_since = self
            .new_since
            .as_deref()
            .map(|d| dates::parse_period_at(d, "--new-since", now).map(|p| p.start))
            .transpose()?;
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(Error::InvalidRequest {
                flag: "--limit".into(),
                reason: format!("{limit} is out of range: give 1 to {MAX_LIMIT}"),
            });
        }
        let text = self.text.filter(|t| !t.trim().is_empty());
        let request = SearchRequest {
            text,
            persons: self.persons,
            organizations: self.organizations,
            locations: self.locations,
            not_persons: self.not_persons,
            not_organizations: self.not_organizations,
            not_locations: self.not_locations,
            published_from,
            published_to,
            mentioned_from,
            mentioned_to,
            limit,
            all: self.all,
            sort: self.sort,
            exact_name: self.exact_name,
            aliases: self.aliases,
            hide: self.hide,
            collapse: self.collapse,
            new_since,
        };
        if let Some(path) = &request.aliases {
            UserNames::default().read_aliases(path)?;
        }
        if let Some(path) = &request.hide {
            UserNames::default().read_hide(path)?;
        }
        let fields = Fields::new();
        let included = request.entity_filters().map(|(k, n)| (k, n, false));
        let excluded = request.excluded_filters().map(|(k, n)| (k, n, true));
        for (kind, name, not) in included.chain(excluded) {
            if name_tokens(&extract::query_name(kind, name)).is_empty() {
                return Err(Error::InvalidRequest {
                    flag: flag_of(kind, not).into(),
                    reason: format!("'{name}' has no letters or digits to search for"),
                });
            }
        }
        if let Some(text) = &request.text {
            parse_text_query(&fields, &tokenizers(), text)?;
        }
        Ok(request)
    }
}

/// Parses a `--from`/`--to` pair into `[start of from, end of to)`, checking its order;
/// relative dates are resolved against `now`.
fn range(
    from: Option<&str>,
    to: Option<&str>,
    from_flag: &str,
    to_flag: &str,
    now: Timestamp,
) -> Result<(Option<Timestamp>, Option<Timestamp>)> {
    let start = from
        .map(|d| dates::parse_period_at(d, from_flag, now))
        .transpose()?;
    let end = to
        .map(|d| dates::parse_period_at(d, to_flag, now))
        .transpose()?;
    // A bound the index's dates cannot reach would wrap around to another date.
    for (period, flag, input) in [(start, from_flag, from), (end, to_flag, to)] {
        if let Some(p) = period
            && (p.start < dates::FIRST_INDEXABLE || p.end > dates::END_INDEXABLE)
        {
            return Err(Error::InvalidDate {
                flag: flag.to_string(),
                input: input.unwrap_or_default().to_string(),
                reason: "the index holds dates from 1678 to 2261 (a tantivy date counts nanoseconds in 64 bits); dates outside are neither indexed nor searchable: give a date in that range or leave the flag out".to_string(),
            });
        }
    }
    if let (Some(f), Some(t)) = (start, end)
        && f.start >= t.end
    {
        return Err(Error::InvertedRange {
            from: format!("{from_flag} {}", from.unwrap_or_default()),
            to: format!("{to_flag} {}", to.unwrap_or_default()),
        });
    }
    Ok((start.map(|p: Period| p.start), end.map(|p: Period| p.end)))
}

fn flag_of(kind: EntityKind, not: bool) -> &'static str {
    match (kind, not) {
        (EntityKind::Person, false) => "--person",
        (EntityKind::Organization, false) => "--org",
        (EntityKind::Location, false) => "--location",
        (EntityKind::Person, true) => "--not-person",
        (EntityKind::Organization, true) => "--not-org",
        (EntityKind::Location, true) => "--not-location",
        (EntityKind::Date, _) => "--date",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverted_range_is_an_error_naming_both_flags() {
        let err = SearchRequest::builder()
            .from("2020-02")
            .to("2020-01")
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::InvertedRange { .. }), "{err}");
    }

    #[test]
    fn relative_dates_resolve_against_the_given_now() {
        let r = SearchRequest::builder()
            .now("2020-01-08T14:30:00Z".parse().unwrap())
            .from("last week")
            .to("yesterday")
            .mentioned_from("January 5, 2020")
            .mentioned_to("3 days ago")
            .build()
            .unwrap();
        let day = |t: Option<Timestamp>| t.unwrap().to_string();
        assert_eq!(day(r.published_from), "2019-12-30T00:00:00Z");
        assert_eq!(day(r.published_to), "2020-01-08T00:00:00Z");
        assert_eq!(day(r.mentioned_from), "2020-01-05T00:00:00Z");
        assert_eq!(day(r.mentioned_to), "2020-01-06T00:00:00Z");
    }

    #[test]
    fn to_month_includes_the_whole_month() {
        let r = SearchRequest::builder()
            .from("2020-01")
            .to("2020-01")
            .build()
            .unwrap();
        assert_eq!(
            r.published_from.unwrap().to_string(),
            "2020-01-01T00:00:00Z"
        );
        assert_eq!(r.published_to.unwrap().to_string(), "2020-02-01T00:00:00Z");
    }

    #[test]
    fn unbalanced_quote_says_where() {
        let err = SearchRequest::builder()
            .text("iraq \"troops")
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("character"), "{err}");
    }

    #[test]
    fn an_exclusion_without_letters_names_its_flag() {
        let err = SearchRequest::builder()
            .not_organization("--")
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("--not-org"), "{err}");
    }

    #[test]
    fn zero_limit_is_rejected() {
        assert!(SearchRequest::builder().limit(0).build().is_err());
    }
}
