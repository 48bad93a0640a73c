//! How do the analyzed files reach the index? The run's one tantivy writer: opened on up to four
//! threads (a lock held by another run is [`Error::IndexLocked`]), fed file by file from the
//! analysis pool's channel, each file's previous articles deleted by its key before its new
//! ones are added, a commit (stamped with the schema and extractor versions) every
//! `commit_every` files and at the end, so a run killed midway keeps what it committed. Each
//! article gets its duplicate group ([`super::duplicates`]) and the time it first entered the
//! index (kept when its file is indexed again) as it is written.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;

use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::{IndexWriter, Searcher, TantivyError, Term};

use super::duplicates::Groups;
use super::plan::{FileState, Part, Work};
use super::{Analyzed, IndexOptions, IndexSummary, Progress, Skipped, document};
use crate::schema::{self, Fields, IndexStamp};
use crate::{Error, Result};

/// A tantivy error of the index at `path`.
pub(super) fn index_error(path: &Path, source: TantivyError) -> Error {
    Error::Index {
        path: path.to_path_buf(),
        source,
    }
}

/// The writer of `index`, on up to four threads with the memory budget of `options`.
pub(super) fn open(index: &tantivy::Index, options: &IndexOptions) -> Result<IndexWriter> {
    let index_path = &options.index_path;
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(4);
    index
        .writer_with_num_threads(threads, options.writer_memory.max(threads * 16_000_000))
        .map_err(|err| match err {
            TantivyError::LockFailure(..) => Error::IndexLocked {
                path: index_path.clone(),
            },
            other => index_error(index_path, other),
        })
}

/// Writes what the analysis pool sends, file by file as it comes: counts it in `summary`,
/// reports its problems to `progress`, replaces the file's articles, and commits every
/// `commit_every` files. Stops at the first write or commit error, and then hangs up: the
/// receiver is dropped with the loop, so the pool's next send fails and the pool stops rather
/// than wait on a full channel that no one reads.
pub(super) fn write_all(
    writer: &mut IndexWriter,
    fields: &Fields,
    rx: Receiver<(PathBuf, Work)>,
    known: &HashMap<String, FileState>,
    summary: &mut IndexSummary,
    progress: &mut dyn Progress,
    context: &mut Context,
) -> tantivy::Result<()> {
    let commit_every = context.commit_every;
    let mut since_commit = 0usize;
    // Files written in parts and not finished: no commit while there is one, so that a commit
    // (and so a run killed after it) never holds part of a file.
    let mut open: HashSet<String> = HashSet::new();
    for (path, work) in rx {
        let done = match work {
            Work::Unchanged => {
                summary.unchanged += 1;
                true
            }
            Work::Index {
                key,
                state,
                result: Ok((articles, problems)),
                part,
            } => {
                for problem in problems {
                    let problem = Skipped::from(problem);
                    progress.skipped(&problem);
                    summary.skipped.push(problem);
                }
                let was_known = known.contains_key(&key);
                if part.first {
                    if was_known {
                        summary.updated += 1; // changed, or extracted by another model
                    } else {
                        summary.added += 1;
                    }
                }
                write_file(
                    writer, fields, &key, state, &articles, context, was_known, part,
                )?;
                for analyzed in &articles {
                    count_entities(summary, analyzed);
                }
                summary.articles += articles.len() as u64;
                if part.last {
                    open.remove(&key);
                } else {
                    open.insert(key);
                }
                part.last
            }
            // A file that cannot be read now keeps the articles it had: nothing is lost.
            Work::Index {
                result: Err(err), ..
            } => {
                let problem = Skipped::from(err);
                progress.skipped(&problem);
                summary.skipped.push(problem);
                true
            }
        };
        if !done {
            continue;
        }
        summary.files += 1;
        progress.file_done(&path);
        since_commit += 1;
        if since_commit >= commit_every && open.is_empty() {
            since_commit = 0;
            commit(writer)?;
        }
    }
    Ok(())
}

/// The last commit of a run, after the merges it started: the number of articles the index
/// then holds.
pub(super) fn finish(mut writer: IndexWriter, index: &tantivy::Index) -> tantivy::Result<u64> {
    commit(&mut writer)?;
    writer.wait_merging_threads()?;
    let reader = index.reader()?;
    Ok(reader.searcher().num_docs())
}

fn commit(writer: &mut IndexWriter) -> tantivy::Result<u64> {
    let stamp = serde_json::to_string(&IndexStamp::current()).expect("stamp serializes");
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&stamp);
    prepared.commit()
}

fn count_entities(summary: &mut IndexSummary, analyzed: &Analyzed) {
    for entity in &analyzed.entities {
        *summary.entities.entry(entity.kind).or_default() += 1;
        *summary.mentions.entry(entity.kind).or_default() += u64::from(entity.count);
    }
}

/// What the writer knows of the index beyond the file table: the committed articles (for
/// duplicate groups and first-indexed times) and the groups of this run.
pub(super) struct Context {
    /// The index as last committed before this run, `None` when empty.
    pub(super) committed: Option<Searcher>,
    /// The duplicate groups.
    pub(super) groups: Groups,
    /// The stamp of the last article written, by this run or, before its first, by any
    /// (milliseconds since the epoch).
    pub(super) last: i64,
    /// Commit after this many files.
    pub(super) commit_every: usize,
    /// For each file being written in parts, the first-indexed times of the articles it had,
    /// by article id (kept from its first part to its last).
    pub(super) first_indexed: HashMap<String, HashMap<String, i64>>,
}

impl Context {
    pub(super) fn new(index: &tantivy::Index, commit_every: usize) -> tantivy::Result<Context> {
        let searcher = index.reader()?.searcher();
        // A run's stamps run ahead of the clock when it writes more than an article a
        // millisecond; the next run starts after the last of them, or an `as_of` taken from the
        // last run would leave out what this one writes before the clock catches up.
        let last = schema::last_indexed(&searcher)?.unwrap_or(0);
        let committed = (searcher.num_docs() > 0).then_some(searcher);
        Ok(Context {
            groups: Groups::new(committed.clone()),
            committed,
            last,
            commit_every,
            first_indexed: HashMap::new(),
        })
    }

    /// When an article enters the index: the clock's millisecond, and after the last
    /// article's, so that the stamps of a run increase and any stamp taken from a commit
    /// ([`crate::search::SearchIndex::as_of`]) parts what it holds from what comes later.
    fn stamp(&mut self) -> i64 {
        self.last = jiff::Timestamp::now().as_millisecond().max(self.last + 1);
        self.last
    }

    /// When each committed article of the file `key` first entered the index, by article id.
    fn read_first_indexed(
        &self,
        fields: &Fields,
        key: &str,
    ) -> tantivy::Result<HashMap<String, i64>> {
        let Some(searcher) = &self.committed else {
            return Ok(HashMap::new());
        };
        let query = TermQuery::new(
            Term::from_field_text(fields.file, key),
            IndexRecordOption::Basic,
        );
        let mut out = HashMap::new();
        for address in searcher.search(&query, &DocSetCollector)? {
            let fast = searcher.segment_reader(address.segment_ord).fast_fields();
            let Some(at) = fast.i64(schema::INDEXED_AT)?.first(address.doc_id) else {
                continue;
            };
            let doc: TantivyDocument = searcher.doc(address)?;
            if let Some(id) = doc.get_first(fields.id).and_then(|v| v.as_str()) {
                out.insert(id.to_owned(), at);
            }
        }
        Ok(out)
    }
}

/// Replaces the articles of the file `key` in the index with `articles` (for a file written in
/// parts, the first part replaces them and the others add to it); an article of the same id as
/// one the file had keeps the time it first entered the index.
#[allow(clippy::too_many_arguments)]
fn write_file(
    writer: &IndexWriter,
    fields: &Fields,
    key: &str,
    state: FileState,
    articles: &[Analyzed],
    context: &mut Context,
    known: bool,
    part: Part,
) -> tantivy::Result<()> {
    if part.first {
        let had = if known {
            context.read_first_indexed(fields, key)?
        } else {
            HashMap::new()
        };
        context.first_indexed.insert(key.to_owned(), had);
        writer.delete_term(Term::from_field_text(fields.file, key));
    }
    let first_indexed = context.first_indexed.remove(key).unwrap_or_default();
    for analyzed in articles {
        let mut doc = document(fields, key, analyzed);
        doc.add_u64(fields.file_size, state.size);
        doc.add_i64(fields.file_mtime, state.mtime);
        doc.add_u64(fields.file_hash, state.hash);
        // the signature `document` stored
        let words = fields.minhash.map(|f| {
            doc.get_first(f)
                .and_then(|v| v.as_u64())
                .unwrap_or_default()
        });
        let sig = super::duplicates::from_words(words);
        doc.add_u64(fields.dup_group, context.groups.assign(&sig)?);
        let at = match first_indexed.get(&analyzed.article.id) {
            Some(&at) => at,
            None => context.stamp(),
        };
        doc.add_i64(fields.indexed, at);
        writer.add_document(doc)?;
    }
    if !part.last {
        context.first_indexed.insert(key.to_owned(), first_indexed);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use tantivy::TantivyDocument;

    use super::*;

    /// A run that wrote faster than an article a millisecond left stamps ahead of the clock;
    /// the next run's stamps come after them, so an `as_of` from the last run parts the two.
    #[test]
    fn a_run_stamps_after_the_last_run_even_when_it_ran_ahead_of_the_clock() {
        let (index, fields) = crate::schema::create_in_ram();
        let ahead = jiff::Timestamp::now().as_millisecond() + 3_600_000;
        let mut writer = index.writer::<TantivyDocument>(15_000_000).unwrap();
        let mut doc = TantivyDocument::default();
        doc.add_text(fields.id, "a");
        doc.add_i64(fields.indexed, ahead);
        writer.add_document(doc).unwrap();
        writer.commit().unwrap();
        let mut context = Context::new(&index, 1).unwrap();
        assert!(context.stamp() > ahead);
    }
}
