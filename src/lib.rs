//! newsidx turns a folder of news articles into a full-text search index with entity fields
//! (persons, organizations, locations, dates) and answers ranked, highlighted queries over it.
//!
//! The pipeline, one module a stage:
//!
//! - [`article`]: what is in this file? (formats, encodings, metadata)
//! - [`dates`]: when was it published, which dates does it mention?
//! - [`extract`]: who, what and where does it mention?
//! - [`schema`]: which fields does the index have?
//! - [`indexer`]: how does a folder become an index?
//! - [`search`]: which articles answer this request?
//! - [`batch`]: what does each row of a watch list find?
//! - [`entities`]: which entities do the matching articles mention?
//! - [`mentions`]: where exactly is an entity mentioned, in which sentence?
//! - [`timeline`]: how are the matching articles spread over time?
//! - [`stats`]: what is in this index?
//! - [`report`]: what does a finished report on a question look like?
//! - [`output`]: how does a hit look to a person or a script?
//! - [`export`]: how does an archive leave newsidx (for Quickwit, as NDJSON)?
//! - [`preview`]: what would newsidx read from these files (the `extract` command, no index)?
//!
//! ```no_run
//! use newsidx::{indexer, search};
//! # fn main() -> Result<(), newsidx::Error> {
//! let options = indexer::IndexOptions::new("index");
//! let summary = indexer::index_paths(&["corpus".into()], &options, &mut indexer::NoProgress)?;
//! println!("{} articles", summary.articles);
//! let request = search::SearchRequest::builder().person("soleimani").build()?;
//! let results = search::search(std::path::Path::new("index"), &request)?;
//! for hit in results.hits {
//!     println!("{} {}", hit.rank, hit.title.as_deref().unwrap_or("(untitled)"));
//! }
//! # Ok(())
//! # }
//! ```
#![warn(missing_docs)]

pub mod article;
pub mod batch;
pub mod dates;
pub mod entities;
mod error;
pub mod export;
pub mod extract;
pub mod indexer;
pub mod mentions;
pub mod output;
pub mod preview;
pub mod report;
pub mod schema;
pub mod search;
pub mod stats;
pub mod timeline;

pub use error::{Error, Result};
