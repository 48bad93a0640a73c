//! Tools for the people who build newsidx, kept out of the program users install: the
//! whole-run benchmark (`bench`), training and scoring the entity recogniser (`ner-train`,
//! `ner-eval`), making the bundled corpus (`make_corpus`) and checking publication dates on all
//! of Reuters-21578 (`check_dates`), checking that every listed entity name is found by its own
//! filter (`check_names`). They read `../shared` and are never part of `cargo test`
//! of the main package. Run them from the repository root, e.g.
//!
//! ```text
//! cargo run -p newsidx-dev --release --bin ner-eval -- ../shared/data/conll2003/docs_train_dev.jsonl
//! ```
//!
//! This library holds what several of them share: reading Reuters-21578 and writing its
//! records in every article format newsidx reads ([`reuters`]), and the CoNLL-2003 articles
//! the entity tools train and score on ([`conll`]).

pub mod conll;
pub mod reuters;
