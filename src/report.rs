//! What does a finished report on a question look like? Puts the answer to one search request
//! together (hit count, a timeline, the top persons, organizations and locations, the top hits
//! with highlighted snippets) and writes it as one self-contained HTML file (inline CSS and SVG,
//! no scripts, no external assets) or as Markdown with a text chart.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::Result;
use crate::entities::{self, EntityCounts};
use crate::extract::EntityKind;
use crate::output::{count, noun};
use crate::search::{self, SearchRequest, SearchResults};
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

/// Gathers a report for `request` from the index at `index_path`.
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
    Ok(Report {
        results: search::search(index_path, request)?,
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

/// The timeline as an inline SVG bar chart.
fn svg_chart(timeline: &Timeline) -> String {
    let (width, height, pad) = (760.0_f64, 220.0_f64, 30.0_f64);
    let n = timeline.periods.len().max(1) as f64;
    let most = timeline
        .periods
        .iter()
        .map(|p| p.count)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let slot = (width - 2.0 * pad) / n;
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Articles per {by}" viewBox="0 0 {width} {height}" width="100%" class="timeline">"##,
        by = esc(&format!("{:?}", timeline.by).to_lowercase()),
    );
    svg.push_str(&format!(
        r##"<line x1="{pad}" y1="{y}" x2="{x2}" y2="{y}" stroke="#888"/>"##,
        y = height - pad,
        x2 = width - pad
    ));
    for (i, p) in timeline.periods.iter().enumerate() {
        let h = (p.count as f64 / most) * (height - 2.0 * pad);
        let x = pad + i as f64 * slot;
        svg.push_str(&format!(
            r##"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="#3b6ea8"><title>{label}: {count}</title></rect>"##,
            y = height - pad - h,
            w = (slot * 0.8).max(0.5),
            label = esc(&p.period),
            count = p.count
        ));
    }
    if let (Some(first), Some(last)) = (timeline.periods.first(), timeline.periods.last()) {
        svg.push_str(&format!(
            r##"<text x="{pad}" y="{y}" font-size="12">{}</text><text x="{x}" y="{y}" font-size="12" text-anchor="end">{}</text>"##,
            esc(&first.period),
            esc(&last.period),
            y = height - 8.0,
            x = width - pad
        ));
    }
    svg.push_str(&format!(
        r##"<text x="{pad}" y="16" font-size="12">max {} per {by}</text></svg>"##,
        count(most as u64, "article", "articles"),
        by = esc(&format!("{:?}", timeline.by).to_lowercase())
    ));
    svg
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
    writeln!(out, "<h2>Timeline</h2>\n{}", svg_chart(&report.timeline))?;
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
        let date = hit
            .published
            .map(|t| t.strftime("%Y-%m-%d").to_string())
            .unwrap_or_else(|| "no date".into());
        writeln!(
            out,
            "<li><strong>{}</strong> <span class=\"meta\">{} · {}</span><br>{}</li>",
            esc(hit.title.as_deref().unwrap_or("(untitled)")),
            esc(&date),
            esc(&hit.path.display().to_string()),
            marked(&hit.snippet, "<mark>", "</mark>", esc)
        )?;
    }
    writeln!(out, "</ol>\n</body>\n</html>")
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
    writeln!(out, ".\n\n## Timeline\n\n```text")?;
    let most = report
        .timeline
        .periods
        .iter()
        .map(|p| p.count)
        .max()
        .unwrap_or(0);
    let width = report
        .timeline
        .periods
        .iter()
        .map(|p| p.period.len())
        .max()
        .unwrap_or(0);
    for p in &report.timeline.periods {
        let cells = if most == 0 {
            0
        } else {
            (p.count * 40).div_ceil(most) as usize
        };
        writeln!(
            out,
            "{:<width$}  {:>5}  {}",
            p.period,
            p.count,
            "#".repeat(cells)
        )?;
    }
    writeln!(
        out,
        "```\n\n{} of them without a publication date.\n\n## Top entities",
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
        let date = hit
            .published
            .map(|t| t.strftime("%Y-%m-%d").to_string())
            .unwrap_or_else(|| "no date".into());
        writeln!(
            out,
            "{}. **{}** ({}, `{}`)  \n   {}\n",
            hit.rank,
            md_esc(hit.title.as_deref().unwrap_or("(untitled)")),
            date,
            hit.path.display(),
            marked(&hit.snippet, "**", "**", md_esc)
        )?;
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
    fn markdown_escaping_keeps_text_literal() {
        assert_eq!(md_esc("*AT&T* <T> [x]"), r"\*AT&T\* \<T\> \[x\]");
    }
}
