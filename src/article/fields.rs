//! Which field holds what in a JSON record or YAML front matter: the field-name table (title,
//! body, date, URL, source, authors, given entities, each under its common spellings, matched
//! case- and punctuation-insensitively) and [`Fields`], which reads a record's [`Meta`] and body
//! by it. Used by `json.rs` and `markdown.rs`.

use jiff::Timestamp;
use serde_json::{Map, Value};

use super::GivenEntities;
use super::meta::{Meta, clean_line, push_unique, split_byline};
use crate::dates;

/// Field names, normalised (lower case, letters and digits only), by what they hold, the
/// preferred name first.
const TITLE_KEYS: &[&str] = &["title", "headline"];
const BODY_KEYS: &[&str] = &[
    "body",
    "text",
    "content",
    "articlebody",
    "bodytext",
    "fulltext",
    "maintext",
    "articletext",
    "story",
];
const DATE_KEYS: &[&str] = &[
    "date",
    "published",
    "publishedat",
    "pubdate",
    "datepublished",
    "publicationdate",
    "publishdate",
    "publisheddate",
    "publishedtime",
    "publishedon",
];
const URL_KEYS: &[&str] = &["url", "link", "canonicalurl", "permalink"];
const SOURCE_KEYS: &[&str] = &["source", "publisher", "sitename", "site", "outlet"];
const AUTHOR_KEYS: &[&str] = &["author", "authors", "byline", "by", "creator", "writer"];
const PERSON_KEYS: &[&str] = &["persons", "people", "person"];
const ORG_KEYS: &[&str] = &[
    "organizations",
    "organisations",
    "orgs",
    "organization",
    "organisation",
];
const LOCATION_KEYS: &[&str] = &["locations", "places", "location", "place"];

/// An object's fields by normalised name (first spelling wins).
pub(super) struct Fields<'a> {
    fields: Vec<(String, &'a Value)>,
}

impl<'a> Fields<'a> {
    pub(super) fn new(map: &'a Map<String, Value>) -> Self {
        let mut fields: Vec<(String, &Value)> = Vec::new();
        for (key, value) in map {
            let norm: String = key
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            if !fields.iter().any(|(k, _)| *k == norm) {
                fields.push((norm, value));
            }
        }
        Fields { fields }
    }

    /// The values of the first of `keys` present, in `keys` order.
    pub(super) fn values(&self, keys: &[&str]) -> impl Iterator<Item = &'a Value> {
        let found: Vec<&'a Value> = keys
            .iter()
            .filter_map(|key| self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| *v))
            .collect();
        found.into_iter()
    }

    /// The first of `keys` with a non-empty text value, whitespace collapsed.
    pub(super) fn line(&self, keys: &[&str]) -> Option<String> {
        self.values(keys)
            .find_map(|v| value_text(v).and_then(|s| clean_line(&s)))
    }

    /// The article text: a string, or a list of strings (paragraphs joined by a blank line).
    pub(super) fn body(&self) -> Option<String> {
        self.values(BODY_KEYS).find_map(|v| {
            let text = match v {
                Value::String(s) => s.replace("\r\n", "\n").replace('\r', "\n"),
                Value::Array(items) => items
                    .iter()
                    .filter_map(|i| i.as_str())
                    .collect::<Vec<_>>()
                    .join("\n\n"),
                _ => return None,
            };
            (!text.trim().is_empty()).then_some(text)
        })
    }

    /// The record's `id`, a string or a number.
    pub(super) fn id(&self) -> Option<String> {
        self.values(&["id"]).find_map(|v| match v {
            Value::String(s) => clean_line(s),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    }

    /// Names from the first of `keys`: a string, an object with `name`, or a list of those.
    pub(super) fn names(&self, keys: &[&str], split: bool) -> Vec<String> {
        let mut out = Vec::new();
        for value in self.values(keys) {
            let items: Vec<&Value> = match value {
                Value::Array(items) => items.iter().collect(),
                other => vec![other],
            };
            for item in items {
                match name_of(item) {
                    Some(name) if split => push_unique(&mut out, split_byline(&name)),
                    Some(name) => push_unique(&mut out, [name]),
                    None => {}
                }
            }
            if !out.is_empty() {
                break;
            }
        }
        out
    }

    /// The metadata these fields hold.
    pub(super) fn meta(&self) -> Meta {
        Meta {
            title: self.line(TITLE_KEYS),
            published: self.values(DATE_KEYS).find_map(value_date),
            source: self
                .values(SOURCE_KEYS)
                .find_map(|v| name_of(v).and_then(|s| clean_line(&s))),
            authors: self.names(AUTHOR_KEYS, true),
            url: self.line(URL_KEYS),
            given: GivenEntities {
                persons: self.names(PERSON_KEYS, false),
                organizations: self.names(ORG_KEYS, false),
                locations: self.names(LOCATION_KEYS, false),
            },
        }
    }
}

/// A string or number as text.
fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A name: a string, or an object's `name` (or `title`) field.
fn name_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Object(map) => {
            let fields = Fields::new(map);
            fields.line(&["name", "title", "text"])
        }
        _ => None,
    }
}

/// A date value: a string [`dates::parse_metadata_date`] understands, or a Unix time as an
/// integer (seconds from 100000000, i.e. 1973, milliseconds from 100000000000).
fn value_date(value: &Value) -> Option<Timestamp> {
    match value {
        Value::String(s) => dates::parse_metadata_date(s),
        Value::Number(n) => {
            let n = n.as_i64()?;
            if n >= 100_000_000_000 {
                Timestamp::from_millisecond(n).ok()
            } else if n >= 100_000_000 {
                Timestamp::from_second(n).ok()
            } else {
                None
            }
        }
        _ => None,
    }
}
