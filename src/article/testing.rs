//! Helpers the unit tests of every `article` file share: parse a named text, expect one
//! article, read an error's reason.

use std::path::Path;

use jiff::Timestamp;

use super::{Article, FileArticles, parse_bytes};
use crate::Error;

pub(super) fn parse(name: &str, text: &str) -> crate::Result<FileArticles> {
    parse_bytes(Path::new(name), text.as_bytes())
}

pub(super) fn one(name: &str, text: &str) -> Article {
    let mut file = parse(name, text).unwrap();
    assert!(file.problems.is_empty(), "{:?}", file.problems);
    assert_eq!(file.articles.len(), 1);
    file.articles.remove(0)
}

pub(super) fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

pub(super) fn reason(err: &Error) -> String {
    match err {
        Error::SkipFile { reason, .. } | Error::ParseFile { reason, .. } => reason.clone(),
        other => panic!("unexpected error {other:?}"),
    }
}

pub(super) const SAMPLE: &str = "The US military has sent a letter to the Iraqi defense ministry, seemingly indicating that it was preparing to pull troops out of the country and reposition forces over the next days and weeks.\n\nThe head of the US military's Task Force Iraq, Brigadier General William Seely, sent a letter.\n";
