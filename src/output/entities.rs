//! Entity rankings for people and scripts: the counts of `entities` (see [`crate::entities`])
//! as a table, or as JSON, JSON Lines or CSV.

use std::io::Write;

use serde::Serialize;

use super::{Colors, DIM, Format, SCHEMA_VERSION, count, csv_error, kind_label, paint};

/// Writes entity counts: a table for people, or JSON / JSON Lines / CSV.
pub fn write_entities(
    out: &mut dyn Write,
    counts: &crate::entities::EntityCounts,
    format: Format,
    colors: Colors,
) -> std::io::Result<()> {
    match format {
        Format::Text => {
            let width = counts
                .entities
                .iter()
                .map(|e| e.name.chars().count())
                .max()
                .unwrap_or(4)
                .max(4);
            writeln!(
                out,
                "{}",
                paint(
                    DIM,
                    &format!(
                        "{:>4}  {:<8}  {:<width$}  {:>8}  {:>8}",
                        "rank", "type", "name", "articles", "mentions"
                    ),
                    colors
                )
            )?;
            for e in &counts.entities {
                writeln!(
                    out,
                    "{:>4}  {:<8}  {:<width$}  {:>8}  {:>8}",
                    e.rank,
                    kind_label(e.kind),
                    e.name,
                    e.articles,
                    e.mentions
                )?;
                if !e.variants.is_empty() {
                    let names: Vec<String> = e
                        .variants
                        .iter()
                        .map(|v| format!("{} ({})", v.name, v.mentions))
                        .collect();
                    let line = format!("{:>4}  {:<8}  = {}", "", "", names.join(", "));
                    writeln!(out, "{}", paint(DIM, &line, colors))?;
                }
            }
            writeln!(
                out,
                "{}",
                paint(
                    DIM,
                    &if counts.query.collapse {
                        count(counts.total_articles, "matching story", "matching stories")
                    } else {
                        count(
                            counts.total_articles,
                            "matching article",
                            "matching articles",
                        )
                    },
                    colors
                )
            )
        }
        Format::Json => {
            #[derive(Serialize)]
            struct Doc<'a> {
                schema_version: u32,
                #[serde(flatten)]
                counts: &'a crate::entities::EntityCounts,
            }
            serde_json::to_writer_pretty(
                &mut *out,
                &Doc {
                    schema_version: SCHEMA_VERSION,
                    counts,
                },
            )?;
            writeln!(out)
        }
        Format::Jsonl => {
            for e in &counts.entities {
                serde_json::to_writer(&mut *out, e)?;
                writeln!(out)?;
            }
            Ok(())
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            // the variants column only when variants were asked for (and some merged)
            let variants = counts.entities.iter().any(|e| !e.variants.is_empty());
            let mut header = vec!["rank", "type", "name", "articles", "mentions"];
            if variants {
                header.push("variants");
            }
            w.write_record(&header).map_err(csv_error)?;
            for e in &counts.entities {
                let mut row = vec![
                    e.rank.to_string(),
                    kind_label(e.kind).to_string(),
                    e.name.clone(),
                    e.articles.to_string(),
                    e.mentions.to_string(),
                ];
                if variants {
                    let names: Vec<String> = e
                        .variants
                        .iter()
                        .map(|v| format!("{}:{}", v.name, v.mentions))
                        .collect();
                    row.push(names.join("; "));
                }
                w.write_record(&row).map_err(csv_error)?;
            }
            w.flush()
        }
    }
}
