//! Criterion benchmarks of entity extraction (`cargo bench --bench extract`): the CRF
//! recogniser with canonical names and mentioned dates ([`extract::extract`]) and the whole
//! per-article analysis the indexer runs ([`indexer::analyze`]), on the sample article
//! (`tests/fixtures/us-forces-iraq-letter.txt`, 2.7 KB) and on a Reuters-21578 article of
//! average size from the bundled corpus (1.1 KB). Needs nothing outside the repository.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newsidx::article::{self, Article, ReadOptions};
use newsidx::{extract, indexer};

/// The benchmarked articles: a name and a file of the repository.
const ARTICLES: [(&str, &str); 2] = [
    ("letter", "tests/fixtures/us-forces-iraq-letter.txt"),
    (
        "reuters",
        "corpus/reuters/json/reuters-19989-miyazawa-says-g-7-still-supports-louvre-accord.json",
    ),
];

fn read(path: &str) -> Article {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let mut file = article::read_file(&path, &ReadOptions::default()).expect("a fixture article");
    file.articles.remove(0)
}

fn bench(c: &mut Criterion) {
    let recognizer = extract::default_recognizer();
    let mut group = c.benchmark_group("extract");
    for (name, path) in ARTICLES {
        let article = read(path);
        group.throughput(Throughput::Bytes(article.body.len() as u64));
        group.bench_function(format!("extract/{name}"), |b| {
            b.iter(|| extract::extract(recognizer.as_ref(), black_box(&article.body)))
        });
        group.bench_function(format!("analyze/{name}"), |b| {
            b.iter(|| indexer::analyze(black_box(article.clone()), recognizer.as_ref()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
