//! The entity-name invariant through the library: every name that `entities` lists is found by
//! a filter of that name, in at least as many articles as `entities` counted. Names are
//! generated with dots, hyphens, apostrophes, accents and ampersands ("U.S. Treasury",
//! "E.F. Hutton", "O'Brien-Smith", "Société Générale", "AT&T"), written into a temporary index
//! through `indexer::document` (no recogniser: the mentions are given) and searched back.

use std::path::Path;

use newsidx::article::{Article, Format, GivenEntities};
use newsidx::extract::{self, EntityKind, Mention};
use newsidx::indexer::{self, Analyzed};
use newsidx::search::{self, SearchRequest};
use newsidx::{entities, schema};
use proptest::prelude::*;

/// One word of a name: plain, initials with dots, hyphenated, with an apostrophe, accented, an
/// ampersand form, an abbreviation with a trailing dot.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Z][a-z]{1,7}",
        "([A-Z]\\.){1,3}",
        "[A-Z][a-z]{1,5}-[A-Z]?[a-z]{1,5}",
        "[A-Z]'[A-Z][a-z]{1,5}",
        "[A-ZÉÅØŁ][a-zéèüñçåøßœ]{1,7}",
        "[A-Z]{1,2}&[A-Z]{1,2}",
        "&",
        "(Inc|Corp|Co|Ltd|St|Dr)\\.",
        "[A-Z][a-z]{1,4}[\u{2019}'`]s",
    ]
}

fn name() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..4).prop_map(|words| words.join(" "))
}

fn kind() -> impl Strategy<Value = EntityKind> {
    prop_oneof![
        Just(EntityKind::Person),
        Just(EntityKind::Organization),
        Just(EntityKind::Location),
    ]
}

/// An article: the entities it names, each either mentioned in the body or given by the record.
fn article() -> impl Strategy<Value = Vec<(EntityKind, String, bool)>> {
    prop::collection::vec((kind(), name(), any::<bool>()), 1..5)
}

/// The analyzed article, as the indexer would get it: mentioned names in the body with their
/// offsets, given ones in the record, entities merged by `extract::summarize`.
fn analyzed(n: usize, names: &[(EntityKind, String, bool)]) -> Analyzed {
    let mut body = String::from("Reuters reported that ");
    let mut mentions = Vec::new();
    let mut given = GivenEntities::default();
    for (kind, name, mentioned) in names {
        if *mentioned && *kind != EntityKind::Location {
            let start = body.len();
            body.push_str(name);
            mentions.push(Mention {
                kind: *kind,
                text: name.clone(),
                canonical: name.clone(),
                start,
                end: body.len(),
                char_start: body[..start].chars().count(),
                char_end: body.chars().count(),
            });
            body.push_str(" said on Monday. ");
        } else {
            match kind {
                EntityKind::Person => given.persons.push(name.clone()),
                EntityKind::Organization => given.organizations.push(name.clone()),
                _ => given.locations.push(name.clone()),
            }
        }
    }
    let entities = extract::summarize(&[], &mentions, &given);
    Analyzed {
        article: Article {
            id: format!("names.jsonl:{n}"),
            path: "names.jsonl".into(),
            line: Some(n),
            format: Format::JsonLines,
            title: None,
            body,
            published: None,
            published_source: None,
            source: None,
            authors: Vec::new(),
            url: None,
            crawled: None,
            given,
        },
        mentions,
        entities,
    }
}

fn write_index(path: &Path, articles: &[Vec<(EntityKind, String, bool)>]) {
    let (index, fields) = schema::create_index(path).unwrap();
    let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
    for (n, names) in articles.iter().enumerate() {
        writer
            .add_document(indexer::document(
                &fields,
                "names.jsonl",
                &analyzed(n + 1, names),
            ))
            .unwrap();
    }
    writer.commit().unwrap();
}

/// For every name `entities` lists, the articles a filter of that name finds (at least the
/// `articles` it counted), as `(kind, name, counted, found)` where found < counted.
fn misses(index: &Path) -> Vec<(EntityKind, String, u64, usize)> {
    let all = SearchRequest::builder().build().unwrap();
    let kinds = [
        EntityKind::Person,
        EntityKind::Organization,
        EntityKind::Location,
    ];
    let counts = entities::entities(index, &all, &kinds, 10_000).unwrap();
    let mut out = Vec::new();
    for e in counts.entities {
        let builder = SearchRequest::builder();
        let builder = match e.kind {
            EntityKind::Person => builder.person(&e.name),
            EntityKind::Organization => builder.organization(&e.name),
            _ => builder.location(&e.name),
        };
        let found = search::search(index, &builder.build().unwrap())
            .unwrap()
            .total_hits;
        if (found as u64) < e.articles {
            out.push((e.kind, e.name, e.articles, found));
        }
    }
    out
}

/// The names of issue #13: listed by `entities`, found by no filter of their own name.
#[test]
fn names_with_dots_are_found_by_their_own_filter() {
    let dir = tempfile::tempdir().unwrap();
    let org = |name: &str, mentioned| (EntityKind::Organization, name.to_string(), mentioned);
    let loc = |name: &str| (EntityKind::Location, name.to_string(), false);
    write_index(
        dir.path(),
        &[
            vec![org("U.S. Treasury", true), org("E.F. Hutton", true)],
            vec![org("US Treasury", true), org("J.P. Morgan", false)],
            vec![org("U.N.", true), loc("N.J."), loc("N.Y.")],
        ],
    );
    assert_eq!(misses(dir.path()), []);
    let hits = |org: &str| {
        let request = SearchRequest::builder().organization(org).build().unwrap();
        search::search(dir.path(), &request).unwrap().total_hits
    };
    assert_eq!(hits("U.S. Treasury"), 2);
    assert_eq!(hits("us treasury"), 2);
    assert_eq!(hits("treasury"), 2);
    assert_eq!(hits("E.F. Hutton"), 1);
    assert_eq!(hits("hutton"), 1);
    assert_eq!(hits("J.P. Morgan"), 1);
    assert_eq!(hits("U.N."), 1);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn every_listed_name_is_found_by_its_own_filter(
        articles in prop::collection::vec(article(), 1..6)
    ) {
        let dir = tempfile::tempdir().unwrap();
        write_index(dir.path(), &articles);
        prop_assert_eq!(misses(dir.path()), vec![]);
    }
}
