//! What does one hit hold? Reads a matching article's stored document into a [`Hit`]: its id,
//! path, title, dates and entities, and the snippet [`super::snippet`] cuts from its body. The
//! last step of a search, run for each hit as [`super::Hits`] hands it out.

use std::collections::HashSet;
use std::path::PathBuf;

use jiff::Timestamp;
use serde::Serialize;
use tantivy::schema::{TantivyDocument, Value};
use tantivy::tokenizer::TextAnalyzer;

use super::snippet::{Snippet, hit_snippet};
use crate::extract::EntityKind;
use crate::indexer::StoredMention;
use crate::schema::Fields;

/// One article that answers a search.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// 1-based rank.
    pub rank: usize,
    /// Relevance score (BM25 plus entity salience), comparable only within one search; `None`
    /// when the hits are sorted by date.
    pub score: Option<f32>,
    /// Stable article id.
    pub id: String,
    /// Source file.
    pub path: PathBuf,
    /// Title, when the article has one.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<Timestamp>,
    /// Where the publication date was found: `metadata`, `dateline` or `filename`.
    pub published_source: Option<String>,
    /// Person names, most mentioned first.
    pub persons: Vec<String>,
    /// Organization names, most mentioned first.
    pub organizations: Vec<String>,
    /// Location names, most mentioned first.
    pub locations: Vec<String>,
    /// The best fragment of the body with highlights.
    pub snippet: Snippet,
    /// With `--collapse`: the hit's duplicate group and the other matching articles in it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicates: Option<Duplicates>,
}

/// The other matching articles of a hit's duplicate group (`--collapse`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duplicates {
    /// The group, as 16 hex digits (the signature of its first article).
    pub group: String,
    /// How many other matching articles are in it.
    pub similar: usize,
    /// Their ids, in the order of the hits.
    pub ids: Vec<String>,
}

impl Hit {
    /// Where a person finds the article: its id (`file#record` or `file:line`) when it is one
    /// record of a file of many, else its file's path.
    pub fn locator(&self) -> String {
        let path = self.path.display().to_string();
        if self.id.is_empty() || self.id == path {
            path
        } else {
            self.id.clone()
        }
    }
}

fn first_str(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

/// The hit at `rank` with `score`, read from its stored document `doc`; its snippet highlights
/// `highlight_terms` and the mentions of the entities in `filters`.
pub(super) fn hit(
    fields: &Fields,
    doc: &TantivyDocument,
    rank: usize,
    score: Option<f32>,
    highlight_terms: &HashSet<String>,
    filters: &[(EntityKind, Vec<String>)],
    analyzer: &mut TextAnalyzer,
) -> Hit {
    let body = first_str(doc, fields.body).unwrap_or_default();
    let entities: Vec<serde_json::Value> = first_str(doc, fields.entities)
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    let names = |kind: &str| -> Vec<String> {
        entities
            .iter()
            .filter(|e| e["type"] == kind)
            .filter_map(|e| e["name"].as_str().map(str::to_string))
            .collect()
    };
    let mentions: Vec<StoredMention> = first_str(doc, fields.mentions)
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    let published = doc
        .get_first(fields.published)
        .and_then(|v| v.as_datetime())
        .and_then(|d| Timestamp::from_second(d.into_timestamp_secs()).ok());
    let title = first_str(doc, fields.title);
    let snippet = hit_snippet(
        &body,
        title.as_deref(),
        &mentions,
        highlight_terms,
        filters,
        analyzer,
    );
    Hit {
        rank,
        score,
        id: first_str(doc, fields.id).unwrap_or_default(),
        path: PathBuf::from(first_str(doc, fields.path).unwrap_or_default()),
        title,
        published,
        published_source: first_str(doc, fields.published_source),
        persons: names("PERSON"),
        organizations: names("ORGANIZATION"),
        locations: names("LOCATION"),
        snippet,
        duplicates: None,
    }
}
