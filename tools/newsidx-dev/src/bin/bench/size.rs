//! One corpus size end to end: build, re-index, baselines and queries.

use super::*;

/// What every size is run with.
pub(crate) struct Setup<'a> {
    pub(crate) args: &'a Args,
    /// The work folder, canonical.
    pub(crate) work: PathBuf,
    pub(crate) newsidx: PathBuf,
    /// tantivy-cli, or why there is none.
    pub(crate) tantivy: Result<PathBuf, String>,
    /// Reuters records with a title and a body.
    pub(crate) records: Vec<Record>,
}

/// Indexes `corpus`, re-indexes it, runs the baselines and the queries.
pub(crate) fn bench_size(
    setup: &Setup,
    size: Size,
    corpus: Corpus,
    load_average_before: String,
) -> anyhow::Result<Report> {
    let Setup {
        args,
        work,
        newsidx,
        tantivy,
        records,
    } = setup;
    let label = size.label();
    let index = work.join(format!("index-{label}"));
    if index.exists() {
        fs::remove_dir_all(&index).with_context(|| format!("removing {}", index.display()))?;
    }

    eprintln!("[{label}] newsidx index {}", corpus.path.display());
    let log = work.join(format!("index-{label}.log"));
    let (run, summary) = newsidx_index(newsidx, &corpus.path, &index, &log)?;
    let articles = count(&summary, "total_articles");
    let skipped = summary
        .get("skipped")
        .and_then(|v| v.as_array())
        .map_or(0, |a| a.len() as u64);
    let indexing = Indexing {
        articles_per_second: articles as f64 / run.seconds,
        mb_per_second: mb(corpus.file_bytes) / run.seconds,
        index_bytes: dir_bytes(&index)?,
        articles,
        skipped,
        run,
    };
    eprintln!(
        "[{label}] {articles} articles in {:.1}s ({:.0}/s), peak RSS {}",
        indexing.run.seconds,
        indexing.articles_per_second,
        rss_text(indexing.run.peak_rss_bytes)
    );

    eprintln!("[{label}] re-index, nothing changed");
    let (unchanged, _) = newsidx_index(newsidx, &corpus.path, &index, &log)?;
    let full = indexing.run.seconds;
    let mut incremental = Incremental {
        unchanged_ratio: unchanged.seconds / full,
        unchanged,
        one_file_changed: None,
        one_file_changed_ratio: None,
        changed_articles: None,
    };
    if let (Size::Articles(n), Some(file)) = (size, &corpus.changed_file) {
        eprintln!("[{label}] re-index, {} changed", file.display());
        fs::write(file, file_contents(n, 0, records, true))?;
        let (run, summary) = newsidx_index(newsidx, &corpus.path, &index, &log)?;
        if count(&summary, "updated") != 1 {
            bail!("the re-run after one changed file did not update one file: {summary}");
        }
        incremental.one_file_changed_ratio = Some(run.seconds / full);
        incremental.one_file_changed = Some(run);
        incremental.changed_articles = Some(count(&summary, "articles"));
    }

    let (tantivy_cli, tantivy_cli_note) = match tantivy {
        Ok(tool) => {
            eprintln!("[{label}] tantivy-cli baseline");
            let baseline = tantivy_baseline(tool, work, &label, &corpus, &indexing)?;
            (Some(baseline), None)
        }
        Err(note) => (None, Some(note.clone())),
    };

    let queries = run_queries(args, size, newsidx, &index, &label)?;
    let grep = run_grep(args, &corpus, &label, &queries)?;
    let workflows = run_workflows(newsidx, &index, work, &label)?;

    Ok(Report {
        size: label,
        load_average_before,
        load_average_after: load_average(),
        corpus,
        indexing,
        incremental,
        tantivy_cli,
        tantivy_cli_note,
        queries,
        grep,
        workflows,
    })
}

// ---------------------------------------------------------------------------------------------
// Baselines
