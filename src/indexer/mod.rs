//! How does a folder become an index? Walks the folders, reads and analyzes every article in
//! parallel (rayon), and feeds one tantivy writer through a bounded channel. One bad file is
//! reported as `path: reason`, counted, and the run goes on. Re-indexing a file replaces the
//! articles it held before.
//!
//! One file a step, in the order [`index_paths`] runs them:
//!
//! - `walk.rs`: which files are there to index? (the roots, the index-inside-a-root rule)
//! - `plan.rs`: what changed since the last commit? (new, changed, unchanged and gone files)
//! - `analyze.rs`: who and what does each article mention? (the analysis pool)
//! - `document.rs`: what does the index store of an article? (its tantivy document)
//! - `writer.rs`: how do the analyzed files reach the index? (the writer loop, commits)
//! - `skipped.rs`: why was a file not indexed? ([`Skipped`], [`SkipKind`])

mod analyze;
mod document;
pub mod duplicates;
mod plan;
mod skipped;
mod walk;
mod writer;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

use serde::Serialize;
use tantivy::Term;

pub use analyze::{Analyzed, analyze, analyze_articles, analyze_file};
pub use document::{StoredMention, document};
pub use skipped::{SkipKind, Skipped, group_by_reason};
pub use walk::{Walk, check_index_path, check_roots, collect_files};

use crate::Result;
use crate::article::ReadOptions;
use crate::extract::{self, EntityKind};
use crate::schema::{self, IndexStamp};

/// The default [`IndexOptions::part_articles`].
pub const PART_ARTICLES: usize = 1_000;

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
    /// A file read as a stream (a web archive, a large JSON Lines file: see
    /// [`crate::article::streams`]) is analyzed and written this many articles at a time, so
    /// that memory does not grow with its size.
    pub part_articles: usize,
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
            part_articles: PART_ARTICLES,
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
    let tantivy_err = |source| writer::index_error(index_path, source);
    let mut writer = writer::open(&index, options)?;

    // Articles extracted by another model are extracted again, changed or not.
    let reextract =
        IndexStamp::of(&index).is_some_and(|stamp| stamp.extractor != extract::extractor_version());
    let known = if options.rebuild {
        writer.delete_all_documents().map_err(tantivy_err)?;
        HashMap::new()
    } else {
        plan::known_files(&index).map_err(tantivy_err)?
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

    for key in plan::gone_files(roots, &known, &keys, &unreadable) {
        writer.delete_term(Term::from_field_text(fields.file, key));
        summary.removed += 1;
    }

    let mut context = writer::Context::new(&index, options.commit_every).map_err(tantivy_err)?;
    if options.rebuild {
        // a rebuilt index keeps nothing of the old one
        context = writer::Context {
            committed: None,
            groups: duplicates::Groups::new(None),
            last: 0,
            commit_every: options.commit_every,
            first_indexed: HashMap::new(),
        };
    }
    let recognizer = extract::default_recognizer();
    let (tx, rx) = sync_channel::<(PathBuf, plan::Work)>(64);
    std::thread::scope(|scope| {
        let (files, keys, known) = (&files, &keys, &known);
        let recognizer = recognizer.as_ref();
        scope.spawn(move || {
            analyze::analyze_all(files, keys, known, reextract, options, recognizer, tx);
        });
        writer::write_all(
            &mut writer,
            &fields,
            rx,
            known,
            &mut summary,
            progress,
            &mut context,
        )
    })
    .map_err(tantivy_err)?;
    summary.total_articles = writer::finish(writer, &index).map_err(tantivy_err)?;
    summary.elapsed = started.elapsed();
    progress.finish();
    Ok(summary)
}
