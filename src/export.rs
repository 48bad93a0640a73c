//! How does an archive leave newsidx? Streams the stored articles of an index (all of them, or
//! those that answer a [`SearchRequest`]) as one JSON object a line (NDJSON), under the index's
//! own field names. It sits at the end of the pipeline, beside `search`: it reads what `indexer`
//! wrote, with the clauses `search` builds, and writes to any `io::Write`. The records are what
//! `quickwit/newsidx.yaml` maps, so an archive that outgrows one machine moves to Quickwit (the
//! distributed engine built on tantivy) with the same documents and field names.
//!
//! One record an article, keys in this order (the names come from [`crate::schema`]):
//!
//! | key | value |
//! |---|---|
//! | `schema_version` | [`crate::output::SCHEMA_VERSION`], the version of this shape |
//! | `id`, `path` | the stable article id and the file as walked |
//! | `title` | the title, or `null` |
//! | `published` | the publication date, RFC 3339 UTC to the second, or `null` |
//! | `published_source` | where that date was found: `metadata`, `dateline`, `filename`, or `null` |
//! | `source`, `url` | metadata, or `null` |
//! | `crawled` | when a web crawler fetched the page (web archives), or `null` |
//! | `authors` | the authors, `[]` when none |
//! | `body` | the body text that mention offsets point into |
//! | `mentioned` | the start of each date the body mentions (RFC 3339), ascending, one a mention |
//! | `person`, `organization`, `location` | canonical names, most mentioned first |
//! | `entities` | `[{"type", "name", "count", "in_title"}]`: the article's entities with counts |
//! | `mentions` | `[{"type", "start", "end", "canonical"}]`: body byte offsets of each person, organization and location mention, end exclusive |
//!
//! Memory stays flat whatever the size of the index: segments are read one after the other,
//! documents in id order through the segment's document store (one decompressed block cached),
//! and each record is written before the next is read. [`Export::write_split`] writes dated articles
//! in publication order instead, for Quickwit's time-pruned splits: it holds 16 bytes an article
//! to sort them and reads each through a store cache of a few blocks.

use std::io::Write;
use std::path::Path;

use jiff::Timestamp;
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use tantivy::query::{EnableScoring, Query};
use tantivy::schema::{TantivyDocument, Value};
use tantivy::{DocId, DocSet, Searcher, TERMINATED, TantivyError};

use crate::extract::EntityKind;
use crate::indexer::StoredMention;
use crate::schema::Fields;
use crate::search::{Clauses, Opened, SearchRequest};
use crate::{Error, Result};

/// Decompressed document-store blocks kept per segment while exporting: documents are read in
/// id order, so one block is enough to decompress each block once.
const STORE_CACHE_BLOCKS: usize = 1;

/// Export formats.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// One JSON object an article, a line each (newline-delimited JSON), as Quickwit ingests.
    #[default]
    Ndjson,
}

/// What an export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ExportSummary {
    /// Articles written.
    pub articles: u64,
    /// The stamp just after the last article of the index entered it: give it to
    /// `--new-since` on the next export to write only what is indexed later. `None` for an
    /// empty index.
    pub as_of: Option<Timestamp>,
}

/// What [`Export::write_split`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SplitSummary {
    /// Articles with a publication date, written in publication order.
    pub dated: u64,
    /// Articles without one, in index order.
    pub undated: u64,
    /// As [`ExportSummary::as_of`].
    pub as_of: Option<Timestamp>,
}

/// Writes the articles of the index at `index_path` that answer `request` to `out`, in index
/// order (segment by segment, then by document id). The request's limit and sort are ignored:
/// every matching article is written once. An empty request exports every article.
pub fn export(
    index_path: &Path,
    request: &SearchRequest,
    format: Format,
    out: &mut dyn Write,
) -> Result<ExportSummary> {
    Export::open(index_path, request)?.write(format, out)
}

/// An export ready to write: the index open and the request checked against it, so that a
/// caller makes its output files only once nothing can fail before writing.
pub struct Export {
    opened: Opened,
    query: Box<dyn Query>,
}

impl Export {
    /// Opens the index at `index_path` and builds the query of `request`.
    pub fn open(index_path: &Path, request: &SearchRequest) -> Result<Export> {
        let opened = Opened::open(index_path)?;
        let query = Clauses::new(&opened, request)?.query();
        Ok(Export { opened, query })
    }

    /// Writes the matching articles to `out`, as [`export`] does.
    pub fn write(&self, format: Format, out: &mut dyn Write) -> Result<ExportSummary> {
        let opened = &self.opened;
        let mut summary = match format {
            Format::Ndjson => write_ndjson(
                &opened.searcher,
                &opened.fields,
                self.query.as_ref(),
                out,
                &|e| opened.err(e),
            )?,
        };
        summary.as_of = opened.as_of()?;
        Ok(summary)
    }

    /// Writes the matching articles as [`Export::write`] does, in two streams: those with a
    /// publication date to `dated`, oldest first (ties in index order), and those without to
    /// `undated`, in index order. Quickwit needs the split: an index with a `timestamp_field`
    /// rejects documents without one, and ingesting in time order makes splits that a date
    /// range can skip (`quickwit/README.md`).
    pub fn write_split(
        &self,
        dated: &mut dyn Write,
        undated: &mut dyn Write,
    ) -> Result<SplitSummary> {
        let opened = &self.opened;
        let query = &self.query;
        let (searcher, fields) = (&opened.searcher, &opened.fields);
        let index_err = |e| opened.err(e);
        let names = Names::new(fields);
        let weight = query
            .weight(EnableScoring::disabled_from_searcher(searcher))
            .map_err(index_err)?;
        let mut summary = SplitSummary::default();
        // (publication second, segment, document) of each dated article, sorted below.
        let mut order: Vec<(i64, u32, DocId)> = Vec::new();
        let mut segments = Vec::new();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let published = segment
                .fast_fields()
                .date(crate::schema::PUBLISHED)
                .map_err(index_err)?;
            let source =
                SegmentSource::new(segment, &names, SPLIT_STORE_CACHE_BLOCKS).map_err(index_err)?;
            let mut docs = weight.scorer(segment, 1.0).map_err(index_err)?;
            let mut doc = docs.doc();
            while doc != TERMINATED {
                if !segment.is_deleted(doc) {
                    match published.first(doc) {
                        Some(d) => order.push((d.into_timestamp_secs(), ord as u32, doc)),
                        None => {
                            source.write(fields, &names, doc, undated, index_err)?;
                            summary.undated += 1;
                        }
                    }
                }
                doc = docs.advance();
            }
            segments.push(source);
        }
        order.sort_unstable();
        for (_, ord, doc) in order {
            segments[ord as usize].write(fields, &names, doc, dated, index_err)?;
            summary.dated += 1;
        }
        summary.as_of = opened.as_of()?;
        Ok(summary)
    }
}

/// Store blocks cached per segment by [`Export::write_split`], whose dated articles come in date
/// order, not id order: articles published close together were often indexed together.
const SPLIT_STORE_CACHE_BLOCKS: usize = 16;

/// What a record is read from in one segment: its document store and `mentioned` column.
struct SegmentSource {
    store: tantivy::store::StoreReader,
    mentioned: tantivy::columnar::Column<tantivy::DateTime>,
}

impl SegmentSource {
    fn new(
        segment: &tantivy::SegmentReader,
        names: &Names<'_>,
        cache_blocks: usize,
    ) -> std::result::Result<SegmentSource, TantivyError> {
        Ok(SegmentSource {
            store: segment.get_store_reader(cache_blocks)?,
            mentioned: segment.fast_fields().date(names.mentioned)?,
        })
    }

    /// Writes the record of document `doc`, a line.
    fn write(
        &self,
        fields: &Fields,
        names: &Names<'_>,
        doc: DocId,
        out: &mut dyn Write,
        index_err: impl Fn(TantivyError) -> Error,
    ) -> Result<()> {
        let stored: TantivyDocument = self.store.get(doc).map_err(&index_err)?;
        let mut dates: Vec<i64> = self
            .mentioned
            .values_for_doc(doc)
            .map(|d| d.into_timestamp_secs())
            .collect();
        dates.sort_unstable();
        let article = ExportedArticle::new(fields, &stored, &dates);
        serde_json::to_writer(
            &mut *out,
            &Record {
                names,
                article: &article,
            },
        )
        .map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
        Ok(())
    }
}

/// Streams the live documents that match `query`, one JSON line each.
fn write_ndjson(
    searcher: &Searcher,
    fields: &Fields,
    query: &dyn Query,
    out: &mut dyn Write,
    index_err: &dyn Fn(TantivyError) -> Error,
) -> Result<ExportSummary> {
    let names = Names::new(fields);
    let weight = query
        .weight(EnableScoring::disabled_from_searcher(searcher))
        .map_err(index_err)?;
    let mut summary = ExportSummary::default();
    for segment in searcher.segment_readers() {
        let source = SegmentSource::new(segment, &names, STORE_CACHE_BLOCKS).map_err(index_err)?;
        let mut docs = weight.scorer(segment, 1.0).map_err(index_err)?;
        let mut doc = docs.doc();
        while doc != TERMINATED {
            // Scorers also visit deleted documents (a re-indexed file's old articles).
            if !segment.is_deleted(doc) {
                source.write(fields, &names, doc, out, index_err)?;
                summary.articles += 1;
            }
            doc = docs.advance();
        }
    }
    Ok(summary)
}

/// The record keys, resolved from the schema once.
struct Names<'a> {
    id: &'a str,
    path: &'a str,
    title: &'a str,
    published: &'a str,
    published_source: &'a str,
    source: &'a str,
    url: &'a str,
    crawled: &'a str,
    authors: &'a str,
    body: &'a str,
    mentioned: &'a str,
    person: &'a str,
    organization: &'a str,
    location: &'a str,
    entities: &'a str,
    mentions: &'a str,
}

impl<'a> Names<'a> {
    fn new(fields: &'a Fields) -> Names<'a> {
        let name = |field| fields.schema.get_field_name(field);
        Names {
            id: name(fields.id),
            path: name(fields.path),
            title: name(fields.title),
            published: name(fields.published),
            published_source: name(fields.published_source),
            source: name(fields.source),
            url: name(fields.url),
            crawled: name(fields.crawled),
            authors: name(fields.authors),
            body: name(fields.body),
            mentioned: name(fields.mentioned),
            person: name(fields.person),
            organization: name(fields.organization),
            location: name(fields.location),
            entities: name(fields.entities),
            mentions: name(fields.mentions),
        }
    }
}

/// One entity of an article as the index stores it (`entities` JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct ExportedEntity {
    #[serde(rename = "type")]
    kind: EntityKind,
    name: String,
    count: u32,
    in_title: bool,
}

/// One mention in the body: `[start, end)` byte offsets and the canonical name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct ExportedMention {
    #[serde(rename = "type")]
    kind: EntityKind,
    start: usize,
    end: usize,
    canonical: String,
}

/// An article read back from the index.
#[derive(Debug, Clone, PartialEq)]
struct ExportedArticle {
    id: String,
    path: String,
    title: Option<String>,
    published: Option<Timestamp>,
    published_source: Option<String>,
    source: Option<String>,
    url: Option<String>,
    crawled: Option<Timestamp>,
    authors: Vec<String>,
    body: String,
    mentioned: Vec<Timestamp>,
    entities: Vec<ExportedEntity>,
    mentions: Vec<ExportedMention>,
}

impl ExportedArticle {
    /// The article of a stored document and its `mentioned` values (seconds).
    fn new(fields: &Fields, doc: &TantivyDocument, mentioned: &[i64]) -> ExportedArticle {
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let date = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_datetime())
                .and_then(|d| Timestamp::from_second(d.into_timestamp_secs()).ok())
        };
        let entities: Vec<ExportedEntity> = text(fields.entities)
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default();
        let mentions: Vec<StoredMention> = text(fields.mentions)
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default();
        ExportedArticle {
            id: text(fields.id).unwrap_or_default(),
            path: text(fields.path).unwrap_or_default(),
            title: text(fields.title),
            published: date(fields.published),
            published_source: text(fields.published_source),
            source: text(fields.source),
            url: text(fields.url),
            crawled: date(fields.crawled),
            authors: doc
                .get_all(fields.authors)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            body: text(fields.body).unwrap_or_default(),
            mentioned: mentioned
                .iter()
                .filter_map(|&s| Timestamp::from_second(s).ok())
                .collect(),
            entities,
            mentions: mentions
                .into_iter()
                .map(
                    |StoredMention(kind, start, end, canonical)| ExportedMention {
                        kind,
                        start,
                        end,
                        canonical,
                    },
                )
                .collect(),
        }
    }

    /// The canonical names of one kind, in the stored order (most mentioned first).
    fn names(&self, kind: EntityKind) -> Vec<&str> {
        self.entities
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| e.name.as_str())
            .collect()
    }
}

/// An article under the schema's field names, in the documented key order.
struct Record<'a> {
    names: &'a Names<'a>,
    article: &'a ExportedArticle,
}

impl Serialize for Record<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let (n, a) = (self.names, self.article);
        let mut map = serializer.serialize_map(Some(17))?;
        map.serialize_entry("schema_version", &crate::output::SCHEMA_VERSION)?;
        map.serialize_entry(n.id, &a.id)?;
        map.serialize_entry(n.path, &a.path)?;
        map.serialize_entry(n.title, &a.title)?;
        map.serialize_entry(n.published, &a.published)?;
        map.serialize_entry(n.published_source, &a.published_source)?;
        map.serialize_entry(n.source, &a.source)?;
        map.serialize_entry(n.url, &a.url)?;
        map.serialize_entry(n.crawled, &a.crawled)?;
        map.serialize_entry(n.authors, &a.authors)?;
        map.serialize_entry(n.body, &a.body)?;
        map.serialize_entry(n.mentioned, &a.mentioned)?;
        map.serialize_entry(n.person, &a.names(EntityKind::Person))?;
        map.serialize_entry(n.organization, &a.names(EntityKind::Organization))?;
        map.serialize_entry(n.location, &a.names(EntityKind::Location))?;
        map.serialize_entry(n.entities, &a.entities)?;
        map.serialize_entry(n.mentions, &a.mentions)?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::query::AllQuery;
    use tantivy::{DateTime, Term};

    fn article(fields: &Fields, id: &str, published: Option<i64>) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_text(fields.id, id);
        doc.add_text(fields.path, format!("{id}.txt"));
        doc.add_text(fields.body, "Donald Trump spoke in Baghdad.");
        if let Some(secs) = published {
            doc.add_date(fields.published, DateTime::from_timestamp_secs(secs));
        }
        doc.add_date(
            fields.mentioned,
            DateTime::from_timestamp_secs(1_578_182_400),
        );
        doc.add_date(
            fields.mentioned,
            DateTime::from_timestamp_secs(1_577_836_800),
        );
        doc.add_text(fields.authors, "A. Writer");
        doc.add_text(
            fields.entities,
            r#"[{"type":"PERSON","name":"Donald Trump","count":1,"in_title":false},
                {"type":"LOCATION","name":"Baghdad","count":1,"in_title":false}]"#,
        );
        doc.add_text(
            fields.mentions,
            r#"[["PERSON",0,12,"Donald Trump"],["LOCATION",22,29,"Baghdad"]]"#,
        );
        doc
    }

    fn export_all(index: &tantivy::Index, fields: &Fields) -> Vec<serde_json::Value> {
        let searcher = index.reader().unwrap().searcher();
        let mut out = Vec::new();
        let summary = write_ndjson(&searcher, fields, &AllQuery, &mut out, &|e| Error::Index {
            path: "ram".into(),
            source: e,
        })
        .unwrap();
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len() as u64, summary.articles);
        lines
    }

    #[test]
    fn records_carry_every_stored_field_in_a_stable_order() {
        let (index, fields) = crate::schema::create_in_ram();
        let mut writer = index.writer::<TantivyDocument>(15_000_000).unwrap();
        writer
            .add_document(article(&fields, "a", Some(1_578_268_800)))
            .unwrap();
        writer.commit().unwrap();
        let records = export_all(&index, &fields);
        let text = serde_json::to_string(&records[0]).unwrap();
        let keys: Vec<&str> = records[0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys.len(), 17, "{text}");
        let r = &records[0];
        assert_eq!(r["crawled"], serde_json::Value::Null);
        assert_eq!(r["published"], "2020-01-06T00:00:00Z");
        assert_eq!(r["title"], serde_json::Value::Null);
        assert_eq!(
            r["mentioned"],
            serde_json::json!(["2020-01-01T00:00:00Z", "2020-01-05T00:00:00Z"])
        );
        assert_eq!(r["person"], serde_json::json!(["Donald Trump"]));
        assert_eq!(r["organization"], serde_json::json!([]));
        assert_eq!(r["authors"], serde_json::json!(["A. Writer"]));
        assert_eq!(r["entities"][1]["name"], "Baghdad");
        assert_eq!(
            r["mentions"][1],
            serde_json::json!({"type": "LOCATION", "start": 22, "end": 29, "canonical": "Baghdad"})
        );
        // The order of the keys as written (serde_json's map sorts them on parsing).
        let written = {
            let searcher = index.reader().unwrap().searcher();
            let mut out = Vec::new();
            write_ndjson(&searcher, &fields, &AllQuery, &mut out, &|e| Error::Index {
                path: "ram".into(),
                source: e,
            })
            .unwrap();
            String::from_utf8(out).unwrap()
        };
        let at = |key: &str| written.find(&format!("\"{key}\":")).unwrap();
        assert!(at("schema_version") < at("id"));
        assert!(at("url") < at("crawled") && at("crawled") < at("authors"));
        assert!(at("id") < at("body") && at("body") < at("mentioned"));
        assert!(at("location") < at("entities") && at("entities") < at("mentions"));
    }

    /// A re-indexed file's old articles are deleted, not gone: the export must skip them.
    #[test]
    fn deleted_documents_are_not_exported() {
        let (index, fields) = crate::schema::create_in_ram();
        let mut writer = index.writer::<TantivyDocument>(15_000_000).unwrap();
        writer.add_document(article(&fields, "old", None)).unwrap();
        writer.add_document(article(&fields, "kept", None)).unwrap();
        writer.commit().unwrap();
        writer.delete_term(Term::from_field_text(fields.id, "old"));
        writer.commit().unwrap();
        let records = export_all(&index, &fields);
        assert_eq!(records.len(), 1);
        assert_eq!(records[0]["id"], "kept");
        assert_eq!(records[0]["published"], serde_json::Value::Null);
    }
}
