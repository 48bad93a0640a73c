//! Criterion benchmarks of searching (`cargo bench --bench search`): indexes
//! `tests/fixtures/articles` into a temporary folder once, then times a free-text search, an
//! entity search and the entities aggregation through the library, each opening the index as
//! the CLI does (snippets included). Needs nothing outside the repository.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use newsidx::extract::EntityKind;
use newsidx::indexer::{self, IndexOptions, NoProgress};
use newsidx::search::{self, SearchRequest};

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let index = dir.path().join("index");
    let fixtures: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles");
    let summary = indexer::index_paths(&[fixtures], &IndexOptions::new(&index), &mut NoProgress)
        .expect("the fixtures index");
    assert!(summary.articles > 0);

    let text = SearchRequest::builder()
        .text("iraq troops")
        .build()
        .expect("a valid request");
    let person = SearchRequest::builder()
        .person("soleimani")
        .build()
        .expect("a valid request");
    let all_kinds = [
        EntityKind::Person,
        EntityKind::Organization,
        EntityKind::Location,
    ];

    let mut group = c.benchmark_group("search");
    group.bench_function("text", |b| {
        b.iter(|| search::search(&index, black_box(&text)).expect("search"))
    });
    group.bench_function("person", |b| {
        b.iter(|| search::search(&index, black_box(&person)).expect("search"))
    });
    group.bench_function("entities", |b| {
        b.iter(|| {
            newsidx::entities::entities(&index, black_box(&person), &all_kinds, 20)
                .expect("entities")
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
