//! What does a finished report on a question look like? Puts the answer to one search request
//! together (hit count, a timeline, the top persons, organizations and locations, the top hits
//! with highlighted snippets) and writes it as one self-contained HTML file (inline CSS and SVG,
//! no scripts, no external assets) or as Markdown with a text chart; and the report of a batch
//! (`newsidx batch --out`), a table of its rows by hits linking to each row's top hits.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::Result;
use crate::batch::{BadRow, RowResult};
use crate::entities::{self, EntityCounts};
use crate::extract::EntityKind;
use crate::output::{count, noun};
use crate::search::{self, SearchRequest, SearchResults, Sort};
use crate::timeline::{self, Interval, Timeline};

/// Everything a report shows.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The hits (the first `limit`), with the request.
    pub results: SearchResults,
    /// Matching articles per period.
    pub timeline: Timeline,
    /// The top entities of the matching articles.
    pub entities: EntityCounts,
}

/// Gathers a report for `request` from the index at `index_path`. Ranked by relevance, the hits
/// come as `search` ranks them: by the query and the entity filters' salience; with neither
/// (only dates, or nothing), where no article scores above another, newest first.
pub fn build(
    index_path: &Path,
    request: &SearchRequest,
    by: Interval,
    top: usize,
) -> Result<Report> {
    let kinds = [
        EntityKind::Person,
        EntityKind::Organization,
        EntityKind::Location,
    ];
    let unscored = request.text.is_none() && request.entity_filters().next().is_none();
    let mut hits_request = request.clone();
    if unscored && request.sort == Sort::Relevance {
        hits_request.sort = Sort::Newest;
    }
    Ok(Report {
        results: search::search(index_path, &hits_request)?,
        timeline: timeline::timeline(index_path, request, by)?,
        entities: entities::entities(index_path, request, &kinds, top)?,
    })
}

/// Escapes text for HTML element content and attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A line describing the request, for the report's heading.
fn describe(request: &SearchRequest) -> Vec<(String, String)> {
    let mut parts = Vec::new();
    if let Some(text) = &request.text {
        parts.push(("query".to_string(), text.clone()));
    }
    for (label, names) in [
        ("person", &request.persons),
        ("organization", &request.organizations),
        ("location", &request.locations),
        ("not person", &request.not_persons),
        ("not organization", &request.not_organizations),
        ("not location", &request.not_locations),
    ] {
        for name in names {
            parts.push((label.to_string(), name.clone()));
        }
    }
    let day = |t: jiff::Timestamp| t.strftime("%Y-%m-%d").to_string();
    if let Some(t) = request.published_from {
        parts.push(("published from".into(), day(t)));
    }
    if let Some(t) = request.published_to {
        parts.push(("published before".into(), day(t)));
    }
    if let Some(t) = request.mentioned_from {
        parts.push(("mentions from".into(), day(t)));
    }
    if let Some(t) = request.mentioned_to {
        parts.push(("mentions before".into(), day(t)));
    }
    if parts.is_empty() {
        parts.push(("query".into(), "all articles".into()));
    }
    parts
}

/// What a report says instead of a chart when no matching article has a date.
pub const NO_TIMELINE: &str =
    "No matching article has a publication date, so there is no timeline.";

/// Whether the timeline has anything to draw: a matching article with a publication date.
fn has_dates(timeline: &Timeline) -> bool {
    timeline.periods.iter().any(|p| p.count > 0)
}

/// The count axis for counts up to `most`: the step between gridlines (1, 2 or 5 times a power
/// of ten, at most four steps) and the top of the axis, a multiple of the step.
fn count_axis(most: u64) -> (u64, u64) {
    let most = most.max(1);
    let mut power = 1u64;
    loop {
        for step in [power, 2 * power, 5 * power] {
            if step.saturating_mul(4) >= most {
                return (step, most.div_ceil(step) * step);
            }
        }
        power = power.saturating_mul(10);
    }
}

/// Most period labels under a chart.
const MAX_LABELS: usize = 12;

/// Label every how many periods, so that labels of `chars` chars in slots of `slot` pixels
/// (font size 11: about 7 px a char, with a gap) never overlap and there are at most
/// [`MAX_LABELS`] of `n`.
fn label_every(n: usize, chars: usize, slot: f64) -> usize {
    let label_px = chars as f64 * 7.0 + 12.0;
    let to_fit = (label_px / slot).ceil() as usize;
    n.div_ceil(MAX_LABELS).max(to_fit).max(1)
}

/// The timeline as an inline SVG bar chart: a bar a period, gridlines with their counts, and
/// every so many periods labelled.
fn svg_chart(timeline: &Timeline) -> String {
    let (width, height) = (760.0_f64, 240.0_f64);
    let (left, right, top_pad, bottom) = (48.0_f64, 40.0_f64, 28.0_f64, 36.0_f64);
    let (plot_w, plot_h) = (width - left - right, height - top_pad - bottom);
    let base = top_pad + plot_h;
    let by = esc(&format!("{:?}", timeline.by).to_lowercase());
    let most = timeline.periods.iter().map(|p| p.count).max().unwrap_or(0);
    let (step, top) = count_axis(most);
    let n = timeline.periods.len().max(1);
    let slot = plot_w / n as f64;
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Articles per {by}" viewBox="0 0 {width} {height}" width="100%" class="timeline">"##,
    );
    svg.push_str(&format!(
        r##"<text x="{left}" y="14" font-size="12">articles per {by}</text>"##
    ));
    let mut value = 0;
    while value <= top {
        let y = base - value as f64 / top as f64 * plot_h;
        let stroke = if value == 0 { "#888" } else { "#ddd" };
        svg.push_str(&format!(
            r##"<line x1="{left}" y1="{y:.1}" x2="{x2}" y2="{y:.1}" stroke="{stroke}"/><text x="{tx}" y="{ty:.1}" font-size="11" text-anchor="end">{value}</text>"##,
            x2 = width - right,
            tx = left - 6.0,
            ty = y + 4.0,
        ));
        value += step;
    }
    for (i, p) in timeline.periods.iter().enumerate() {
        let h = p.count as f64 / top as f64 * plot_h;
        let x = left + i as f64 * slot + slot * 0.1;
        svg.push_str(&format!(
            r##"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="#3b6ea8"><title>{label}: {count}</title></rect>"##,
            y = base - h,
            w = (slot * 0.8).max(0.5),
            label = esc(&p.period),
            count = p.count
        ));
    }
    let chars = timeline
        .periods
        .iter()
        .map(|p| p.period.chars().count())
        .max()
        .unwrap_or(0);
    let every = label_every(n, chars, slot);
    for (i, p) in timeline.periods.iter().enumerate().step_by(every) {
        let x = left + (i as f64 + 0.5) * slot;
        svg.push_str(&format!(
            r##"<line x1="{x:.1}" y1="{base}" x2="{x:.1}" y2="{y2}" stroke="#888"/><text x="{x:.1}" y="{ty}" font-size="11" text-anchor="middle" class="period">{}</text>"##,
            esc(&p.period),
            y2 = base + 4.0,
            ty = base + 18.0,
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// The timeline as a text chart: a line a period with its count and a bar, then a count axis
/// (`+` at each gridline's count) with its values.
fn text_chart(timeline: &Timeline) -> String {
    const CELLS: u64 = 40;
    let most = timeline.periods.iter().map(|p| p.count).max().unwrap_or(0);
    let (step, top) = count_axis(most);
    let width = timeline
        .periods
        .iter()
        .map(|p| p.period.len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for p in &timeline.periods {
        // any non-zero count gets at least one cell
        let cells = (p.count * CELLS).div_ceil(top) as usize;
        out.push_str(&format!(
            "{:<width$}  {:>5}  {}\n",
            p.period,
            p.count,
            "#".repeat(cells)
        ));
    }
    let indent = " ".repeat(width + 9);
    let mut axis = vec!['-'; CELLS as usize + 1];
    let mut values = String::new();
    let mut value = 0;
    while value <= top {
        let at = (value * CELLS / top) as usize;
        axis[at] = '+';
        // a value starts at its gridline, one space after the previous value at least
        if values.is_empty() || values.chars().count() < at {
            let pad = at.saturating_sub(values.chars().count());
            values.push_str(&" ".repeat(pad));
            values.push_str(&value.to_string());
        }
        value += step;
    }
    out.push_str(&format!(
        "{indent}{}\n",
        axis.into_iter().collect::<String>()
    ));
    out.push_str(&format!("{indent}{values}\n"));
    out
}

/// A snippet with its highlights wrapped in `open`/`close`, the rest passed through `escape`.
fn marked(
    snippet: &search::Snippet,
    open: &str,
    close: &str,
    escape: fn(&str) -> String,
) -> String {
    let mut out = String::new();
    let mut at = 0;
    for [a, b] in &snippet.highlights {
        out.push_str(&escape(&snippet.text[at..*a]));
        out.push_str(open);
        out.push_str(&escape(&snippet.text[*a..*b]));
        out.push_str(close);
        at = *b;
    }
    out.push_str(&escape(&snippet.text[at..]));
    out
}

const CSS: &str = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}\
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}\
dl.query{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dt{color:#666}\
table{border-collapse:collapse}td,th{padding:.2rem .6rem;text-align:left}td.n{text-align:right}\
.entities{display:flex;gap:2rem;flex-wrap:wrap}ol.hits li{margin-bottom:1rem}\
.meta{color:#666;font-size:.9rem}mark{background:#ffe08a}";

/// Writes the report as one self-contained HTML document.
pub fn write_html(out: &mut dyn Write, report: &Report) -> std::io::Result<()> {
    let r = &report.results;
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>newsidx report</title>\n<style>{CSS}</style>\n</head>\n<body>"
    )?;
    writeln!(out, "<h1>newsidx report</h1>\n<dl class=\"query\">")?;
    for (label, value) in describe(&r.query) {
        writeln!(out, "<dt>{}</dt><dd>{}</dd>", esc(&label), esc(&value))?;
    }
    writeln!(out, "</dl>")?;
    let mut summary = format!(
        "<p class=\"total\"><strong>{}</strong> {}",
        r.total_hits,
        noun(r.total_hits as u64, "matching article", "matching articles")
    );
    if let Some(n) = r.undated_excluded.filter(|&n| n > 0) {
        summary.push_str(&format!(
            "; {n} more without a publication date left out by the date filter"
        ));
    }
    writeln!(out, "{summary}.</p>")?;
    if has_dates(&report.timeline) {
        writeln!(out, "<h2>Timeline</h2>\n{}", svg_chart(&report.timeline))?;
    } else {
        writeln!(
            out,
            "<h2>Timeline</h2>\n<p class=\"empty\">{NO_TIMELINE}</p>"
        )?;
    }
    writeln!(
        out,
        "<p class=\"meta\">{} of them without a publication date.</p>",
        report.timeline.undated
    )?;
    writeln!(out, "<h2>Top entities</h2>\n<div class=\"entities\">")?;
    for (heading, kind) in [
        ("Persons", EntityKind::Person),
        ("Organizations", EntityKind::Organization),
        ("Locations", EntityKind::Location),
    ] {
        writeln!(
            out,
            "<table><caption>{heading}</caption><tr><th>name</th><th>articles</th><th>mentions</th></tr>"
        )?;
        for e in report.entities.entities.iter().filter(|e| e.kind == kind) {
            writeln!(
                out,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(&e.name),
                e.articles,
                e.mentions
            )?;
        }
        writeln!(out, "</table>")?;
    }
    writeln!(out, "</div>\n<h2>Top articles</h2>\n<ol class=\"hits\">")?;
    for hit in &r.hits {
        html_hit(out, hit)?;
    }
    writeln!(out, "</ol>\n</body>\n</html>")
}

/// One hit of a report, an HTML list item: title, date, where, the snippet marked.
fn html_hit(out: &mut dyn Write, hit: &search::Hit) -> std::io::Result<()> {
    writeln!(
        out,
        "<li><strong>{}</strong> <span class=\"meta\">{} · {}</span><br>{}</li>",
        esc(hit.title.as_deref().unwrap_or("(untitled)")),
        esc(&crate::output::day(hit.published)),
        esc(&hit.locator()),
        marked(&hit.snippet, "<mark>", "</mark>", esc)
    )
}

/// One hit of a report, a Markdown list item.
fn md_hit(out: &mut dyn Write, hit: &search::Hit) -> std::io::Result<()> {
    writeln!(
        out,
        "{}. **{}** ({}, `{}`)  \n   {}\n",
        hit.rank,
        md_esc(hit.title.as_deref().unwrap_or("(untitled)")),
        crate::output::day(hit.published),
        hit.locator(),
        marked(&hit.snippet, "**", "**", md_esc)
    )
}

/// Escapes Markdown's inline markup characters.
fn md_esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Writes the report as Markdown, with the timeline as a text chart.
pub fn write_markdown(out: &mut dyn Write, report: &Report) -> std::io::Result<()> {
    let r = &report.results;
    writeln!(out, "# newsidx report\n")?;
    for (label, value) in describe(&r.query) {
        writeln!(out, "- **{}**: {}", md_esc(&label), md_esc(&value))?;
    }
    write!(
        out,
        "\n**{}** {}",
        r.total_hits,
        noun(r.total_hits as u64, "matching article", "matching articles")
    )?;
    if let Some(n) = r.undated_excluded.filter(|&n| n > 0) {
        write!(
            out,
            "; {n} more without a publication date left out by the date filter"
        )?;
    }
    writeln!(out, ".\n\n## Timeline\n")?;
    if has_dates(&report.timeline) {
        write!(out, "```text\n{}```\n\n", text_chart(&report.timeline))?;
    } else {
        writeln!(out, "{NO_TIMELINE}\n")?;
    }
    writeln!(
        out,
        "{} of them without a publication date.\n\n## Top entities",
        report.timeline.undated
    )?;
    for (heading, kind) in [
        ("Persons", EntityKind::Person),
        ("Organizations", EntityKind::Organization),
        ("Locations", EntityKind::Location),
    ] {
        writeln!(
            out,
            "\n### {heading}\n\n| name | articles | mentions |\n|---|---:|---:|"
        )?;
        for e in report.entities.entities.iter().filter(|e| e.kind == kind) {
            writeln!(
                out,
                "| {} | {} | {} |",
                md_esc(&e.name),
                e.articles,
                e.mentions
            )?;
        }
    }
    writeln!(out, "\n## Top articles\n")?;
    for hit in &r.hits {
        md_hit(out, hit)?;
    }
    Ok(())
}

/// The rows of a batch, most hits first (then in input order): the order of a batch report's
/// table.
fn by_hits(results: &[RowResult]) -> Vec<&RowResult> {
    let mut rows: Vec<&RowResult> = results.iter().collect();
    rows.sort_by(|a, b| b.total_hits.cmp(&a.total_hits).then(a.row.cmp(&b.row)));
    rows
}

/// A batch row's label, else what it asked for.
fn row_name(r: &RowResult) -> String {
    r.label
        .clone()
        .unwrap_or_else(|| crate::output::describe_request(&r.query))
}

/// Writes the report of a batch (`newsidx batch --out FILE.html`): a table of the rows by
/// hits, each linking to its top hits with their snippets, then the rows left out.
pub fn write_batch_html(
    out: &mut dyn Write,
    file: &Path,
    results: &[RowResult],
    bad: &[BadRow],
) -> std::io::Result<()> {
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>newsidx batch report</title>\n<style>{CSS}</style>\n</head>\n<body>"
    )?;
    let (matched, rows, skipped) = batch_counts(results, bad);
    writeln!(
        out,
        "<h1>newsidx batch report</h1>\n<p>{}: <strong>{matched}</strong> of {rows} matched{skipped}.</p>",
        esc(&file.display().to_string()),
    )?;
    writeln!(
        out,
        "<h2>Rows by hits</h2>\n<table><tr><th>row</th><th>name or query</th><th>asked</th><th>articles</th></tr>"
    )?;
    for r in by_hits(results) {
        writeln!(
            out,
            "<tr><td class=\"n\">{}</td><td><a href=\"#row-{}\">{}</a></td><td class=\"meta\">{}</td><td class=\"n\">{}</td></tr>",
            r.row,
            r.row,
            esc(&row_name(r)),
            esc(&crate::output::describe_request(&r.query)),
            r.total_hits
        )?;
    }
    writeln!(out, "</table>\n<h2>Top hits of each row</h2>")?;
    for r in results {
        writeln!(
            out,
            "<h3 id=\"row-{}\">{}. {} <span class=\"meta\">({})</span></h3>",
            r.row,
            r.row,
            esc(&row_name(r)),
            count(r.total_hits as u64, "matching article", "matching articles")
        )?;
        if r.hits.is_empty() {
            continue;
        }
        writeln!(out, "<ol class=\"hits\">")?;
        for hit in &r.hits {
            html_hit(out, hit)?;
        }
        writeln!(out, "</ol>")?;
    }
    if !bad.is_empty() {
        writeln!(out, "<h2>Rows left out</h2>\n<ul>")?;
        for b in bad {
            writeln!(
                out,
                "<li>row {}, line {}: {}</li>",
                b.row,
                b.line,
                esc(&b.reason)
            )?;
        }
        writeln!(out, "</ul>")?;
    }
    writeln!(out, "</body>\n</html>")
}

/// The head line of a batch report: rows that matched, all rows (`12 rows`), and `; 2 bad rows
/// skipped` or nothing.
fn batch_counts(results: &[RowResult], bad: &[BadRow]) -> (usize, String, String) {
    let matched = results.iter().filter(|r| r.total_hits > 0).count();
    let rows = count((results.len() + bad.len()) as u64, "row", "rows");
    let skipped = if bad.is_empty() {
        String::new()
    } else {
        format!(
            "; {} skipped",
            count(bad.len() as u64, "bad row", "bad rows")
        )
    };
    (matched, rows, skipped)
}

/// [`write_batch_html`] as Markdown.
pub fn write_batch_markdown(
    out: &mut dyn Write,
    file: &Path,
    results: &[RowResult],
    bad: &[BadRow],
) -> std::io::Result<()> {
    let (matched, rows, skipped) = batch_counts(results, bad);
    writeln!(
        out,
        "# newsidx batch report\n\n`{}`: **{matched}** of {rows} matched{skipped}.\n",
        file.display(),
    )?;
    writeln!(
        out,
        "## Rows by hits\n\n| row | name or query | asked | articles |\n|---:|---|---|---:|"
    )?;
    for r in by_hits(results) {
        writeln!(
            out,
            "| {} | [{}](#row-{}) | {} | {} |",
            r.row,
            md_esc(&row_name(r)),
            r.row,
            md_esc(&crate::output::describe_request(&r.query)),
            r.total_hits
        )?;
    }
    writeln!(out, "\n## Top hits of each row")?;
    for r in results {
        writeln!(
            out,
            "\n<a id=\"row-{}\"></a>\n### {}. {} ({})\n",
            r.row,
            r.row,
            md_esc(&row_name(r)),
            count(r.total_hits as u64, "matching article", "matching articles")
        )?;
        for hit in &r.hits {
            md_hit(out, hit)?;
        }
    }
    if !bad.is_empty() {
        writeln!(out, "\n## Rows left out\n")?;
        for b in bad {
            writeln!(
                out,
                "- row {}, line {}: {}",
                b.row,
                b.line,
                md_esc(&b.reason)
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escaping_covers_markup_and_quotes() {
        assert_eq!(
            esc(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn count_axis_steps_are_round_and_cover_the_most() {
        assert_eq!(count_axis(0), (1, 1));
        assert_eq!(count_axis(1), (1, 1));
        assert_eq!(count_axis(3), (1, 3));
        assert_eq!(count_axis(5), (2, 6));
        assert_eq!(count_axis(16), (5, 20));
        assert_eq!(count_axis(39), (10, 40));
        assert_eq!(count_axis(1234), (500, 1500));
    }

    #[test]
    fn period_labels_never_overlap_and_are_at_most_twelve() {
        for n in [1, 2, 7, 12, 13, 52, 100, 366, 3650] {
            for chars in [4, 7, 8, 10] {
                let slot = 672.0 / n as f64;
                let every = label_every(n, chars, slot);
                assert!(n.div_ceil(every) <= MAX_LABELS, "n {n}: every {every}");
                assert!(
                    every as f64 * slot >= chars as f64 * 7.0 + 12.0,
                    "n {n}, {chars} chars: every {every}"
                );
            }
        }
    }

    #[test]
    fn markdown_escaping_keeps_text_literal() {
        assert_eq!(md_esc("*AT&T* <T> [x]"), r"\*AT&T\* \<T\> \[x\]");
    }
}
