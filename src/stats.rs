//! What is in this index? Counts articles, dated articles and their span, distinct entities per
//! type, and the size on disk, from the index alone.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::Timestamp;
use serde::Serialize;
use tantivy::query::AllQuery;

use crate::Result;
use crate::extract::EntityKind;
use crate::schema;
use crate::search::{Opened, SearchRequest};

/// A summary of an index.
#[derive(Debug, Clone, Serialize)]
pub struct IndexStats {
    /// The index folder.
    pub index: std::path::PathBuf,
    /// Articles in the index.
    pub articles: u64,
    /// Articles with a publication date.
    pub dated_articles: u64,
    /// The earliest publication date.
    pub first_published: Option<Timestamp>,
    /// The latest publication date.
    pub last_published: Option<Timestamp>,
    /// Distinct entity names per type.
    pub distinct_entities: BTreeMap<EntityKind, u64>,
    /// Entity mentions per type.
    pub mentions: BTreeMap<EntityKind, u64>,
    /// Bytes of the index's files on disk.
    pub size_bytes: u64,
    /// The index schema version.
    pub schema_version: u32,
}

/// Summarizes the index at `index_path`.
pub fn stats(index_path: &Path) -> Result<IndexStats> {
    let opened = Opened::open(index_path)?;
    let articles = opened.count(&AllQuery)? as u64;
    let dated_articles = opened.count(crate::search::has_published_date().as_ref())? as u64;
    let mut first: Option<i64> = None;
    let mut last: Option<i64> = None;
    for segment in opened.searcher.segment_readers() {
        let column = segment
            .fast_fields()
            .date(schema::PUBLISHED)
            .map_err(|e| opened.err(e))?;
        // The column's bounds cover every stored value, deleted documents' too: read the
        // values of live documents instead.
        for doc in segment.doc_ids_alive() {
            if let Some(date) = column.first(doc) {
                let secs = date.into_timestamp_secs();
                first = Some(first.map_or(secs, |f| f.min(secs)));
                last = Some(last.map_or(secs, |l| l.max(secs)));
            }
        }
    }
    let request = SearchRequest::builder().build()?;
    let kinds = [
        EntityKind::Person,
        EntityKind::Organization,
        EntityKind::Location,
    ];
    let counts = crate::entities::entities(index_path, &request, &kinds, usize::MAX)?;
    let mut distinct_entities = BTreeMap::new();
    let mut mentions = BTreeMap::new();
    for kind in kinds {
        distinct_entities.insert(kind, 0);
        mentions.insert(kind, 0);
    }
    for e in &counts.entities {
        *distinct_entities.entry(e.kind).or_default() += 1;
        *mentions.entry(e.kind).or_default() += e.mentions;
    }
    let size_bytes = walkdir::WalkDir::new(index_path)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    let ts = |s: Option<i64>| s.and_then(|s| Timestamp::from_second(s).ok());
    Ok(IndexStats {
        index: index_path.to_path_buf(),
        articles,
        dated_articles,
        first_published: ts(first),
        last_published: ts(last),
        distinct_entities,
        mentions,
        size_bytes,
        schema_version: schema::SCHEMA_VERSION,
    })
}
