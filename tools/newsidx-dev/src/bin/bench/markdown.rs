//! The Markdown table of one size's figures, against the targets.

use super::*;

pub(crate) fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_000_000.0
}

pub(crate) fn rss_text(rss: Option<u64>) -> String {
    rss.map_or_else(|| "?".into(), |b| format!("{:.0} MB", mb(b)))
}

/// `1234567` as `1,234,567`.
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A duration in milliseconds with sensible precision.
pub(crate) fn ms(v: f64) -> String {
    if v < 10.0 {
        format!("{v:.2}")
    } else if v < 100.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.0}")
    }
}

pub(crate) fn yes_no(met: bool) -> &'static str {
    if met { "yes" } else { "**no**" }
}

/// The Markdown section of one size: indexing, queries, targets.
pub(crate) fn markdown(r: &Report) -> String {
    let mut s = String::new();
    let c = &r.corpus;
    let ix = &r.indexing;
    let what = match c.layout {
        "json" => format!(
            "{} articles, one `.json` file an article in folders of {}",
            thousands(c.articles),
            thousands(PER_FILE as u64)
        ),
        "jsonl" => format!(
            "{} articles in {} `.jsonl` files of {}",
            thousands(c.articles),
            thousands(c.files),
            thousands(PER_FILE as u64)
        ),
        _ => "Reuters-21578 as it is".to_string(),
    };
    let _ = writeln!(s, "\n### {}\n", what);
    let _ = writeln!(
        s,
        "{} files, {:.1} MB ({:.1} MB of title and body text); {} cores; load average {} before, {} after.\n",
        thousands(c.files),
        mb(c.file_bytes),
        mb(c.text_bytes),
        writer_threads(),
        r.load_average_before,
        r.load_average_after
    );
    let t = r.tantivy_cli.as_ref();
    let tcol = |f: &dyn Fn(&Baseline) -> String| t.map_or_else(|| "-".to_string(), f);
    let _ = writeln!(s, "| indexing | newsidx | tantivy-cli, plain text |");
    let _ = writeln!(s, "|---|---|---|");
    let _ = writeln!(
        s,
        "| wall time | {:.1} s | {} |",
        ix.run.seconds,
        tcol(&|b| format!("{:.1} s", b.run.seconds))
    );
    let _ = writeln!(
        s,
        "| articles/s | {} | {} |",
        thousands(ix.articles_per_second as u64),
        tcol(&|b| thousands(b.articles_per_second as u64))
    );
    let _ = writeln!(
        s,
        "| MB/s of text (of files) | {:.2} ({:.2}) | {} |",
        mb(c.text_bytes) / ix.run.seconds,
        ix.mb_per_second,
        tcol(&|b| format!("{:.2}", b.mb_per_second))
    );
    let _ = writeln!(
        s,
        "| peak RSS | {} | {} |",
        rss_text(ix.run.peak_rss_bytes),
        tcol(&|b| rss_text(b.run.peak_rss_bytes))
    );
    let _ = writeln!(
        s,
        "| index on disk | {:.1} MB ({:.2}× the text, {:.2}× the files) | {} |",
        mb(ix.index_bytes),
        ix.index_bytes as f64 / c.text_bytes as f64,
        ix.index_bytes as f64 / c.file_bytes as f64,
        tcol(&|b| format!(
            "{:.1} MB ({:.2}×)",
            mb(b.index_bytes),
            b.index_bytes as f64 / c.text_bytes as f64
        ))
    );
    if let Some(b) = t {
        let _ = writeln!(
            s,
            "| newsidx / tantivy-cli articles/s | {:.2}× | |",
            b.throughput_ratio
        );
    }
    let inc = &r.incremental;
    let _ = writeln!(
        s,
        "| re-index, nothing changed | {:.2} s ({:.1}% of the build) | |",
        inc.unchanged.seconds,
        inc.unchanged_ratio * 100.0
    );
    if let (Some(run), Some(ratio)) = (&inc.one_file_changed, inc.one_file_changed_ratio) {
        let _ = writeln!(
            s,
            "| re-index, 1 file changed ({}) | {:.2} s ({:.1}% of the build) | |",
            match inc.changed_articles.unwrap_or(0) {
                1 => "1 article in it".to_string(),
                n => format!("{} articles in it", thousands(n)),
            },
            run.seconds,
            ratio * 100.0
        );
    }
    if let Some(note) = &r.tantivy_cli_note {
        let _ = writeln!(s, "\ntantivy-cli: {note}.");
    }

    let _ = writeln!(
        s,
        "\n| query | `newsidx …` | hits | in process, index open: p50 / p99 | in process, opened each time | CLI call |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|---|");
    for q in &r.queries {
        let command: Vec<String> = q
            .command
            .iter()
            .map(|a| {
                if a.contains(' ') {
                    format!("\"{a}\"")
                } else {
                    a.clone()
                }
            })
            .collect();
        let open = q.index_open.as_ref().map_or_else(
            || "".to_string(),
            |l| format!("{} / {} ms", ms(l.p50_ms), ms(l.p99_ms)),
        );
        let _ = writeln!(
            s,
            "| {} | `{}` | {} | {open} | {} / {} ms | {} / {} ms |",
            q.name,
            command.join(" "),
            thousands(q.hits),
            ms(q.in_process.p50_ms),
            ms(q.in_process.p99_ms),
            ms(q.cli.p50_ms),
            ms(q.cli.p99_ms)
        );
    }
    if let Some(g) = &r.grep {
        let _ = writeln!(
            s,
            "| ad hoc: grep (newsidx CLI {:.2}× its time) | `{}` | {} file{} | | | {} / {} ms |",
            g.newsidx_ratio,
            g.command,
            thousands(g.files),
            if g.files == 1 { "" } else { "s" },
            ms(g.latency.p50_ms),
            ms(g.latency.p99_ms)
        );
    }
    let runs = |k: &str| {
        r.queries
            .iter()
            .find(|q| q.name == k)
            .map_or(0, |q| q.in_process.runs)
    };
    let _ = writeln!(
        s,
        "\nIn process: {} runs of each search, {} of the entities aggregation, after 3 warm-up \
         runs; \"index open\" searches an index opened once before (`SearchIndex`, as a \
         long-running program would), \"opened each time\" opens it for every run, as the CLI \
         does. CLI: {} calls each.",
        runs(TEXT_QUERY),
        runs("entities aggregation"),
        r.queries.first().map_or(0, |q| q.cli.runs)
    );

    let w = &r.workflows;
    let _ = writeln!(s, "\n| workflow (whole CLI calls) | time | peak RSS |");
    let _ = writeln!(s, "|---|---|---|");
    let _ = writeln!(
        s,
        "| `batch` of {SMALL_LIST} persons (`--as person`), best of 3 | {} ms | {} |",
        ms(w.batch_small.seconds * 1000.0),
        rss_text(w.batch_small.peak_rss_bytes)
    );
    let _ = writeln!(
        s,
        "| the same {SMALL_LIST} names as separate `search --person NAME --limit 3` calls, summed, best of 3 | {} ms | |",
        ms(w.separate_small_seconds * 1000.0)
    );
    let _ = writeln!(
        s,
        "| `batch` of {} persons ({} distinct: the index's, most mentioned first, in turn), one run | {:.1} s | {} |",
        thousands(w.large_names as u64),
        thousands(w.large_distinct as u64),
        w.batch_large.seconds,
        rss_text(w.batch_large.peak_rss_bytes)
    );
    let _ = writeln!(
        s,
        "| `mentions --person \"{MENTIONS_OF}\" --format jsonl` ({} mentions), best of 3 | {} ms | {} |",
        thousands(w.mentions_count as u64),
        ms(w.mentions.seconds * 1000.0),
        rss_text(w.mentions.peak_rss_bytes)
    );
    let _ = writeln!(
        s,
        "| `export --split-by-date` ({} articles, {:.1} MB of NDJSON: {:.0} articles/s, {:.1} MB/s), one run | {:.1} s | {} |",
        thousands(w.export_articles),
        w.export_bytes as f64 / 1e6,
        w.export_articles as f64 / w.export.seconds,
        w.export_bytes as f64 / 1e6 / w.export.seconds,
        w.export.seconds,
        rss_text(w.export.peak_rss_bytes)
    );

    let _ = writeln!(s, "\n| target | figure | met |");
    let _ = writeln!(s, "|---|---|---|");
    if r.size == "reuters" {
        let _ = writeln!(
            s,
            "| all of Reuters indexed with extraction in under 15 s | {:.1} s | {} |",
            ix.run.seconds,
            yes_no(ix.run.seconds < 15.0)
        );
    }
    if let Some(b) = t {
        let _ = writeln!(
            s,
            "| indexing at least half as fast as tantivy-cli on plain text | {:.2}× | {} |",
            b.throughput_ratio,
            yes_no(b.throughput_ratio >= 0.5)
        );
    }
    let searches = || r.queries.iter().filter(|q| q.command[0] == "search");
    let max = |f: &dyn Fn(&QueryFigures) -> f64| searches().map(f).fold(f64::NAN, f64::max);
    let p50 = max(&|q| q.index_open.as_ref().map_or(f64::NAN, |l| l.p50_ms));
    let p99 = max(&|q| q.index_open.as_ref().map_or(f64::NAN, |l| l.p99_ms));
    let _ = writeln!(
        s,
        "| warm search p50 under 5 ms, p99 under 50 ms (slowest search kind, index open; target at 1 M) | {} / {} ms | {} |",
        ms(p50),
        ms(p99),
        yes_no(p50 < 5.0 && p99 < 50.0)
    );
    let cli = max(&|q| q.cli.p50_ms);
    let _ = writeln!(
        s,
        "| a whole `newsidx search` call under 100 ms (slowest search kind, p50) | {} ms | {} |",
        ms(cli),
        yes_no(cli < 100.0)
    );
    let ratio = ix.index_bytes as f64 / c.text_bytes as f64;
    let _ = writeln!(
        s,
        "| index no more than 1.5× the raw text | {ratio:.2}× | {} |",
        yes_no(ratio <= 1.5)
    );
    if let Some(ratio) = inc.one_file_changed_ratio {
        let _ = writeln!(
            s,
            "| re-indexing 1 changed file a small fraction (< 10%) of a full build | {:.1}% | {} |",
            ratio * 100.0,
            yes_no(ratio < 0.1)
        );
    }
    let _ = writeln!(
        s,
        "| `batch` of {SMALL_LIST} names at least 5× faster than {SMALL_LIST} separate searches | {:.1}× | {} |",
        w.batch_speedup,
        yes_no(w.batch_speedup >= 5.0)
    );
    if w.large_names >= LARGE_LIST {
        let _ = writeln!(
            s,
            "| `batch` of {} names in under a minute (target at 1 M) | {:.1} s | {} |",
            thousands(w.large_names as u64),
            w.batch_large.seconds,
            yes_no(w.batch_large.seconds < 60.0)
        );
    }
    if let Some(rss) = ix.run.peak_rss_bytes {
        let _ = writeln!(
            s,
            "| peak RSS when indexing under 1 GB (issue #6: at 100,000 articles) | {} | {} |",
            rss_text(Some(rss)),
            yes_no(rss < 1_000_000_000)
        );
    }
    s
}
