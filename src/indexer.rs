//! How does a folder become an index? Walks the folders, reads and analyzes every article in
//! parallel (rayon), and feeds one tantivy writer through a bounded channel. One bad file is
//! reported as `path: reason`, counted, and the run goes on. Re-indexing a file replaces the
//! articles it held before.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;
use tantivy::schema::TantivyDocument;
use tantivy::{DateTime, IndexWriter, TantivyError, Term};

use crate::article::{self, Article, Format, ReadOptions};
use crate::extract::{self, Entity, EntityKind, Mention, Recognizer};
use crate::schema::{self, Fields, IndexStamp};
use crate::{Error, Result};

/// How many extra times an entity mentioned in the title is counted in its text field, so that
/// an article whose title names someone ranks above one that names them in passing.
const TITLE_WEIGHT: usize = 2;

/// Mentions of one entity in one article that the display-name fast field records.
const MAX_COUNTED_MENTIONS: u32 = 1_000;

/// Settings of an indexing run.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// Where the index lives (created when missing).
    pub index_path: PathBuf,
    /// File reading limits.
    pub read: ReadOptions,
    /// The writer's memory budget in bytes.
    pub writer_memory: usize,
    /// Commit after this many files, so an interrupted run keeps most of its work.
    pub commit_every: usize,
    /// Start over: delete every article in the index first.
    pub rebuild: bool,
}

impl IndexOptions {
    /// Default options for an index at `index_path`.
    pub fn new(index_path: impl Into<PathBuf>) -> IndexOptions {
        IndexOptions {
            index_path: index_path.into(),
            read: ReadOptions::default(),
            writer_memory: 256 * 1024 * 1024,
            commit_every: 5_000,
            rebuild: false,
        }
    }
}

/// Receives progress of an indexing run (the binary draws a progress bar with it).
pub trait Progress {
    /// The run found `files` files to read.
    fn start(&mut self, files: u64) {
        let _ = files;
    }
    /// One more file is done.
    fn file_done(&mut self, path: &Path) {
        let _ = path;
    }
    /// A file or record was skipped; `problem` says `path: reason`.
    fn skipped(&mut self, problem: &Skipped) {
        let _ = problem;
    }
    /// The run is over.
    fn finish(&mut self) {}
}

/// Progress that goes nowhere.
#[derive(Debug, Default)]
pub struct NoProgress;

impl Progress for NoProgress {}

/// A file, or a record of one, that was not indexed.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    /// The file.
    pub path: PathBuf,
    /// The 1-based line of the record, where there is one.
    pub line: Option<usize>,
    /// Why.
    pub reason: String,
    /// Whether it is an error to look at, or simply holds nothing to index.
    pub kind: SkipKind,
}

/// Why a file or record was not indexed, broadly: the binary prints errors as they happen and
/// counts the rest by reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipKind {
    /// It holds nothing to index: an empty file, a record without article text, a binary or
    /// oversized file, a file named on the command line that is not an article format.
    LeftOut,
    /// It could not be read or parsed: an I/O error, bad JSON or YAML, a folder that cannot be
    /// walked.
    Error,
}

/// The skipped items grouped by reason, in the order each reason first occurred: the reason,
/// how many, and the items (errors as well as left-out ones).
pub fn group_by_reason(skipped: &[Skipped]) -> Vec<(&str, Vec<&Skipped>)> {
    let mut groups: Vec<(&str, Vec<&Skipped>)> = Vec::new();
    for s in skipped {
        match groups.iter_mut().find(|(reason, _)| *reason == s.reason) {
            Some((_, items)) => items.push(s),
            None => groups.push((&s.reason, vec![s])),
        }
    }
    groups
}

impl Skipped {
    /// `path`, or `path:line` for a record.
    pub fn location(&self) -> String {
        match self.line {
            Some(line) => format!("{}:{line}", self.path.display()),
            None => self.path.display().to_string(),
        }
    }
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location(), self.reason)
    }
}

impl From<Error> for Skipped {
    fn from(err: Error) -> Skipped {
        match err {
            Error::ParseFile { path, line, reason } => Skipped {
                path,
                line,
                reason,
                kind: SkipKind::Error,
            },
            Error::SkipFile { path, line, reason } => Skipped {
                path,
                line,
                reason,
                kind: SkipKind::LeftOut,
            },
            Error::ReadFile { path, source } => Skipped {
                path,
                line: None,
                reason: source.to_string(),
                kind: SkipKind::Error,
            },
            other => {
                // the whole chain: a variant does not repeat its source in its own message
                let mut reason = other.to_string();
                let mut source = std::error::Error::source(&other);
                while let Some(cause) = source {
                    reason.push_str(&format!(": {cause}"));
                    source = cause.source();
                }
                Skipped {
                    path: PathBuf::new(),
                    line: None,
                    reason,
                    kind: SkipKind::Error,
                }
            }
        }
    }
}

/// What an indexing run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexSummary {
    /// Files of a supported format that were read.
    pub files: u64,
    /// Articles written to the index.
    pub articles: u64,
    /// Files indexed for the first time.
    pub added: u64,
    /// Files indexed before that changed, and were indexed again.
    pub updated: u64,
    /// Files indexed before that are gone from the walked folders; their articles are removed.
    pub removed: u64,
    /// Files indexed before and unchanged (same size and modification time, or same bytes).
    pub unchanged: u64,
    /// Files and records not indexed, with reasons.
    pub skipped: Vec<Skipped>,
    /// Files ignored because their extension is not a supported format.
    pub ignored: u64,
    /// The index folder, when it lies inside a folder that was indexed: it was left out of the
    /// walk. `None` when it is elsewhere.
    pub index_inside: Option<PathBuf>,
    /// Entities found per kind (one per article and entity).
    pub entities: BTreeMap<EntityKind, u64>,
    /// Entity mentions found per kind.
    pub mentions: BTreeMap<EntityKind, u64>,
    /// Articles in the index after the run.
    pub total_articles: u64,
    /// Wall time of the run.
    #[serde(serialize_with = "serialize_secs")]
    pub elapsed: Duration,
}

fn serialize_secs<S: serde::Serializer>(
    d: &Duration,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

/// An article with its entities: what is written to the index and what `extract` prints.
#[derive(Debug, Clone, Serialize)]
pub struct Analyzed {
    /// The parsed article.
    pub article: Article,
    /// Mentions in the body (offsets into [`Article::body`]), dates included, in text order.
    pub mentions: Vec<Mention>,
    /// The article's entities merged over title and body, with counts.
    pub entities: Vec<Entity>,
}

/// Finds the entities of an article.
pub fn analyze(article: Article, recognizer: &dyn Recognizer) -> Analyzed {
    let body_mentions = extract::extract_at(recognizer, &article.body, article.published);
    let (title_mentions, rest): (Vec<Mention>, Vec<Mention>) = match article.title.as_deref() {
        // A title that is the body's first line: its mentions are already in the body.
        Some(title) if article.body.trim_start().starts_with(title) => {
            let title_end = article.body.len() - article.body.trim_start().len() + title.len();
            body_mentions
                .iter()
                .cloned()
                .partition(|m| m.end <= title_end)
        }
        Some(title) => (extract::extract(recognizer, title), body_mentions.clone()),
        None => (Vec::new(), body_mentions.clone()),
    };
    let entities = extract::summarize(&title_mentions, &rest, &article.given);
    Analyzed {
        article,
        mentions: body_mentions,
        entities,
    }
}

/// Reads one file and analyzes its articles; bad records come back as problems.
pub fn analyze_file(
    path: &Path,
    read: &ReadOptions,
    recognizer: &dyn Recognizer,
) -> Result<(Vec<Analyzed>, Vec<Error>)> {
    Ok(analyze_articles(
        article::read_file(path, read)?,
        recognizer,
    ))
}

/// Analyzes the articles of one parsed file; its bad records pass through as problems.
fn analyze_articles(
    file: article::FileArticles,
    recognizer: &dyn Recognizer,
) -> (Vec<Analyzed>, Vec<Error>) {
    // in parallel within a file too: one JSON Lines file may hold a whole corpus
    let analyzed = file
        .articles
        .into_par_iter()
        .map(|a| analyze(a, recognizer))
        .collect();
    (analyzed, file.problems)
}

/// What a walk of the folders to index found.
#[derive(Debug, Default)]
pub struct Walk {
    /// The supported files, in a stable order.
    pub files: Vec<PathBuf>,
    /// The key of each of `files` (its canonical path), in the same order.
    pub keys: Vec<String>,
    /// The entries that could not be walked, and why.
    pub problems: Vec<Skipped>,
    /// Files left out: not a supported format, or a README.
    pub ignored: u64,
    /// Folders and files that exist but could not be read (permissions, I/O errors), as
    /// canonical paths: what was indexed below them before must stay.
    pub unreadable: Vec<PathBuf>,
}

/// The supported files below `roots`, in a stable order, and the entries that could not be
/// walked. Hidden files and folders (name starting with `.`), README files and the index folder
/// are left out; a root that is a file of another format is a [`SkipKind::LeftOut`] problem
/// (below a root, such files are only counted in `ignored`).
pub fn collect_files(roots: &[PathBuf], exclude: &Path) -> Walk {
    let exclude = exclude.canonicalize().ok();
    let mut files = Vec::new();
    let mut keys = Vec::new();
    let mut problems = Vec::new();
    let mut unreadable = Vec::new();
    let mut ignored = 0;
    let mut seen = HashSet::new();
    for root in roots {
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
                let is_index = e.file_type().is_dir()
                    && exclude.is_some()
                    && e.path().canonicalize().ok() == exclude;
                !hidden && !is_index
            });
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    if e.depth() == 0 && Format::of(e.path()).is_none() {
                        // named on the command line: say why nothing comes of it
                        problems.push(Skipped {
                            path: e.into_path(),
                            line: None,
                            reason: article::UNSUPPORTED.into(),
                            kind: SkipKind::LeftOut,
                        });
                        continue;
                    }
                    if Format::of(e.path()).is_none() || is_readme(e.path()) {
                        ignored += 1;
                        continue;
                    }
                    let key = file_key(e.path());
                    if seen.insert(key.clone()) {
                        files.push(e.into_path());
                        keys.push(key);
                    }
                }
                Ok(_) => {}
                Err(err) => {
                    let path = err
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| root.clone());
                    let reason = if err.loop_ancestor().is_some() {
                        "symbolic link loop, not followed".to_string()
                    } else {
                        unreadable.push(path.canonicalize().unwrap_or_else(|_| path.clone()));
                        match err.io_error() {
                            Some(io) => io.to_string(),
                            None => err.to_string(),
                        }
                    };
                    problems.push(Skipped {
                        path,
                        line: None,
                        reason,
                        kind: SkipKind::Error,
                    });
                }
            }
        }
    }
    Walk {
        files,
        keys,
        problems,
        ignored,
        unreadable,
    }
}

/// Whether a file is a folder's README (`README.md`, `readme.txt`): documentation about the
/// archive, not an article of it.
fn is_readme(path: &Path) -> bool {
    path.file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.eq_ignore_ascii_case("readme"))
}

/// Checks that every root exists, before any index is touched.
pub fn check_roots(roots: &[PathBuf]) -> Result<()> {
    for root in roots {
        std::fs::metadata(root).map_err(|source| Error::ReadFile {
            path: root.clone(),
            source,
        })?;
    }
    Ok(())
}

/// Checks that the index path is not a file, and that the index folder is not one of `roots`
/// (its articles would be left out with it) nor holds one; an index below a root is fine (the walk leaves it out). Returns whether
/// it is below a root. Nothing is written.
pub fn check_index_path(roots: &[PathBuf], index: &Path) -> Result<bool> {
    if index.exists() && !index.is_dir() {
        return Err(Error::InvalidRequest {
            flag: "--index".into(),
            reason: format!(
                "{} is a file: give a folder (it is created when missing)",
                index.display()
            ),
        });
    }
    let index_abs = absolute(index);
    let mut inside = false;
    for root in roots {
        let root_abs = absolute(root);
        if root_abs.starts_with(&index_abs) {
            let reason = if root_abs == index_abs {
                format!(
                    "{} is also a folder to index: give the index a folder outside it, or a new subfolder such as {}",
                    index.display(),
                    root.join("index").display()
                )
            } else {
                format!(
                    "{} is inside the index folder {}: give the index a folder outside it",
                    root.display(),
                    index.display()
                )
            };
            return Err(Error::InvalidRequest {
                flag: "--index".into(),
                reason,
            });
        }
        inside |= index_abs.starts_with(&root_abs);
    }
    Ok(inside)
}

/// `path` made absolute with symbolic links resolved, as far as it exists (an index folder
/// may not exist yet).
fn absolute(path: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut at = path;
    loop {
        if let Ok(found) = at.canonicalize() {
            return rest.iter().rev().fold(found, |p, name| p.join(name));
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                at = if parent.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    parent
                };
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// Indexes every supported file below `roots` into the index of `options` (created when
/// missing), replacing the articles of files indexed before.
pub fn index_paths(
    roots: &[PathBuf],
    options: &IndexOptions,
    progress: &mut dyn Progress,
) -> Result<IndexSummary> {
    let started = Instant::now();
    check_roots(roots)?;
    let index_path = &options.index_path;
    let index_inside = check_index_path(roots, index_path)?;
    let (index, fields) = if schema::index_exists(index_path) {
        schema::open_index(index_path)?
    } else {
        schema::create_index(index_path)?
    };
    let tantivy_err = |source: TantivyError| Error::Index {
        path: index_path.clone(),
        source,
    };
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(4);
    let mut writer: IndexWriter = index
        .writer_with_num_threads(threads, options.writer_memory.max(threads * 16_000_000))
        .map_err(|err| match err {
            TantivyError::LockFailure(..) => Error::IndexLocked {
                path: index_path.clone(),
            },
            other => tantivy_err(other),
        })?;

    // Articles extracted by another model are extracted again, changed or not.
    let reextract =
        IndexStamp::of(&index).is_some_and(|stamp| stamp.extractor != extract::extractor_version());
    let known = if options.rebuild {
        writer.delete_all_documents().map_err(tantivy_err)?;
        HashMap::new()
    } else {
        known_files(&index).map_err(tantivy_err)?
    };

    let Walk {
        files,
        keys,
        problems: walk_problems,
        ignored,
        unreadable,
    } = collect_files(roots, index_path);
    let mut summary = IndexSummary {
        ignored,
        index_inside: index_inside.then(|| index_path.clone()),
        ..IndexSummary::default()
    };
    for problem in walk_problems {
        progress.skipped(&problem);
        summary.skipped.push(problem);
    }
    progress.start(files.len() as u64);

    // Files indexed before, below the roots, that this walk did not find: gone, unless they
    // are in a folder this walk could not read (they may well be there still).
    let walked: HashSet<&String> = keys.iter().collect();
    let canonical_roots: Vec<PathBuf> =
        roots.iter().filter_map(|r| r.canonicalize().ok()).collect();
    for key in known.keys() {
        let below_a_root = canonical_roots
            .iter()
            .any(|r| Path::new(key).starts_with(r));
        let unknown = unreadable.iter().any(|u| Path::new(key).starts_with(u));
        if below_a_root && !walked.contains(key) && !unknown {
            writer.delete_term(Term::from_field_text(fields.file, key));
            summary.removed += 1;
        }
    }

    let recognizer = extract::default_recognizer();
    let (tx, rx) = sync_channel::<(PathBuf, Work)>(64);
    let read = options.read.clone();
    let mut since_commit = 0usize;
    let mut write_result: Result<()> = Ok(());
    std::thread::scope(|scope| {
        let files = &files;
        let keys = &keys;
        let known = &known;
        let recognizer = recognizer.as_ref();
        scope.spawn(move || {
            files
                .par_iter()
                .zip(keys)
                .for_each_with(tx, |tx, (path, key)| {
                    let work = plan_file(path, key.clone(), known, reextract, &read, recognizer);
                    // The receiver only hangs up after a write error; nothing is left to do then.
                    let _ = tx.send((path.clone(), work));
                });
        });
        for (path, work) in rx.iter() {
            summary.files += 1;
            match work {
                Work::Unchanged => summary.unchanged += 1,
                Work::Index {
                    key,
                    state,
                    result: Ok((articles, problems)),
                } => {
                    for problem in problems {
                        let problem = Skipped::from(problem);
                        progress.skipped(&problem);
                        summary.skipped.push(problem);
                    }
                    if known.contains_key(&key) {
                        summary.updated += 1; // changed, or extracted by another model
                    } else {
                        summary.added += 1;
                    }
                    if let Err(err) = write_file(&writer, &fields, &key, state, &articles) {
                        write_result = Err(tantivy_err(err));
                        break;
                    }
                    for analyzed in &articles {
                        count_entities(&mut summary, analyzed);
                    }
                    summary.articles += articles.len() as u64;
                }
                // A file that cannot be read now keeps the articles it had: nothing is lost.
                Work::Index {
                    result: Err(err), ..
                } => {
                    let problem = Skipped::from(err);
                    progress.skipped(&problem);
                    summary.skipped.push(problem);
                }
            }
            progress.file_done(&path);
            since_commit += 1;
            if since_commit >= options.commit_every {
                since_commit = 0;
                if let Err(err) = commit(&mut writer) {
                    write_result = Err(tantivy_err(err));
                    break;
                }
            }
        }
    });
    write_result?;
    commit(&mut writer).map_err(tantivy_err)?;
    writer.wait_merging_threads().map_err(tantivy_err)?;
    let reader = index.reader().map_err(tantivy_err)?;
    summary.total_articles = reader.searcher().num_docs();
    summary.elapsed = started.elapsed();
    progress.finish();
    Ok(summary)
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

/// Replaces the articles of the file `key` in the index with `articles`.
fn write_file(
    writer: &IndexWriter,
    fields: &Fields,
    key: &str,
    state: FileState,
    articles: &[Analyzed],
) -> tantivy::Result<()> {
    writer.delete_term(Term::from_field_text(fields.file, key));
    for analyzed in articles {
        let mut doc = document(fields, key, analyzed);
        doc.add_u64(fields.file_size, state.size);
        doc.add_i64(fields.file_mtime, state.mtime);
        doc.add_u64(fields.file_hash, state.hash);
        writer.add_document(doc)?;
    }
    Ok(())
}

/// A file as it was when it was indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileState {
    /// Size in bytes.
    size: u64,
    /// Modification time, nanoseconds since the epoch (0 when unknown).
    mtime: i64,
    /// xxh3 of the bytes (0 when not read).
    hash: u64,
}

/// What to do with one walked file.
enum Work {
    /// Same size and time, or same bytes, as when it was indexed.
    Unchanged,
    /// New or changed: its articles, to replace those of `key`.
    Index {
        key: String,
        state: FileState,
        result: Result<(Vec<Analyzed>, Vec<Error>)>,
    },
}

/// Decides whether a file changed since it was indexed, and reads it when it did.
fn plan_file(
    path: &Path,
    key: String,
    known: &HashMap<String, FileState>,
    reextract: bool,
    read: &ReadOptions,
    recognizer: &dyn Recognizer,
) -> Work {
    let meta = std::fs::metadata(path).ok();
    let size = meta.as_ref().map_or(0, |m| m.len());
    let mtime = meta
        .as_ref()
        .and_then(|m| m.modified().ok())
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
    let before = known.get(&key).filter(|_| !reextract);
    if let Some(before) = before
        && before.size == size
        && before.mtime == mtime
        && mtime != 0
    {
        return Work::Unchanged;
    }
    // Touched but maybe not changed: the content hash decides. The bytes read for it are the
    // ones parsed, so a changed file is read once.
    let bytes = match article::read_bytes(path, read) {
        Ok(bytes) => bytes,
        Err(err) => {
            return Work::Index {
                key,
                state: FileState {
                    size,
                    mtime,
                    hash: 0,
                },
                result: Err(err),
            };
        }
    };
    let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
    if before.is_some_and(|before| before.hash == hash) {
        return Work::Unchanged;
    }
    let result = article::parse_bytes(path, &bytes).map(|file| analyze_articles(file, recognizer));
    Work::Index {
        key,
        state: FileState { size, mtime, hash },
        result,
    }
}

/// The files the index holds articles of, as they were when indexed.
fn known_files(index: &tantivy::Index) -> tantivy::Result<HashMap<String, FileState>> {
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let mut known = HashMap::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let Some(files) = fast.str(schema::FILE)? else {
            continue;
        };
        let sizes = fast.u64(schema::FILE_SIZE)?;
        let mtimes = fast.i64(schema::FILE_MTIME)?;
        let hashes = fast.u64(schema::FILE_HASH)?;
        // The segment's file names in ordinal order, read in one pass over the dictionary: one
        // look-up an article would decompress a dictionary block each time.
        let mut names = Vec::with_capacity(files.num_terms());
        let mut stream = files.dictionary().stream()?;
        while stream.advance() {
            names.push(String::from_utf8_lossy(stream.key()).into_owned());
        }
        for doc in segment.doc_ids_alive() {
            let Some(key) = files
                .term_ords(doc)
                .next()
                .and_then(|ord| names.get(ord as usize))
            else {
                continue;
            };
            if !known.contains_key(key) {
                known.insert(
                    key.clone(),
                    FileState {
                        size: sizes.first(doc).unwrap_or(0),
                        mtime: mtimes.first(doc).unwrap_or(0),
                        hash: hashes.first(doc).unwrap_or(0),
                    },
                );
            }
        }
    }
    Ok(known)
}

/// The key that names a file across runs: its canonical path.
fn file_key(path: &Path) -> String {
    path.canonicalize()
        .unwrap_or_else(|_| path.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

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
    for author in &article.authors {
        doc.add_text(fields.authors, author);
    }
    for m in analyzed
        .mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Date)
    {
        if let Ok(period) = crate::dates::parse_period(&m.canonical, "mention") {
            // The start of the period: a mention counts where the period it names starts.
            doc.add_date(
                fields.mentioned,
                DateTime::from_timestamp_secs(period.start.as_second()),
            );
        }
    }
    let mut mentioned: HashSet<(EntityKind, &str)> = HashSet::new();
    for m in &analyzed.mentions {
        if let Some(field) = fields.entity_text(m.kind) {
            doc.add_text(field, &m.canonical);
            mentioned.insert((m.kind, m.canonical.as_str()));
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
        if !mentioned.contains(&(entity.kind, entity.name.as_str())) {
            extra += 1; // named only in the title or by the record's metadata
        }
        for _ in 0..extra {
            doc.add_text(text, &entity.name);
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
    doc
}

/// A mention as stored in the index: kind, body byte range, canonical name.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct StoredMention(pub EntityKind, pub usize, pub usize, pub String);
