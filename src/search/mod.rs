//! Which articles answer this request? Turns a validated [`SearchRequest`] into one tantivy
//! query of typed clauses (free text, entity filters, date range), ranks the hits (BM25 on text,
//! entity salience through mention counts) and cuts a highlighted snippet for each.
//!
//! One file a step, in the order a search runs:
//!
//! - `request.rs`: what is asked? ([`SearchRequest`], its builder and validation)
//! - `text_query.rs`: how is the free text read? (query syntax, `NOT` and `AND NOT`)
//! - `names.rs`: which other names has a filter's entity? (an acronym and its expansion)
//! - `user_names.rs`: what has the user said about names? (aliases file, hide list)
//! - `query.rs`: which clauses make the query? (entity phrases, date ranges, `Clauses`)
//! - `union.rs`: a title-or-body union that seeks rather than buffers
//! - `exclude.rs`: excluded phrases that tantivy's debug build can run
//! - `index.rs`: how is an index opened and a request run? ([`SearchIndex`], [`search`])
//! - `collect.rs`: which hits, in which order, how many? ([`Hits`], counting, sorting)
//! - `hit.rs`: what does one hit hold? ([`Hit`], read from its stored document)
//! - `snippet.rs`: where in the body does it answer? ([`Snippet`], highlights)

mod collect;
mod exclude;
mod hit;
mod index;
mod names;
mod query;
mod request;
mod snippet;
mod text_query;
mod union;
mod user_names;

pub use collect::Hits;
pub use hit::{Duplicates, Hit};
pub(crate) use index::Opened;
pub use index::{SearchIndex, SearchResults, search};
pub(crate) use names::expansions;
pub use names::{FilterNames, OtherName};
pub(crate) use query::{Clauses, has_published_date};
pub use request::{DEFAULT_LIMIT, MAX_LIMIT, SearchRequest, SearchRequestBuilder, Sort};
pub use snippet::{SNIPPET_CHARS, Snippet, snippet};
pub(crate) use user_names::UserNames;
pub use user_names::{ALIASES_FILE, HIDE_FILE};
