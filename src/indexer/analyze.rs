//! Who and what does each article mention? Runs the recogniser over an article's title and body
//! ([`analyze`]), and runs the analysis pool of a run: rayon works through the walked files,
//! planning each ([`super::plan::plan_file`]: unchanged, or read and analyzed) and sending the
//! result through the bounded channel to the one writer ([`super::writer`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::SyncSender;

use rayon::prelude::*;
use serde::Serialize;

use super::plan::{FileState, Work, plan_file};
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

/// Analyzes the articles of one parsed file; its bad records pass through as problems.
pub(super) fn analyze_articles(
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
    read: &ReadOptions,
    recognizer: &dyn Recognizer,
    tx: SyncSender<(PathBuf, Work)>,
) {
    // The receiver only hangs up after a write error; nothing is left to do then.
    let _ = files
        .par_iter()
        .zip(keys)
        .try_for_each_with(tx, |tx, (path, key)| {
            let work = plan_file(path, key.clone(), known, reextract, read, recognizer);
            tx.send((path.clone(), work)).map_err(|_| ())
        });
}
