//! What does the index store of an article? Turns an analyzed article into its tantivy
//! document: the text fields, the dates, each entity in its text, exact and display-name
//! fields (weighted for the title and the lead, one display value a mention), and the entities and body
//! mention offsets as stored JSON for snippets and output. The writer adds one for each article.

use std::collections::HashSet;

use serde::Serialize;
use tantivy::DateTime;
use tantivy::schema::TantivyDocument;

use super::Analyzed;
use crate::extract::{self, EntityKind};
use crate::schema::Fields;

/// How many extra times an entity mentioned in the title is counted in its text field, so that
/// an article whose title names someone ranks above one that names them in passing.
const TITLE_WEIGHT: usize = 2;

/// How many extra times an entity mentioned in the lead (the first [`LEAD_BYTES`] of the
/// body) is counted in its text field: news puts what an article is about first.
const LEAD_WEIGHT: usize = 4;

/// The lead of a body, in bytes: about the first sentence or two of a news story.
const LEAD_BYTES: usize = 200;

/// Mentions of one entity in one article that the display-name fast field records.
const MAX_COUNTED_MENTIONS: u32 = 1_000;

/// The index document of an analyzed article.
pub fn document(fields: &Fields, file_key: &str, analyzed: &Analyzed) -> TantivyDocument {
    let article = &analyzed.article;
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, &article.id);
    doc.add_text(fields.file, file_key);
    doc.add_text(fields.path, article.path.to_string_lossy());
    if let Some(title) = &article.title {
        doc.add_text(fields.title, title);
    }
    doc.add_text(fields.body, &article.body);
    if let Some(published) = article.published {
        doc.add_date(
            fields.published,
            DateTime::from_timestamp_secs(published.as_second()),
        );
    }
    if let Some(source) = article.published_source {
        let name = serde_json::to_value(source)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        doc.add_text(fields.published_source, name);
    }
    if let Some(source) = &article.source {
        doc.add_text(fields.source, source);
    }
    if let Some(url) = &article.url {
        doc.add_text(fields.url, url);
    }
    if let Some(crawled) = article.crawled {
        doc.add_date(
            fields.crawled,
            DateTime::from_timestamp_secs(crawled.as_second()),
        );
    }
    for author in &article.authors {
        doc.add_text(fields.authors, author);
    }
    for m in analyzed
        .mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Date)
    {
        // A date outside the years an index date holds (`October 12, 1492`) stays a DATE
        // mention, but is not indexed: it would be stored as another date.
        if let Ok(period) = crate::dates::parse_period(&m.canonical, "mention")
            && crate::dates::indexable(period.start)
        {
            // The start of the period: a mention counts where the period it names starts.
            doc.add_date(
                fields.mentioned,
                DateTime::from_timestamp_secs(period.start.as_second()),
            );
        }
    }
    let mut mentioned: HashSet<(EntityKind, &str)> = HashSet::new();
    let mut in_lead: HashSet<(EntityKind, &str)> = HashSet::new();
    for m in &analyzed.mentions {
        if let Some(field) = fields.entity_text(m.kind) {
            doc.add_text(field, &m.canonical);
            // a mention named by another name of its entity ("GATT" for the "General
            // Agreement ..." the text defines, "Fed" for "Federal Reserve") is found by its
            // own words too; a surname is among the full name's words already
            if m.kind != EntityKind::Person
                && m.text != m.canonical
                && !extract::words_hold(
                    &extract::name_key(&m.canonical),
                    &extract::name_key(&m.text),
                )
            {
                doc.add_text(field, &m.text);
            }
            mentioned.insert((m.kind, m.canonical.as_str()));
            if m.start < LEAD_BYTES {
                in_lead.insert((m.kind, m.canonical.as_str()));
            }
        }
    }
    for entity in &analyzed.entities {
        let (Some(text), Some(exact)) = (
            fields.entity_text(entity.kind),
            fields.entity_exact(entity.kind),
        ) else {
            continue;
        };
        doc.add_text(exact, extract::normalize_name(&entity.name));
        if let Some(names) = fields.entity_name(entity.kind) {
            // One value per mention, so counts can sum mentions from the fast field.
            for _ in 0..entity.count.clamp(1, MAX_COUNTED_MENTIONS) {
                doc.add_text(names, &entity.name);
            }
        }
        let mut extra = if entity.in_title { TITLE_WEIGHT } else { 0 };
        if in_lead.contains(&(entity.kind, entity.name.as_str())) {
            extra += LEAD_WEIGHT;
        }
        if !mentioned.contains(&(entity.kind, entity.name.as_str())) {
            extra += 1; // named only in the title or by the record's metadata
        }
        for _ in 0..extra {
            doc.add_text(text, &entity.name);
        }
    }
    for (kind, short, long) in extract::name_pairs(&article.body, &analyzed.mentions) {
        for term in crate::schema::short_name_terms(kind, &short, &long) {
            doc.add_text(fields.short_names, term);
        }
    }
    doc.add_text(
        fields.entities,
        serde_json::to_string(&analyzed.entities).expect("entities serialize"),
    );
    let mentions: Vec<StoredMention> = analyzed
        .mentions
        .iter()
        .filter(|m| m.kind != EntityKind::Date)
        .map(|m| StoredMention(m.kind, m.start, m.end, m.canonical.clone()))
        .collect();
    doc.add_text(
        fields.mentions,
        serde_json::to_string(&mentions).expect("mentions serialize"),
    );
    let sig = super::duplicates::signature(article.title.as_deref(), &article.body);
    for (field, word) in fields.minhash.iter().zip(super::duplicates::to_words(&sig)) {
        doc.add_u64(*field, word);
    }
    doc
}

/// A mention as stored in the index: kind, body byte range, canonical name.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct StoredMention(pub EntityKind, pub usize, pub usize, pub String);
