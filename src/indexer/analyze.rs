//! Who and what does each article mention? Runs the recogniser over an article's title and body
//! ([`analyze`]), and runs the analysis pool of a run: rayon works through the walked files,
//! planning each ([`super::plan::plan_file`]: unchanged, or read and analyzed) and sending the
//! result through the bounded channel to the one writer ([`super::writer`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::SyncSender;

use rayon::prelude::*;
use serde::Serialize;

use super::plan::{FileState, Part, Planned, Work, plan_file};
use crate::article::{self, Article, ReadOptions};
use crate::extract::{self, Entity, Mention, Recognizer};
use crate::{Error, Result};

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

/// Analyzes the articles of one parsed file (or of one part of a streamed one), in parallel;
/// its bad records pass through as problems.
pub fn analyze_articles(
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

/// Plans every walked file (`files`, with their `keys`) on rayon's pool, reading and analyzing
/// those that changed since `known`, and sends each to the writer as `(path, work)`. Stops
/// early when the writer hangs up.
pub(super) fn analyze_all(
    files: &[PathBuf],
    keys: &[String],
    known: &HashMap<String, FileState>,
    reextract: bool,
    options: &super::IndexOptions,
    recognizer: &dyn Recognizer,
    tx: SyncSender<(PathBuf, Work)>,
) {
    let (read, part_articles) = (&options.read, options.part_articles.max(1));
    // The receiver only hangs up after a write error; nothing is left to do then.
    let _ = files
        .par_iter()
        .zip(keys)
        .try_for_each_with(tx, |tx, (path, key)| {
            let mut send = |work| tx.send((path.clone(), work)).map_err(|_| ());
            match plan_file(path, key.clone(), known, reextract, read, recognizer) {
                Planned::Work(work) => send(work),
                Planned::Stream { key, state } => {
                    let file = Streamed { path, key, state };
                    stream_parts(file, read, recognizer, part_articles, &mut send)
                }
            }
        });
}

/// A changed file to read as a stream.
struct Streamed<'a> {
    path: &'a Path,
    key: String,
    state: FileState,
}

/// A file read as a stream (a web archive, a large JSON Lines file), analyzed and sent to the writer in parts of
/// `part_articles` articles; a file that gives neither an article nor a problem is skipped
/// whole, as a parsed one is.
fn stream_parts(
    file: Streamed<'_>,
    read: &ReadOptions,
    recognizer: &dyn Recognizer,
    part_articles: usize,
    send: &mut dyn FnMut(Work) -> std::result::Result<(), ()>,
) -> std::result::Result<(), ()> {
    let Streamed { path, key, state } = file;
    let mut items = match article::stream_file(path, read) {
        Some(Ok(items)) => items,
        Some(Err(err)) => {
            return send(Work::Index {
                key,
                state,
                result: Err(err),
                part: Part::WHOLE,
            });
        }
        None => return Ok(()),
    };
    let mut first = true;
    loop {
        let (part, more) = article::next_part(&mut items, part_articles);
        let last = !more;
        let result = if first && last && part.articles.is_empty() && part.problems.is_empty() {
            Err(Error::SkipFile {
                path: path.to_path_buf(),
                line: None,
                reason: article::empty_stream_reason(path).into(),
            })
        } else {
            Ok(analyze_articles(part, recognizer))
        };
        send(Work::Index {
            key: key.clone(),
            state,
            result,
            part: Part { first, last },
        })?;
        if last {
            return Ok(());
        }
        first = false;
    }
}
