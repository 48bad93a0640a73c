//! One function a subcommand: each takes the values `args.rs` parsed, calls the library, writes
//! what it returns to stdout (messages to stderr) and says which exit code the run ends with
//! (0 found, 1 nothing found). `main.rs` dispatches to them; man pages and completions are in
//! `man.rs`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use newsidx::indexer::{self, IndexOptions};
use newsidx::output::{self, count};
use newsidx::search::{self, SearchRequest};

use crate::args::{
    ByChoice, ColorChoice, ExportFormat, Filters, KindChoice, OutputFormat, SortChoice,
};
use crate::progress::BarProgress;
use crate::{colors, emit};

/// `newsidx index`: indexes `paths` with `options`, then says what it did (unless `quiet`).
pub(crate) fn index(
    paths: &[PathBuf],
    options: &IndexOptions,
    quiet: bool,
    verbose: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let index = &options.index_path;
    let mut progress = BarProgress::new(quiet, verbose);
    let summary = indexer::index_paths(paths, options, &mut progress)
        .with_context(|| format!("indexing into {}", index.display()))?;
    if json {
        let mut out = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, &summary)?;
        writeln!(out)?;
        if !quiet {
            output::write_skipped(&mut std::io::stderr().lock(), &summary.skipped, verbose)?;
        }
    } else if !quiet {
        output::write_index_summary(&mut std::io::stderr(), &summary, index, verbose)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `newsidx search`: a page of ranked hits, or with `all` every hit as a stream.
pub(crate) fn search(
    filters: Filters,
    limit: usize,
    all: bool,
    sort: SortChoice,
    format: OutputFormat,
    color: ColorChoice,
) -> anyhow::Result<ExitCode> {
    let (mut request, index) = filters.request(limit, sort.into())?;
    request.all = all;
    let format: output::Format = format.into();
    let colors = colors(color, format);
    if all {
        let searcher = search::SearchIndex::open(&index)?;
        let mut hits = searcher.hits(&request)?;
        note_other_names(&hits.other_names);
        let found = hits.total_hits > 0;
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        output::write_hit_stream(&mut out, &request, &mut hits, format, colors)?;
        out.flush()?;
        return Ok(if found {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    let results = search::search(&index, &request)?;
    note_other_names(&results.other_names);
    let code = emit(!results.hits.is_empty(), |out| {
        output::write_results(out, &results, format, colors)
    })?;
    // Text says "N of M" itself; a script reading JSON Lines or CSV learns it here.
    if format != output::Format::Text
        && let Some(notice) = match results.total_groups {
            Some(stories) => output::limit_notice(results.hits.len(), stories)
                .map(|n| n.replace("matching articles", "stories")),
            None => output::limit_notice(results.hits.len(), results.total_hits),
        }
    {
        eprintln!("{notice}");
    }
    Ok(code)
}

/// Says on stderr which other names of their entities the entity filters matched, and which
/// names stand for several entities.
fn note_other_names(filters: &[search::FilterNames]) {
    let list = |names: &[search::OtherName]| {
        names
            .iter()
            .map(|o| {
                if o.from_aliases {
                    return format!("\"{}\" (aliases file)", o.name);
                }
                let articles = if o.paired_in == 1 {
                    "article"
                } else {
                    "articles"
                };
                format!("\"{}\" ({} {articles})", o.name, o.paired_in)
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    for f in filters {
        if !f.other_names.is_empty() {
            let verb = if f.excluded {
                "also leaves out"
            } else {
                "also matches"
            };
            eprintln!(
                "note: \"{}\" {verb} {}, the same entity; --exact-name matches the name alone",
                f.filter,
                list(&f.other_names)
            );
        }
        if !f.ambiguous.is_empty() {
            let all = if f.excluded {
                "all are left out"
            } else {
                "all match"
            };
            eprintln!(
                "note: \"{}\" is short for more than one entity here: {}; {all}, a fuller name picks one",
                f.filter,
                list(&f.ambiguous)
            );
        }
    }
}

/// `newsidx entities`: the `top` entities of each of `kinds` (all three when empty).
pub(crate) fn entities(
    filters: Filters,
    kinds: Vec<KindChoice>,
    top: usize,
    variants: bool,
    format: OutputFormat,
    color: ColorChoice,
) -> anyhow::Result<ExitCode> {
    use newsidx::extract::EntityKind;
    if top == 0 {
        anyhow::bail!("invalid value for --top: give 1 or more");
    }
    let mut kinds: Vec<EntityKind> = kinds
        .into_iter()
        .map(|k| match k {
            KindChoice::Person => EntityKind::Person,
            KindChoice::Org => EntityKind::Organization,
            KindChoice::Location => EntityKind::Location,
        })
        .collect();
    if kinds.is_empty() {
        kinds = vec![
            EntityKind::Person,
            EntityKind::Organization,
            EntityKind::Location,
        ];
    }
    let (request, index) = filters.request(search::DEFAULT_LIMIT, search::Sort::Relevance)?;
    let mut counts = newsidx::entities::entities(&index, &request, &kinds, top)?;
    if !variants {
        for e in &mut counts.entities {
            e.variants.clear();
        }
    }
    let format = format.into();
    emit(!counts.entities.is_empty(), |out| {
        output::write_entities(out, &counts, format, colors(color, format))
    })
}

/// `newsidx batch`: every row of the list at `file`, searched at once.
pub(crate) fn batch(
    file: &Path,
    options: &newsidx::batch::BatchOptions,
    index: &Path,
    format: OutputFormat,
    report: Option<&Path>,
    color: ColorChoice,
) -> anyhow::Result<ExitCode> {
    let html = match report {
        None => None,
        Some(path) => Some(report_kind(path)?),
    };
    if let Some(since) = &options.new_since {
        // a bad stamp fails before anything runs, not once a row
        SearchRequest::builder()
            .now(options.now)
            .new_since(since.clone())
            .build()?;
    }
    let input = newsidx::batch::read_batch(file, options)?;
    for column in &input.unknown_columns {
        eprintln!(
            "{}:1: unknown column \"{column}\" not read (known: {})",
            file.display(),
            newsidx::batch::COLUMNS.join(", ")
        );
    }
    for bad in &input.bad {
        eprintln!("{}:{}: {}", file.display(), bad.line, bad.reason);
    }
    let searcher = search::SearchIndex::open(index)?;
    let as_of = searcher.as_of()?;
    let results = newsidx::batch::run_batch(&searcher, &input.rows)?;
    if let (Some(path), Some(html)) = (report, html) {
        let mut bytes = Vec::new();
        if html {
            newsidx::report::write_batch_html(&mut bytes, file, &results, &input.bad)?;
        } else {
            newsidx::report::write_batch_markdown(&mut bytes, file, &results, &input.bad)?;
        }
        std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    let format: output::Format = format.into();
    let found = results.iter().any(|r| r.total_hits > 0);
    let code = emit(found, |out| {
        output::write_batch(
            out,
            file,
            as_of,
            &results,
            &input.bad,
            format,
            colors(color, format),
        )
    })?;
    if let Some(stamp) = as_of {
        eprintln!("note: for what is indexed after this run, add --new-since {stamp}");
    }
    Ok(code)
}

/// Whether a report file is HTML (`.html`, `.htm`) or Markdown (`.md`, `.markdown`); any
/// other extension is an error.
fn report_kind(out: &Path) -> anyhow::Result<bool> {
    let ext = out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm") => Ok(true),
        Some("md" | "markdown") => Ok(false),
        _ => anyhow::bail!(
            "invalid value for --out: {}: name a .html or .md file",
            out.display()
        ),
    }
}

/// `newsidx mentions`: every mention of the filtered entities, as it is read.
pub(crate) fn mentions(
    filters: Filters,
    sort: SortChoice,
    format: OutputFormat,
    color: ColorChoice,
) -> anyhow::Result<ExitCode> {
    if filters.collapse {
        anyhow::bail!(
            "invalid value for --collapse: mentions lists every mention, of every article"
        );
    }
    let (request, index) = filters.request(search::DEFAULT_LIMIT, sort.into())?;
    let format: output::Format = format.into();
    let colors = colors(color, format);
    let searcher = search::SearchIndex::open(&index)?;
    let mut mentions = newsidx::mentions::mentions(&searcher, &request)?;
    note_other_names(&mentions.other_names);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let n = output::write_mentions(&mut out, &request, &mut mentions, format, colors)?;
    out.flush()?;
    Ok(if n > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `newsidx report`: writes an HTML or Markdown report (by the extension of `out`).
pub(crate) fn report(
    filters: Filters,
    out: &Path,
    by: ByChoice,
    limit: usize,
    top: usize,
) -> anyhow::Result<ExitCode> {
    let html = report_kind(out)?;
    if top == 0 {
        anyhow::bail!("invalid value for --top: give 1 or more");
    }
    let (request, index) = filters.request(limit, search::Sort::Relevance)?;
    let report = newsidx::report::build(&index, &request, by.into(), top)?;
    let mut bytes = Vec::new();
    if html {
        newsidx::report::write_html(&mut bytes, &report)?;
    } else {
        newsidx::report::write_markdown(&mut bytes, &report)?;
    }
    std::fs::write(out, bytes).with_context(|| format!("writing {}", out.display()))?;
    eprintln!(
        "wrote {} ({})",
        out.display(),
        count(
            report.results.total_hits as u64,
            "matching article",
            "matching articles"
        )
    );
    Ok(if report.results.total_hits == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `newsidx timeline`: the matching articles counted by period of `by`.
pub(crate) fn timeline(
    filters: Filters,
    by: ByChoice,
    format: OutputFormat,
    color: ColorChoice,
) -> anyhow::Result<ExitCode> {
    let by = by.into();
    let (request, index) = filters.request(search::DEFAULT_LIMIT, search::Sort::Relevance)?;
    let timeline = newsidx::timeline::timeline(&index, &request, by)?;
    let format = format.into();
    emit(timeline.total > 0, |out| {
        output::write_timeline(out, &timeline, format, colors(color, format))
    })
}

/// `newsidx export`: the matching articles as NDJSON, on stdout or into the file `out`.
pub(crate) fn export(
    filters: Filters,
    format: ExportFormat,
    out: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let format = match format {
        ExportFormat::Ndjson => newsidx::export::Format::Ndjson,
    };
    let export = open_export(filters)?;
    let summary = match out {
        Some(path) => {
            // Into a side file renamed at the end: a failed export never leaves a
            // truncated FILE, nor replaces a good one.
            let partial = partial_path(path);
            let summary = export_to_file(&export, format, &partial)
                .and_then(|summary| {
                    std::fs::rename(&partial, path)?;
                    Ok(summary)
                })
                .inspect_err(|_| {
                    let _ = std::fs::remove_file(&partial);
                })
                .with_context(|| format!("writing {}", path.display()))?;
            eprintln!(
                "exported {} to {}",
                count(summary.articles, "article", "articles"),
                path.display()
            );
            summary
        }
        None => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            let summary = export.write(format, &mut stdout)?;
            stdout.flush()?;
            summary
        }
    };
    note_as_of(summary.as_of);
    Ok(if summary.articles == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The export the filters ask for, its index open: a bad flag or index fails here, before any
/// output file is made.
fn open_export(filters: Filters) -> anyhow::Result<newsidx::export::Export> {
    if filters.collapse {
        anyhow::bail!("invalid value for --collapse: export writes every matching article");
    }
    let (request, index) = filters.request(search::DEFAULT_LIMIT, search::Sort::Relevance)?;
    Ok(newsidx::export::Export::open(&index, &request)?)
}

/// The side file `path` is written into before it is renamed to `path`.
fn partial_path(path: &Path) -> PathBuf {
    let mut partial = path.to_path_buf().into_os_string();
    partial.push(".partial");
    PathBuf::from(partial)
}

/// The stamp that makes the next export write only what is indexed after this one.
fn note_as_of(as_of: Option<jiff::Timestamp>) {
    if let Some(stamp) = as_of {
        eprintln!(
            "note: to export only what is indexed after this export, add --new-since {stamp}"
        );
    }
}

/// `newsidx export --split-by-date DIR`: `dated.ndjson` in publication order and
/// `undated.ndjson`, each written to a side file and renamed once both are whole.
pub(crate) fn export_split(filters: Filters, dir: &Path) -> anyhow::Result<ExitCode> {
    // The index is opened (and the request checked against it) before DIR is touched.
    let export = open_export(filters)?;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let [dated, undated] = ["dated.ndjson", "undated.ndjson"].map(|name| dir.join(name));
    let (dated_partial, undated_partial) = (partial_path(&dated), partial_path(&undated));
    let written = (|| -> anyhow::Result<newsidx::export::SplitSummary> {
        let mut d = std::io::BufWriter::new(std::fs::File::create(&dated_partial)?);
        let mut u = std::io::BufWriter::new(std::fs::File::create(&undated_partial)?);
        let summary = export.write_split(&mut d, &mut u)?;
        for file in [d, u] {
            file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        }
        std::fs::rename(&dated_partial, &dated)?;
        std::fs::rename(&undated_partial, &undated)?;
        Ok(summary)
    })()
    .inspect_err(|_| {
        let _ = std::fs::remove_file(&dated_partial);
        let _ = std::fs::remove_file(&undated_partial);
    })
    .with_context(|| format!("writing into {}", dir.display()))?;
    eprintln!(
        "exported {} to {} (oldest first) and {} to {}",
        count(written.dated, "dated article", "dated articles"),
        dated.display(),
        count(written.undated, "undated article", "undated articles"),
        undated.display()
    );
    note_as_of(written.as_of);
    Ok(if written.dated + written.undated == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Exports into a new file at `path`.
fn export_to_file(
    export: &newsidx::export::Export,
    format: newsidx::export::Format,
    path: &Path,
) -> anyhow::Result<newsidx::export::ExportSummary> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let summary = export.write(format, &mut file)?;
    file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    Ok(summary)
}

/// `newsidx stats`: what is in the index, as text or JSON.
pub(crate) fn stats(index: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let stats = newsidx::stats::stats(index)?;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &stats)?;
        writeln!(out)?;
    } else {
        output::write_stats(&mut out, &stats)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `newsidx extract`: the articles of `paths` with their entities, as JSON Lines.
pub(crate) fn extract(paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let summary = newsidx::preview::extract_files(
        paths,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr(),
    )?;
    Ok(if summary.articles == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
